//! Checking periods bounded by events: `the calendar days covered by xs from f through g` — the
//! list must be of events, and `f` and `g` date fields of them — and `day N of xs`, the Nth of
//! a list of dates.

use super::Checker;
use crate::ast;
use crate::program::types::Type;
use crate::program::{Expr, ExprKind};
use crate::source::Span;

impl Checker<'_> {
    pub(super) fn covered_days(
        &mut self,
        list: &ast::Expr,
        from: &ast::Name,
        through: &ast::Name,
        scope: &super::expr::Scope,
        span: Span,
    ) -> Expr {
        let list = self.expr(list, scope);
        let event = match &list.ty {
            Type::List(t) => match **t {
                Type::Event(e) => Some(e),
                _ => None,
            },
            _ => None,
        };
        let Some(event) = event else {
            if list.ty != Type::Error {
                self.mismatch_one(
                    &list,
                    "a list of events",
                    "the periods are events of the log, e.g. `each registration_lapse l`",
                );
            }
            return error(span);
        };
        let mut field = |name: &ast::Name| {
            let def = &self.prog.events.at(event);
            match def.fields.iter().position(|f| f.name == name.node) {
                Some(i) if def.fields.get(i).is_some_and(|f| f.ty == Type::Date) => Some(i),
                found => {
                    let event_name = def.name.clone();
                    let dates: Vec<String> = def
                        .fields
                        .iter()
                        .filter(|f| f.ty == Type::Date)
                        .map(|f| format!("`{}`", f.name))
                        .collect();
                    let what = if found.is_some() {
                        "is not a date"
                    } else {
                        "is not a field"
                    };
                    self.invalid(
                        name.span,
                        format!("`{}` {what} of a `{event_name}`", name.node),
                        "a period is bounded by date fields",
                        format!("the date fields of `{event_name}` are {}", dates.join(", ")),
                    );
                    None
                }
            }
        };
        let (Some(from_field), Some(through_field)) = (field(from), field(through)) else {
            return error(span);
        };
        Expr {
            kind: ExprKind::CoveredDays {
                list: Box::new(list),
                from_field,
                through_field,
            },
            ty: Type::List(Box::new(Type::Date)),
            span,
        }
    }

    pub(super) fn nth_day(
        &mut self,
        n: &crate::source::Spanned<u32>,
        list: &ast::Expr,
        scope: &super::expr::Scope,
        span: Span,
    ) -> Expr {
        let list = self.expr(list, scope);
        self.expect_type(&list, &Type::List(Box::new(Type::Date)), "the list of days");
        self.positive(n);
        Expr {
            kind: ExprKind::NthDay {
                n: n.node,
                list: Box::new(list),
            },
            ty: Type::Date,
            span,
        }
    }
}

/// An expression already reported: it matches anything, so one mistake is reported once.
fn error(span: Span) -> Expr {
    Expr {
        kind: ExprKind::EvaluationDate,
        ty: Type::Error,
        span,
    }
}
