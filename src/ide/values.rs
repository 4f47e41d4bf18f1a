//! A term's value in the chosen scenario, for hover: the scenario is loaded once per analysis,
//! each term evaluated once (its values only, in every context the facts give; a term of a day
//! on the scenario's date), and the top of its explanation kept as text.

use std::path::{Path, PathBuf};

use super::Analysis;
use crate::scenario::{self, Scenario};
use crate::source::Sources;
use crate::{Explain, Inputs, Options};

/// Contexts (conversions, holders, …) shown per term, at most.
const CONTEXTS: usize = 4;
/// Steps of an explanation shown under a value, at most.
const STEPS: usize = 6;

/// The scenario loaded for hover: its sources (the clause files and its own), or why not.
#[derive(Debug)]
pub(super) enum Loaded {
    Ready(Box<(Sources, Scenario, Inputs)>),
    Failed(String),
    None,
}

impl Analysis {
    /// The scenario file the settings name, else the folder's first.
    pub fn scenario_path(&self) -> Option<PathBuf> {
        match &self.settings.scenario {
            Some(s) => {
                let p = Path::new(s);
                let candidates = [
                    p.to_path_buf(),
                    self.root.join(p),
                    self.root.join(scenario::FOLDER).join(p),
                    self.root.join(scenario::FOLDER).join(format!("{s}.toml")),
                ];
                candidates.into_iter().find(|c| c.is_file())
            }
            None => scenario::discover(&self.root).ok()?.into_iter().next(),
        }
    }

    fn loaded(&self) -> &Loaded {
        self.scenario.get_or_init(|| {
            let (Some(program), Some(path)) = (&self.program, self.scenario_path()) else {
                return Loaded::None;
            };
            let mut sources = self.sources.clone();
            match scenario::load(program, &mut sources, &path) {
                Ok((s, inputs)) => Loaded::Ready(Box::new((sources, s, inputs))),
                Err(errors) => Loaded::Failed(format!(
                    "the scenario `{}` does not load: {}",
                    scenario::name_of(&path),
                    errors.first().map_or_else(String::new, ToString::to_string)
                )),
            }
        })
    }

    /// The term's values in the scenario, as Markdown: each context's value and the first steps
    /// of its derivation. `None` without a scenario or when the folder does not check.
    pub fn term_value(&self, name: &str) -> Option<String> {
        if let Ok(shown) = self.shown.lock()
            && let Some(v) = shown.get(name)
        {
            return v.clone();
        }
        let value = self.evaluate_term(name);
        if let Ok(mut shown) = self.shown.lock() {
            shown.insert(name.to_owned(), value.clone());
        }
        value
    }

    fn evaluate_term(&self, name: &str) -> Option<String> {
        let program = self.program.as_ref()?;
        let (sources, scenario, inputs) = match self.loaded() {
            Loaded::Ready(r) => (&r.0, &r.1, &r.2),
            Loaded::Failed(why) => return Some(format!("*{why}*")),
            Loaded::None => return None,
        };
        let term = program.term_by_name(name)?;
        let options = Options {
            explain: Explain::Full,
            values: vec![term],
            // A term of a day (`"Closing Price"(day)`) on the scenario's date.
            days: vec![scenario.as_of],
            only_values: true,
        };
        let outcome = crate::evaluate(program, inputs, sources, scenario.as_of, &options);
        let mut out = format!(
            "**In the scenario `{}`** (as of {}):\n",
            scenario.name, scenario.as_of
        );
        if outcome.values.is_empty() {
            out.push_str("\nno value: the scenario gives it no context (no event, record or day it is for)\n");
        }
        for v in outcome.values.iter().take(CONTEXTS) {
            let shown = match (&v.display, &v.value) {
                (Some(d), _) => format!("`{d}`"),
                (None, crate::outcome::TermResult::Undetermined(why)) => {
                    format!("undetermined ({})", why.join("; "))
                }
                (None, crate::outcome::TermResult::NotApplicable(why)) => {
                    format!("not applicable ({why})")
                }
                (None, crate::outcome::TermResult::Known(_)) => "known".to_owned(),
            };
            out.push_str(&format!("\n- {}: {shown}\n", v.term));
            if let Some(node) = &v.explanation {
                for step in node.children.iter().take(STEPS) {
                    let value = step.display.as_deref().or(step.value.as_deref());
                    match value {
                        Some(d) => out.push_str(&format!("  - {} = {d}\n", step.label)),
                        None => out.push_str(&format!("  - {}\n", step.label)),
                    }
                }
            }
        }
        if outcome.values.len() > CONTEXTS {
            out.push_str(&format!(
                "\n… and {} more\n",
                outcome.values.len() - CONTEXTS
            ));
        }
        Some(out)
    }
}
