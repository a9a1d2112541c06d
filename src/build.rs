//! Build: run the pipeline stages in order and collect what they report.
//!
//! `samkort build` and `samkort check` both call [`run`]; check stops before publishing.
//! Configuration problems end the run at once (nothing else can be trusted); content problems
//! are collected from every stage that can still run, so one run reports them all.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::card::Card;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::emit::{self, Output};
use crate::link::{self, Graph};
use crate::markdown::ReservedIds;
use crate::page::{self, Page};
use crate::publish::{self, PublishError};
use crate::{discover, index, parse, render, search, theme, validate};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    /// Overrides `output_dir` from samkort.toml.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from samkort.toml.
    pub base_url: Option<String>,
    /// Write the site (build) or only check it.
    pub write: bool,
}

/// How long each stage took.
#[derive(Debug, Default, Clone)]
pub struct Timings(pub Vec<(&'static str, Duration)>);

impl Timings {
    pub fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let r = f();
        self.0.push((stage, start.elapsed()));
        r
    }

    pub fn report(&self) -> String {
        let total: Duration = self.0.iter().map(|(_, d)| *d).sum();
        let mut s = String::new();
        for (stage, d) in &self.0 {
            s.push_str(&format!("{stage:>10}  {:>8.1} ms\n", d.as_secs_f64() * 1000.0));
        }
        s.push_str(&format!("{:>10}  {:>8.1} ms\n", "total", total.as_secs_f64() * 1000.0));
        s
    }
}

/// Why a run failed, which decides the exit code.
#[derive(Debug)]
pub enum Failure {
    /// samkort.toml or the theme is broken (exit 2).
    Config(Diagnostics),
    /// The content has errors (exit 1); warnings are included.
    Content(Diagnostics),
    /// Writing the output failed.
    Publish(PublishError),
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
}

/// The checked site in memory: what `serve` keeps between edits.
pub struct Site {
    pub config: Config,
    pub cards: Vec<Card>,
    pub graph: Graph,
}

pub fn run(opts: &Options) -> Result<Report, (Failure, Timings)> {
    let mut t = Timings::default();
    let mut config = match t.time("config", || Config::load(&opts.root)) {
        Ok(c) => c,
        Err(d) => return Err((Failure::Config(d), t)),
    };
    if let Some(url) = &opts.base_url {
        config.base_url = url.clone();
    }
    let mut theme = match t.time("theme", || theme::load(&config)) {
        Ok(th) => th,
        Err(d) => return Err((Failure::Config(d), t)),
    };
    let (found, cards, graph, diags) = match check_content(&config, &theme.reserved_ids, &opts.root, &mut t) {
        Ok(checked) if !checked.3.has_errors() => checked,
        Ok((_, _, _, diags)) => return Err((Failure::Content(diags), t)),
        Err(f) => return Err((f, t)),
    };
    let idx = t.time("index", || index::index(&config, &cards));
    let bodies = t.time("render", || render::render_bodies(&cards, &graph, &idx.urls));

    // Pages go straight into the staging folder as they are drawn (check draws and drops them).
    let staging = match opts
        .write
        .then(|| publish::Staging::new(&opts.root, &output_dir(opts, &config)))
    {
        Some(Ok(s)) => Some(s),
        Some(Err(e)) => return Err((Failure::Publish(e), t)),
        None => None,
    };
    let sink = |p: Page| -> Result<(), Diagnostic> {
        match &staging {
            Some(s) => s
                .write(&p.path, p.html.as_bytes())
                .map_err(|e| Diagnostic::error(p.path.clone(), Position::new(1, 1), e.to_string())),
            None => Ok(()),
        }
    };
    let pages = match t.time("page", || {
        page::render_pages(
            &page::Input {
                config: &config,
                cards: &cards,
                graph: &graph,
                idx: &idx,
                bodies: &bodies,
            },
            &mut theme,
            page::Selection::ALL,
            &sink,
        )
    }) {
        Ok(p) => p,
        Err(d) => return Err((Failure::Config(d), t)),
    };
    let search_files = t.time("search", || {
        search::SearchIndex::build(&cards).0.files(&config, &cards, &idx.urls)
    });
    let emitted = t.time("emit", || -> Result<(), Failure> {
        let mut files: Vec<Output> = emit::assets(&theme.static_files, &found.assets).map_err(|e| {
            let mut d = Diagnostics::new();
            d.push(Diagnostic::error(
                "content",
                Position::new(1, 1),
                format!("cannot read an asset: {e}"),
            ));
            Failure::Content(d)
        })?;
        files.push(emit::graph_json(&config, &cards, &graph, &idx.urls));
        files.extend(emit::sitemap(&config, &pages));
        files.extend(search_files);
        if let Some(s) = &staging {
            for f in &files {
                s.write(&f.path, &f.bytes).map_err(Failure::Publish)?;
            }
        }
        Ok(())
    });
    if let Err(f) = emitted {
        return Err((f, t));
    }
    let mut report = Report {
        cards: cards.len(),
        pages: pages.len(),
        ..Report::default()
    };
    if let Some(s) = staging {
        match t.time("publish", || s.commit()) {
            Ok(out) => report.output = Some(out),
            Err(e) => return Err((Failure::Publish(e), t)),
        }
    }
    report.diagnostics = diags;
    report.timings = t;
    Ok(report)
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
    let (_, cards, graph, diags) = check_content(&config, &theme.reserved_ids, root, &mut Timings::default())?;
    Ok((Site { config, cards, graph }, diags))
}

/// The checking half of the pipeline: discover, parse, validate, link.
fn check_content(
    config: &Config,
    reserved_ids: &ReservedIds,
    root: &Path,
    t: &mut Timings,
) -> Result<(discover::Discovered, Vec<Card>, Graph, Diagnostics), Failure> {
    let found = t
        .time("discover", || discover::discover(root))
        .map_err(Failure::Content)?;
    let mut diags = Diagnostics::new();
    let (parsed, d) = t.time("parse", || parse::parse_all(&found.cards, reserved_ids));
    diags.extend(d);
    let (cards, d) = t.time("validate", || validate::validate_all(config, parsed));
    diags.extend(d);
    let unusable = link::unusable_slugs(&found.cards, &cards);
    let (graph, d) = t.time("link", || link::link(config, &cards, &unusable));
    diags.extend(d);
    Ok((found, cards, graph, diags))
}
