//! `samkort check --format json`, read back into diagnostics to compare whole lists with
//! exact file, line, column, message and help.

use std::ffi::OsStr;
use std::path::Path;

use serde_json::Value;

use super::files::{TempDir, copy_dir, write};
use super::run::samkort_in;

/// One diagnostic as printed by `--format json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    pub severity: &'static str,
    pub file: String,
    pub line: u64,
    pub column: u64,
    pub message: String,
    pub help: Option<String>,
}

pub fn error(file: &str, line: u64, column: u64, message: &str, help: Option<&str>) -> Diag {
    Diag {
        severity: "error",
        file: file.to_string(),
        line,
        column,
        message: message.to_string(),
        help: help.map(str::to_string),
    }
}

pub fn warning(file: &str, line: u64, column: u64, message: &str, help: Option<&str>) -> Diag {
    Diag {
        severity: "warning",
        ..error(file, line, column, message, help)
    }
}

/// `samkort check --format json [EXTRA]` started in ROOT: the exit code and every diagnostic,
/// with files relative to the site root.
pub fn check_json(root: &Path, extra: &[&str]) -> (i32, Vec<Diag>) {
    let mut args: Vec<&OsStr> = vec!["check".as_ref(), "--format".as_ref(), "json".as_ref()];
    args.extend(extra.iter().map(OsStr::new));
    let run = samkort_in(root, args);
    (run.code, parse_json(&run.stdout))
}

/// `check_json` on a copy of the site at `site` with the given files (relative path, text)
/// written over it.
pub fn check_edited(site: &Path, files: &[(&str, &str)]) -> (i32, Vec<Diag>) {
    let tmp = TempDir::new("check");
    copy_dir(site, &tmp);
    for (rel, text) in files {
        write(&tmp.join(rel), text);
    }
    check_json(&tmp, &[])
}

/// Parses `--format json` output, insisting on its exact shape: an array of objects with
/// exactly the keys severity, file, line, column, message and help.
pub fn parse_json(stdout: &str) -> Vec<Diag> {
    let value: Value = serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"));
    let list = value.as_array().expect("the JSON output is an array");
    list.iter()
        .map(|d| {
            let obj = d.as_object().expect("each diagnostic is an object");
            let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(keys, ["code", "column", "file", "help", "line", "message", "severity"]);
            let code = obj["code"].as_str().unwrap_or_default();
            assert!(
                !code.is_empty()
                    && code
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "`code` is a word of small letters, digits and hyphens: {d}"
            );
            let text = |k: &str| obj[k].as_str().unwrap_or_else(|| panic!("`{k}` is a string: {d}"));
            let num = |k: &str| obj[k].as_u64().unwrap_or_else(|| panic!("`{k}` is a number: {d}"));
            Diag {
                severity: match text("severity") {
                    "error" => "error",
                    "warning" => "warning",
                    other => panic!("unknown severity `{other}`"),
                },
                file: text("file").to_string(),
                line: num("line"),
                column: num("column"),
                message: text("message").to_string(),
                help: match &obj["help"] {
                    Value::Null => None,
                    Value::String(s) => Some(s.clone()),
                    other => panic!("`help` is a string or null, not {other}"),
                },
            }
        })
        .collect()
}
