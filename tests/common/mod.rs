//! Helpers shared by the integration tests: copy a fixture site into a
//! temporary folder, run the real `guildhall` binary on it, read the output.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub mod microdata;

/// A fixture site copied into a temporary folder, so tests can build it,
/// change it, and run in parallel.
pub struct TestSite {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl TestSite {
    /// Copies `tests/fixtures/<name>` into a new temporary folder.
    pub fn fixture(name: &str) -> TestSite {
        TestSite::copy_of(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
        )
    }

    /// Copies the site in `dir` (leaving out a built `public/`) into a new
    /// temporary folder.
    pub fn copy_of(dir: &Path) -> TestSite {
        let site = TestSite::empty();
        copy_tree(dir, &site.root);
        site
    }

    /// An empty site with a title and an absolute `base_url`.
    pub fn basic() -> TestSite {
        let site = TestSite::empty();
        site.write(
            "guildhall.yml",
            "title: T\nbase_url: https://example.org/\n",
        );
        site
    }

    pub fn empty() -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).expect("content dir");
        TestSite { _dir: dir, root }
    }

    /// `tests/fixtures/<name>`, copied and built; panics with the
    /// diagnostics unless the build succeeds.
    pub fn built(name: &str) -> TestSite {
        let site = TestSite::fixture(name);
        let run = site.build().success();
        assert!(run.stderr().contains("Built "), "{}", run.stderr());
        site
    }

    /// Writes `text` to `path` under the site, creating folders.
    pub fn write(&self, path: &str, text: impl AsRef<[u8]>) -> &Self {
        let full = self.root.join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
        self
    }

    /// Runs `guildhall ARGS... SITE` with a fixed build time and no colour.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut command = Command::cargo_bin("guildhall").expect("binary");
        command
            .args(args)
            .arg(&self.root)
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", "1780000000"); // 2026-05-28
        Run(command.output().expect("run guildhall"))
    }

    /// Runs `guildhall ARGS...` exactly as given (no site appended), in the
    /// site folder.
    pub fn run_exact(&self, args: &[&str]) -> Run {
        let mut command = Command::cargo_bin("guildhall").expect("binary");
        command
            .args(args)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", "1780000000");
        Run(command.output().expect("run guildhall"))
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// `build`, killed if it has not finished after `watchdog`: for input
    /// that could make a build hang. The watchdog is far above any normal
    /// build's time, so only a hang (or a machine stopped for minutes)
    /// reaches it; how cost grows is tested by `grows_linearly`.
    pub fn build_watched(&self, watchdog: std::time::Duration) -> Run {
        let mut command = Command::cargo_bin("guildhall").expect("binary");
        command
            .arg("build")
            .arg(&self.root)
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", "1780000000")
            .timeout(watchdog);
        let output = command.output().expect("run guildhall");
        assert!(
            output.status.code().is_some(),
            "the build did not finish within {watchdog:?}: it hangs"
        );
        Run(output)
    }

    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    /// The text of an output file; panics with the list of files when missing.
    pub fn read(&self, path: &str) -> String {
        let full = self.public().join(path);
        std::fs::read_to_string(&full)
            .unwrap_or_else(|e| panic!("{path}: {e}; output has: {:?}", list_files(&self.public())))
    }

    pub fn exists(&self, path: &str) -> bool {
        self.public().join(path).exists()
    }
}

/// The outcome of one run of the binary.
pub struct Run(pub Output);

impl Run {
    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }

    /// Asserts success, showing the diagnostics otherwise.
    pub fn success(self) -> Self {
        assert_eq!(self.code(), 0, "expected success, got:\n{}", self.stderr());
        self
    }

    /// Asserts that stderr holds `text`, showing it otherwise.
    #[track_caller]
    pub fn assert_stderr_has(&self, text: &str) -> &Self {
        let stderr = self.stderr();
        assert!(stderr.contains(text), "no {text:?} in:\n{stderr}");
        self
    }

    pub fn failure(self) -> Self {
        assert_eq!(
            self.code(),
            1,
            "expected exit 1, got {}:\n{}",
            self.code(),
            self.stderr()
        );
        self
    }
}

/// Every file under `root`, relative, sorted.
pub fn list_files(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .expect("under root")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

fn copy_tree(from: &Path, to: &Path) {
    for item in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_entry(|e| e.depth() != 1 || e.file_name() != "public")
    {
        let item = item.expect("fixture readable");
        let target = to.join(item.path().strip_prefix(from).expect("under fixture"));
        if item.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(item.path(), &target).expect("copy");
        }
    }
}

/// The text between the first `start` and the next `end` after it.
pub fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not found in:\n{text}"))
        + start.len();
    let to = text[from..].find(end).map_or(text.len(), |i| from + i);
    &text[from..to]
}
