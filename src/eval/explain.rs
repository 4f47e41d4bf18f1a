//! The explanation graph: every value with the rule and section it came from, the formula as
//! written, the inputs with their values, rounding steps, market rows, and the readings the
//! clause files record. The text and JSON renderers both read it.
//!
//! A derivation is built once and shared: a node's children are reference-counted, so the
//! Conversion Price of a conversion used by five obligations (and by every later conversion's
//! running totals) is one node referred to from each place, never a copy. The graph is acyclic
//! (a node is complete before anything refers to it), and its size grows with the deal, not
//! with the number of ways a value is reused. When explanations are off, no node is built.

use std::sync::Arc;

/// A node shared by every derivation that uses it.
pub type NodeRef = Arc<Node>;

/// The fixed text of a rule of the clauses: the formula as written, the quoted words of its
/// section and the readings the clause files record. Made once per rule and referred to by
/// every step that applies it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rule {
    pub section: Option<String>,
    /// The formula as written in the clause file.
    pub formula: Option<String>,
    /// The words of the document the section quotes, whitespace collapsed.
    pub quote: Option<String>,
    /// Interpretations recorded in the clause files for this rule.
    pub interpretations: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
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
    /// The rule this step applies: its formula, quote and readings, shared by every step
    /// that applies it.
    pub rule: Option<Arc<Rule>>,
    /// What the engine observed: a fallback to an earlier market row, days without rows, which
    /// leg of a "lesser of" bound, why a value is undetermined.
    pub notes: Vec<String>,
    /// The children are the rows of a list (one value per element): the text rendering shows
    /// each on one line instead of its whole derivation.
    pub rows: bool,
    /// The last child continues this node (the previous step of a running total): the text
    /// rendering shows it at the same depth, so a long chain does not march to the right.
    pub chain: bool,
    pub children: Vec<NodeRef>,
}

/// Dropping a long chain (a running total over thousands of events) one node at a time,
/// rather than recursively, so that it cannot exhaust the stack.
impl Drop for Node {
    fn drop(&mut self) {
        let mut stack = std::mem::take(&mut self.children);
        while let Some(child) = stack.pop() {
            if let Some(mut inner) = Arc::into_inner(child) {
                stack.append(&mut inner.children);
            }
        }
    }
}

impl Node {
    pub fn new(label: impl Into<String>) -> Node {
        let mut n = Node::default();
        n.label = label.into();
        n
    }

    pub fn section(mut self, s: Option<&str>) -> Node {
        self.section = s.map(str::to_owned);
        self
    }

    pub fn note(mut self, n: impl Into<String>) -> Node {
        self.notes.push(n.into());
        self
    }

    pub fn children(mut self, c: Vec<NodeRef>) -> Node {
        self.children = c;
        self
    }

    /// Share it.
    pub fn shared(self) -> NodeRef {
        Arc::new(self)
    }

    /// The first node in this graph (depth first, self included) whose label starts with
    /// `prefix`: for tests and tools that look for one step of a derivation.
    pub fn find(&self, prefix: &str) -> Option<&Node> {
        let mut stack = vec![self];
        let mut seen = std::collections::HashSet::new();
        while let Some(n) = stack.pop() {
            if n.label.starts_with(prefix) {
                return Some(n);
            }
            for c in n.children.iter().rev() {
                if seen.insert(Arc::as_ptr(c)) {
                    stack.push(c);
                }
            }
        }
        None
    }
}
