//! `proviso diff <old-clauses> <new-clauses>` or `proviso diff <clauses> --base <revision>`:
//! what a clause edit changes, scenario by scenario, through [`crate::compare`]. Or
//! `proviso diff <clauses> --market-against <market>`: what changes when each scenario is
//! evaluated on another market file than its own ([`crate::compare::markets`]), in the same
//! report.
//!
//! A clause folder may be a deal, or use another folder's names: each side is then every folder
//! it stands for ([`crate::read_clauses`]), and at a revision each of those folders is read
//! from git.
//!
//! The scenarios are the new folder's (or `--scenarios DIR|FILE`, repeatable). Exit 0 when no
//! outcome changed, 1 when one did (or a scenario fails under one side only), 2 on an error (a
//! folder that cannot be read or does not check, a revision git cannot resolve, a market file
//! that cannot be read).

use std::path::{Path, PathBuf};

use super::{CommandLine, EXIT_OK, EXIT_USER, render_diagnostics, use_color};
use crate::compare::git::{GitError, read_folder};
use crate::compare::markets::Against;
use crate::compare::{Side, VersionError, diff};
use crate::error::Error;
use crate::render;

/// Exit code: the comparison could not be made.
pub const EXIT_ERROR: u8 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

pub struct Options {
    /// One folder (with `base`) or two (old, new).
    pub folders: Vec<PathBuf>,
    pub base: Option<String>,
    /// Folders of scenario files, or scenario files; none: the new folder's `scenarios/`.
    pub scenarios: Vec<PathBuf>,
    /// Compare this market file with each scenario's own, under one clause folder.
    pub market_against: Option<PathBuf>,
    /// With `market_against`: how to read it, over each scenario's `[market]` table.
    pub market_series: Vec<String>,
    pub calendar: Option<String>,
    pub format: Format,
}

pub fn run(cmd: &CommandLine, opts: &Options) -> u8 {
    match compare(cmd, opts) {
        Ok(report) => {
            let text = match opts.format {
                Format::Text => render::diff::text::render(&report),
                Format::Json => render::diff::json::render(&report),
                Format::Markdown => render::diff::markdown::render(&report),
            };
            if super::print(text.trim_end()).is_err() {
                return EXIT_OK;
            }
            if report.outcomes_changed() {
                EXIT_USER
            } else {
                EXIT_OK
            }
        }
        Err(errors) => {
            eprint!("{}", render_diagnostics(&errors, use_color()));
            eprintln!("{} error(s): nothing was compared", errors.len());
            EXIT_ERROR
        }
    }
}

fn compare(cmd: &CommandLine, opts: &Options) -> Result<crate::compare::Report, Vec<Error>> {
    if let Some(market) = &opts.market_against {
        return markets(cmd, opts, market);
    }
    // (clap leaves this to us when --base is given, which --market-against conflicts with.)
    let mapped = opts
        .market_series
        .first()
        .map(|_| "--market-series")
        .or(opts.calendar.as_ref().map(|_| "--calendar"));
    if let Some(flag) = mapped {
        return Err(vec![
            cmd.error(
                flag,
                format!(
                    "{flag} says how to read the market file of --market-against, and none is given"
                ),
                "without --market-against",
                "compare the clauses on each scenario's own market file without it, or give the \
             other market file: --market-against FILE"
                    .to_owned(),
            ),
        ]);
    }
    let (old, new, new_dir) = match (opts.folders.as_slice(), &opts.base) {
        ([dir], Some(rev)) => (revision(cmd, dir, rev)?, working(cmd, dir)?, dir),
        ([old, new], None) => (working(cmd, old)?, working(cmd, new)?, new),
        ([dir], None) => {
            return Err(vec![cmd.error(
                &dir.display().to_string(),
                "one clause folder, but nothing to compare it with".to_owned(),
                "this folder",
                format!(
                    "give the old and the new folder, or a revision: proviso diff {} --base HEAD",
                    dir.display()
                ),
            )]);
        }
        (_, _) => {
            let shown = opts
                .folders
                .first()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            return Err(vec![cmd.error(
                &shown,
                "with --base, give one clause folder (the working version)".to_owned(),
                "these folders",
                "proviso diff clauses/pmic-series-a --base HEAD".to_owned(),
            )]);
        }
    };
    let scenarios = scenarios(cmd, opts, new_dir)?;
    diff(&old, &new, &scenarios).map_err(|e| not_checked(cmd, e))
}

/// `--market-against`: one clause folder, each scenario on its own market file and on this one.
fn markets(
    cmd: &CommandLine,
    opts: &Options,
    market: &Path,
) -> Result<crate::compare::Report, Vec<Error>> {
    let dir = match opts.folders.as_slice() {
        [dir] => dir,
        _ => {
            let shown = opts
                .folders
                .get(1)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            return Err(vec![cmd.error(
                &shown,
                "with --market-against, give one clause folder: the clauses are the same on both \
                 sides"
                    .to_owned(),
                "a second folder",
                format!(
                    "proviso diff clauses/pmic-series-a --market-against {}",
                    market.display()
                ),
            )]);
        }
    };
    let shown = market.display().to_string();
    if let Err(e) = std::fs::read(market) {
        return Err(vec![cmd.error(
            &shown,
            format!("cannot read the market file `{shown}`: {e}"),
            "--market-against",
            "give the path of a market file (CSV) to evaluate every scenario on".to_owned(),
        )]);
    }
    let side = working(cmd, dir)?;
    let declared = declared_series(&side);
    let declared: Vec<&str> = declared.iter().map(String::as_str).collect();
    let against = Against {
        path: market.to_path_buf(),
        mapping: super::eval::mapping(cmd, &opts.market_series, opts.calendar.as_ref(), &declared)?,
    };
    let scenarios = scenarios(cmd, opts, dir)?;
    crate::compare::markets::compare(&side, &against, &scenarios).map_err(|e| not_checked(cmd, e))
}

/// The clauses of one side do not check: say which, then their diagnostics.
fn not_checked(cmd: &CommandLine, e: VersionError) -> Vec<Error> {
    let mut errors = vec![cmd.error(
        &e.label,
        format!(
            "the clauses of `{}` do not check: {} error(s), below",
            e.label,
            e.errors.len()
        ),
        "this version",
        "fix the clause files of this version, or compare another one".to_owned(),
    )];
    errors.extend(e.errors);
    errors
}

/// The scenario files: those of each `--scenarios` folder and each file given, or the clause
/// folder's own `scenarios/`.
fn scenarios(cmd: &CommandLine, opts: &Options, dir: &Path) -> Result<Vec<PathBuf>, Vec<Error>> {
    if opts.scenarios.is_empty() {
        return scenario_files(cmd, &dir.join(crate::scenario::FOLDER));
    }
    let mut out = Vec::new();
    for p in &opts.scenarios {
        if p.is_file() {
            out.push(p.clone());
        } else {
            out.extend(scenario_files(cmd, p)?);
        }
    }
    Ok(out)
}

/// The market series the clause files of `side` declare (`market series bid: …`), read from
/// their syntax: what `--market-series` may map besides the four. A file that does not parse
/// declares nothing here; comparing reports it.
fn declared_series(side: &Side) -> Vec<String> {
    let files = side.folders.iter().flat_map(|(_, files, _)| files);
    let mut out = Vec::new();
    for (name, text) in files {
        let text: std::sync::Arc<str> = std::sync::Arc::from(text.as_str());
        let Ok(file) = crate::syntax::parse(crate::source::FileId(0), name, &text) else {
            continue;
        };
        for item in file.items {
            if let crate::ast::Item::MarketSeries(m) = item {
                out.push(m.name.node);
            }
        }
    }
    out
}

/// A folder on disk: the clause folder, or a deal's folders, with the folders they use.
fn working(cmd: &CommandLine, dir: &Path) -> Result<Side, Vec<Error>> {
    Ok(Side {
        label: dir.display().to_string(),
        folders: on_disk(cmd, dir)?
            .into_iter()
            .map(|(_, folder)| folder)
            .collect(),
        documents: Vec::new(),
    })
}

/// The clause folders `dir` stands for, read from disk (see [`crate::read_clauses`]).
fn on_disk(
    cmd: &CommandLine,
    dir: &Path,
) -> Result<Vec<(PathBuf, crate::FolderTexts)>, Vec<Error>> {
    let shown = dir.display().to_string();
    crate::read_clauses(dir, &mut crate::source::Sources::new()).map_err(|e| match e {
        crate::ClauseLoadError::Diagnostics(es) => es,
        crate::ClauseLoadError::Io(path, message) => vec![cmd.error(
            &shown,
            format!("cannot read the clause folder `{path}`: {message}"),
            "this folder",
            "give a folder of .proviso files, e.g. clauses/pmic-series-a".to_owned(),
        )],
    })
}

/// The folder at a git revision.
/// For a deal (or a folder that uses another), each of the folders it stands for now is read at
/// the revision.
fn revision(cmd: &CommandLine, dir: &Path, rev: &str) -> Result<Side, Vec<Error>> {
    let mut side = Side {
        label: rev.to_owned(),
        folders: Vec::new(),
        documents: Vec::new(),
    };
    let folders = on_disk(cmd, dir)?;
    let deal = crate::deal::is_deal(dir);
    for (path, (id, _, evaluated)) in folders {
        match read_folder(&path, rev) {
            Ok(folder) => {
                side.folders.push((id, folder.clauses, evaluated));
                side.documents.extend(folder.documents);
            }
            // A document of the deal added since the revision: the old side is the deal
            // without it, and its rules show as added.
            Err(GitError::NoFolder(_)) if deal => {}
            Err(e) => return Err(git_error(cmd, &path, rev, e)),
        }
    }
    if side.folders.is_empty() {
        return Err(git_error(
            cmd,
            dir,
            rev,
            GitError::NoFolder(format!("{rev}:{}", dir.display())),
        ));
    }
    Ok(side)
}

/// What git could not do, at the `--base` argument.
fn git_error(cmd: &CommandLine, dir: &Path, rev: &str, e: GitError) -> Vec<Error> {
    let error = |message: String, help: String| vec![cmd.error(rev, message, "--base", help)];
    match e {
        GitError::UnknownRevision(r) => error(
            format!("git cannot resolve the revision `{r}`"),
            "give a commit, branch or tag of this repository, e.g. --base HEAD or --base main (see `git log --oneline`)".to_owned(),
        ),
        GitError::NotARepository(m) => error(
            format!("`{}` is not in a git repository: {m}", dir.display()),
            "--base reads the folder from git; compare two folders instead: proviso diff <old> <new>".to_owned(),
        ),
        GitError::NoFolder(at) => error(
            format!("the clause folder did not exist at `{at}`, or had no .proviso files"),
            "choose a revision at which the folder existed".to_owned(),
        ),
        GitError::NoGit(m) => error(
            format!("git could not be run: {m}"),
            "install git, or compare two folders: proviso diff <old> <new>".to_owned(),
        ),
        GitError::Failed(m) => error(format!("git failed: {m}"), "check the repository".to_owned()),
    }
}

fn scenario_files(cmd: &CommandLine, dir: &Path) -> Result<Vec<PathBuf>, Vec<Error>> {
    let shown = dir.display().to_string();
    match crate::scenario::files_in(dir) {
        Ok(v) if !v.is_empty() => Ok(v),
        found => Err(vec![cmd.error(
            opts_arg(&shown),
            match found {
                Err(e) => format!("cannot read the scenarios in `{shown}`: {e}"),
                Ok(_) => format!("no scenarios in `{shown}` to compare the versions on"),
            },
            "no scenarios here",
            "add scenarios to the clause folder's scenarios/, or give a folder of them with --scenarios DIR".to_owned(),
        )]),
    }
}

/// The part of a path that the command line shows (the folder given, when the scenarios are
/// the folder's own `scenarios/`).
fn opts_arg(shown: &str) -> &str {
    shown
        .strip_suffix(&format!("/{}", crate::scenario::FOLDER))
        .unwrap_or(shown)
}
