//! The amount of an obligation or right: the exact quantity, and its text at the precision the
//! rule gives it — money at cents, shares at the step the rule rounds to (`97087.38`, `97087`),
//! anything else without trailing zeros.

use rust_decimal::Decimal;

use crate::ast::Precision;
use crate::program::types::Dim;
use crate::program::{Expr, ExprKind, Program};
use crate::value::Quantity;

#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub value: Decimal,
    pub dim: Dim,
    /// The exact value as the JSON output writes it.
    pub text: String,
    /// As people read it: `$1,488.89`, `97,087.38 shares`.
    pub display: String,
}

impl Amount {
    pub fn new(q: &Quantity, places: Option<u32>, display: String) -> Amount {
        let value = q.amount.to_decimal();
        Amount {
            value,
            dim: q.dim,
            text: decimal_text(value, q.dim, places.or(q.places)),
            display,
        }
    }

    /// `USD`, `shares`, `USD/share`, or `None` for a plain number.
    pub fn unit(&self) -> Option<String> {
        (self.dim != Dim::NUMBER).then(|| self.dim.unit())
    }
}

/// A decimal at its precision: money with at least cents, a rounded quantity at the rounding's
/// places, anything else normalised.
pub fn decimal_text(value: Decimal, dim: Dim, places: Option<u32>) -> String {
    let mut d = value.normalize();
    let wanted = match (places, dim == Dim::USD) {
        (Some(p), true) => Some(p.max(2)),
        (None, true) => Some(2),
        (p, false) => p,
    };
    if let Some(p) = wanted
        && d.scale() < p
    {
        d.rescale(p);
    }
    d.to_string()
}

/// The decimal places an expression's value is rounded to, when it is (through the terms it
/// calls and the branches it takes, when they all agree).
pub fn places(prog: &Program, e: &Expr) -> Option<u32> {
    places_within(prog, e, 0)
}

fn places_within(prog: &Program, e: &Expr, depth: u32) -> Option<u32> {
    if depth > 64 {
        return None;
    }
    let both = |a: &Expr, b: &Expr| {
        let x = places_within(prog, a, depth + 1)?;
        (places_within(prog, b, depth + 1)? == x).then_some(x)
    };
    match &e.kind {
        ExprKind::Round { precision, .. } => Some(precision_places(*precision)),
        ExprKind::Call { term, .. } => {
            let t = &prog.terms.at(*term);
            let p = places_within(prog, &t.body, depth + 1)?;
            t.overrides
                .iter()
                .all(|r| places_within(prog, &r.body, depth + 1) == Some(p))
                .then_some(p)
        }
        ExprKind::If {
            then, otherwise, ..
        } => both(then, otherwise),
        ExprKind::Lesser(a, b) | ExprKind::Greater(a, b) => both(a, b),
        _ => None,
    }
}

fn precision_places(p: Precision) -> u32 {
    match p {
        Precision::Cent | Precision::HundredthShare => 2,
        Precision::WholeShare => 0,
        Precision::Money(s) | Precision::Shares(s) | Precision::Number(s) => s.normalize().scale(),
    }
}
