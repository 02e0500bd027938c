//! Puts the commit into `guildhall --version` when built from a git
//! checkout (`0.1.0 (1a2b3c4d5e6f)`); a packaged crate has no `.git` and
//! says the version alone.

use std::path::Path;
use std::process::Command;

fn main() {
    if !Path::new(".git").exists() {
        return;
    }
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/refs/heads");
    let commit = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok());
    if let Some(commit) = commit
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
    {
        println!("cargo:rustc-env=GUILDHALL_COMMIT={commit}");
    }
}
