//! `proviso fmt [--check] <path>...`: rewrite clause files in the canonical layout
//! (`crate::layout`), or, with `--check`, list the files that are not in it.
//!
//! A path is a `.proviso` file or a folder, whose `.proviso` files are taken recursively, in
//! name order. A file that does not parse is reported with the diagnostics `proviso check`
//! prints and never rewritten; the others are still formatted.

use std::path::{Path, PathBuf};

use similar::TextDiff;

use super::{CommandLine, EXIT_OK, EXIT_USER, exit_code, render_diagnostics, use_color};
use crate::error::Error;
use crate::layout::{self, LayoutError};

/// Lines of diff shown for a file `--check` finds unformatted.
const DIFF_LINES: usize = 12;

/// What to format, and whether only to check.
#[derive(Debug, Clone)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub check: bool,
}

/// Returns the exit code: 0 when every file is (now) formatted — with `--check`, when none would
/// change; 1 when `--check` finds a file that would change, or a file does not parse or cannot
/// be read or written; 2 on an internal error. Changed files go to stdout, diagnostics to
/// stderr.
pub fn run(cmd: &CommandLine, opts: &Options) -> u8 {
    let mut errors: Vec<Error> = Vec::new();
    let mut files: Vec<(PathBuf, &Path)> = Vec::new();
    for arg in &opts.paths {
        match clause_files(arg) {
            Ok(found) if found.is_empty() => errors.push(cmd.error(
                &arg.display().to_string(),
                format!("no .proviso files in `{}`", arg.display()),
                "this folder",
                "give a clause file or a folder of them, e.g. clauses".to_owned(),
            )),
            Ok(found) => files.extend(found.into_iter().map(|f| (f, arg.as_path()))),
            Err(e) => errors.push(cmd.error(
                &arg.display().to_string(),
                format!("cannot read `{}`: {e}", arg.display()),
                "this path",
                "give a .proviso file or a folder of them".to_owned(),
            )),
        }
    }

    let mut changed = 0usize;
    let mut out = String::new();
    for (path, arg) in &files {
        let shown = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                errors.push(io_error(cmd, arg, &shown, "read", &e));
                continue;
            }
        };
        let formatted = match layout::format_named(&shown, &text) {
            Ok(f) => f,
            Err(es) => {
                errors.extend(es.into_iter().map(|e| match e {
                    LayoutError::Syntax(s) => Error::Syntax(s),
                    internal => Error::Layout(internal),
                }));
                continue;
            }
        };
        if formatted == text {
            continue;
        }
        if opts.check {
            changed += 1;
            out.push_str(&shown);
            out.push('\n');
            out.push_str(&first_difference(&text, &formatted));
        } else if let Err(e) = std::fs::write(path, &formatted) {
            errors.push(io_error(cmd, arg, &shown, "write", &e));
        } else {
            changed += 1;
            out.push_str(&shown);
            out.push('\n');
        }
    }

    let summary = if opts.check {
        format!(
            "{changed} of {} file(s) would be reformatted by `proviso fmt`",
            files.len()
        )
    } else {
        format!("{changed} of {} file(s) reformatted", files.len())
    };
    out.push_str(&summary);
    if !errors.is_empty() {
        // Files that do not parse, or could not be read or written, are not counted above.
        out.push_str(&format!(
            "; {} problem(s), below, left their files unchanged",
            errors.len()
        ));
    }
    let _ = super::print(&out);
    if !errors.is_empty() {
        eprint!("{}", render_diagnostics(&errors, use_color()));
        eprintln!("{} error(s)", errors.len());
        return exit_code(&errors);
    }
    if opts.check && changed > 0 {
        EXIT_USER
    } else {
        EXIT_OK
    }
}

/// The `.proviso` files a path names: the file itself, or those of a folder and its
/// subfolders, sorted.
fn clause_files(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !std::fs::metadata(path)?.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut found = Vec::new();
    let mut folders = vec![path.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let p = entry?.path();
            if p.is_dir() {
                folders.push(p);
            } else if p.extension().is_some_and(|x| x == "proviso") {
                found.push(p);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// A file that could not be read or written, labelled on the argument that named it.
fn io_error(cmd: &CommandLine, arg: &Path, shown: &str, verb: &str, e: &std::io::Error) -> Error {
    cmd.error(
        &arg.display().to_string(),
        format!("cannot {verb} `{shown}`: {e}"),
        "this path",
        format!("check that `{shown}` can be {verb}"),
    )
}

/// The first lines that differ, as a unified diff, indented under the file's name.
fn first_difference(before: &str, after: &str) -> String {
    let diff = TextDiff::from_lines(before, after);
    let mut unified = diff.unified_diff();
    let Some(hunk) = unified.context_radius(1).iter_hunks().next() else {
        return String::new();
    };
    let text = hunk.to_string();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    for line in lines.iter().take(DIFF_LINES) {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
    if lines.len() > DIFF_LINES {
        out.push_str("  …\n");
    }
    out
}
