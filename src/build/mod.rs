//! One build, start to end: load -> site graph -> markdown -> analysis ->
//! render and publish -> write. Data flows one way; every problem is
//! collected, and nothing is written unless the whole build succeeded.
//! `check` runs the same sequence into a sink that writes nothing;
//! [`incremental`] runs it again for `watch`, keeping what a change cannot
//! affect.

pub mod assets;
pub mod fix;
pub mod incremental;
pub mod write;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::analysis::{Loaded, review};
use crate::config::Config;
use crate::content::{self, Kind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, Make, bodies::render_bodies, ids::ThemeIds};
use crate::output;
use crate::render::theme::Theme;
use crate::site::{CalloutTitles, EntryId, Site};
use crate::util::timing::{drop_in_background, timed};
use crate::util::words;
use write::{Scope, write_site};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub site_dir: PathBuf,
    /// Defaults to `SITE/public`.
    pub out_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Past this many bytes of markdown, the entries' texts are let go
    /// after the first pass and read again as pages are written
    /// ([`KEEP_SOURCES_UP_TO`] unless a test says otherwise).
    pub keep_sources_up_to: usize,
}

impl BuildOptions {
    /// The options of a plain build of `site_dir`: into `SITE/public`, its
    /// own `base_url`, no drafts, texts let go past [`KEEP_SOURCES_UP_TO`].
    pub fn new(site_dir: PathBuf) -> BuildOptions {
        BuildOptions {
            site_dir,
            out_dir: None,
            base_url: None,
            drafts: false,
            keep_sources_up_to: KEEP_SOURCES_UP_TO,
        }
    }

    pub fn out_dir(&self) -> PathBuf {
        self.out_dir
            .clone()
            .unwrap_or_else(|| self.site_dir.join("public"))
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildSummary {
    pub per_kind: BTreeMap<Kind, usize>,
    pub files: usize,
    /// The bytes of those files (apparent size).
    pub bytes: u64,
    pub elapsed: Duration,
}

impl BuildSummary {
    /// `15 questions, 22 answers, 10 guides, 8 events, 4 pages`
    pub fn describe_kinds(&self) -> String {
        let parts: Vec<String> = self
            .per_kind
            .iter()
            .map(|(kind, n)| words::count(*n, kind.as_str(), None))
            .collect();
        if parts.is_empty() {
            "no entries".into()
        } else {
            parts.join(", ")
        }
    }
}

/// Loads and checks the whole site without writing anything, and its
/// theme (`None` when the theme has errors, which are in `diagnostics`).
/// The theme comes first: content ids step around the ids it writes.
pub fn load(options: &BuildOptions, diagnostics: &Diagnostics) -> (Loaded, Option<Theme>) {
    markdown::highlight::warm_up();
    let config = load_config(options, diagnostics);
    let theme = Theme::load(&options.site_dir, &config, diagnostics);
    let no_theme = ThemeIds::default();
    let theme_ids = theme.as_ref().map_or(&no_theme, |t| &t.ids);
    let entries = timed("read and parse content", || {
        content::load(&options.site_dir, &config, options.drafts, diagnostics)
    });
    let callout_titles = theme.as_ref().map(|t| t.callout_titles(&config, &entries));
    let read = Read {
        config,
        entries,
        build_time: content::dates::build_time(),
        static_files: assets::static_files(&options.site_dir, theme.as_ref()),
        theme_ids,
        callout_titles: callout_titles.unwrap_or_default(),
    };
    let release = Release {
        site_dir: &options.site_dir,
        over: options.keep_sources_up_to,
    };
    let loaded = relate(read, Some(release), diagnostics);
    // Problems the analysis met reading a text again (a file changed).
    diagnostics.extend(loaded.site.take_source_problems());
    (loaded, theme)
}

/// `guildhall.yml`, with `--base-url` applied.
pub fn load_config(options: &BuildOptions, diagnostics: &Diagnostics) -> Config {
    let mut config = Config::load(&options.site_dir, diagnostics);
    if let Some(base_url) = &options.base_url {
        config.base_url = if base_url.ends_with('/') {
            base_url.clone()
        } else {
            format!("{base_url}/")
        };
    }
    config
}

/// When the entries' texts are let go once the first pass over the bodies
/// is done: when they come to more than `over` bytes, to be read again
/// from their files under `site_dir` (see [`KEEP_SOURCES_UP_TO`]).
pub struct Release<'a> {
    pub site_dir: &'a Path,
    pub over: usize,
}

/// What a build has read before it relates anything: the settings, the
/// entries, the time it builds at, the site's static files and the ids
/// the theme writes.
pub struct Read<'a> {
    pub config: Config,
    pub entries: Vec<content::Entry>,
    pub build_time: jiff::Timestamp,
    pub static_files: crate::site::StaticFiles,
    pub theme_ids: &'a ThemeIds,
    /// The theme's callout titles in the site's languages.
    pub callout_titles: CalloutTitles,
}

/// Everything after reading files: the graph, the bodies, relations,
/// people and figures. Fuzz targets call this with entries made in memory.
pub fn relate(read: Read<'_>, release: Option<Release<'_>>, diagnostics: &Diagnostics) -> Loaded {
    let Read {
        config,
        entries,
        build_time,
        static_files,
        theme_ids,
        callout_titles,
    } = read;
    let mut site = timed("site graph", || {
        Site::build(config, entries, build_time, diagnostics)
    });
    site.static_files = static_files;
    site.callout_titles = callout_titles;
    let release = release.filter(|release| site.source_bytes() > release.over);
    // A site whose texts are kept keeps its bodies' HTML too, made once; a
    // larger one keeps their facts, and each page renders its bodies again.
    let make = if release.is_some() {
        Make::Facts
    } else {
        Make::Html
    };
    let (bodies, _) = timed("markdown", || {
        render_bodies(&site, theme_ids, diagnostics, make, None)
    });
    if let Some(release) = release {
        site.release_sources(release.site_dir);
    }
    timed("relations, people and stats", || {
        Loaded::analyse(site, bodies, theme_ids, diagnostics)
    })
}

/// A build lets go of the entries' texts after its first pass when they
/// come to more than this many bytes (about 20,000 entries of the bench
/// corpus), and reads each file again as its page is written: a large
/// site's markdown is then never all held while its pages are made (321
/// MB at 100,000 entries), nor its bodies' HTML (about twice that), for
/// the time of a second read and a second rendering of each body.
/// Smaller sites keep both: each body is rendered once.
pub const KEEP_SOURCES_UP_TO: usize = 64 << 20;

/// Builds the site into its output folder. `None` when there were errors;
/// the previous output is then untouched.
pub fn build(options: &BuildOptions, diagnostics: &Diagnostics) -> Option<BuildSummary> {
    let started = Instant::now();
    let out_dir = options.out_dir();
    if let Some(problem) = unsafe_output(&options.site_dir, &out_dir) {
        diagnostics.push(problem);
        return None;
    }
    let staging = match output::Staging::new(&out_dir) {
        Ok(staging) => staging,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                out_dir.to_string_lossy(),
                format!("cannot write the output: {e}"),
            ));
            return None;
        }
    };
    let loaded = load_and_write(options, &staging, diagnostics);
    let per_kind = count_kinds(&loaded.site);
    drop_in_background(loaded);
    if diagnostics.has_errors() {
        // Dropping `staging` removes it; the previous output stays.
        return None;
    }
    match staging.finish() {
        Ok(written) => Some(BuildSummary {
            per_kind,
            files: written.files,
            bytes: written.bytes,
            elapsed: started.elapsed(),
        }),
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                out_dir.to_string_lossy(),
                format!("cannot write the output: {e}"),
            ));
            None
        }
    }
}

/// Everything a build and `check` do: load, check, and, when that found no
/// error, write every file into `sink`. Errors are in `diagnostics`.
fn load_and_write(
    options: &BuildOptions,
    sink: &dyn output::Sink,
    diagnostics: &Diagnostics,
) -> Loaded {
    let (mut loaded, theme) = load(options, diagnostics);
    loaded.forget_facts();
    if !diagnostics.has_errors()
        && let Some(theme) = theme
    {
        let mut search = None;
        write_site(
            &loaded,
            &theme,
            &options.site_dir,
            sink,
            diagnostics,
            Scope::All,
            &mut search,
        );
        drop_in_background(search);
        diagnostics.extend(loaded.site.take_source_problems());
    }
    loaded
}

/// `guildhall check`: the whole validation of a build, rendering included,
/// without writing anything, plus the reviewer hints of [`review`].
/// `in_scope` says which files (relative to the site) to report on;
/// `None` reports on all. Returns the diagnostics to report.
pub fn check(options: &BuildOptions, in_scope: Option<&HashSet<String>>) -> Vec<Diagnostic> {
    let diagnostics = Diagnostics::default();
    let loaded = load_and_write(options, &output::Discard, &diagnostics);
    let site = &loaded.site;
    let wanted = |file: &str| in_scope.is_none_or(|files| files.contains(file));
    let entry_wanted = |id: EntryId| wanted(&site.entry(id).file);
    diagnostics.extend(review::hints(site, &loaded.relations, &entry_wanted));
    diagnostics
        .sorted()
        .into_iter()
        .filter(|d| wanted(&d.file))
        .collect()
}

fn count_kinds(site: &Site) -> BTreeMap<Kind, usize> {
    let mut per_kind = BTreeMap::new();
    for id in site.ids() {
        if !site.is_intro(id) {
            *per_kind.entry(site.entry(id).kind).or_insert(0) += 1;
        }
    }
    per_kind
}

/// The output folder replaces what is there, so it must not be the site
/// itself, sit inside one of its source folders, or hold the site. Checked
/// on the real paths, whether the output folder exists yet or not (its
/// nearest existing folder is resolved, symbolic links included, and the
/// rest appended). `None` when it is safe; else the problem, which the
/// command line reports as a usage error.
pub fn unsafe_output(site_dir: &Path, out_dir: &Path) -> Option<Diagnostic> {
    let site = real_path(site_dir);
    let out = real_path(out_dir);
    let protected = ["content", "static", "themes"].map(|d| site.join(d));
    if site.starts_with(&out) || protected.iter().any(|p| out.starts_with(p)) {
        return Some(
            Diagnostic::error(
                out_dir.to_string_lossy(),
                "the output folder would replace the site's own files",
            )
            .with_help(
                "choose an output folder outside content/, static/ and themes/, and not the site folder or one holding it, such as `public`",
            ),
        );
    }
    None
}

/// `path` made absolute, with `.` and `..` resolved and the symbolic links
/// of its longest existing part followed.
fn real_path(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            let mut resolved = real;
            for part in rest.iter().rev() {
                match part {
                    std::path::Component::ParentDir => {
                        resolved.pop();
                    }
                    std::path::Component::Normal(name) => resolved.push(name),
                    _ => {}
                }
            }
            return resolved;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}
