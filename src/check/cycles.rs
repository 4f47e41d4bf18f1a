//! Cycles among definitions: a term may depend on itself only by going back in the log.
//!
//! Each call of a term in a term's formulas is an edge of the term graph
//! ([`Expr::term_calls`](crate::program::Expr::term_calls)). An edge on a cycle (its callee
//! reaches its caller) must either *descend* — `"T" over each e x before p`, or `"T"(the last e
//! x before p where …)` (`the first` too), `p` an event parameter of the caller, so `T` is
//! applied to strictly earlier events of the log — or pass the caller's own parameters through
//! unchanged; and every cycle must have a descending edge. A descending call's other arguments
//! may be the caller's parameters that are not events: passing an event along beside the earlier
//! one would let the next round come back to it (`"T"(a, b)` → `"U"(a′, a)` → `"T"(a, a′)` → …).
//!
//! A term that uses `the days of findings a, b` calls what those findings' `when` and `on`
//! call, at their own (any) arguments; a finding's own rules may not name findings directly
//! (`findings.rs`), so every dependence between findings passes through terms and is seen here.
//!
//! Why this terminates: along any chain of calls the arguments of a pass-through call are among
//! the caller's, so the latest event among the arguments never moves later; at a descending
//! call every event the callee is given is strictly earlier than an event argument of the
//! caller, so the latest one moves strictly earlier. A chain that goes round a cycle forever
//! would descend forever, and the log is finite.

use std::collections::VecDeque;

use super::Checker;
use super::errors::CheckError;
use crate::program::ids::ArenaMap;
use crate::program::types::{TermId, Type, TypeNames};
use crate::program::{CallKind, Expr, ExprKind, FindingDef, Term, TermCall};

impl Checker<'_> {
    pub(super) fn cycles(&mut self) {
        let findings = &self.prog.findings;
        let calls: ArenaMap<Term, Vec<TermCall>> =
            ArenaMap::from_arena(&self.prog.terms, |_, t| {
                let mut calls: Vec<TermCall> =
                    t.formulas().flat_map(|f| f.term_calls(&t.params)).collect();
                for f in t.formulas() {
                    calls.extend(finding_calls(findings, f));
                }
                calls
            });
        let edges = calls.map(|_, cs| cs.iter().map(|c| c.term).collect());
        // Calls on a cycle that neither descend nor pass the caller's parameters through.
        let mut reported: Vec<(TermId, TermId)> = Vec::new();
        for (caller, cs) in calls.iter() {
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
        let same = calls.map(|_, cs| {
            cs.iter()
                .filter(|c| c.kind == CallKind::SameArguments)
                .map(|c| c.term)
                .collect()
        });
        for cycle in cycles(&same) {
            self.cycle(&cycle);
        }
    }

    fn name(&self, t: TermId) -> String {
        format!("`{}`", self.prog.terms.at(t).name)
    }

    fn chain(&self, terms: &[TermId]) -> String {
        let names: Vec<String> = terms.iter().map(|t| self.name(*t)).collect();
        names.join(" → ")
    }

    /// How a term that depends on itself should be written: over its own event, backwards.
    fn recursion_help(&self, term: TermId, callee: TermId) -> String {
        let callee = self.prog.terms.at(callee).name.as_str();
        let own_event = self
            .prog
            .terms
            .at(term)
            .params
            .iter()
            .find_map(|(n, ty)| match ty {
                Type::Event(e) => Some((n.clone(), self.prog.type_name(&Type::Event(*e)))),
                _ => None,
            });
        match own_event {
            Some((param, event)) => format!(
                "a term may depend on itself only through strictly earlier events of the log: \
                 write `\"{callee}\" over each {event} x before {param}` or `\"{callee}\"(the \
                 last {event} x before {param} where …)`, `{param}` being the term's own \
                 {event} (beside it, only parameters that are not events); every other call on \
                 the cycle must pass the caller's own parameters unchanged"
            ),
            None => {
                let example = self
                    .prog
                    .events
                    .values()
                    .next()
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
        let t = self.prog.terms.at(first);
        let for_event = cycle.iter().any(|c| {
            self.prog
                .terms
                .at(*c)
                .params
                .iter()
                .any(|(_, ty)| matches!(ty, Type::Event(_)))
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

/// The calls of each term.
type Edges = ArenaMap<Term, Vec<TermId>>;

/// A shortest path of calls from `from` to `to` (both included), if `to` is reachable.
fn path(edges: &Edges, from: TermId, to: TermId) -> Option<Vec<TermId>> {
    let mut parent: ArenaMap<Term, Option<TermId>> = edges.map(|_, _| None);
    let mut seen: ArenaMap<Term, bool> = edges.map(|_, _| false);
    let mut queue = VecDeque::from([from]);
    *seen.at_mut(from) = true;
    while let Some(t) = queue.pop_front() {
        if t == to {
            let mut out = vec![t];
            let mut cur = t;
            while let Some(p) = *parent.at(cur) {
                out.push(p);
                cur = p;
            }
            out.reverse();
            return Some(out);
        }
        for &next in edges.at(t) {
            if !*seen.at(next) {
                *seen.at_mut(next) = true;
                *parent.at_mut(next) = Some(t);
                queue.push_back(next);
            }
        }
    }
    None
}

/// Where a term stands in the depth-first search of `cycles`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    Unvisited,
    OnStack,
    Done,
}

/// The cycles a depth-first search meets, each once and sharing no term with an earlier one,
/// each listed from the term it closes on.
fn cycles(edges: &Edges) -> Vec<Vec<TermId>> {
    let mut found = Vec::new();
    let mut state: ArenaMap<Term, Visit> = edges.map(|_, _| Visit::Unvisited);
    let mut reported: ArenaMap<Term, bool> = edges.map(|_, _| false);
    for start in edges.ids() {
        if *state.at(start) != Visit::Unvisited {
            continue;
        }
        *state.at_mut(start) = Visit::OnStack;
        let mut stack: Vec<(TermId, usize)> = vec![(start, 0)];
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let child = edges.at(node).get(*next).copied();
            *next += 1;
            let Some(c) = child else {
                *state.at_mut(node) = Visit::Done;
                stack.pop();
                continue;
            };
            match *state.at(c) {
                Visit::Unvisited => {
                    *state.at_mut(c) = Visit::OnStack;
                    stack.push((c, 0));
                }
                Visit::OnStack => {
                    let from = stack.iter().position(|(t, _)| *t == c).unwrap_or(0);
                    let cycle: Vec<TermId> = stack
                        .get(from..)
                        .unwrap_or(&[])
                        .iter()
                        .map(|(t, _)| *t)
                        .collect();
                    if cycle.iter().any(|t| *reported.at(*t)) {
                        continue;
                    }
                    for t in &cycle {
                        *reported.at_mut(*t) = true;
                    }
                    found.push(cycle);
                }
                Visit::Done => {}
            }
        }
    }
    found
}

/// The calls a formula makes through the findings it names: those of the findings' `when` and
/// `on`, with any arguments (the findings are evaluated for every context).
fn finding_calls(findings: &[FindingDef], formula: &Expr) -> Vec<TermCall> {
    let mut out = Vec::new();
    formula.walk(&mut |x| {
        let ExprKind::FindingDays(which) = &x.kind else {
            return;
        };
        for def in which.iter().filter_map(|&i| findings.get(i)) {
            for e in def.when.iter().chain(std::iter::once(&def.on)) {
                out.extend(e.term_calls(&def.for_each).into_iter().map(|c| TermCall {
                    kind: CallKind::Other,
                    span: x.span,
                    ..c
                }));
            }
        }
    });
    out
}
