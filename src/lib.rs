//! proviso: contract clauses as declarative rules, evaluated against market data and facts to say
//! who owes what to whom, by when, and why.
//!
//! The pipeline, one module per stage:
//!
//! | stage    | module    | in → out                                              |
//! |----------|-----------|-------------------------------------------------------|
//! | parse    | `syntax`  | clause text → `ast::File` (spans on every node)       |
//! | check    | `check`, `document` | files → `Program` (names resolved to ids, typed; quotes and section numbers checked against the `source` text) |
//! | load     | `facts`, `market` | facts TOML/JSON, market CSV → [`Inputs`]      |
//! | evaluate | `eval`, `outcome` | program + inputs + date → [`Outcome`] with explanations |
//! | render   | `render`  | `Outcome` → text for people, JSON for tools           |
//! | coverage | `coverage` | `Program` with a `source` → every section of the text: encoded, not computable, missing |
//! | scenarios | `scenario` | a scenario file → `Scenario` + [`Inputs`] → [`Outcome`] → its expectations checked, its memo (`proviso test`) |
//! | compare  | `compare` | two versions of a folder over the scenarios (or one over two market files) → what changed, and where the derivations part (`proviso diff`) |
//! | layout   | `layout`  | clause text → the same text in the canonical layout (`proviso fmt`) |
//! | serve    | `serve`   | a clause folder → a local web page: scenarios on a timeline, explanations, an edit's changes (`proviso serve`) |
//! | analysis | `ide`     | a clause folder + unsaved editor texts → diagnostics, hover, definitions, references, symbols, completions at a byte offset (protocol-free) |
//! | editors  | `lsp`     | `ide` over the Language Server Protocol on stdio (`proviso lsp`) |
//!
//! The library is the product's spine: the command line, the tests and every tool built on
//! proviso call the functions of this page.
//!
//! ```
//! use proviso::{Explain, Options, source::Sources};
//! use std::path::Path;
//!
//! let mut sources = Sources::new();
//! let program = proviso::load_clauses(Path::new("clauses/pmic-series-a"), &mut sources).unwrap();
//! let inputs = proviso::load_inputs(
//!     &program,
//!     &mut sources,
//!     Path::new("clauses/pmic-series-a/scenarios/first-conversion.toml"),
//!     Path::new("clauses/pmic-series-a/scenarios/market.csv"),
//! )
//! .unwrap();
//! let as_of = chrono::NaiveDate::from_ymd_opt(2002, 10, 31).unwrap();
//! let outcome = proviso::evaluate(&program, &inputs, &sources, as_of, &Options::default());
//!
//! // The Company owes Stonestreet the Conversion Shares of the 2002-10-15 conversion:
//! // 100 shares of Preferred Stock at $1,000 converted at $1.03 = 97,087.38 shares, of which
//! // 97,087 are delivered (the fraction is paid in cash under 5(e)).
//! let deliver = outcome.obligations_of("deliver_conversion_shares").next().unwrap();
//! assert_eq!(deliver.amount.as_ref().unwrap().text, "97087");
//! assert_eq!(deliver.status, proviso::outcome::Status::FulfilledLate);
//!
//! // The same numbers without explanations, for sweeps.
//! let fast = Options { explain: Explain::Off, ..Options::default() };
//! let quick = proviso::evaluate(&program, &inputs, &sources, as_of, &fast);
//! assert!(quick.obligations.iter().all(|o| o.explanation.is_none()));
//! assert_eq!(quick.obligations.len(), outcome.obligations.len());
//! ```

//! A tool over a clause folder (the web page of `proviso serve`, a language server) evaluates
//! a scenario and compares two versions of the clauses through the same calls:
//!
//! ```
//! use proviso::{Explain, compare::Side, source::Sources};
//! use std::path::Path;
//!
//! let dir = Path::new("clauses/pmic-series-a");
//! let scenario = dir.join("scenarios/first-conversion.toml");
//! assert!(proviso::scenario::discover(dir).unwrap().contains(&scenario));
//!
//! // A folder and one of its scenarios into an Outcome (`proviso eval`'s JSON from
//! // `render::json::render(&outcome)`).
//! let mut sources = Sources::new();
//! let program = proviso::load_clauses(dir, &mut sources).unwrap();
//! let (loaded, inputs) = proviso::scenario::load(&program, &mut sources, &scenario).unwrap();
//! let outcome = proviso::scenario::evaluate(&program, &sources, &loaded, &inputs, Explain::Full);
//! let deliver = outcome.obligations_of("deliver_conversion_shares").next().unwrap();
//! assert_eq!(deliver.amount.as_ref().unwrap().display, "97,087 shares");
//!
//! // Two versions of the folder: the one on disk, and the same with the Floor Price raised to
//! // $1.10 (as texts in memory); what changes over the scenarios given (`proviso diff`'s JSON
//! // from `render::diff::json::render(&report)`).
//! let folders: Vec<_> = proviso::read_clauses(dir, &mut Sources::new())
//!     .unwrap()
//!     .into_iter()
//!     .map(|(_, folder)| folder)
//!     .collect();
//! let old = Side { label: "saved".into(), folders: folders.clone(), documents: vec![] };
//! let mut new = Side { label: "edited".into(), folders, documents: vec![] };
//! for (_, texts, _) in &mut new.folders {
//!     for (_, text) in texts.iter_mut() {
//!         *text = text.replace("USD per share = $0.75 per share", "USD per share = $1.10 per share");
//!     }
//! }
//! let report = proviso::compare::diff(&old, &new, &[scenario]).unwrap();
//! // 100 × $1,000 / $1.10 = 90,909.09 → 90,909 shares, instead of 97,087.
//! let changes = &report.scenarios[0].changes;
//! assert!(changes.iter().any(|c| c.id == "deliver_conversion_shares#1"));
//! ```

#![expect(
    clippy::result_large_err,
    reason = "diagnostics carry their source text; errors are the cold path and are not boxed"
)]

pub mod ast;
pub mod check;
pub mod cli;
pub mod compare;
pub mod coverage;
pub mod deal;
pub mod document;
pub mod error;
pub mod eval;
pub mod facts;
pub mod ide;
pub mod layout;
pub mod lsp;
pub mod market;
pub mod outcome;
pub mod program;
pub mod render;
pub mod scenario;
pub mod serve;
pub mod source;
pub mod syntax;
pub mod value;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

pub use check::Program;
pub use error::Error;
pub use eval::Explain;
pub use outcome::Outcome;

use facts::Facts;
use market::Market;
use program::types::TermId;
use source::{FileId, Sources};

/// What an evaluation reads besides the clauses: the facts and event log, and the market data.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub facts: Facts,
    pub market: Market,
}

/// How to evaluate.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Build explanations (`Full`), or values only (`Off`).
    pub explain: Explain,
    /// Defined terms whose values to report besides the obligations and rights, each for
    /// every context it takes (every conversion, …); see [`Program::term_by_name`].
    pub values: Vec<TermId>,
    /// The days on which to report those of the `values` that take a day (`"VWAP"(day)`):
    /// their contexts cannot be listed from the facts.
    pub days: Vec<NaiveDate>,
    /// Report the `values` only, without evaluating the obligations and rights (a sweep of a
    /// price, say). Off by default.
    pub only_values: bool,
}

/// Evaluate a checked program against its inputs as of a date: every obligation and right with
/// its status, and the terms asked for.
///
/// It is a pure function of its arguments, so sweeps run one evaluation per case — here the
/// late fee of the example as it accrues, with no explanations built:
///
/// ```
/// # use proviso::{Explain, Options, source::Sources};
/// # use std::path::Path;
/// # let mut sources = Sources::new();
/// # let program = proviso::load_clauses(Path::new("clauses/pmic-series-a"), &mut sources).unwrap();
/// # let inputs = proviso::load_inputs(&program, &mut sources,
/// #     Path::new("clauses/pmic-series-a/scenarios/first-conversion.toml"), Path::new("clauses/pmic-series-a/scenarios/market.csv")).unwrap();
/// let options = Options { explain: Explain::Off, ..Options::default() };
/// let fee = |day: &str| {
///     let as_of = day.parse().unwrap();
///     let out = proviso::evaluate(&program, &inputs, &sources, as_of, &options);
///     let fee = out.obligations_of("pay_late_fee").next().unwrap();
///     fee.amount.as_ref().unwrap().text.clone()
/// };
/// // 18% a year on the unpaid dividend of $1,488.89, due 2002-10-18, over 365 days:
/// // 13 days to 2002-10-31 is $9.545… → $9.55; 43 days to 2002-11-30 is $31.5728… → $31.57.
/// assert_eq!(fee("2002-10-31"), "9.55");
/// assert_eq!(fee("2002-11-30"), "31.57");
/// ```
///
/// Market rows after `as_of` are not used; events after it
/// have not happened; the market file's later dates still count as the calendar of Trading
/// Days for deadlines. Rules that fail are in `Outcome::errors`; the rest is evaluated.
pub fn evaluate(
    program: &Program,
    inputs: &Inputs,
    sources: &Sources,
    as_of: NaiveDate,
    options: &Options,
) -> Outcome {
    // The market as the clauses' rule of Trading Days reads it: borrowed, for inputs loaded
    // for this program.
    let market = inputs.market.under(program.trading_days.as_ref());
    let mut ev = eval::Evaluator::new(
        program,
        &inputs.facts,
        &market,
        sources,
        as_of,
        options.explain,
    );
    let mut out = outcome::evaluate(
        &mut ev,
        &options.values,
        &options.days,
        !options.only_values,
    );
    out.notes.extend(market.note());
    out
}

/// Load a facts file (TOML, or JSON by the `.json` extension) and a market file (CSV) already
/// added to `sources`, checked against the program's declarations, the market's rows sorted
/// by its rule of Trading Days ([`market::Market::under`]); every problem of both.
pub fn load_input_files(
    program: &Program,
    sources: &Sources,
    facts_file: FileId,
    market_file: FileId,
) -> Result<Inputs, Vec<Error>> {
    load_input_files_mapped(
        program,
        sources,
        facts_file,
        market_file,
        &market::Mapping::default(),
    )
}

/// [`load_input_files`], the market file's series read as `mapping` says (`vwap` from the
/// typical price, `close` from a column named otherwise): see [`market::Mapping`].
pub fn load_input_files_mapped(
    program: &Program,
    sources: &Sources,
    facts_file: FileId,
    market_file: FileId,
    mapping: &market::Mapping,
) -> Result<Inputs, Vec<Error>> {
    let facts = facts::load(program, sources, facts_file);
    let market = Market::load_for(sources, market_file, mapping, program)
        .map(|m| m.into_under(program.trading_days.as_ref()));
    match (facts, market) {
        (Ok(facts), Ok(market)) => Ok(Inputs { facts, market }),
        (f, m) => {
            let mut errors: Vec<Error> = Vec::new();
            errors.extend(f.err().into_iter().flatten().map(Error::from));
            errors.extend(m.err().into_iter().flatten().map(Error::from));
            Err(errors)
        }
    }
}

/// Read and load a facts file and a market file by path (see [`load_input_files`]). A file
/// that cannot be read is an `Err` naming it, as a [`ClauseLoadError::Io`]-style message.
pub fn load_inputs(
    program: &Program,
    sources: &mut Sources,
    facts: &Path,
    market: &Path,
) -> Result<Inputs, InputLoadError> {
    let mut read = |p: &Path| {
        std::fs::read_to_string(p)
            .map(|text| sources.add(p.display().to_string(), text))
            .map_err(|e| InputLoadError::Io(p.display().to_string(), e.to_string()))
    };
    let facts_file = read(facts)?;
    let market_file = read(market)?;
    load_input_files(program, sources, facts_file, market_file).map_err(InputLoadError::Diagnostics)
}

/// Why inputs could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum InputLoadError {
    /// A path that could not be read, and why.
    #[error("cannot read `{0}`: {1}")]
    Io(String, String),
    /// The diagnostics of the facts file and the market file, each at its place.
    #[error("{} problem(s) in the facts or market file", .0.len())]
    Diagnostics(Vec<Error>),
}

/// Parse and check every `.proviso` file of a clause folder (sorted by name), reporting every
/// error of every file; or, for a deal (a folder with a `deal.toml`, see [`deal`]), of every
/// folder it lists, checked together as one program. A path that cannot be read is
/// `ClauseLoadError::Io`, with the message.
pub fn load_clauses(dir: &Path, sources: &mut Sources) -> Result<Program, ClauseLoadError> {
    let folders = read_clauses(dir, sources)?
        .into_iter()
        .map(|(_, folder)| folder)
        .collect();
    check_folders(folders, sources).map_err(ClauseLoadError::Diagnostics)
}

/// The clause folders `dir` stands for, each with its path, read from disk: the folder itself,
/// or each document of the deal (its `deal.toml` read into `sources`); then every sibling
/// folder whose names they `use`, brought along to define them (its own obligations and rights
/// not evaluated unless the deal lists it).
pub fn read_clauses(
    dir: &Path,
    sources: &mut Sources,
) -> Result<Vec<(PathBuf, FolderTexts)>, ClauseLoadError> {
    let mut folders = if deal::is_deal(dir) {
        let manifest = deal::read(dir, sources).map_err(|es| {
            ClauseLoadError::Diagnostics(es.into_iter().map(Error::from).collect())
        })?;
        manifest.documents
    } else {
        vec![dir.to_owned()]
    };
    let mut texts = Vec::new();
    for folder in &folders {
        texts.push((deal::document_id(folder), read_clause_folder(folder)?));
    }
    let listed = texts.len();
    let mut k = 0;
    while let Some((_, folder_texts)) = texts.get(k) {
        let base = folders
            .get(k)
            .and_then(|f| f.parent().map(Path::to_path_buf))
            .or_else(|| dir.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        let mut found = Vec::new();
        for used in deal::uses(folder_texts) {
            let folder = base.join(&used);
            let known = texts.iter().any(|(id, _)| *id == used)
                || found.iter().any(|(id, _, _)| *id == used);
            if !known && folder.is_dir() {
                let read = read_clause_folder(&folder)?;
                found.push((used, folder, read));
            }
        }
        for (id, folder, read) in found {
            texts.push((id, read));
            folders.push(folder);
        }
        k += 1;
    }
    Ok(folders
        .into_iter()
        .zip(texts)
        .enumerate()
        .map(|(i, (path, (id, t)))| (path, (id, t, i < listed)))
        .collect())
}

/// The `.proviso` files of a clause folder as (path, text) pairs, sorted by name.
pub fn read_clause_folder(dir: &Path) -> Result<Vec<(String, String)>, ClauseLoadError> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| ClauseLoadError::Io(dir.display().to_string(), e.to_string()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "proviso"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(ClauseLoadError::Io(
            dir.display().to_string(),
            "the folder has no .proviso files".to_owned(),
        ));
    }
    let mut texts = Vec::new();
    for p in &paths {
        let text = std::fs::read_to_string(p)
            .map_err(|e| ClauseLoadError::Io(p.display().to_string(), e.to_string()))?;
        texts.push((p.display().to_string(), text));
    }
    Ok(texts)
}

/// Parse and check clause texts given as (name, text) pairs, one folder. A `source "…"`
/// declaration is read from the folder of the clause file that declares it (its name's parent).
pub fn check_texts(
    texts: Vec<(String, String)>,
    sources: &mut Sources,
) -> Result<Program, Vec<Error>> {
    let id = texts
        .first()
        .and_then(|(name, _)| Path::new(name).parent().map(deal::document_id))
        .unwrap_or_default();
    check_folders(vec![(id, texts, true)], sources)
}

/// A clause folder's texts: its name, its (path, text) pairs, whether its own obligations and
/// rights are evaluated.
pub type FolderTexts = (String, Vec<(String, String)>, bool);

/// Parse and check the clause texts of several folders, each (its name, its (path, text)
/// pairs, whether its own obligations and rights are evaluated), as one deal.
pub fn check_folders(
    folders: Vec<FolderTexts>,
    sources: &mut Sources,
) -> Result<Program, Vec<Error>> {
    let mut parsed = Vec::new();
    let mut errors: Vec<Error> = Vec::new();
    for (id, texts, evaluated) in folders {
        let mut files = Vec::new();
        for (name, text) in texts {
            let text: Arc<str> = Arc::from(text);
            let file = sources.add(name.clone(), text.clone());
            match syntax::parse(file, &name, &text) {
                Ok(f) => files.push(f),
                Err(es) => errors.extend(es.into_iter().map(Error::from)),
            }
        }
        parsed.push((id, files, evaluated));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut folders = Vec::new();
    for (id, files, evaluated) in parsed {
        let (source, source_errors) = check::load_source(&files, sources);
        check::load_holiday_lists(&files, sources);
        errors.extend(source_errors.into_iter().map(Error::from));
        folders.push(check::Folder {
            id,
            files,
            source,
            evaluated,
        });
    }
    // Warnings travel with the program (`Program::warnings`); a folder with errors is reported
    // by its errors, the ones to fix first (`check::check` also returns its warnings).
    match check::check_deal(folders, sources) {
        Ok(program) if errors.is_empty() => Ok(program),
        Ok(_) => Err(errors),
        Err(failure) => {
            errors.extend(failure.errors.into_iter().map(Error::from));
            Err(errors)
        }
    }
}

/// Why a clause folder could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ClauseLoadError {
    /// A path that could not be read, and why.
    #[error("cannot read `{0}`: {1}")]
    Io(String, String),
    /// The diagnostics of the clause files, each at its place.
    #[error("{} problem(s) in the clause files", .0.len())]
    Diagnostics(Vec<Error>),
}
