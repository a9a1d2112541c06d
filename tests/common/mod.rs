//! What the integration tests share: running the binary ([`samkort`], [`build`]), temporary
//! folders that clean up after themselves ([`TempDir`]), fixtures and files, and reading the
//! diagnostics of `samkort check --format json` ([`check_json`], [`Diag`]).
//!
//! Each test file includes this module and uses part of it, hence the allowances.

#![allow(dead_code, unused_imports)]

mod check;
mod files;
mod run;

pub use check::*;
pub use files::*;
pub use run::*;
