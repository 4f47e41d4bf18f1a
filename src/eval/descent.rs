//! Recursion through `"T"(the last e x before p where …)`, evaluated from the earliest event up
//! so that evaluation depth does not grow with the log.
//!
//! A term on a cycle that applies itself, through others, to the previous matching event (a
//! running balance) would, asked first about the last event of a long log, recurse once per
//! earlier event. So before such a call that is not memoised yet, the callee is evaluated for
//! every event the same query matches with `each` instead of `the last`, in log order: each of
//! those finds the one before it already memoised, and the call itself then finds its own. These
//! are values `over each e x before p` would compute; the check (`check/cycles.rs`) has made
//! sure every chain of such calls goes back in the log, so this only changes the order in which
//! the chain is walked. What they would report — an error, the use of the evaluation date — is
//! left to the calls that need them.

use rustc_hash::FxHashSet;

use super::{Ev, Evaluator, Frame, Val};
use crate::ast::Pick;
use crate::program::types::TermId;
use crate::program::{Expr, ExprKind};
use crate::value::Value;

impl<'a> Evaluator<'a> {
    /// Before `term` is called with `values` (the evaluated `args`): if it is on a cycle, not
    /// memoised for them, and an argument is `the last e x before p …`, evaluate it for each
    /// earlier event that query matches, oldest first.
    pub(super) fn walk_descent_up(&mut self, term: TermId, args: &'a [Expr], values: &Frame) {
        if self.is_memoised(term, values) || !self.is_recursive(term) {
            return;
        }
        for (i, arg) in args.iter().enumerate() {
            let ExprKind::Query {
                pick: Pick::Last,
                source,
                before: Some(before),
                condition,
            } = &arg.kind
            else {
                continue;
            };
            let outer = self.uses_as_of;
            let all = self.query(Pick::Each, *source, Some(before), condition.as_deref(), arg);
            let Ok(Ev {
                val: Val::Known(Value::List(items)),
                ..
            }) = all
            else {
                self.uses_as_of = outer;
                continue;
            };
            for it in items.iter() {
                let mut frame = values.clone();
                if let Some(slot) = frame.get_mut(i) {
                    *slot = it.value.clone();
                }
                if !self.is_memoised(term, &frame) {
                    // Its errors are reported by the calls that need its value.
                    let _ = self.call_shared(term, frame);
                }
            }
            self.uses_as_of = outer;
        }
    }

    /// Whether `term` calls itself, through any number of other terms.
    fn is_recursive(&mut self, term: TermId) -> bool {
        if let Some(&r) = self.recursive.get(&term) {
            return r;
        }
        let prog = self.prog;
        let callees = |t: TermId| -> Vec<TermId> {
            let t = prog.terms.at(t);
            t.formulas()
                .flat_map(|f| f.term_calls(&t.params))
                .map(|c| c.term)
                .collect()
        };
        let mut seen: FxHashSet<TermId> = FxHashSet::default();
        let mut todo = callees(term);
        let mut found = false;
        while let Some(t) = todo.pop() {
            if t == term {
                found = true;
                break;
            }
            if seen.insert(t) {
                todo.extend(callees(t));
            }
        }
        self.recursive.insert(term, found);
        found
    }
}
