//! samkort turns a folder of Markdown learning cards with YAML front matter into a
//! cross-referenced static site.
//!
//! The pipeline runs in one direction, one module per stage, with plain data between them:
//!
//! ```text
//! discover -> parse -> validate -> link -> render -> page -> emit -> publish
//! ```
//!
//! [`build::run`] drives it; `main.rs` only parses the command line.

pub mod brand;
pub mod build;
pub mod card;
pub mod cms;
pub mod collate;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod editor;
pub mod emit;
pub mod frontmatter;
pub mod highlight;
pub mod index;
pub mod kept;
pub mod link;
pub mod live;
pub mod map;
pub mod markdown;
pub mod messages;
pub mod outputs;
pub mod page;
pub mod parse;
pub mod practice;
pub mod print;
pub mod publish;
pub mod render;
pub mod review;
pub mod sanitize;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod suggest;
pub mod terms;
pub mod text;
pub mod theme;
pub mod urls;
pub mod validate;
pub mod words;
