//! What a clause edit changes: two versions of a clause folder run over the same scenarios,
//! their outcomes compared item by item with the point where the derivations part
//! ([`outcome`], [`parting`]), above that the edit itself at the level of rules ([`rules`]).
//! `proviso diff` renders a [`Report`]; a language server or the web page can too.

pub mod git;
pub mod outcome;
pub mod parting;
pub mod rules;

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::source::Sources;
use crate::{Explain, Program};

pub use outcome::{Change, ItemChange};
pub use rules::RuleChange;

/// One version of a clause folder: how to name it, and its files (name, text).
#[derive(Debug, Clone)]
pub struct Side {
    /// `clauses/pmic-series-a`, or `HEAD`.
    pub label: String,
    /// Its clause files.
    pub texts: Vec<(String, String)>,
    /// Other files of the folder the clauses read, named as the clause files are (the
    /// document's text a `source` declares), when the folder is not on disk.
    pub documents: Vec<(String, String)>,
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

/// The whole comparison.
#[derive(Debug, Clone)]
pub struct Report {
    pub old: String,
    pub new: String,
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
    let load = |side: &Side| -> Result<(Program, Sources), VersionError> {
        let mut sources = Sources::new();
        for (name, text) in &side.documents {
            sources.add(name.clone(), text.as_str());
        }
        crate::check_texts(side.texts.clone(), &mut sources)
            .map(|p| (p, sources))
            .map_err(|errors| VersionError {
                label: side.label.clone(),
                errors,
            })
    };
    let (old_program, mut old_sources) = load(old)?;
    let (new_program, mut new_sources) = load(new)?;
    let mut out = Report {
        old: old.label.clone(),
        new: new.label.clone(),
        rules: rules::compare(&old.texts, &new.texts),
        scenarios: Vec::new(),
    };
    for path in scenarios {
        let a = evaluate(&old_program, &mut old_sources, path);
        let b = evaluate(&new_program, &mut new_sources, path);
        let changes = match (&a.0, &b.0) {
            (Some(x), Some(y)) => outcome::compare(x, y),
            _ => Vec::new(),
        };
        out.scenarios.push(ScenarioDiff {
            name: crate::scenario::name_of(path),
            path: path.clone(),
            description: a.2.or(b.2),
            changes,
            old_problems: a.1,
            new_problems: b.1,
        });
    }
    Ok(out)
}

/// A scenario evaluated under one version: the outcome (when it could be loaded), its
/// problems, its description.
fn evaluate(
    program: &Program,
    sources: &mut Sources,
    path: &Path,
) -> (Option<crate::Outcome>, Vec<Problem>, Option<String>) {
    match crate::scenario::load(program, sources, path) {
        Err(errors) => (None, Problem::from_errors(&errors), None),
        Ok((scenario, inputs)) => {
            let mut outcome =
                crate::scenario::evaluate(program, sources, &scenario, &inputs, Explain::Full);
            let errors: Vec<Error> = std::mem::take(&mut outcome.errors)
                .into_iter()
                .map(Error::from)
                .collect();
            (
                Some(outcome),
                Problem::from_errors(&errors),
                Some(scenario.description),
            )
        }
    }
}
