//! Build: run the pipeline over the whole site and write every output.
//!
//! `samkort build` and `samkort check` both call [`run`]; check stops before drawing. The
//! checking steps are [`crate::site`]'s, the outputs are [`crate::outputs`]' (the live site of
//! `samkort serve` uses the same two). Configuration problems end the run at once (nothing else
//! can be trusted); content problems are collected from every stage that can still run, so one
//! run reports them all.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::discover;
use crate::index;
use crate::markdown::ReservedIds;
use crate::msg;
use crate::outputs::{self, OutputError, Sources};
use crate::page::{self, DrawError, Input};
use crate::publish::{self, PublishError};
use crate::search::SearchIndex;
use crate::site::{self, Site};
use crate::theme;

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    /// Overrides `output_dir` from samkort.toml.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from samkort.toml.
    pub base_url: Option<String>,
    /// Write the site (build) or only check it.
    pub write: bool,
    /// Replace the output folder even when it holds files samkort did not write.
    pub force: bool,
    /// The day review dates are compared with (default: today, by the system clock). Only
    /// warnings depend on it, never the output.
    pub today: Option<crate::review::Day>,
}

/// How long each stage took (wall time), and how much work each kind of output was (time
/// summed over the threads that drew them).
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    pub outputs: Vec<(&'static str, Duration)>,
}

impl Timings {
    pub fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let r = f();
        self.stages.push((stage, start.elapsed()));
        r
    }

    pub fn report(&self) -> String {
        let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
        let total: Duration = self.stages.iter().map(|(_, d)| *d).sum();
        let mut s = String::new();
        for (stage, d) in &self.stages {
            s.push_str(&format!("{stage:>10}  {:>8.1} ms\n", ms(d)));
        }
        s.push_str(&format!("{:>10}  {:>8.1} ms\n", "total", ms(&total)));
        for (kind, d) in self.outputs.iter().filter(|(_, d)| !d.is_zero()) {
            s.push_str(&format!("  draw {kind}: {:.1} ms of thread time\n", ms(d)));
        }
        s
    }
}

/// Why a run failed, which decides the exit code.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// samkort.toml or the theme is broken (exit 2).
    #[error("the configuration or the theme has errors")]
    Config(Diagnostics),
    /// The content has errors (exit 1); warnings are included.
    #[error("the content has errors")]
    Content(Diagnostics),
    /// The output folder was refused (exit 2), or reading a file to copy or writing the
    /// output failed (exit 3).
    #[error(transparent)]
    Io(#[from] PublishError),
}

impl Failure {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Content(_) => 1,
            Failure::Config(_) | Failure::Io(PublishError::Unsafe(_)) => 2,
            Failure::Io(_) => 3,
        }
    }
}

/// A successful run.
#[derive(Debug, Default)]
pub struct Report {
    /// Warnings (a successful run has no errors).
    pub diagnostics: Diagnostics,
    pub cards: usize,
    pub pages: usize,
    pub output: Option<PathBuf>,
    pub timings: Timings,
    /// samkort.toml lets raw HTML in cards through as written (`raw_html = true`).
    pub raw_html: bool,
}

pub fn run(opts: &Options) -> Result<Report, (Failure, Timings)> {
    let mut t = Timings::default();
    match run_timed(opts, &mut t) {
        Ok(mut report) => {
            report.timings = t;
            Ok(report)
        }
        Err(f) => Err((f, t)),
    }
}

fn run_timed(opts: &Options, t: &mut Timings) -> Result<Report, Failure> {
    let mut config = t.time("config", || Config::load(&opts.root)).map_err(Failure::Config)?;
    if let Some(url) = &opts.base_url {
        config.base_url = url.clone();
    }
    let mut theme = t.time("theme", || theme::load(&config)).map_err(Failure::Config)?;
    let today = opts.today.unwrap_or_else(crate::review::Day::today);
    let (found, site, diags) = check(config, &theme.reserved_ids, &opts.root, today, t)?;
    if diags.has_errors() {
        return Err(Failure::Content(diags));
    }
    let Site { config, cards, graph } = &site;
    let idx = t.time("index", || index::index(config, cards));
    // The search index decides no diagnostic: `check` plans the outputs without its files.
    let search = if opts.write {
        t.time("search", || SearchIndex::build(cards, config.language))
    } else {
        SearchIndex::new(config.language)
    };
    let input = Input {
        config,
        cards,
        graph,
        idx: &idx,
    };
    page::set_globals(&mut theme, input);
    let sources = Sources {
        input,
        theme: &theme,
        search: &search,
        assets: &found.assets,
        kept: None,
    };
    let plan = t.time("plan", || outputs::plan(&sources));
    let refused = outputs::unwritable(&plan, &sources);
    if !refused.is_empty() {
        let mut diags = diags;
        diags.extend(refused);
        return Err(Failure::Content(diags));
    }
    let mut report = Report {
        cards: cards.len(),
        pages: plan.iter().filter(|j| j.is_page()).count(),
        diagnostics: diags,
        raw_html: config.raw_html,
        ..Report::default()
    };
    if !opts.write {
        drop_later((plan, search, idx, theme, found, site));
        return Ok(report);
    }
    let staging = publish::Staging::new(&opts.root, &output_dir(opts, config), opts.force)?;
    // Outputs go to the staging folder as they are drawn, so the site never sits in memory.
    let draw_errors: Mutex<Vec<DrawError>> = Mutex::new(Vec::new());
    let busy: Vec<AtomicU64> = outputs::KINDS.iter().map(|_| AtomicU64::new(0)).collect();
    t.time("draw", || {
        plan.par_iter().try_for_each(|job| {
            let start = Instant::now();
            let drawn = outputs::draw(job, &sources, &plan);
            busy[job.kind].fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
            match drawn {
                Ok(bytes) => staging.write(Path::new(&job.path), &bytes).map_err(Failure::Io),
                Err(OutputError::Draw(e)) => {
                    draw_errors.lock().unwrap_or_else(|e| e.into_inner()).push(e);
                    Ok(())
                }
                Err(OutputError::Read { file, source }) => Err(Failure::Io(PublishError::Read(file, source))),
            }
        })
    })?;
    t.outputs = outputs::KINDS
        .iter()
        .zip(&busy)
        .map(|(k, n)| (k.name(), Duration::from_nanos(n.load(Ordering::Relaxed))))
        .collect();
    let draw_errors = draw_errors.into_inner().unwrap_or_else(|e| e.into_inner());
    if !draw_errors.is_empty() {
        return Err(Failure::Config(template_diagnostics(draw_errors)));
    }
    report.output = Some(t.time("publish", || staging.commit())?);
    // The editors' schemas follow samkort.toml and the cards: written anew beside the sources.
    let schemas = t.time("schema", || {
        let files = crate::schema::files(config, &crate::schema::Slugs::of_cards(config, cards));
        crate::schema::write(&crate::schema::default_dir(&opts.root), &files)
    });
    if let Err(e) = schemas {
        report.diagnostics.push(Diagnostic::warning(
            crate::schema::SCHEMA_DIR,
            Position::new(1, 1),
            msg!("diag.cannot-write-schemas", error = e),
        ));
    }
    drop_later((plan, search, idx, theme, found, site));
    Ok(report)
}

/// Frees `leftovers` on a thread of its own. Freeing a large site's many small allocations takes
/// a tenth of a build, and the caller is usually a process about to end: it goes on meanwhile.
fn drop_later<T: Send + 'static>(leftovers: T) {
    std::thread::spawn(move || drop(leftovers));
}

/// A template that fails is a theme error, reported at the template, once per message.
pub fn template_diagnostics(errors: Vec<DrawError>) -> Diagnostics {
    let mut seen = std::collections::BTreeSet::new();
    let mut d = Diagnostics::new();
    for e in errors {
        if seen.insert((e.template, e.message.clone())) {
            d.push(Diagnostic::error(
                format!("templates/{}", e.template),
                Position::new(1, 1),
                msg!("diag.template", page = e.page, error = e.message),
            ));
        }
    }
    d
}

/// The output folder: `--output`, else `output_dir` from samkort.toml, relative to the root.
pub fn output_dir(opts: &Options, config: &Config) -> PathBuf {
    match &opts.output {
        Some(o) => o.clone(),
        None => {
            let o = Path::new(&config.output_dir);
            if o.is_absolute() {
                o.to_path_buf()
            } else {
                opts.root.join(o)
            }
        }
    }
}

/// Loads and checks a site without drawing pages (for tests and tools).
pub fn load(root: &Path) -> Result<(Site, Diagnostics), Failure> {
    let config = Config::load(root).map_err(Failure::Config)?;
    let theme = theme::load(&config).map_err(Failure::Config)?;
    let today = crate::review::Day::today();
    let (_, site, diags) = check(config, &theme.reserved_ids, root, today, &mut Timings::default())?;
    Ok((site, diags))
}

/// The checking half of the pipeline: discover, parse and validate, link.
fn check(
    config: Config,
    reserved: &ReservedIds,
    root: &Path,
    today: crate::review::Day,
    t: &mut Timings,
) -> Result<(discover::Discovered, Site, Diagnostics), Failure> {
    let mut found = t
        .time("discover", || discover::discover(root))
        .map_err(Failure::Content)?;
    let files = std::mem::take(&mut found.cards);
    let checked = t.time("parse", || site::check_files(&config, reserved, files));
    let mut diags = std::mem::take(&mut found.warnings);
    let mut cards = Vec::with_capacity(checked.len());
    for c in checked {
        diags.extend(c.diagnostics);
        cards.extend(c.card);
        found.cards.push(c.file);
    }
    site::arrange(&mut cards, &mut diags);
    diags.extend(crate::review::warnings(&config, &cards, today));
    let (graph, d) = t.time("link", || site::link(&config, &cards, &found.cards));
    diags.extend(d);
    Ok((found, Site { config, cards, graph }, diags))
}
