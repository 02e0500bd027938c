//! guildhall: a static site generator for community knowledge bases.
//!
//! The command line: parse arguments, run a command, render its diagnostics,
//! exit 0 (success), 1 (content or config errors) or 2 (usage errors).

mod config;
mod content;
mod diagnostics;
mod markdown;
mod output;
mod pipeline;
mod render;
mod site;
mod yaml;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use diagnostics::Diagnostics;
use pipeline::BuildOptions;

#[derive(Parser)]
#[command(
    name = "guildhall",
    version,
    about = "Build a community knowledge base from markdown"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into its output folder (SITE/public by default)
    Build {
        /// The site folder (holds guildhall.yml and content/)
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Where to write the site
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Override `base_url` from guildhall.yml
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Include entries marked `draft: true`
        #[arg(long)]
        drafts: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            site,
            out,
            base_url,
            drafts,
        } => {
            let options = BuildOptions {
                site_dir: site,
                out_dir: out,
                base_url,
                drafts,
            };
            build(&options)
        }
    }
}

fn build(options: &BuildOptions) -> ExitCode {
    let diagnostics = Diagnostics::default();
    let summary = pipeline::build(options, &diagnostics);
    let all = diagnostics.sorted();
    diagnostics::render_human(
        &all,
        diagnostics::use_colour(std::io::stderr().is_terminal()),
    );
    let errors = all.iter().filter(|d| d.is_error()).count();
    let warnings = all.len() - errors;
    match summary {
        Some(summary) => {
            eprintln!(
                "Built {}: {}; {} files in {:.2} s{}",
                options.out_dir().display(),
                summary.describe_kinds(),
                summary.files,
                summary.elapsed.as_secs_f64(),
                plural_warnings(warnings),
            );
            ExitCode::SUCCESS
        }
        None => {
            eprintln!(
                "Build failed: {errors} error{}{}; the previous output is untouched",
                if errors == 1 { "" } else { "s" },
                plural_warnings(warnings)
            );
            ExitCode::from(1)
        }
    }
}

fn plural_warnings(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => ", 1 warning".into(),
        n => format!(", {n} warnings"),
    }
}
