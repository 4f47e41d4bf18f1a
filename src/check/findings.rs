//! Checking the uses of findings as values: `the days of findings a, b` — each name a finding
//! of the folder — and the rule that a finding's own `when` and `on` do not use them (a
//! finding that depends on findings does so through a defined term, so that the cycle check
//! sees every path back to it).

use super::Checker;
use super::names::suggest;
use crate::ast;
use crate::program::types::Type;
use crate::program::{Expr, ExprKind};
use crate::source::Span;

impl Checker<'_> {
    pub(super) fn finding_days(&mut self, names: &[ast::Name], span: Span) -> Expr {
        let mut found = Vec::new();
        for (k, name) in names.iter().enumerate() {
            match self.findings.get(&name.node) {
                Some(&i) => {
                    found.push(i);
                    self.visible(super::Namespace::Obligation, &name.node, name.span);
                }
                None => {
                    let mut help = suggest(
                        &name.node,
                        self.findings.keys().map(String::as_str),
                        "finding",
                    );
                    if k > 0 {
                        help.push_str(&format!(
                            "; if `{}` is not meant as a finding (the next argument of a term, \
                             say), put the list in parentheses: `(the days of findings …)`",
                            name.node
                        ));
                    }
                    self.invalid(
                        name.span,
                        format!("`{}` is not a finding of this folder", name.node),
                        "no such finding",
                        help,
                    );
                }
            }
        }
        let ty = if found.len() == names.len() {
            Type::List(Box::new(Type::Date))
        } else {
            Type::Error
        };
        Expr {
            kind: ExprKind::FindingDays(found),
            ty,
            span,
        }
    }

    /// A finding's `when` or `on` that names findings itself: refused, so that every
    /// dependence of a finding on findings goes through a term the cycle check sees.
    pub(super) fn no_findings_in_finding(&mut self, name: &str, e: &Expr) {
        let mut uses = Vec::new();
        e.walk(&mut |x| {
            if matches!(x.kind, ExprKind::FindingDays(_)) {
                uses.push(x.span);
            }
        });
        for span in uses {
            self.invalid(
                span,
                format!("the finding `{name}` uses `the days of findings` directly"),
                "in the finding's own rule",
                "define a term with it (`define \"Triggering Event Days\" : list of date = the \
                 days of findings …`) and use the term here, so that a finding that depends on \
                 itself is caught as a cycle"
                    .to_owned(),
            );
        }
    }
}
