//! The command line's words: every command, its arguments and its help
//! text (clap derives the parser, `guildhall completions` and `guildhall
//! man` from these types). `main.rs` runs what they ask for.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use guildhall::build::{self, BuildOptions};
use guildhall::diagnostics;
use guildhall::scaffold::{init, new_entry};

#[derive(Parser)]
#[command(
    name = "guildhall",
    version = version(),
    about = "Build a community knowledge base from markdown"
)]
pub struct Cli {
    /// Print nothing but errors and warnings (no summary lines, no
    /// progress bars)
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: each build phase's time and memory, each post an import
    /// skipped
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// `0.1.0`, with the commit when built from a git checkout
/// (`0.1.0 (1a2b3c4d5e6f)`, from build.rs).
fn version() -> &'static str {
    match option_env!("GUILDHALL_COMMIT") {
        Some(commit) => {
            Box::leak(format!("{} ({commit})", env!("CARGO_PKG_VERSION")).into_boxed_str())
        }
        None => env!("CARGO_PKG_VERSION"),
    }
}

/// What `build`, `watch` and `serve` share: which site, into which folder.
#[derive(clap::Args)]
pub struct BuildArgs {
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
}

impl BuildArgs {
    /// The build's options, or the usage error of an output folder that
    /// would replace the site's own files.
    pub fn options(self) -> Result<BuildOptions, ExitCode> {
        let options = BuildOptions {
            out_dir: self.out,
            base_url: self.base_url,
            drafts: self.drafts,
            ..BuildOptions::new(self.site)
        };
        match build::unsafe_output(&options.site_dir, &options.out_dir()) {
            None => Ok(options),
            Some(problem) => {
                let colour = diagnostics::use_colour(std::io::stderr().is_terminal());
                diagnostics::render_human(&[problem], colour);
                Err(ExitCode::from(2))
            }
        }
    }
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the site into its output folder (SITE/public by default)
    Build {
        #[command(flatten)]
        build: BuildArgs,
    },
    /// Build, then rebuild on every change to content, static files, themes
    /// or guildhall.yml (Ctrl-C stops)
    Watch {
        #[command(flatten)]
        build: BuildArgs,
    },
    /// Watch, and serve the site locally with live reload (Ctrl-C stops)
    Serve {
        #[command(flatten)]
        build: BuildArgs,
        /// The port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; other machines can reach the site only
        /// if this is not a loopback address
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
    },
    /// Validate the site as a build would, writing nothing
    Check {
        /// The site folder (holds guildhall.yml and content/)
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Only report on these files (a pull request's changed files); the
        /// whole site is still loaded so links resolve
        files: Vec<PathBuf>,
        /// How to print problems
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Include entries marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Also check every http(s) link on the web (results kept for
        /// `links.cache_days` in .guildhall/link-cache.json)
        #[arg(long)]
        external: bool,
        /// With --external: broken web links are errors, not warnings
        #[arg(long, requires = "external")]
        strict: bool,
        /// First rewrite in the content files what other generators'
        /// syntax has a markdown equivalent: Hugo's shortcodes (`figure`,
        /// `ref`, `highlight`, `youtube`... and Docsy's `alert`), Jekyll's
        /// Liquid (`highlight`, `raw`, `link`, `post_url`,
        /// `site.baseurl`), MkDocs's and Docusaurus's admonitions
        #[arg(long)]
        fix: bool,
        /// With --fix: a theme's shortcodes to take away, keeping what they
        /// wrap (`--unwrap intro,column`); one without a closing tag is
        /// removed
        #[arg(long, requires = "fix", value_name = "NAME", value_delimiter = ',')]
        unwrap: Vec<String>,
    },
    /// Write a new question, answer, guide, event or page, and print its path
    New {
        /// What to create
        #[arg(value_enum)]
        kind: new_entry::NewKind,
        /// The title (answers take none: `new answer --question PATH [SITE]`)
        title: Option<String>,
        /// The site folder
        site: Option<PathBuf>,
        /// The author's name (default: git's user.name)
        #[arg(long, value_name = "NAME")]
        author: Option<String>,
        /// For answers: the question's file, folder or slug
        #[arg(long, value_name = "PATH")]
        question: Option<String>,
    },
    /// Print community health figures (the same as /stats/ and /stats.json)
    Stats {
        /// The site folder
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Print JSON (the /stats.json schema) instead of text
        #[arg(long)]
        json: bool,
    },
    /// Start a new knowledge base in DIR, with the CI files of its host
    Init {
        /// A new or empty folder
        dir: PathBuf,
        /// Where it will be published: the CI files to write
        #[arg(long, value_enum, default_value_t = init::Host::Github)]
        host: init::Host,
    },
    /// Bring questions and answers from elsewhere into the site
    #[command(subcommand)]
    Import(ImportSource),
    /// Print a shell completion script (bash: `guildhall completions bash >
    /// ~/.local/share/bash-completion/completions/guildhall`)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (`guildhall man > guildhall.1; man ./guildhall.1`)
    Man,
}

#[derive(Subcommand)]
pub enum ImportSource {
    /// A Stack Exchange data dump: a folder of its XML files or its .7z
    /// archive. Running it again changes only what changed upstream, and
    /// never a file edited by hand
    Stackexchange {
        /// The dump: a folder holding Posts.xml (and Users.xml,
        /// PostHistory.xml, PostLinks.xml, Comments.xml, Tags.xml), or the
        /// .7z archive
        dump: PathBuf,
        /// The site folder (holds guildhall.yml)
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The site's address, for attribution links
        /// (https://beer.stackexchange.com)
        #[arg(long)]
        url: String,
        /// Only questions asked on or after this day (YYYY-MM-DD), and their
        /// answers
        #[arg(long, value_name = "DATE")]
        since: Option<jiff::civil::Date>,
        /// Only questions with one of these tags (comma-separated)
        #[arg(long, value_delimiter = ',')]
        tags: Vec<String>,
        /// Keep each post's comments, under the post
        #[arg(long)]
        comments: bool,
        /// Overwrite files edited or deleted by hand since the last import
        #[arg(long)]
        force: bool,
    },
    /// GitHub Discussions, from the JSON of `gh api graphql --paginate`
    /// with the query `--print-query` prints (see the README)
    GithubDiscussions {
        /// The JSON export (pages concatenated, as --paginate writes them)
        #[arg(required_unless_present = "print_query")]
        export: Option<PathBuf>,
        /// The site folder (holds guildhall.yml)
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Print the GraphQL query to export with, and stop
        #[arg(long)]
        print_query: bool,
        /// Only discussions of these categories (names; repeat or
        /// comma-separate)
        #[arg(long, value_delimiter = ',')]
        category: Vec<String>,
        /// Write discussions of categories that are not answerable as
        /// pages under content/discussions/ (skipped otherwise)
        #[arg(long)]
        pages: bool,
        /// Overwrite files edited or deleted by hand since the last import
        #[arg(long)]
        force: bool,
    },
    /// A Discourse forum, from a folder of its topics' JSON (see the README
    /// for a script that downloads a category)
    Discourse {
        /// The folder of topic JSON files (and categories.json)
        folder: PathBuf,
        /// The site folder (holds guildhall.yml)
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The forum's address (https://forum.example.org)
        #[arg(long)]
        url: String,
        /// Only topics of these categories (slugs; repeat or
        /// comma-separate; needs categories.json)
        #[arg(long, value_delimiter = ',')]
        category: Vec<String>,
        /// Overwrite files edited or deleted by hand since the last import
        #[arg(long)]
        force: bool,
    },
}

/// Output formats of `check`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Messages with the offending line, on stderr
    Human,
    /// GitHub Actions workflow commands (annotations), on stdout
    Github,
    /// A JSON array, on stdout
    Json,
}
