//! Puts the commit into `unknot --version` when unknot is built at the top of a git work tree
//! with a commit checked out: `unknot 0.1.0 (abc1234 2026-11-30)`. Built anywhere else, it is
//! just `unknot 0.1.0`: without git or when git fails, from a folder inside some other work
//! tree (a crates.io download, the copy `cargo package` builds under target/, a source tarball
//! unpacked in a packaging repository), or in a repository with no commit yet.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let shown = match commit(&manifest_dir) {
        Some((hash, date)) => format!("{version} ({hash} {date})"),
        None => version,
    };
    println!("cargo:rustc-env=UNKNOT_VERSION={shown}");
    println!("cargo:rerun-if-changed=build.rs");
    fold_identical_code();
}

/// In the builds optimised for size (the `dist` profile of the .deb), the linker folds functions
/// whose machine code is identical, as generic code often is: 45 kB less (docs/performance.md).
/// Only functions are folded, never data (LLD keeps data addresses distinct unless told
/// otherwise), and Rust promises no two functions distinct addresses. Only where rustc links
/// with its own LLD: x86-64 Linux, Rust 1.90 and newer.
fn fold_identical_code() {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let size_optimised = matches!(var("OPT_LEVEL").as_str(), "s" | "z");
    if size_optimised && var("TARGET") == "x86_64-unknown-linux-gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,--icf=all");
    }
}

/// The short hash and date of the checked-out commit, when `dir` is the top of a git work tree.
fn commit(dir: &Path) -> Option<(String, String)> {
    // `cargo package` builds a copy of the crate inside target/, which is inside this work
    // tree: only a repository whose top is the crate's own folder counts.
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    if std::fs::canonicalize(&top).ok()? != std::fs::canonicalize(dir).ok()? {
        return None;
    }
    // Rebuild when HEAD, packed-refs or the checked-out branch's own ref file changes: another
    // commit checked out, or the branch moved (paths resolved by git, so that linked work
    // trees are followed too). Only files that exist now are watched, so a ref that has no
    // file yet (the branch of a repository with no commit, or a branch git keeps only in
    // packed-refs) is not: the commit that creates it shows in the version once one of the
    // watched files, or this script, changes.
    let branch = git(dir, &["symbolic-ref", "-q", "HEAD"]);
    for path in ["HEAD", "packed-refs"].into_iter().chain(branch.as_deref()) {
        if let Some(file) = git(dir, &["rev-parse", "--git-path", path]) {
            let file = dir.join(file);
            // A missing file would make cargo rerun this script on every build.
            if file.exists() {
                println!("cargo:rerun-if-changed={}", file.display());
            }
        }
    }
    let line = git(dir, &["log", "-1", "--format=%h %cs"])?;
    let (hash, date) = line.split_once(' ')?;
    Some((hash.to_string(), date.to_string()))
}

/// One line of git's output, or `None` if git is missing or fails.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let line = text.trim();
    (!line.is_empty()).then(|| line.to_string())
}
