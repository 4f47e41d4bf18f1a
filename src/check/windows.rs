//! Checking a window's bound: `the 10 trading days ending on d, not before b` — what it bounds
//! must be a window of Trading Days with no bound yet, and `b` a date. The bound is folded into
//! the checked window, so the evaluator sees one window that knows which days it may not hold.

use super::Checker;
use crate::ast;
use crate::program::types::Type;
use crate::program::{Expr, ExprKind};
use crate::source::Span;

impl Checker<'_> {
    pub(super) fn not_before(
        &mut self,
        window: &ast::Expr,
        bound: &ast::Expr,
        scope: &super::expr::Scope,
    ) -> Expr {
        let span = window.span.to(bound.span);
        let mut w = self.expr(window, scope);
        let b = self.expr(bound, scope);
        self.expect_type(
            &b,
            &Type::Date,
            "the day a window may not begin before (`, not before b`)",
        );
        match &mut w.kind {
            ExprKind::Window { not_before, .. } if not_before.is_none() => {
                *not_before = Some(Box::new(b));
                w.span = span;
                w
            }
            ExprKind::Window { .. } => {
                self.invalid(
                    b.span,
                    "this window already has a bound".into(),
                    "a second `not before`",
                    "a window has one day it may not begin before: write the later of the two, \
                     `not before the greater of a and b`"
                        .into(),
                );
                error(span)
            }
            _ => {
                if w.ty != Type::Error {
                    self.invalid(
                        w.span,
                        "`, not before` bounds a window of Trading Days, not this".into(),
                        "not a window",
                        "write it right after a window: `the 10 trading days ending on d, not \
                         before deal.initial_closing_date`; a term over a window is bounded \
                         inside it (`\"VWAP\" over the 10 trading days before d, not before b`)"
                            .into(),
                    );
                }
                error(span)
            }
        }
    }
}

fn error(span: Span) -> Expr {
    Expr {
        kind: ExprKind::Literal(ast::Literal::Bool(false)),
        ty: Type::Error,
        span,
    }
}
