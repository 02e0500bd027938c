//! One build, start to end: load -> site graph -> markdown -> render ->
//! write. Data flows one way; every problem is collected, and nothing is
//! written unless the whole build succeeded.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Kind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, IdScope, Rendered};
use crate::output;
use crate::render::{self, theme::Theme};
use crate::review;
use crate::site::people::People;
use crate::site::relations::Relations;
use crate::site::{EntryId, Site};
use crate::stats::Stats;

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub site_dir: PathBuf,
    /// Defaults to `SITE/public`.
    pub out_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
}

impl BuildOptions {
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
    pub elapsed: Duration,
}

impl BuildSummary {
    /// `15 questions, 22 answers, 10 guides, 8 events, 4 pages`
    pub fn describe_kinds(&self) -> String {
        let parts: Vec<String> = self
            .per_kind
            .iter()
            .map(|(kind, n)| format!("{n} {}{}", kind.as_str(), if *n == 1 { "" } else { "s" }))
            .collect();
        if parts.is_empty() {
            "no entries".into()
        } else {
            parts.join(", ")
        }
    }
}

/// Everything up to rendering: the graph, each entry's rendered body, and
/// what can only be known once bodies are rendered (links between entries).
pub struct Loaded {
    pub site: Site,
    pub bodies: Vec<Option<Arc<Rendered>>>,
    pub relations: Relations,
    pub people: People,
    pub stats: Stats,
}

/// Loads and checks the whole site without writing anything. `None` when
/// the content could not be loaded at all.
pub fn load(options: &BuildOptions, diagnostics: &Diagnostics) -> Loaded {
    markdown::highlight::warm_up();
    let config = load_config(options, diagnostics);
    let started = Instant::now();
    let entries = content::load(&options.site_dir, options.drafts, diagnostics);
    phase("read and parse content", started);
    relate(config, entries, content::dates::build_time(), diagnostics)
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

/// With `GUILDHALL_TIMINGS` set, prints how long a build phase took, and
/// where the process's resident memory stands after it, when the system
/// tells (for profiling; see the benchmark in bench/).
pub fn phase(name: &str, started: Instant) {
    if std::env::var_os("GUILDHALL_TIMINGS").is_some() {
        let resident = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|status| {
                let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
                let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
                Some(format!(", {} MiB resident", kib / 1024))
            })
            .unwrap_or_default();
        eprintln!(
            "timing: {name}: {:.0} ms{resident}",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// Everything after reading files: the graph, the bodies, relations,
/// people and figures. Fuzz targets call this with entries made in memory.
pub fn relate(
    config: Config,
    entries: Vec<content::Entry>,
    build_time: jiff::Timestamp,
    diagnostics: &Diagnostics,
) -> Loaded {
    let mut started = Instant::now();
    let site = Site::build(config, entries, build_time, diagnostics);
    phase("site graph", started);
    started = Instant::now();
    let (bodies, _) = render_bodies(&site, diagnostics, None);
    phase("markdown", started);
    started = Instant::now();
    // Relations read the bodies; people and figures only the graph.
    let (relations, (people, stats)) = rayon::join(
        || Relations::build(&site, &bodies, diagnostics),
        || {
            let people = People::build(&site);
            let stats = Stats::compute(&site, &people);
            (people, stats)
        },
    );
    phase("relations, people and stats", started);
    Loaded {
        site,
        bodies,
        relations,
        people,
        stats,
    }
}

/// The bodies rendered onto one output page, and the ids that page uses.
#[derive(Clone)]
struct RenderedPage {
    page: EntryId,
    parts: Vec<(EntryId, Arc<Rendered>)>,
    ids: Arc<HashSet<String>>,
}

/// Bodies of the previous build, for `watch`: a page's bodies are reused
/// when its files are unchanged and so is everything rendering a body reads
/// from the rest of the site (URLs, titles, the settings).
#[derive(Default)]
pub struct BodyCache {
    link_table: u64,
    /// By the page's path under `content/`.
    pages: HashMap<String, CachedPage>,
}

impl BodyCache {
    /// The link table the cached bodies were rendered against.
    pub fn link_table(&self) -> u64 {
        self.link_table
    }

    /// The ids on the page of the entry at `rel`.
    pub(crate) fn ids(&self, rel: &str) -> Option<&HashSet<String>> {
        self.pages.get(rel).map(|p| p.ids.as_ref())
    }

    /// Replaces one page's bodies (after an edit patched in place).
    pub(crate) fn replace(
        &mut self,
        rel: &str,
        sources: Vec<Arc<str>>,
        parts: Vec<Arc<Rendered>>,
        ids: HashSet<String>,
    ) {
        self.pages.insert(
            rel.to_string(),
            CachedPage {
                sources,
                parts,
                ids: Arc::new(ids),
            },
        );
    }
}

struct CachedPage {
    sources: Vec<Arc<str>>,
    parts: Vec<Arc<Rendered>>,
    ids: Arc<HashSet<String>>,
}

/// A fingerprint of what a body's rendering reads from the rest of the
/// site: every entry's path, URL, title and kind, answers' questions, and
/// the settings.
fn link_table(site: &Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    format!("{:?}", site.config).hash(&mut hasher);
    for (id, entry) in site.entries.iter().enumerate() {
        (&entry.rel, &site.paths[id], &entry.title, entry.kind).hash(&mut hasher);
        site.question_of[id].hash(&mut hasher);
    }
    hasher.finish()
}

/// Renders every body, a page at a time (a question with its answers share
/// one page and so one set of ids), then checks `#anchors` against the ids
/// each page ended up with. With a `cache`, pages whose sources and link
/// table are unchanged are reused; returns how many pages were rendered.
pub(crate) fn render_bodies(
    site: &Site,
    diagnostics: &Diagnostics,
    cache: Option<&mut BodyCache>,
) -> (Vec<Option<Arc<Rendered>>>, usize) {
    let units: Vec<EntryId> = (0..site.entries.len())
        .filter(|&id| site.question_of[id].is_none() && site.entry(id).kind != Kind::Answer)
        .collect();
    let table = link_table(site);
    let sources_of = |page: EntryId| -> Vec<Arc<str>> {
        std::iter::once(page)
            .chain(site.answers[page].iter().copied())
            .map(|id| site.entry(id).source.clone())
            .collect()
    };
    let reusable = cache.as_deref().filter(|c| c.link_table == table);
    let cache_given = cache.is_some();
    let mut rendered_count = 0;
    let rendered: Vec<RenderedPage> = units
        .par_iter()
        .map(|&page| {
            if let Some(cached) = reusable.and_then(|c| c.pages.get(&site.entry(page).rel))
                && same_sources(&cached.sources, &sources_of(page))
            {
                let ids = std::iter::once(page).chain(site.answers[page].iter().copied());
                return (
                    false,
                    RenderedPage {
                        page,
                        parts: ids.zip(cached.parts.iter().cloned()).collect(),
                        ids: cached.ids.clone(),
                    },
                );
            }
            let (parts, ids) = render_page_bodies(site, page, cache_given);
            (
                true,
                RenderedPage {
                    page,
                    parts,
                    ids: Arc::new(ids),
                },
            )
        })
        .collect::<Vec<(bool, RenderedPage)>>()
        .into_iter()
        .map(|(fresh, page)| {
            rendered_count += usize::from(fresh);
            page
        })
        .collect();
    let mut bodies: Vec<Option<Arc<Rendered>>> = (0..site.entries.len()).map(|_| None).collect();
    let mut ids: Vec<Arc<HashSet<String>>> = vec![Arc::default(); site.entries.len()];
    for page in &rendered {
        ids[page.page] = page.ids.clone();
        for (id, body) in &page.parts {
            bodies[*id] = Some(body.clone());
        }
    }
    for body in bodies.iter().flatten() {
        diagnostics.extend(body.problems.iter().cloned());
        for check in &body.anchor_checks {
            if !ids[check.page].contains(&check.id) {
                diagnostics.push(check.problem.clone());
            }
        }
    }
    if let Some(cache) = cache {
        cache.link_table = table;
        cache.pages = rendered
            .into_iter()
            .map(|page| {
                let cached = CachedPage {
                    sources: sources_of(page.page),
                    parts: page.parts.into_iter().map(|(_, body)| body).collect(),
                    ids: page.ids,
                };
                (site.entry(page.page).rel.clone(), cached)
            })
            .collect();
    }
    (bodies, rendered_count)
}

/// The bodies on one page (an entry, or a question and its answers), which
/// share one set of ids, and those ids. With `keep_highlighted` (bodies
/// cached for `watch`), code is highlighted once, now.
pub(crate) fn render_page_bodies(
    site: &Site,
    page: EntryId,
    keep_highlighted: bool,
) -> (Vec<(EntryId, Arc<Rendered>)>, HashSet<String>) {
    let mut scope = IdScope::default();
    for reserved in ["main", "top", "answers", "toc", "site-search"] {
        scope.reserve(reserved);
    }
    for &answer in &site.answers[page] {
        scope.reserve(&site.answer_anchor(answer));
    }
    let parts = std::iter::once(page)
        .chain(site.answers[page].iter().copied())
        .map(|id| {
            let mut body = markdown::render(site, id, &mut scope);
            if keep_highlighted {
                body.keep_highlighted();
            }
            (id, Arc::new(body))
        })
        .collect();
    (parts, scope.into_ids())
}

fn same_sources(a: &[Arc<str>], b: &[Arc<str>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| Arc::ptr_eq(x, y) || x == y)
}

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
    // Dropping `staging` on any early return removes it.
    let loaded = produce(options, &staging, diagnostics)?;
    let per_kind = count_kinds(&loaded.site);
    drop_in_background(loaded);
    match staging.finish() {
        Ok(files) => Some(BuildSummary {
            per_kind,
            files,
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

/// Everything a build does: load, check, render into `sink`. `None` when
/// there were errors.
fn produce(
    options: &BuildOptions,
    sink: &dyn output::Sink,
    diagnostics: &Diagnostics,
) -> Option<Loaded> {
    let loaded = load(options, diagnostics);
    if diagnostics.has_errors() {
        return None;
    }
    let theme = Theme::load(&options.site_dir, &loaded.site.config, diagnostics)?;
    let mut search = None;
    render::render_site(
        &loaded,
        &theme,
        &options.site_dir,
        sink,
        diagnostics,
        render::Scope::All,
        &mut search,
    );
    drop_in_background(search);
    if diagnostics.has_errors() {
        return None;
    }
    Some(loaded)
}

/// Frees `value` on a thread of its own. At the end of a build the site's
/// data is a few hundred thousand allocations: freed one by one on the
/// main thread they kept the process alive a tenth of a second longer at
/// 10,000 entries, with the other core idle; a build that ends the process
/// need not wait for them.
pub fn drop_in_background<T: Send + 'static>(value: T) {
    // The thread is left to finish on its own. Should none start, the
    // value is dropped here, with the failed spawn's closure.
    let _ = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
}

/// `guildhall check`: the whole validation of a build, rendering included,
/// without writing anything, plus the reviewer hints of [`review`].
/// `in_scope` says which files (relative to the site) to report on;
/// `None` reports on all. Returns the diagnostics to report.
pub fn check(options: &BuildOptions, in_scope: Option<&HashSet<String>>) -> Vec<Diagnostic> {
    let diagnostics = Diagnostics::default();
    let loaded = load(options, &diagnostics);
    if !diagnostics.has_errors()
        && let Some(theme) = Theme::load(&options.site_dir, &loaded.site.config, &diagnostics)
    {
        render::render_site(
            &loaded,
            &theme,
            &options.site_dir,
            &output::Discard,
            &diagnostics,
            render::Scope::All,
            &mut None,
        );
    }
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
    for id in 0..site.entries.len() {
        if !site.is_intro(id) {
            *per_kind.entry(site.entry(id).kind).or_insert(0) += 1;
        }
    }
    per_kind
}

/// The output folder replaces what is there, so it must not be the site
/// itself, one of its source folders, or a folder that holds the site.
pub(crate) fn unsafe_output(site_dir: &Path, out_dir: &Path) -> Option<Diagnostic> {
    let site = std::fs::canonicalize(site_dir).unwrap_or_else(|_| site_dir.to_path_buf());
    let out = match std::fs::canonicalize(out_dir) {
        Ok(p) => p,
        Err(_) => return None, // does not exist yet: nothing to replace
    };
    let protected = ["content", "static", "themes"].map(|d| site.join(d));
    if site.starts_with(&out) || protected.iter().any(|p| out.starts_with(p)) {
        return Some(
            Diagnostic::error(
                out_dir.to_string_lossy(),
                "the output folder would replace the site's own files",
            )
            .with_help(
                "choose an output folder outside content/, static/ and themes/, such as `public`",
            ),
        );
    }
    None
}
