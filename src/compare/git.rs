//! A clause folder as it was at a git revision, read through `git` itself (`rev-parse`,
//! `ls-tree`, `show`): no checkout, no change to the working tree.

use std::path::Path;
use std::process::Command;

/// Why a folder could not be read at a revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitError {
    /// `git` could not be run at all.
    NoGit(String),
    /// The folder is not inside a git repository.
    NotARepository(String),
    /// The revision does not name a commit.
    UnknownRevision(String),
    /// The folder did not exist at that revision (or had no clause files).
    NoFolder(String),
    Failed(String),
}

fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, GitError> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| GitError::NoGit(e.to_string()))
}

fn text(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout)
        .trim_end_matches('\n')
        .to_owned()
}

/// The `.proviso` files of `dir` at `revision`, as (name, text) pairs sorted by name; each name
/// is `revision:path/in/repository`.
pub fn read_folder(dir: &Path, revision: &str) -> Result<Vec<(String, String)>, GitError> {
    let prefix = git(dir, &["rev-parse", "--show-prefix"])?;
    if !prefix.status.success() {
        return Err(GitError::NotARepository(
            String::from_utf8_lossy(&prefix.stderr).trim().to_owned(),
        ));
    }
    let prefix = text(&prefix);
    let commit = git(
        dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{revision}^{{commit}}"),
        ],
    )?;
    if !commit.status.success() {
        return Err(GitError::UnknownRevision(revision.to_owned()));
    }
    let tree = format!("{revision}:{prefix}");
    let listing = git(dir, &["ls-tree", "--full-tree", "--name-only", &tree])?;
    if !listing.status.success() {
        return Err(GitError::NoFolder(format!(
            "{revision}:{}",
            prefix.trim_end_matches('/')
        )));
    }
    let mut names: Vec<String> = text(&listing)
        .lines()
        .filter(|n| n.ends_with(".proviso"))
        .map(str::to_owned)
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(GitError::NoFolder(format!(
            "{revision}:{}",
            prefix.trim_end_matches('/')
        )));
    }
    let mut files = Vec::new();
    for name in names {
        let object = format!("{revision}:{prefix}{name}");
        let shown = git(dir, &["show", &object])?;
        if !shown.status.success() {
            return Err(GitError::Failed(
                String::from_utf8_lossy(&shown.stderr).trim().to_owned(),
            ));
        }
        files.push((object, String::from_utf8_lossy(&shown.stdout).into_owned()));
    }
    Ok(files)
}
