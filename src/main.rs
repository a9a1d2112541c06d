//! The `samkort` command line: parses arguments and calls the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use samkort::build::{self, Failure, Options};
use samkort::config::Language;
use samkort::diagnostic::{self, Diagnostic, Format};
use samkort::messages::count;

// Parsing and rendering allocate many small strings on several threads at once. mimalloc's v2
// line without transparent huge pages (Cargo.toml) measured fastest with the least memory on
// the 10,000-card benchmark (v3: 6 % slower, 20 % more memory; the system allocator: 8 % slower).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "samkort",
    version,
    about = "Builds a cross-referenced static site from Markdown learning cards"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: public/).
    Build {
        /// The site's folder, where samkort.toml is.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site; replaces `output_dir` from samkort.toml.
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address the site is published under, e.g. `/laering/` or `https://example.dk/`.
        #[arg(long)]
        base_url: Option<String>,
        /// Print how long each pipeline stage took.
        #[arg(long)]
        timings: bool,
        /// Replace the output folder even when it holds files samkort did not write.
        #[arg(long)]
        force: bool,
    },
    /// Check the site without writing anything; exit 1 on content errors, 2 on usage or configuration errors.
    Check {
        /// The site's folder, where samkort.toml is.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
    },
    /// Serve the site from memory, rebuild what an edit touches and reload open pages.
    Serve {
        /// The site's folder, where samkort.toml is.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Port to listen on.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Print how long each stage of a rebuild took.
        #[arg(long)]
        timings: bool,
    },
    /// Remove the output folder and what killed builds left beside it.
    Clean {
        /// The site's folder, where samkort.toml is.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The output folder; default: `output_dir` from samkort.toml.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Remove the output folder even when it holds files samkort did not write.
        #[arg(long)]
        force: bool,
    },
    /// Create a starter site in DIR: cards of three kinds, a course path, a README, a .gitignore
    /// and CI files for GitHub and GitLab.
    Init {
        dir: PathBuf,
        /// The language of the starter's cards, pages and messages.
        #[arg(long, value_enum, default_value_t = LangArg::Da)]
        lang: LangArg,
    },
    /// Create a new card of KIND with the front matter its schema asks for.
    New {
        kind: String,
        title: String,
        /// The site's folder, where samkort.toml is.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write a JSON Schema of the front matter of each kind (default: into .samkort/schema/ of
    /// the site), for editors' completion and checks while typing.
    Schema {
        /// The site's folder, where samkort.toml is.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the schemas, instead of .samkort/schema/ of the site.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// List the cards due for review (by `[review]` in samkort.toml), grouped by owner.
    Review {
        /// The site's folder, where samkort.toml is.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// List the cards due by this day (YYYY-MM-DD) instead of today.
        #[arg(long, value_parser = parse_day)]
        by: Option<samkort::review::Day>,
    },
    /// Write the form editor (Decap CMS): content/admin/config.yml and content/admin/index.html.
    Cms {
        /// The site's folder, where samkort.toml is.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Work with the site's theme.
    #[command(subcommand)]
    Theme(ThemeCommand),
}

#[derive(Subcommand)]
enum ThemeCommand {
    /// Copy the built-in theme into themes/default/ of the site, to change it there. Files
    /// already there are kept; delete those you do not change, and the built-in ones are used.
    Eject {
        /// The site's folder, where samkort.toml is.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Da,
    En,
}

impl From<LangArg> for Language {
    fn from(l: LangArg) -> Language {
        match l {
            LangArg::Da => Language::Da,
            LangArg::En => Language::En,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Github,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(value) = samkort::messages::unknown_language_var() {
        // Said in English: the language asked for is the one not understood.
        eprintln!(
            "warning: {}",
            say(Language::En, "cli.bad-lang-var", &[("value", &value)])
        );
    }
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            timings,
            force,
        } => {
            let base = diagnostic::base_for(&root);
            let lang = report_language(&root);
            let opts = Options {
                root,
                output,
                base_url,
                write: true,
                force,
                today: None,
            };
            let result = build::run(&opts);
            let t = match &result {
                Ok(r) => &r.timings,
                Err((_, t)) => t,
            };
            if timings {
                eprint!("{}", t.report());
            }
            match result {
                Ok(report) => {
                    print_diags(report.diagnostics.sorted(), Format::Human, &base, lang);
                    if report.raw_html {
                        eprintln!("note: {}", say(lang, "cli.raw-html", &[]));
                    }
                    let out = report.output.map(|p| p.display().to_string()).unwrap_or_default();
                    eprintln!(
                        "{}",
                        say(
                            lang,
                            "cli.built",
                            &[
                                ("cards", &count(lang, "cards", report.cards)),
                                ("pages", &count(lang, "pages", report.pages)),
                                ("dir", &out)
                            ]
                        )
                    );
                    ExitCode::SUCCESS
                }
                Err((failure, _)) => fail(failure, Format::Human, &base, lang, Writing::Site),
            }
        }
        Command::Check { root, format, strict } => {
            let format = Format::from(format);
            let base = diagnostic::base_for(&root);
            let lang = report_language(&root);
            let opts = Options {
                root,
                output: None,
                base_url: None,
                write: false,
                force: false,
                today: None,
            };
            match build::run(&opts) {
                Ok(report) => {
                    let warnings = report.diagnostics.warnings();
                    print_diags(report.diagnostics.sorted(), format, &base, lang);
                    if format == Format::Human {
                        if report.raw_html {
                            eprintln!("note: {}", say(lang, "cli.raw-html", &[]));
                        }
                        eprintln!(
                            "{}",
                            say(
                                lang,
                                "cli.checked",
                                &[
                                    ("cards", &count(lang, "cards", report.cards)),
                                    ("warnings", &count(lang, "warnings", warnings))
                                ]
                            )
                        );
                    }
                    if strict && warnings > 0 {
                        ExitCode::from(1)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err((failure, _)) => fail(failure, format, &base, lang, Writing::Other),
            }
        }
        Command::Serve {
            root,
            bind,
            port,
            timings,
        } => match samkort::serve::serve(&root, &format!("{bind}:{port}"), timings, report_language(&root)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{}", e.trim_end());
                ExitCode::from(2)
            }
        },
        Command::Clean { root, output, force } => {
            let base = diagnostic::base_for(&root);
            let lang = report_language(&root);
            let config = match samkort::config::Config::load(&root) {
                Ok(c) => c,
                Err(d) => return fail(Failure::Config(d), Format::Human, &base, lang, Writing::Other),
            };
            let opts = Options {
                root: root.clone(),
                output,
                ..Options::default()
            };
            match samkort::publish::clean(&root, &build::output_dir(&opts, &config), force) {
                Ok(removed) => {
                    for r in &removed {
                        println!("{}", say(lang, "cli.removed", &[("path", &r.display())]));
                    }
                    if removed.is_empty() {
                        println!("{}", say(lang, "cli.nothing-to-remove", &[]));
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(Failure::Io(e), Format::Human, &base, lang, Writing::Other),
            }
        }
        Command::Theme(ThemeCommand::Eject { root }) => {
            let lang = report_language(&root);
            match samkort::theme::eject(&root) {
                Ok((written, kept)) => {
                    for f in &written {
                        println!("{}", say(lang, "cli.created", &[("path", &f.display())]));
                    }
                    for f in &kept {
                        println!("{}", say(lang, "cli.kept", &[("path", &f.display())]));
                    }
                    let dir = root.join("themes").join("default");
                    println!("{}", say(lang, "cli.ejected", &[("dir", &dir.display())]));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(Failure::Io(e), Format::Human, &root, lang, Writing::Other),
            }
        }
        Command::Init { dir, lang } => {
            let site_lang = Language::from(lang);
            let lang = samkort::messages::report_language(site_lang);
            match samkort::scaffold::init(&dir, site_lang) {
                Ok(files) => {
                    for f in files {
                        println!("{}", say(lang, "cli.created", &[("path", &f.display())]));
                    }
                    println!("{}", say(lang, "cli.init-done", &[("dir", &dir.display())]));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{}", e.in_lang(lang));
                    ExitCode::from(2)
                }
            }
        }
        Command::Schema { root, output } => {
            let lang = report_language(&root);
            let (site, _) = match build::load(&root) {
                Ok(loaded) => loaded,
                Err(failure) => return fail(failure, Format::Human, &root, lang, Writing::Other),
            };
            let dir = output.unwrap_or_else(|| samkort::schema::default_dir(&root));
            let slugs = samkort::schema::Slugs::of_cards(&site.config, &site.cards);
            let files = samkort::schema::files(&site.config, &slugs);
            match samkort::schema::write(&dir, &files) {
                Ok(written) => {
                    for f in &written {
                        println!("{}", say(lang, "cli.wrote", &[("path", &f.display())]));
                    }
                    println!(
                        "{}",
                        say(
                            lang,
                            "cli.schemas",
                            &[
                                ("count", &files.len()),
                                ("dir", &dir.display()),
                                ("changed", &written.len())
                            ]
                        )
                    );
                    match samkort::editor::write(&site.config, &root, &dir) {
                        Ok(outcomes) => {
                            for o in outcomes {
                                match o {
                                    samkort::editor::Outcome::Written(p) => {
                                        println!("{}", say(lang, "cli.wrote", &[("path", &p.display())]));
                                    }
                                    samkort::editor::Outcome::Unchanged(_) => {}
                                    samkort::editor::Outcome::Left(p, text) => println!(
                                        "{}",
                                        say(lang, "cli.settings-left", &[("path", &p.display()), ("text", &text)])
                                    ),
                                }
                            }
                            ExitCode::SUCCESS
                        }
                        Err(e) => {
                            eprintln!("error: {}", say(lang, "cli.cannot-write-settings", &[("error", &e)]));
                            ExitCode::from(3)
                        }
                    }
                }
                Err(e) => {
                    eprintln!(
                        "error: {}",
                        say(
                            lang,
                            "cli.cannot-write-schemas",
                            &[("dir", &dir.display()), ("error", &e)]
                        )
                    );
                    ExitCode::from(3)
                }
            }
        }
        Command::Review { root, by } => {
            let lang = report_language(&root);
            let (site, _) = match build::load(&root) {
                Ok(loaded) => loaded,
                Err(failure) => return fail(failure, Format::Human, &root, lang, Writing::Other),
            };
            let day = by.unwrap_or_else(samkort::review::Day::today);
            print!("{}", samkort::review::report(&site.config, &site.cards, day, lang));
            ExitCode::SUCCESS
        }
        Command::Cms { root } => {
            let lang = report_language(&root);
            let (site, _) = match build::load(&root) {
                Ok(loaded) => loaded,
                Err(failure) => return fail(failure, Format::Human, &root, lang, Writing::Other),
            };
            let slugs = samkort::schema::Slugs::of_cards(&site.config, &site.cards);
            for (rel, text) in samkort::cms::files(&site.config, &slugs, &root) {
                let path = root.join(&rel);
                let written = path
                    .parent()
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .and_then(|()| std::fs::write(&path, text));
                if let Err(e) = written {
                    eprintln!(
                        "error: {}",
                        say(lang, "cli.cannot-write", &[("path", &path.display()), ("error", &e)])
                    );
                    return ExitCode::from(3);
                }
                println!("{}", say(lang, "cli.wrote", &[("path", &path.display())]));
            }
            let admin = root.join(samkort::cms::ADMIN_DIR);
            if !admin.join("decap-cms.js").is_file() {
                println!("{}", say(lang, "cli.cms-script", &[("dir", &admin.display())]));
            }
            ExitCode::SUCCESS
        }
        Command::New { kind, title, root } => {
            let lang = report_language(&root);
            match samkort::scaffold::new_card(&root, &kind, &title) {
                Ok(path) => {
                    // `content/...` rather than `./content/...` for a site in the current folder.
                    let shown = path.strip_prefix(".").unwrap_or(&path);
                    println!("{}", say(lang, "cli.created", &[("path", &shown.display())]));
                    println!("{}", say(lang, "cli.new-done", &[]));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{}", e.in_lang(lang));
                    ExitCode::from(2)
                }
            }
        }
    }
}

fn parse_day(s: &str) -> Result<samkort::review::Day, String> {
    samkort::review::Day::parse(s).ok_or_else(|| format!("`{s}` is not a day written YYYY-MM-DD"))
}

/// A message of the table of `lang` (see `samkort::messages`).
fn say(lang: Language, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    samkort::messages::text(lang, key, args)
}

/// The language to speak in about the site at `root`: its own, or `SAMKORT_LANG`.
fn report_language(root: &Path) -> Language {
    samkort::messages::report_language(samkort::config::language_of(root))
}

/// Prints diagnostics with their files as seen from the current directory (`base`, from
/// [`diagnostic::base_for`] of the site root), in `lang`.
fn print_diags(diags: Vec<Diagnostic>, format: Format, base: &Path, lang: Language) {
    if diags.is_empty() && format != Format::Json {
        return;
    }
    let text = diagnostic::render(&diags, format, base, lang);
    match format {
        Format::Human => eprint!("{text}"),
        _ => print!("{text}"),
    }
}

/// Whether a failed command was writing the site, and so left the last good output in place.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Writing {
    Site,
    Other,
}

fn fail(failure: Failure, format: Format, base: &Path, lang: Language, writing: Writing) -> ExitCode {
    let code = ExitCode::from(failure.exit_code());
    match failure {
        Failure::Config(d) => print_diags(d.sorted(), format, base, lang),
        Failure::Content(d) => {
            let (errors, warnings) = (d.errors(), d.warnings());
            print_diags(d.sorted(), format, base, lang);
            if format == Format::Human {
                let key = match writing {
                    Writing::Site => "cli.failed",
                    Writing::Other => "cli.check-failed",
                };
                let (errors, warnings) = (count(lang, "errors", errors), count(lang, "warnings", warnings));
                eprintln!("{}", say(lang, key, &[("errors", &errors), ("warnings", &warnings)]));
            }
        }
        Failure::Io(e) if writing == Writing::Site => {
            eprintln!("error: {}", say(lang, "cli.io-failed", &[("error", &e)]))
        }
        Failure::Io(e) => eprintln!("error: {e}"),
    }
    code
}
