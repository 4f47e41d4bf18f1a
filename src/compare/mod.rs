//! What a clause edit changes: two versions of a clause folder run over the same scenarios,
//! their outcomes compared item by item with the point where the derivations part
//! ([`outcome`], [`parting`]), above that the edit itself at the level of rules ([`rules`]).
//! The same comparison serves one version of the clauses over two market files ([`markets`]):
//! which numbers change between two sources of the prices. `proviso diff` renders a
//! [`Report`]; a language server or the web page can too.

pub mod git;
pub mod markets;
pub mod outcome;
pub mod parting;
pub mod rules;

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::source::Sources;
use crate::{Explain, Program};

pub use outcome::{Change, ItemChange};
pub use rules::RuleChange;

/// One version of a clause folder (or of a deal's folders): how to name it, and its files
/// (name, text).
#[derive(Debug, Clone)]
pub struct Side {
    /// `clauses/pmic-series-a`, or `HEAD`.
    pub label: String,
    /// Its clause folders: one, or a deal's documents and the folders they use (see
    /// [`crate::read_clauses`]), each with its clause files.
    pub folders: Vec<crate::FolderTexts>,
    /// Other files of the folder the clauses read, named as the clause files are (the
    /// document's text a `source` declares), when the folder is not on disk.
    pub documents: Vec<(String, String)>,
}

impl Side {
    /// The clause files of the folders it evaluates, in order (those brought along for their
    /// names are the other documents' to compare).
    fn clause_files(&self) -> Vec<(String, String)> {
        self.folders
            .iter()
            .filter(|(_, _, evaluated)| *evaluated)
            .flat_map(|(_, texts, _)| texts.iter().cloned())
            .collect()
    }
}

/// A problem of one version on one scenario: its code, message and rendered diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: Option<String>,
    pub message: String,
    /// The diagnostic as miette draws it, without colour.
    pub rendered: String,
}

impl Problem {
    fn from_errors(errors: &[Error]) -> Vec<Problem> {
        errors
            .iter()
            .map(|e| Problem {
                code: miette::Diagnostic::code(e).map(|c| c.to_string()),
                message: e.to_string(),
                rendered: crate::render::diagnostics::render(std::slice::from_ref(e), false),
            })
            .collect()
    }
}

/// One scenario under both versions.
#[derive(Debug, Clone)]
pub struct ScenarioDiff {
    pub name: String,
    pub path: PathBuf,
    pub description: Option<String>,
    /// The market files of the two sides (old, new), when they differ: a comparison of market
    /// files ([`Basis::MarketFiles`]).
    pub markets: Option<(String, String)>,
    /// Obligations, rights and values added, removed or changed.
    pub changes: Vec<ItemChange>,
    /// What went wrong under each version (the scenario could not be loaded, a rule failed).
    pub old_problems: Vec<Problem>,
    pub new_problems: Vec<Problem>,
}

impl ScenarioDiff {
    /// Whether the edit changes anything here, failures included.
    pub fn changed(&self) -> bool {
        !self.changes.is_empty() || self.old_problems != self.new_problems
    }
}

/// What the two sides of a comparison differ in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Basis {
    /// Two versions of the clauses, on each scenario's own market file.
    #[default]
    Clauses,
    /// One version of the clauses (this folder), each scenario on its own market file and on
    /// another.
    MarketFiles { clauses: String },
}

/// The whole comparison.
#[derive(Debug, Clone)]
pub struct Report {
    /// The old side: a folder or a revision; for market files, the scenarios' own file (or
    /// "each scenario's own market file" when they have several).
    pub old: String,
    /// The new side: a folder; for market files, the other file.
    pub new: String,
    pub basis: Basis,
    pub rules: Vec<RuleChange>,
    pub scenarios: Vec<ScenarioDiff>,
}

impl Report {
    /// Whether any scenario's outcome changed.
    pub fn outcomes_changed(&self) -> bool {
        self.scenarios.iter().any(ScenarioDiff::changed)
    }
}

/// A version whose clauses do not check: its label and diagnostics.
#[derive(Debug)]
pub struct VersionError {
    pub label: String,
    pub errors: Vec<Error>,
}

/// Compare two versions over the scenario files given.
pub fn diff(old: &Side, new: &Side, scenarios: &[PathBuf]) -> Result<Report, VersionError> {
    let (old_program, mut old_sources) = load(old)?;
    let (new_program, mut new_sources) = load(new)?;
    let mut out = Report {
        old: old.label.clone(),
        new: new.label.clone(),
        basis: Basis::Clauses,
        rules: rules::compare(&old.clause_files(), &new.clause_files()),
        scenarios: Vec::new(),
    };
    for path in scenarios {
        let a = evaluate(&old_program, &mut old_sources, path, None);
        let b = evaluate(&new_program, &mut new_sources, path, None);
        out.scenarios.push(scenario_diff(path, a, b, false));
    }
    Ok(out)
}

/// The clauses of a side, checked, with the sources they were read into.
fn load(side: &Side) -> Result<(Program, Sources), VersionError> {
    let mut sources = Sources::new();
    for (name, text) in &side.documents {
        sources.add(name.clone(), text.as_str());
    }
    crate::check_folders(side.folders.clone(), &mut sources)
        .map(|p| (p, sources))
        .map_err(|errors| VersionError {
            label: side.label.clone(),
            errors,
        })
}

/// A scenario evaluated on one side.
struct Evaluated {
    /// When it could be loaded.
    outcome: Option<crate::Outcome>,
    problems: Vec<Problem>,
    description: Option<String>,
    /// The market file it was evaluated on, as the scenario or the comparison names it.
    market: Option<PathBuf>,
}

/// Evaluate a scenario under a program, on its own market file or on `against` (read with the
/// scenario's `[market]` table and the mapping given over it).
fn evaluate(
    program: &Program,
    sources: &mut Sources,
    path: &Path,
    against: Option<&markets::Against>,
) -> Evaluated {
    let loaded = match against {
        None => crate::scenario::load(program, sources, path),
        Some(a) => crate::scenario::load_against(
            program,
            sources,
            path,
            &a.mapping,
            Some(a.path.as_path()),
        ),
    };
    match loaded {
        Err(errors) => Evaluated {
            outcome: None,
            problems: Problem::from_errors(&errors),
            description: None,
            market: None,
        },
        Ok((scenario, inputs)) => {
            let mut outcome =
                crate::scenario::evaluate(program, sources, &scenario, &inputs, Explain::Full);
            let errors: Vec<Error> = std::mem::take(&mut outcome.errors)
                .into_iter()
                .map(Error::from)
                .collect();
            Evaluated {
                outcome: Some(outcome),
                problems: Problem::from_errors(&errors),
                description: Some(scenario.description),
                market: Some(scenario.market),
            }
        }
    }
}

/// One scenario's two sides compared; with `markets`, naming the market file of each.
fn scenario_diff(path: &Path, a: Evaluated, b: Evaluated, markets: bool) -> ScenarioDiff {
    let changes = match (&a.outcome, &b.outcome) {
        (Some(x), Some(y)) => outcome::compare(x, y),
        _ => Vec::new(),
    };
    let shown = |m: &Option<PathBuf>| {
        m.as_deref()
            .map_or_else(|| "—".to_owned(), markets::display_path)
    };
    ScenarioDiff {
        name: crate::scenario::name_of(path),
        path: path.to_path_buf(),
        description: a.description.or(b.description),
        markets: markets.then(|| (shown(&a.market), shown(&b.market))),
        changes,
        old_problems: a.problems,
        new_problems: b.problems,
    }
}
