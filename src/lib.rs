//! guildhall: a static site generator for community knowledge bases.
//!
//! The library behind the `guildhall` binary. Its modules are layers, each
//! using only the layers listed before it (ARCHITECTURE.md has the map;
//! `tests/layers.rs` checks the order):
//! files -> [`content`] entries -> [`site`] graph -> [`markdown`] bodies ->
//! [`analysis`] -> [`render`] pages and [`publish`] every other file ->
//! [`output`], driven by [`build`] and, for `watch` and `serve`, [`dev`].
//! It is a library so that fuzz targets (`fuzz/`) can drive its parts;
//! [`fuzzing`] holds their entry points.

pub mod util;

pub mod diagnostics;
pub mod yaml;

pub mod config;
pub mod output;

pub mod content;
pub mod site;

pub mod markdown;

pub mod analysis;

pub mod render;

pub mod publish;

pub mod build;

pub mod dev;
pub mod import;
pub mod linkcheck;
pub mod scaffold;

pub mod fuzzing;
