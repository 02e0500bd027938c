//! guildhall: a static site generator for community knowledge bases.
//!
//! The library behind the `guildhall` binary: load -> site graph -> markdown
//! -> render -> write (see ARCHITECTURE.md). It is a library so that fuzz
//! targets (`fuzz/`) can drive its parts; [`fuzzing`] holds their entry points.

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod fuzzing;
pub mod incremental;
pub mod init;
pub mod markdown;
pub mod new_entry;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod review;
pub mod search;
pub mod serve;
pub mod site;
pub mod stats;
pub mod watch;
pub mod yaml;
