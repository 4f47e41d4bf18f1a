//! Running one scenario: load it, evaluate it as of its date, check its expectations, and
//! render its memo (the snapshot kept beside it). Nothing here prints or writes: callers (the
//! command line, a language server, the web page) decide what to do with a [`Run`].

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::outcome::Outcome;
use crate::source::Sources;
use crate::{Explain, Program};

use super::verdict::{self, Verdict};

/// A scenario evaluated and checked.
#[derive(Debug)]
pub struct Run {
    pub name: String,
    pub path: PathBuf,
    /// From `[scenario]`, when it could be read.
    pub description: Option<String>,
    pub outcome: Option<Outcome>,
    /// The text output the snapshot keeps; `None` when the scenario could not be evaluated.
    pub memo: Option<String>,
    /// One per expectation that names something.
    pub verdicts: Vec<Verdict>,
    /// What stopped it or went wrong in it: the file, its expectations, rules that failed (moved
    /// here from the outcome's `errors`).
    pub errors: Vec<Error>,
}

impl Run {
    /// Every expectation holds and nothing went wrong.
    pub fn passed(&self) -> bool {
        self.errors.is_empty() && self.verdicts.iter().all(Verdict::holds)
    }

    pub fn failed_expectations(&self) -> impl Iterator<Item = &Verdict> {
        self.verdicts.iter().filter(|v| !v.holds())
    }
}

/// Load, evaluate and check the scenario at `path` against a checked program whose files are
/// in `sources`.
pub fn run(program: &Program, sources: &mut Sources, path: &Path) -> Run {
    let mut run = Run {
        name: super::name_of(path),
        path: path.to_owned(),
        description: None,
        outcome: None,
        memo: None,
        verdicts: Vec::new(),
        errors: Vec::new(),
    };
    let (scenario, inputs) = match super::load(program, sources, path) {
        Ok(loaded) => loaded,
        Err(errors) => {
            run.errors = errors;
            return run;
        }
    };
    run.description = Some(scenario.description.clone());
    let mut outcome = super::evaluate(program, sources, &scenario, &inputs, Explain::Full);
    let (verdicts, errors) = verdict::check(program, sources, &scenario.expectations, &outcome);
    if scenario.memo == super::Memo::Summary {
        // The verdicts keep the derivations they show; the memo leaves them out.
        for o in &mut outcome.obligations {
            o.explanation = None;
        }
        for r in &mut outcome.rights {
            r.explanation = None;
        }
        for v in &mut outcome.values {
            v.explanation = None;
        }
    }
    run.memo = Some(memo(&scenario.name, &scenario.description, &outcome));
    run.verdicts = verdicts;
    // The evaluation's own problems (rules that failed, events rejected) move to the run's
    // errors, but for the rejections the scenario expects (`rejected = n`): those are verdicts.
    let expected: Vec<usize> = scenario
        .expectations
        .iter()
        .filter_map(|e| match &e.target {
            super::expect::Target::Rejected(n) => n.value.checked_sub(1),
            _ => None,
        })
        .collect();
    let (kept, moved): (Vec<_>, Vec<_>) = std::mem::take(&mut outcome.errors)
        .into_iter()
        .partition(|e| e.rejected_event().is_some_and(|i| expected.contains(&i)));
    outcome.errors = kept;
    run.errors = moved.into_iter().map(Error::from).collect();
    run.errors.extend(errors.into_iter().map(Error::from));
    run.outcome = Some(outcome);
    run
}

/// The memo of a scenario: its name and description, then the text output, then the problems
/// of the evaluation (messages only, so the snapshot does not depend on terminal or paths).
pub fn memo(name: &str, description: &str, outcome: &Outcome) -> String {
    let mut s = format!("Scenario {name}: {description}\n\n");
    s.push_str(&crate::render::text::render(outcome));
    if !outcome.errors.is_empty() {
        let _ = writeln!(s, "\nProblems ({})", outcome.errors.len());
        for e in &outcome.errors {
            let code = miette::Diagnostic::code(e)
                .map(|c| c.to_string())
                .unwrap_or_default();
            let _ = writeln!(s, "  {code}: {e}");
        }
    }
    s
}
