//! Where two derivations of one result part: walking down from the result, the first step
//! whose value differs while none of its inputs' differences explains it further — the rule
//! that changed, or the inputs (facts, market rows, other terms) whose values differ.

use crate::eval::{Node, NodeRef};

/// The step where two explanations part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parting {
    /// The step, as the new explanation labels it ("Floor Price").
    pub label: String,
    pub section: Option<String>,
    /// Its value before and after, as people read it.
    pub old: Option<String>,
    pub new: Option<String>,
    /// Its formula, when the rule itself changed.
    pub formula: Option<(String, String)>,
    /// Its inputs whose values differ, or that one side has and the other does not.
    pub inputs: Vec<Input>,
}

/// An input of the step where the explanations part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub label: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

fn shown(n: &Node) -> Option<String> {
    n.display.clone().or_else(|| n.value.clone())
}

fn formula(n: &Node) -> Option<&str> {
    n.rule.as_ref().and_then(|r| r.formula.as_deref())
}

/// Whether two steps say the same: value, display and rule.
fn same(a: &Node, b: &Node) -> bool {
    a.value == b.value && a.display == b.display && formula(a) == formula(b) && a.label == b.label
}

/// The children of two steps paired: by label first (the first unused child of the same label),
/// then the rest in order. Linear in the number of children.
fn pairs<'a>(
    old: &'a Node,
    new: &'a Node,
) -> (
    Vec<(&'a NodeRef, &'a NodeRef)>,
    Vec<&'a NodeRef>,
    Vec<&'a NodeRef>,
) {
    let mut by_label: std::collections::HashMap<&str, std::collections::VecDeque<usize>> =
        std::collections::HashMap::new();
    for (i, n) in new.children.iter().enumerate() {
        by_label.entry(n.label.as_str()).or_default().push_back(i);
    }
    let mut used = vec![false; new.children.len()];
    let mut paired = Vec::new();
    let mut left = Vec::new();
    for o in &old.children {
        let hit = by_label
            .get_mut(o.label.as_str())
            .and_then(std::collections::VecDeque::pop_front)
            .and_then(|i| Some((i, new.children.get(i)?)));
        match hit {
            Some((i, n)) => {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                paired.push((o, n));
            }
            None => left.push(o),
        }
    }
    let mut right: Vec<&NodeRef> = new
        .children
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(n, _)| n)
        .collect();
    // Steps whose label carries a value ("not below Floor Price $0.75 per share") pair by
    // position when both sides have the same number left.
    if left.len() == right.len() {
        paired.extend(left.drain(..).zip(right.drain(..)));
    }
    (paired, left, right)
}

/// The first point where `old` and `new` part, or `None` when they say the same.
pub fn parting(old: &NodeRef, new: &NodeRef) -> Option<Parting> {
    if same(old, new) && old.children.len() == new.children.len() {
        let (paired, l, r) = pairs(old, new);
        if l.is_empty() && r.is_empty() && paired.iter().all(|(a, b)| same(a, b)) {
            return None;
        }
    }
    let (mut o, mut n) = (old, new);
    // Down the first differing input, as long as the step's own rule is the same.
    loop {
        if formula(o) != formula(n) {
            break;
        }
        let (paired, _, _) = pairs(o, n);
        match paired
            .into_iter()
            .find(|(a, b)| shown(a) != shown(b) || formula(a) != formula(b))
        {
            Some((a, b)) => {
                o = a;
                n = b;
            }
            None => break,
        }
    }
    let (paired, left, right) = pairs(o, n);
    let mut inputs: Vec<Input> = paired
        .iter()
        .filter(|(a, b)| shown(a) != shown(b))
        .map(|(a, b)| Input {
            label: b.label.clone(),
            old: shown(a),
            new: shown(b),
        })
        .collect();
    inputs.extend(left.iter().map(|a| Input {
        label: a.label.clone(),
        old: shown(a),
        new: None,
    }));
    inputs.extend(right.iter().map(|b| Input {
        label: b.label.clone(),
        old: None,
        new: shown(b),
    }));
    Some(Parting {
        label: n.label.clone(),
        section: n.section.clone().or_else(|| o.section.clone()),
        old: shown(o),
        new: shown(n),
        formula: match (formula(o), formula(n)) {
            (Some(a), Some(b)) if a != b => Some((a.to_owned(), b.to_owned())),
            _ => None,
        },
        inputs,
    })
}
