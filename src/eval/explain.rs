//! The explanation tree: every value with the rule and section it came from, the formula as
//! written, the inputs with their values, rounding steps, market rows, and the readings the
//! clause files record. The text and JSON renderers both read this tree.

use serde::Serialize;

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Node {
    /// What this is: a defined term and what it is for, a fact, a market value, a step.
    pub label: String,
    /// The exact value (a decimal string for quantities, ISO date, `true`/`false`), or null when
    /// undetermined or not a single value.
    pub value: Option<String>,
    /// The value as a reader writes it (`$1.03 per share`, `97,087.38 shares`).
    pub display: Option<String>,
    /// `USD`, `shares`, `USD/share`, … (null for dates, booleans and plain numbers).
    pub unit: Option<String>,
    /// The section of the document this step applies.
    pub section: Option<String>,
    /// The formula as written in the clause file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formula: Option<String>,
    /// Interpretations recorded in the clause files for this rule.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interpretations: Vec<String>,
    /// What the engine observed: a fallback to an earlier market row, days without rows, which
    /// leg of a "lesser of" bound, why a value is undetermined.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    pub children: Vec<Node>,
}

impl Node {
    pub fn new(label: impl Into<String>) -> Node {
        Node {
            label: label.into(),
            ..Node::default()
        }
    }

    pub fn section(mut self, s: Option<&str>) -> Node {
        self.section = s.map(str::to_owned);
        self
    }

    pub fn note(mut self, n: impl Into<String>) -> Node {
        self.notes.push(n.into());
        self
    }

    pub fn children(mut self, c: Vec<Node>) -> Node {
        self.children = c;
        self
    }

    /// Every note in this subtree, for summaries that drop the subtree itself.
    pub fn all_notes(&self) -> Vec<String> {
        let mut out = self.notes.clone();
        for c in &self.children {
            out.extend(c.all_notes());
        }
        out
    }
}
