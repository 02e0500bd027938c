//! `guildhall watch`: one full build, then a rebuild after every change to
//! `content/`, `static/`, `themes/` or `guildhall.yml` (see
//! [`crate::build::incremental`] for what each rebuild redoes). Events are
//! debounced (notify-debouncer-full pairs renames and merges bursts); editor
//! temporary and swap files are ignored. A failed rebuild reports its
//! errors and keeps the last good output; the next change tries again.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::build::BuildOptions;
use crate::build::incremental::{Changes, Incremental, Rebuilt};
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};

/// How long the file system must be quiet before a rebuild starts: long
/// enough to merge an editor's save (write, rename, chmod), short enough
/// not to be felt.
const QUIET: Duration = Duration::from_millis(30);

/// The folders of a site that are watched, recursively.
const WATCHED: [&str; 3] = ["content", "static", "themes"];

/// One rebuild's result, for the caller to report.
pub enum Outcome {
    Built(Rebuilt),
    Failed(Vec<Diagnostic>),
}

/// Builds, then rebuilds on every change until `stop` is set. `report` is
/// called after each build with what changed (`"everything"` at first).
pub fn watch(
    options: BuildOptions,
    stop: &AtomicBool,
    report: &mut dyn FnMut(&str, Outcome),
) -> Result<(), Diagnostic> {
    let site_dir = options.site_dir.clone();
    let out_dir = options.out_dir();
    let mut incremental = Incremental::new(options)?;
    let (sender, events) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(QUIET, Some(Duration::from_millis(10)), sender)
        .map_err(|e| watch_error(&site_dir, e))?;
    debouncer
        .watch(&site_dir, RecursiveMode::NonRecursive)
        .map_err(|e| watch_error(&site_dir, e))?;
    let mut watched: Vec<PathBuf> = Vec::new();
    let mut watch_folders = |debouncer: &mut notify_debouncer_full::Debouncer<_, _>| {
        for folder in WATCHED.map(|f| site_dir.join(f)) {
            if folder.is_dir() && !watched.contains(&folder) {
                match debouncer.watch(&folder, RecursiveMode::Recursive) {
                    Ok(()) => watched.push(folder),
                    Err(e) => eprintln!("warning: cannot watch {}: {e}", folder.display()),
                }
            } else if !folder.is_dir() {
                watched.retain(|w| w != &folder);
            }
        }
    };
    watch_folders(&mut debouncer);

    rebuild(
        &mut incremental,
        &Changes::everything(),
        "everything",
        report,
    );
    while !stop.load(Ordering::Relaxed) {
        let batch = match events.recv_timeout(Duration::from_millis(100)) {
            Ok(batch) => batch,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut collect = |batch: DebounceEventResult| match batch {
            Ok(events) => {
                for event in events {
                    if !matches!(event.kind, EventKind::Access(_)) {
                        paths.extend(event.paths.iter().cloned());
                    }
                }
            }
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: watching: {e}");
                }
            }
        };
        collect(batch);
        // Take whatever else has arrived: one rebuild for all of it.
        while let Ok(more) = events.try_recv() {
            collect(more);
        }
        let changes = classify(&site_dir, &out_dir, &paths);
        if changes.is_empty() {
            continue;
        }
        // A static/ or themes/ folder may have been created (or removed).
        watch_folders(&mut debouncer);
        let what = describe(&site_dir, &changes);
        rebuild(&mut incremental, &changes, &what, report);
    }
    debouncer.stop();
    Ok(())
}

fn rebuild(
    incremental: &mut Incremental,
    changes: &Changes,
    what: &str,
    report: &mut dyn FnMut(&str, Outcome),
) {
    let diagnostics = Diagnostics::default();
    let outcome = match incremental.rebuild(changes, &diagnostics) {
        Some(rebuilt) => Outcome::Built(rebuilt),
        None => Outcome::Failed(diagnostics.sorted()),
    };
    report(what, outcome);
}

fn watch_error(site: &Path, e: notify::Error) -> Diagnostic {
    Diagnostic::error(
        site.to_string_lossy(),
        format!("cannot watch for changes: {e}"),
    )
}

/// Sorts changed paths into what they ask to rebuild. Paths in the output
/// folder, outside the watched places, and editors' temporary files are
/// left out.
pub fn classify(site_dir: &Path, out_dir: &Path, paths: &[PathBuf]) -> Changes {
    let site = std::path::absolute(site_dir).unwrap_or_else(|_| site_dir.to_path_buf());
    let out = std::path::absolute(out_dir).unwrap_or_else(|_| out_dir.to_path_buf());
    let mut changes = Changes::default();
    for path in paths {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        if path.starts_with(&out) || is_scratch_file(&path) {
            continue;
        }
        let Ok(rel) = path.strip_prefix(&site) else {
            continue;
        };
        let top = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        match top.as_deref() {
            Some(crate::config::CONFIG_FILE) if rel.components().count() == 1 => {
                changes.config = true
            }
            // Docusaurus's authors.yml credits entries that did not
            // change: everything is made again, as for the settings.
            Some("content") if rel.file_name().is_some_and(|n| n == "authors.yml") => {
                changes.content = true;
                changes.config = true;
            }
            Some("content") => changes.content = true,
            Some("static") => changes.static_files = true,
            Some("themes") => changes.theme = true,
            _ => continue,
        }
        if !changes.paths.contains(&path) {
            changes.paths.push(path);
        }
    }
    changes
}

/// Editors' swap, backup and temporary files, and our own.
fn is_scratch_file(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return true;
    };
    name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with('~')
        || [".swp", ".swo", ".swx", ".tmp", ".guildhall-tmp"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
        || name == "4913" // vim's test of whether it may write in a folder
        || name == ".DS_Store"
}

/// `content/questions/x.md` or `3 files`, for the rebuild's line.
fn describe(site_dir: &Path, changes: &Changes) -> String {
    match changes.paths.as_slice() {
        [one] => display_path(
            &std::path::absolute(site_dir).unwrap_or_else(|_| site_dir.to_path_buf()),
            one,
        ),
        many => format!("{} files", many.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_sorted_by_what_they_rebuild() {
        let site = Path::new("/site");
        let out = Path::new("/site/public");
        let paths = |list: &[&str]| list.iter().map(PathBuf::from).collect::<Vec<_>>();
        let c = classify(site, out, &paths(&["/site/content/guides/x.md"]));
        assert!(c.content && !c.theme && !c.static_files && !c.config);
        assert_eq!(c.paths, paths(&["/site/content/guides/x.md"]));
        let c = classify(site, out, &paths(&["/site/guildhall.yml"]));
        assert!(c.config && !c.content);
        let c = classify(site, out, &paths(&["/site/content/blog/authors.yml"]));
        assert!(
            c.config && c.content,
            "Docusaurus's authors make everything again"
        );
        let c = classify(site, out, &paths(&["/site/themes/t/templates/base.html"]));
        assert!(c.theme && !c.content);
        let c = classify(site, out, &paths(&["/site/static/logo.svg"]));
        assert!(c.static_files && !c.theme);
    }

    #[test]
    fn output_scratch_and_unrelated_files_are_ignored() {
        let site = Path::new("/site");
        let out = Path::new("/site/public");
        for ignored in [
            "/site/public/index.html",
            "/site/content/guides/.x.md.swp",
            "/site/content/guides/x.md~",
            "/site/content/guides/.#x.md",
            "/site/content/guides/#x.md#",
            "/site/content/guides/4913",
            "/site/README.md",
            "/site/.git/index",
            "/elsewhere/content/x.md",
            "/site/content/.x.md.guildhall-tmp",
        ] {
            let c = classify(site, out, &[PathBuf::from(ignored)]);
            assert!(c.is_empty(), "{ignored}");
        }
    }
}
