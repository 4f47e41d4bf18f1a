//! Cycles among definitions: a term may depend on itself only by going back in the log.
//!
//! Each call of a term in a term's formulas is an edge of the term graph
//! ([`Expr::term_calls`](super::program::Expr::term_calls)). An edge on a cycle (its callee
//! reaches its caller) must either *descend* — `"T" over each e x before p`, `p` an event
//! parameter of the caller, so `T` is applied to strictly earlier events of the log — or pass the
//! caller's own parameters through unchanged; and every cycle must have a descending edge.
//!
//! Why this terminates: along any chain of calls the arguments of a pass-through call are among
//! the caller's, so the latest event among the arguments never moves later; at a descending
//! call the callee's only argument is strictly earlier than an argument of the caller. A chain
//! that goes round a cycle forever would descend forever, and the log is finite.

use std::collections::VecDeque;

use super::Checker;
use super::errors::CheckError;
use super::program::{CallKind, TermCall};
use super::types::{TermId, Type, TypeNames};

impl Checker<'_> {
    pub(super) fn cycles(&mut self) {
        let calls: Vec<Vec<TermCall>> = self
            .prog
            .terms
            .iter()
            .map(|t| t.formulas().flat_map(|f| f.term_calls(&t.params)).collect())
            .collect();
        let edges: Vec<Vec<TermId>> = calls
            .iter()
            .map(|cs| cs.iter().map(|c| c.term).collect())
            .collect();
        // Calls on a cycle that neither descend nor pass the caller's parameters through.
        let mut reported: Vec<(TermId, TermId)> = Vec::new();
        for (caller, cs) in calls.iter().enumerate() {
            for c in cs {
                if c.kind != CallKind::Other || reported.contains(&(caller, c.term)) {
                    continue;
                }
                if let Some(back) = path(&edges, c.term, caller) {
                    reported.push((caller, c.term));
                    self.recursion(caller, c, &back);
                }
            }
        }
        // Cycles of calls that all pass their parameters through: nothing goes back in the log.
        let same: Vec<Vec<TermId>> = calls
            .iter()
            .map(|cs| {
                cs.iter()
                    .filter(|c| c.kind == CallKind::SameArguments)
                    .map(|c| c.term)
                    .collect()
            })
            .collect();
        for cycle in cycles(&same) {
            self.cycle(&cycle);
        }
    }

    fn name(&self, t: TermId) -> String {
        self.prog
            .terms
            .get(t)
            .map_or_else(|| "?".to_owned(), |t| format!("`{}`", t.name))
    }

    fn chain(&self, terms: &[TermId]) -> String {
        let names: Vec<String> = terms.iter().map(|t| self.name(*t)).collect();
        names.join(" → ")
    }

    /// How a term that depends on itself should be written: over its own event, backwards.
    fn recursion_help(&self, term: TermId, callee: TermId) -> String {
        let callee = self.prog.terms.get(callee).map_or("?", |t| t.name.as_str());
        let own_event = self.prog.terms.get(term).and_then(|t| {
            t.params.iter().find_map(|(n, ty)| match ty {
                Type::Event(e) => Some((n.clone(), self.prog.type_name(&Type::Event(*e)))),
                _ => None,
            })
        });
        match own_event {
            Some((param, event)) => format!(
                "a term may depend on itself only through strictly earlier events of the log: \
                 write `\"{callee}\" over each {event} x before {param}`, `{param}` being the \
                 term's own {event}; every other call on the cycle must pass the caller's own \
                 parameters unchanged"
            ),
            None => {
                let example = self
                    .prog
                    .events
                    .first()
                    .map_or("conversion_notice", |e| e.name.as_str());
                format!(
                    "{} is not for an event, so it cannot go back in the log: a term that \
                     depends on itself takes an event, `(c: {example})`, and applies itself to \
                     strictly earlier ones, `over each {example} x before c`; otherwise define \
                     it from the others' inputs",
                    self.name(term)
                )
            }
        }
    }

    /// A call on a cycle that does not descend: `back` runs from its callee to its caller.
    fn recursion(&mut self, caller: TermId, call: &TermCall, back: &[TermId]) {
        let mut chain = vec![caller];
        chain.extend_from_slice(back);
        let help = self.recursion_help(caller, call.term);
        self.errors.push(CheckError::Recursion {
            name: self.name(caller),
            chain: self.chain(&chain),
            help,
            src: self.src(call.span),
            span: call.span.into(),
            label: format!(
                "this use of {} is on the cycle and is not for earlier events",
                self.name(call.term)
            ),
        });
    }

    /// A cycle of pass-through calls, closed by its first term.
    fn cycle(&mut self, cycle: &[TermId]) {
        let Some(&first) = cycle.first() else {
            return;
        };
        let Some(t) = self.prog.terms.get(first) else {
            return;
        };
        let for_event = cycle.iter().any(|c| {
            self.prog
                .terms
                .get(*c)
                .is_some_and(|t| t.params.iter().any(|(_, ty)| matches!(ty, Type::Event(_))))
        });
        let help = if for_event {
            format!(
                "each call on the cycle passes the same arguments, so it never ends; {}",
                self.recursion_help(first, first)
            )
        } else {
            "a defined term cannot be computed from itself; break the cycle by defining one of \
             these terms from the others' inputs"
                .to_owned()
        };
        let mut closed = cycle.to_vec();
        closed.push(first);
        self.errors.push(CheckError::Cycle {
            name: t.name.clone(),
            chain: self.chain(&closed),
            help,
            src: self.sources.named(t.span.file),
            span: t.span.into(),
        });
    }
}

/// A shortest path of calls from `from` to `to` (both included), if `to` is reachable.
fn path(edges: &[Vec<TermId>], from: TermId, to: TermId) -> Option<Vec<TermId>> {
    let mut parent: Vec<Option<TermId>> = vec![None; edges.len()];
    let mut seen = vec![false; edges.len()];
    let mut queue = VecDeque::from([from]);
    if let Some(s) = seen.get_mut(from) {
        *s = true;
    }
    while let Some(t) = queue.pop_front() {
        if t == to {
            let mut out = vec![t];
            let mut cur = t;
            while let Some(p) = parent.get(cur).copied().flatten() {
                out.push(p);
                cur = p;
            }
            out.reverse();
            return Some(out);
        }
        for &next in edges.get(t).into_iter().flatten() {
            if let Some(s) = seen.get_mut(next)
                && !*s
            {
                *s = true;
                if let Some(p) = parent.get_mut(next) {
                    *p = Some(t);
                }
                queue.push_back(next);
            }
        }
    }
    None
}

/// The cycles a depth-first search meets, each once and sharing no term with an earlier one,
/// each listed from the term it closes on.
fn cycles(edges: &[Vec<TermId>]) -> Vec<Vec<TermId>> {
    let n = edges.len();
    let mut found = Vec::new();
    // 0 = unvisited, 1 = on the stack, 2 = done
    let mut state = vec![0u8; n];
    let mut reported = vec![false; n];
    for start in 0..n {
        if state.get(start) != Some(&0) {
            continue;
        }
        if let Some(s) = state.get_mut(start) {
            *s = 1;
        }
        let mut stack: Vec<(TermId, usize)> = vec![(start, 0)];
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let child = edges.get(node).and_then(|d| d.get(*next)).copied();
            *next += 1;
            let Some(c) = child else {
                if let Some(s) = state.get_mut(node) {
                    *s = 2;
                }
                stack.pop();
                continue;
            };
            match state.get(c) {
                Some(0) => {
                    if let Some(s) = state.get_mut(c) {
                        *s = 1;
                    }
                    stack.push((c, 0));
                }
                Some(1) => {
                    let from = stack.iter().position(|(t, _)| *t == c).unwrap_or(0);
                    let cycle: Vec<TermId> = stack
                        .get(from..)
                        .unwrap_or(&[])
                        .iter()
                        .map(|(t, _)| *t)
                        .collect();
                    if cycle.iter().any(|t| reported.get(*t) == Some(&true)) {
                        continue;
                    }
                    for t in &cycle {
                        if let Some(r) = reported.get_mut(*t) {
                            *r = true;
                        }
                    }
                    found.push(cycle);
                }
                _ => {}
            }
        }
    }
    found
}
