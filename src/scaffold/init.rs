//! `guildhall init DIR [--host github|gitlab|codeberg|none]`: a new
//! knowledge base that builds at once, with contributor docs and the CI
//! files of its host (GitHub workflows through guildhall's action, a GitLab
//! pipeline, a Woodpecker pipeline for Codeberg Pages). The files live in
//! `starter/` and are built into the binary; the action and the release
//! they install come from the package's `repository` and version.

use std::path::{Path, PathBuf};

use crate::util::embedded;

const FILES: &[(&str, &str)] = embedded!(
    "starter/",
    "guildhall.yml",
    "README.md",
    "CONTRIBUTING.md",
    ".gitignore",
    "content/index.md",
    "content/questions/how-do-i-ask-a-good-question/index.md",
    "content/questions/how-do-i-ask-a-good-question/alex-example.md",
    "content/questions/what-should-we-document-first.md",
    "content/guides/how-to-contribute.md",
    "content/events/kickoff-meetup.md",
);

/// The CI files of each host, by the path they are written to.
const GITHUB: &[(&str, &str)] = embedded!(
    "starter/",
    ".github/pull_request_template.md",
    ".github/workflows/pages.yml",
    ".github/workflows/check.yml",
);
const GITLAB: &[(&str, &str)] = embedded!("starter/hosts/gitlab/", ".gitlab-ci.yml");
const CODEBERG: &[(&str, &str)] = embedded!("starter/hosts/codeberg/", ".woodpecker/pages.yml");

/// Where the site will be published, for its CI files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Host {
    /// GitHub Pages, through GitHub Actions
    #[default]
    Github,
    /// GitLab Pages, through GitLab CI
    Gitlab,
    /// Codeberg Pages, through Codeberg's Woodpecker CI
    Codeberg,
    /// No CI files (Netlify, Cloudflare Pages, any static host)
    None,
}

impl Host {
    fn files(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Host::Github => GITHUB,
            Host::Gitlab => GITLAB,
            Host::Codeberg => CODEBERG,
            Host::None => &[],
        }
    }

    /// What `guildhall.yml` says about `base_url` on this host.
    fn base_url_note(self) -> &'static str {
        match self {
            Host::Github => {
                "On GitHub Pages the workflow passes the real\n# address with --base-url, so this only matters for local builds."
            }
            Host::Gitlab => {
                "On GitLab Pages the pipeline passes the real\n# address ($CI_PAGES_URL, https://NAMESPACE.gitlab.io/PROJECT/) with --base-url."
            }
            Host::Codeberg => {
                "On Codeberg Pages the pipeline passes the real\n# address (https://OWNER.codeberg.page/REPO/) with --base-url."
            }
            Host::None => {
                "Set it to the site's address (https://kb.example.org/),\n# or pass --base-url to `guildhall build` on your host."
            }
        }
    }
}

/// `guildhall-ssg/guildhall`: the project's repository on GitHub, from the
/// package metadata (the one place that names it).
pub fn project_repository() -> &'static str {
    env!("CARGO_PKG_REPOSITORY")
        .trim_start_matches("https://github.com/")
        .trim_end_matches('/')
}

/// `guildhall-ssg/guildhall@v0.1.0`: the action of this release.
pub fn action() -> String {
    format!("{}@v{}", project_repository(), env!("CARGO_PKG_VERSION"))
}

/// Writes the starter site into `dir`, which must be missing or empty, with
/// the CI files of `host`. Returns the files written.
pub fn init(dir: &Path, host: Host) -> Result<Vec<PathBuf>, String> {
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(format!(
            "{} is not empty: init only writes into a new or empty folder",
            dir.display()
        ));
    }
    let title = site_title(dir);
    let mut written = Vec::with_capacity(FILES.len());
    for (name, text) in FILES.iter().chain(host.files()) {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        let text = text
            .replace("__SITE_TITLE__", &title)
            .replace("__BASE_URL_NOTE__", host.base_url_note())
            .replace("__GUILDHALL_ACTION__", &action())
            .replace("__GUILDHALL_REPO__", project_repository())
            .replace("__GUILDHALL_VERSION__", env!("CARGO_PKG_VERSION"));
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// "Ops Guild KB" from a folder named `ops-guild-kb`.
fn site_title(dir: &Path) -> String {
    let name = std::path::absolute(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let words: Vec<String> = name
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect();
    if words.is_empty() {
        "Our knowledge base".into()
    } else {
        words.join(" ")
    }
}
