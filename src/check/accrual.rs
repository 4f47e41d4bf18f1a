//! Checking accruals on a balance that payments reduce: `accrued at r on p from d, basis, less
//! xs` and `the day p is paid by xs`. The payments must be events whose kind has an `amount`
//! in the unit of the balance; the rate is per annum; the start is a date. `the payment day`
//! may be used only in an amount weighed against payments, one payment at a time.

use super::Checker;
use crate::ast;
use crate::program::types::{Dim, Type};
use crate::program::{Expr, ExprKind};
use crate::source::Span;

impl Checker<'_> {
    /// The `amount` field of the events in `payments`, which must be in `dim`; `None` (with a
    /// diagnostic) when the list is not of such events.
    fn payment_amount(&mut self, payments: &Expr, dim: Option<Dim>) -> Option<usize> {
        let event = match &payments.ty {
            Type::List(t) => match **t {
                Type::Event(e) => Some(e),
                _ => None,
            },
            Type::Error => return None,
            _ => None,
        };
        let Some(event) = event else {
            self.mismatch_one(
                payments,
                "a list of events",
                "the payments are events of the log, e.g. `each payment p where p.holder = …`",
            );
            return None;
        };
        let def = &self.prog.events.at(event);
        let field = def
            .fields
            .iter()
            .position(|f| f.name == "amount" && dim.is_none_or(|d| f.ty == Type::Quantity(d)));
        if field.is_none() {
            let name = def.name.clone();
            let unit = dim.map_or_else(|| "an amount".to_owned(), |d| d.to_string());
            self.invalid(
                payments.span,
                format!("a `{name}` has no `amount` in {unit} to pay the balance with"),
                "these events",
                format!(
                    "declare `amount: {unit}` in `event {name}`, or accrue on events that have one"
                ),
            );
        }
        field
    }

    pub(super) fn accrual(
        &mut self,
        a: &ast::Accrual,
        scope: &super::expr::Scope,
        span: Span,
    ) -> Expr {
        let rate = self.expr(&a.rate, scope);
        let principal = self.expr(&a.principal, scope);
        let from = self.expr(&a.from, scope);
        let payments = self.expr(&a.payments, scope);
        self.expect_type(
            &rate,
            &Type::Quantity(Dim::PER_ANNUM),
            "the rate of an accrual",
        );
        self.expect_type(&from, &Type::Date, "the start of an accrual");
        let dim = principal.ty.quantity();
        if dim.is_none() && principal.ty != Type::Error {
            self.mismatch_one(
                &principal,
                "an amount",
                "interest accrues on an amount, e.g. `$5,000`",
            );
        }
        let amount_field = self.payment_amount(&payments, dim).unwrap_or(0);
        let ty = dim.map_or(Type::Error, |d| {
            Type::Quantity(d.times(Dim::PER_ANNUM).times(Dim::YEARS))
        });
        Expr {
            kind: ExprKind::Accrual {
                rate: Box::new(rate),
                principal: Box::new(principal),
                from: Box::new(from),
                basis: a.basis,
                payments: Box::new(payments),
                amount_field,
            },
            ty,
            span,
        }
    }

    pub(super) fn paid_day(
        &mut self,
        amount: &ast::Expr,
        payments: &ast::Expr,
        scope: &super::expr::Scope,
        span: Span,
    ) -> Expr {
        let outer = std::mem::replace(&mut self.in_paid_amount, true);
        let amount = self.expr(amount, scope);
        self.in_paid_amount = outer;
        let payments = self.expr(payments, scope);
        let dim = amount.ty.quantity();
        if dim.is_none() && amount.ty != Type::Error {
            self.mismatch_one(
                &amount,
                "an amount",
                "`the day … is paid` takes an amount owed",
            );
        }
        let amount_field = self.payment_amount(&payments, dim).unwrap_or(0);
        Expr {
            kind: ExprKind::PaidDay {
                amount: Box::new(amount),
                payments: Box::new(payments),
                amount_field,
            },
            ty: Type::Date,
            span,
        }
    }

    /// `the payment day`: only inside an amount weighed against payments — of `the day … is
    /// paid by …`, or of a `pay_cash` obligation `fulfilled by` payments.
    pub(super) fn payment_day(&mut self, span: Span) -> Expr {
        if !self.in_paid_amount {
            self.invalid(
                span,
                "`the payment day` is used where no payment is weighed".into(),
                "no payment is being weighed here",
                "`the payment day` is the day of each payment in turn while payments are added \
                 up against an amount: write it in the amount of `the day X is paid by …` (`the \
                 day \"Redemption Price If Paid\"(demand, the payment day) is paid by each \
                 payment p where …`) or of a `pay_cash` obligation that is `fulfilled by` \
                 payments"
                    .to_owned(),
            );
        }
        Expr {
            kind: ExprKind::PaymentDay,
            ty: if self.in_paid_amount {
                Type::Date
            } else {
                Type::Error
            },
            span,
        }
    }
}
