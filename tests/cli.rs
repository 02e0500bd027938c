//! Command-line conventions: `--version` with the commit, completions for
//! every shell clap_complete knows, the manual page, and `--quiet` and
//! `--verbose` on every command.

mod common;

use common::TestSite;

#[test]
fn version_names_the_release_and_the_commit() {
    let site = TestSite::empty();
    let out = site.run_exact(&["--version"]).success().stdout();
    assert!(
        out.starts_with(&format!("guildhall {}", env!("CARGO_PKG_VERSION"))),
        "{out}"
    );
    // Built from this git checkout, the commit is named.
    if std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(".git")
        .exists()
    {
        assert!(out.trim_end().ends_with(')') && out.contains(" ("), "{out}");
    }
}

#[test]
fn completions_for_each_shell_and_a_manual() {
    let site = TestSite::empty();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = site.run_exact(&["completions", shell]).success().stdout();
        for command in ["build", "check", "serve", "import"] {
            assert!(script.contains(command), "{shell} completes `{command}`");
        }
    }
    let bash = site.run_exact(&["completions", "bash"]).success().stdout();
    let path = site.root.join("guildhall.bash");
    std::fs::write(&path, bash).unwrap();
    let syntax = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .status()
        .unwrap();
    assert!(syntax.success(), "the bash script parses");
    let man = site.run_exact(&["man"]).success().stdout();
    assert!(
        man.contains(".TH guildhall 1") && man.contains("knowledge base"),
        "{man}"
    );
    assert_eq!(site.run_exact(&["completions", "tcsh"]).code(), 2);
}

#[test]
fn quiet_says_nothing_but_problems_and_verbose_says_more() {
    let site = TestSite::basic();
    site.write("content/guides/g.md", "---\ntitle: G\n---\nText.\n");
    let normal = site.build().success();
    assert!(normal.stderr().contains("Built "), "{}", normal.stderr());
    let quiet = site.run_exact(&["build", "--quiet", "."]).success();
    assert_eq!(quiet.stderr(), "", "quiet build");
    let check = site.run_exact(&["-q", "check", "."]).success();
    assert_eq!(check.stderr(), "", "quiet check");
    let verbose = site.run_exact(&["build", "--verbose", "."]).success();
    assert!(
        verbose.stderr().contains("timing: read and parse content:"),
        "{}",
        verbose.stderr()
    );
    // Problems still show when quiet.
    site.write("content/guides/bad.md", "---\ntitle: [\n---\n");
    let failed = site.run_exact(&["build", "-q", "."]);
    assert_eq!(failed.code(), 1);
    failed.assert_stderr_has("invalid YAML");
    assert_eq!(
        site.run_exact(&["build", "-q", "-v", "."]).code(),
        2,
        "one or the other"
    );
}
