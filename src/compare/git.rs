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

/// A clause folder as it was at a revision: its clause files, and its other text files (the
/// document a `source` declares), each as (name, text) sorted by name; each name is
/// `revision:path/in/repository`.
#[derive(Debug, Clone, Default)]
pub struct Folder {
    pub clauses: Vec<(String, String)>,
    pub documents: Vec<(String, String)>,
}

/// The files of `dir` at `revision` (not those of its subfolders).
pub fn read_folder(dir: &Path, revision: &str) -> Result<Folder, GitError> {
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
    let no_folder = || GitError::NoFolder(format!("{revision}:{}", prefix.trim_end_matches('/')));
    let tree = format!("{revision}:{prefix}");
    let listing = git(dir, &["ls-tree", "--full-tree", &tree])?;
    if !listing.status.success() {
        return Err(no_folder());
    }
    // `<mode> <type> <object>\t<name>`: files (`blob`) only, not the scenarios/ folder.
    let mut names: Vec<String> = text(&listing)
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .filter(|(meta, _)| meta.split_whitespace().nth(1) == Some("blob"))
        .map(|(_, name)| name.to_owned())
        .collect();
    names.sort();
    if !names.iter().any(|n| n.ends_with(".proviso")) {
        return Err(no_folder());
    }
    let mut folder = Folder::default();
    for name in names {
        let object = format!("{revision}:{prefix}{name}");
        let shown = git(dir, &["show", &object])?;
        if !shown.status.success() {
            return Err(GitError::Failed(
                String::from_utf8_lossy(&shown.stderr).trim().to_owned(),
            ));
        }
        // Text files only: a binary file of the folder is nothing the clauses read.
        let Ok(text) = String::from_utf8(shown.stdout) else {
            continue;
        };
        if name.ends_with(".proviso") {
            folder.clauses.push((object, text));
        } else {
            folder.documents.push((object, text));
        }
    }
    Ok(folder)
}
