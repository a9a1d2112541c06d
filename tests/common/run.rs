//! Running the samkort binary: with a time limit, and failing the test on a panic or a signal,
//! which are bugs whatever the input.

use std::ffi::OsStr;
use std::io::Read;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::files::TempDir;

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

const TIMEOUT: Duration = Duration::from_secs(120);

/// Runs `samkort ARGS`, failing the test on a panic, a signal or a hang.
pub fn samkort<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    samkort_in(Path::new("."), args)
}

/// [`samkort`], started in the directory `dir` (paths in its reports are relative to it), and
/// reporting in English whatever the site's language (`SAMKORT_LANG=en`), as the tests spell it.
pub fn samkort_in<I, S>(dir: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    samkort_speaking(dir, Some("en"), args)
}

/// [`samkort_in`] with `SAMKORT_LANG` set to `lang`, or unset (`None`: the site's language).
pub fn samkort_speaking<I, S>(dir: &Path, lang: Option<&str>, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new(env!("CARGO_BIN_EXE_samkort"));
    match lang {
        Some(lang) => command.env("SAMKORT_LANG", lang),
        None => command.env_remove("SAMKORT_LANG"),
    };
    let mut child = command
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the samkort binary runs");
    let read_all = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = read_all(Box::new(child.stdout.take().expect("stdout is piped")));
    let err = read_all(Box::new(child.stderr.take().expect("stderr is piped")));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for samkort") {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("samkort did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let run = Run {
        code: status.code().expect("samkort was not killed by a signal"),
        stdout: out.join().expect("reading stdout"),
        stderr: err.join().expect("reading stderr"),
    };
    assert!(
        run.code != 101 && !run.stderr.contains("panicked"),
        "samkort panicked:\n{}",
        run.stderr
    );
    run
}

/// `samkort build --root ROOT --output OUT [EXTRA]`, which must succeed.
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&OsStr> = vec![
        "build".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
        "--output".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    let run = samkort(args);
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    run
}

/// A site built into a temporary folder: derefs to the output folder; removed when dropped.
pub struct Built {
    out: PathBuf,
    _dir: TempDir,
}

impl Deref for Built {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.out
    }
}

/// [`build`] into `public/` of a new temporary folder.
pub fn build_in_temp(root: &Path, extra: &[&str]) -> Built {
    let dir = TempDir::new("build");
    let out = dir.join("public");
    build(root, &out, extra);
    Built { out, _dir: dir }
}
