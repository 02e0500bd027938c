//! The `guildhall` command line: parse arguments, run a command, render its
//! diagnostics, exit 0 (success), 1 (content or config errors) or 2 (usage
//! errors). The work happens in the library (`src/lib.rs`).

mod cli;

use std::collections::HashSet;
use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;

use cli::{Cli, Command, Format, ImportSource};

use guildhall::build::{self, BuildOptions};
use guildhall::dev::serve::Live;
use guildhall::dev::watch::Outcome;
use guildhall::diagnostics::{self, Diagnostics};
use guildhall::import::{ImportError, discourse, github, stackexchange};
use guildhall::scaffold::{init, new_entry};
use guildhall::util::verbosity::{self, Verbosity};
use guildhall::util::words::count;

// jemalloc, for Rust and C code alike: see Cargo.toml for why.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Has jemalloc return every arena's freed pages now (`util::memory`).
#[cfg(not(target_env = "msvc"))]
fn return_freed_pages() {
    // "arena.<MALLCTL_ARENAS_ALL>.purge": every arena; reads and writes
    // nothing. A failure only leaves the pages to jemalloc's own decay.
    // SAFETY: a valid NUL-terminated name, and null pointers with length
    // 0, as this control (which takes and gives no value) requires.
    unsafe {
        tikv_jemalloc_sys::mallctl(
            c"arena.4096.purge".as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        );
    }
}

/// `eprintln!` unless `--quiet`: closing lines and progress.
macro_rules! say {
    ($($arg:tt)*) => {
        if guildhall::util::verbosity::talkative() {
            eprintln!($($arg)*);
        }
    };
}

fn main() -> ExitCode {
    #[cfg(not(target_env = "msvc"))]
    guildhall::util::memory::set_returner(return_freed_pages);
    let cli = Cli::parse();
    verbosity::set(if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    });
    match cli.command {
        Command::Build { build } => match build.options() {
            Ok(options) => run_build(&options),
            Err(usage) => usage,
        },
        Command::Check {
            site,
            files,
            format,
            drafts,
            external,
            strict,
            fix,
            unwrap,
        } => {
            if fix {
                let in_scope = (!files.is_empty()).then(|| site_relative(&site, &files));
                fix_content(&site, in_scope.as_ref(), &unwrap);
            }
            check(site, &files, format, drafts, external.then_some(strict))
        }
        Command::Watch { build } => match build.options() {
            Ok(options) => watch(options, None),
            Err(usage) => usage,
        },
        Command::Serve { build, port, bind } => match build.options() {
            Ok(options) => watch(options, Some((bind, port))),
            Err(usage) => usage,
        },
        Command::New {
            kind,
            title,
            site,
            author,
            question,
        } => new(kind, title, site, author, question),
        Command::Stats { site, json } => stats(site, json),
        Command::Init { dir, host } => init(&dir, host),
        Command::Import(source) => import(source),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "guildhall", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            match clap_mangen::Man::new(command).render(&mut std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cannot write the manual: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}

fn import(source: ImportSource) -> ExitCode {
    let result = match source {
        ImportSource::Stackexchange {
            dump,
            site,
            url,
            since,
            tags,
            comments,
            force,
        } => {
            let options = stackexchange::Options {
                dump,
                site,
                url,
                since,
                tags,
                comments,
                force,
            };
            stackexchange::import(&options)
        }
        ImportSource::GithubDiscussions {
            print_query: true, ..
        } => {
            print!("{}", github::QUERY);
            return ExitCode::SUCCESS;
        }
        ImportSource::GithubDiscussions {
            export,
            site,
            category,
            pages,
            force,
            ..
        } => {
            let options = github::Options {
                export: export.unwrap_or_default(),
                site,
                categories: category,
                pages,
                force,
            };
            github::import(&options)
        }
        ImportSource::Discourse {
            folder,
            site,
            url,
            category,
            force,
        } => {
            let options = discourse::Options {
                folder,
                site,
                url,
                categories: category,
                force,
            };
            discourse::import(&options)
        }
    };
    match result {
        Ok(summary) => {
            for line in &summary.kept {
                eprintln!("warning: {line}");
            }
            let verbose = guildhall::util::verbosity::get() == Verbosity::Verbose;
            for line in summary.lines(verbose) {
                say!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(ImportError::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(ImportError::Input(message)) => {
            eprintln!("error: {message}");
            eprintln!("Nothing was imported.");
            ExitCode::from(1)
        }
    }
}

fn new(
    kind: new_entry::NewKind,
    title: Option<String>,
    site: Option<PathBuf>,
    author: Option<String>,
    question: Option<String>,
) -> ExitCode {
    // `new answer SITE --question X`: a lone positional is the site.
    let (title, site) = match (kind, title, site) {
        (new_entry::NewKind::Answer, Some(only), None) => (None, Some(PathBuf::from(only))),
        (_, title, site) => (title, site),
    };
    let site = site.unwrap_or_else(|| PathBuf::from("."));
    match new_entry::create(
        kind,
        title.as_deref(),
        &site,
        author.as_deref(),
        question.as_deref(),
    ) {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(new_entry::NewError::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(new_entry::NewError::Site(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn stats(site: PathBuf, json: bool) -> ExitCode {
    // The figures need no page's HTML: bodies' facts only, whatever the
    // site's size (texts let go past 0 bytes).
    let options = BuildOptions {
        keep_sources_up_to: 0,
        ..BuildOptions::new(site)
    };
    let diagnostics = Diagnostics::default();
    let (loaded, _) = build::load(&options, &diagnostics);
    let problems = diagnostics.sorted();
    if diagnostics.has_errors() {
        diagnostics::render_human(
            &problems,
            diagnostics::use_colour(std::io::stderr().is_terminal()),
        );
        eprintln!("The site has errors: fix them for figures you can trust");
        return ExitCode::from(1);
    }
    if json {
        print!("{}", loaded.stats.to_json());
    } else {
        print!("{}", loaded.stats.to_text(&loaded.site.config.title));
    }
    ExitCode::SUCCESS
}

fn init(dir: &Path, host: init::Host) -> ExitCode {
    match init::init(dir, host) {
        Ok(files) => {
            for file in &files {
                println!("{}", file.display());
            }
            say!(
                "Created a knowledge base in {}: run `guildhall build {}`",
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

/// `external`: also check web links, `Some(strict)`.
fn check(
    site: PathBuf,
    files: &[PathBuf],
    format: Format,
    drafts: bool,
    external: Option<bool>,
) -> ExitCode {
    let in_scope = (!files.is_empty()).then(|| site_relative(&site, files));
    let options = BuildOptions {
        drafts,
        ..BuildOptions::new(site.clone())
    };
    let mut problems = build::check(&options, in_scope.as_ref());
    if let Some(strict) = external {
        problems.extend(guildhall::linkcheck::check_site(
            &site,
            drafts,
            in_scope.as_ref(),
            strict,
        ));
        problems.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
    }
    let prefix = site.to_string_lossy().replace('\\', "/");
    match format {
        Format::Human => diagnostics::render_human(
            &problems,
            diagnostics::use_colour(std::io::stderr().is_terminal()),
        ),
        Format::Github => print!("{}", diagnostics::render_github(&problems, &prefix)),
        Format::Json => print!("{}", diagnostics::render_json(&problems, &prefix)),
    }
    let errors = problems.iter().filter(|d| d.is_error()).count();
    if format == Format::Human && (errors > 0 || verbosity::talkative()) {
        eprintln!(
            "{}: {errors} error{}{}",
            if errors == 0 {
                "Check passed"
            } else {
                "Check failed"
            },
            if errors == 1 { "" } else { "s" },
            plural_warnings(problems.len() - errors)
        );
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `check --fix`: rewrites what can be (in the FILEs given, else in every
/// file), and says what it did on stderr.
fn fix_content(site: &Path, in_scope: Option<&HashSet<String>>, unwrap: &[String]) {
    let options = BuildOptions::new(site.to_path_buf());
    let fixes = build::fix::fix_content(&options, in_scope, unwrap);
    for line in &fixes.left {
        eprintln!("not fixed: {line}");
    }
    if verbosity::talkative() {
        for line in &fixes.fixed {
            eprintln!("fixed {line}");
        }
        eprintln!(
            "Fixed {}, {}, {} and {} in {}",
            count(fixes.counts.shortcodes, "shortcode", None),
            count(fixes.counts.liquid, "Liquid tag", None),
            count(fixes.counts.admonitions, "admonition", None),
            count(fixes.counts.headings, "heading level", None),
            count(fixes.files, "file", None),
        );
        if fixes.counts.folder_pages > 0 {
            eprintln!(
                "Wrote {} from Docusaurus's categories",
                count(fixes.counts.folder_pages, "folder page", None)
            );
        }
    }
}

/// FILE arguments (relative to the current folder, as `git diff --name-only`
/// prints them from the repository root, or to the site) as paths relative
/// to the site folder, the form diagnostics use.
fn site_relative(site: &Path, files: &[PathBuf]) -> HashSet<String> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let site_abs = std::path::absolute(site).unwrap_or_else(|_| cwd.join(site));
    files
        .iter()
        .flat_map(|file| {
            let abs = std::path::absolute(file).unwrap_or_else(|_| cwd.join(file));
            let from_cwd = abs.strip_prefix(&site_abs).ok().map(Path::to_path_buf);
            // Also accept paths written relative to the site folder.
            [from_cwd, Some(file.clone())]
        })
        .flatten()
        .map(|p| diagnostics::display_path(Path::new(""), &normalize(&p)))
        .collect()
}

/// Removes `.` and resolves `..` lexically (the file may be deleted in the PR).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn run_build(options: &BuildOptions) -> ExitCode {
    let diagnostics = Diagnostics::default();
    let summary = build::build(options, &diagnostics);
    let all = diagnostics.sorted();
    diagnostics::render_human(
        &all,
        diagnostics::use_colour(std::io::stderr().is_terminal()),
    );
    let errors = all.iter().filter(|d| d.is_error()).count();
    let warnings = all.len() - errors;
    match summary {
        Some(summary) => {
            say!(
                "Built {}: {}; {} files, {:.1} MB in {:.2} s{}",
                options.out_dir().display(),
                summary.describe_kinds(),
                summary.files,
                summary.bytes as f64 / 1e6,
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

/// `watch`, and with `serve` (an address and port) the local server too.
fn watch(options: BuildOptions, serve: Option<(IpAddr, u16)>) -> ExitCode {
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        if let Err(e) = ctrlc::set_handler(move || stop.store(true, Ordering::Relaxed)) {
            eprintln!("warning: Ctrl-C will not stop cleanly: {e}");
        }
    }
    let live = Arc::new(Live::default());
    let mut server = None;
    if let Some((bind, port)) = serve {
        let diagnostics = Diagnostics::default();
        let config = build::load_config(&options, &diagnostics);
        let base_path = config.base_path().to_string();
        match guildhall::dev::serve::start(
            bind,
            port,
            options.out_dir(),
            base_path.clone(),
            live.clone(),
            stop.clone(),
        ) {
            Ok(running) => {
                eprintln!("Serving http://{}{base_path}", running.address);
                server = Some(running);
            }
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(1);
            }
        }
    }
    let colour = diagnostics::use_colour(std::io::stderr().is_terminal());
    let mut first = true;
    let mut report = |what: &str, outcome: Outcome| {
        let now = jiff::Zoned::now().strftime("%H:%M:%S").to_string();
        match outcome {
            Outcome::Built(rebuilt) => {
                live.built();
                let mut line = format!(
                    "{now} {what}: {} page{} rendered, {} file{} written",
                    rebuilt.pages,
                    if rebuilt.pages == 1 { "" } else { "s" },
                    rebuilt.written,
                    if rebuilt.written == 1 { "" } else { "s" },
                );
                if rebuilt.removed > 0 {
                    line.push_str(&format!(", {} removed", rebuilt.removed));
                }
                line.push_str(&format!(" in {} ms", rebuilt.elapsed.as_millis()));
                if let Some(first_page) = rebuilt.first_page {
                    line.push_str(&format!(
                        " (changed page on disk at {} ms)",
                        first_page.as_millis()
                    ));
                }
                say!("{line}");
            }
            Outcome::Failed(problems) => {
                diagnostics::render_human(&problems, colour);
                let errors = problems.iter().filter(|d| d.is_error()).count();
                live.failed(diagnostics::render_plain(&problems));
                eprintln!(
                    "{now} {what}: build failed with {errors} error{}; the output keeps the last good build",
                    if errors == 1 { "" } else { "s" }
                );
            }
        }
        if std::mem::take(&mut first) {
            say!("Watching content/, static/, themes/ and guildhall.yml (Ctrl-C stops)");
        }
    };
    let result = guildhall::dev::watch::watch(options, &stop, &mut report);
    if let Some(server) = server {
        server.stop(&live);
    }
    match result {
        Ok(()) => {
            say!("Stopped");
            ExitCode::SUCCESS
        }
        Err(problem) => {
            diagnostics::render_human(&[problem], colour);
            ExitCode::from(1)
        }
    }
}

fn plural_warnings(n: usize) -> String {
    match n {
        0 => String::new(),
        n => format!(", {}", count(n, "warning", None)),
    }
}
