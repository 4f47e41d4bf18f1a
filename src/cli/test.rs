//! `proviso test <clauses-dir> [--accept [SCENARIO]...] [--review] [--format text|json|junit]`:
//! run every scenario of the folder's `scenarios/`, check its expectations and compare its memo
//! with the snapshot beside it.
//!
//! A missing snapshot is written and reported as new (except in CI, where `CI` is set: a
//! snapshot is never written there, and a missing one fails). A changed one fails until it is
//! accepted: `--accept` (all, or the scenarios named) writes them, `--review` asks for each
//! (accept / reject / skip). Exit 0 when every scenario passes; 1 when an expectation fails, a
//! snapshot changed, or a scenario or the clauses cannot be loaded; 2 on an internal error.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use super::{
    CommandLine, EXIT_OK, EXIT_USER, exit_code, load_clauses, render_diagnostics, use_color,
};
use crate::error::Error;
use crate::render::suite;
use crate::scenario::suite::{Decision, Entry, Snapshot};
use crate::source::Sources;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Junit,
}

pub struct Options {
    pub clauses: PathBuf,
    /// `None`: accept nothing; `Some([])`: every changed snapshot; else the scenarios named.
    pub accept: Option<Vec<String>>,
    pub review: bool,
    pub format: Format,
}

pub fn run(cmd: &CommandLine, opts: &Options) -> u8 {
    let mut sources = Sources::new();
    let program = match load_clauses(cmd, &opts.clauses, &mut sources) {
        Ok(p) => p,
        Err(errors) => {
            eprint!("{}", render_diagnostics(&errors, use_color()));
            eprintln!(
                "{} error(s) in the clause files: no scenario was run",
                errors.len()
            );
            return exit_code(&errors);
        }
    };
    let paths = match scenarios(cmd, &opts.clauses) {
        Ok(p) => p,
        Err(e) => {
            eprint!("{}", render_diagnostics(&[e], use_color()));
            return EXIT_USER;
        }
    };
    if let Some(names) = &opts.accept {
        let unknown: Vec<Error> = names
            .iter()
            .filter(|n| !paths.iter().any(|p| crate::scenario::name_of(p) == **n))
            .map(|n| {
                let all: Vec<String> = paths.iter().map(|p| crate::scenario::name_of(p)).collect();
                cmd.error(
                    n,
                    format!("there is no scenario `{n}` in {}", opts.clauses.display()),
                    "--accept",
                    crate::check::suggest(n, all.iter().map(String::as_str), "scenario"),
                )
            })
            .collect();
        if !unknown.is_empty() {
            eprint!("{}", render_diagnostics(&unknown, use_color()));
            return EXIT_USER;
        }
    }
    let in_ci = in_ci();
    let mut entries: Vec<Entry> = Vec::new();
    for path in &paths {
        let mut entry = crate::scenario::suite::entry(&program, &mut sources, path);
        let accepted = opts
            .accept
            .as_ref()
            .is_some_and(|names| names.is_empty() || names.contains(&entry.run.name));
        let decision = match &entry.snapshot {
            // A scenario with problems gets its first snapshot once they are fixed.
            Snapshot::New { .. } if (!in_ci && entry.run.errors.is_empty()) || accepted => {
                Some(Decision::Accepted)
            }
            Snapshot::Changed { .. } if accepted => Some(Decision::Accepted),
            Snapshot::Changed { diff, .. } if opts.review => Some(review(&entry.run.name, diff)),
            _ => None,
        };
        if let Some(d) = decision
            && let Err(e) = entry.settle(d)
        {
            eprintln!(
                "proviso: cannot write the snapshot of `{}`: {e}",
                entry.run.name
            );
            return EXIT_USER;
        }
        entries.push(entry);
    }
    let clauses = opts.clauses.display().to_string();
    let report = match opts.format {
        Format::Text => suite::text::render(&clauses, &entries, &sources, use_color_stdout()),
        Format::Json => suite::json::render(&clauses, &entries, &sources),
        Format::Junit => suite::junit::render(&clauses, &entries, &sources),
    };
    // A reader that stops early (`| head`) does not change the result: a failing suite still
    // fails in a pipeline.
    let _ = super::print(report.trim_end());
    let internal: Vec<&Error> = entries.iter().flat_map(|e| &e.run.errors).collect();
    if internal.iter().any(|e| super::is_internal(e)) {
        super::EXIT_INTERNAL
    } else if entries.iter().all(Entry::passed) {
        EXIT_OK
    } else {
        EXIT_USER
    }
}

/// The scenario files of the folder, or an error pointing at the folder argument.
fn scenarios(cmd: &CommandLine, clauses: &Path) -> Result<Vec<PathBuf>, Error> {
    let shown = clauses.display().to_string();
    match crate::scenario::discover(clauses) {
        Ok(paths) if !paths.is_empty() => Ok(paths),
        Ok(_) => Err(cmd.error(
            &shown,
            format!("`{shown}` has no scenarios"),
            "this folder",
            format!(
                "add a scenario file, e.g. {}/scenarios/first.toml, with a `[scenario]` table (see the README)",
                shown.trim_end_matches('/')
            ),
        )),
        Err(e) => Err(cmd.error(
            &shown,
            format!("cannot read the scenarios of `{shown}`: {e}"),
            "this folder",
            "give a clause folder with a readable `scenarios/` folder".to_owned(),
        )),
    }
}

/// Ask what to do with a changed snapshot: show the diff, read `a`, `r` or `s` from stdin.
/// End of input skips.
fn review(name: &str, diff: &str) -> Decision {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "\n── {name}: the snapshot changed\n{diff}");
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        let _ = write!(err, "{name}: (a)ccept, (r)eject, (s)kip? ");
        let _ = err.flush();
        let Some(Ok(line)) = lines.next() else {
            let _ = writeln!(err, "skipped");
            return Decision::Skipped;
        };
        match line.trim().to_lowercase().as_str() {
            "a" | "accept" | "y" | "yes" => return Decision::Accepted,
            "r" | "reject" | "n" | "no" => return Decision::Rejected,
            "s" | "skip" => return Decision::Skipped,
            _ => {
                let _ = writeln!(err, "type a, r or s");
            }
        }
    }
}

/// Whether this runs in CI: the environment variable `CI` is set to anything but nothing,
/// `false` or `0`.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "false" | "0"))
}

/// Whether the report on stdout is coloured: not when `NO_COLOR` is set, nor into a pipe.
fn use_color_stdout() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}
