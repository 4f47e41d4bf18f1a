//! The rule of Trading Days a clause folder may declare, in the section that defines the term:
//! `trading days are market rows with volume > 0 shares`. A row of the market file that fails
//! it is not a Trading Day; without a rule, every row is one.
//!
//! The condition reads the series of one row and nothing else (no fact, no term, no date), so it
//! is decided once per row, when the market is read for the program (`market::Market::under`),
//! and every window, deadline, list of days and "on or before" fallback counts the same days.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::Series;
use super::types::SectionId;
use crate::source::Span;

/// `trading days are market rows with …`, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct TradingDayRule {
    /// The section it is written in (the one that defines "Trading Day").
    pub section: SectionId,
    /// How explanations cite that section: `8 "Trading Day"`.
    pub cited: String,
    /// The condition as written in the clause file: `volume > 0 shares`.
    pub text: String,
    pub condition: RowCondition,
    /// The declaration in its clause file.
    pub span: Span,
}

impl TradingDayRule {
    /// Whether the row whose series `value` gives is a Trading Day.
    pub fn admits(&self, value: impl Fn(Series) -> Decimal) -> bool {
        self.condition.holds(&value)
    }

    /// "under 8 "Trading Day" (trading days are market rows with volume > 0 shares)".
    pub fn describe(&self) -> String {
        format!(
            "under {} (trading days are market rows with {})",
            self.cited, self.text
        )
    }
}

/// A condition on one market row.
#[derive(Debug, Clone, PartialEq)]
pub enum RowCondition {
    Compare {
        lhs: RowOperand,
        op: RowComparison,
        rhs: RowOperand,
    },
    Not(Box<RowCondition>),
    And(Box<RowCondition>, Box<RowCondition>),
    Or(Box<RowCondition>, Box<RowCondition>),
}

impl RowCondition {
    /// Call `f` on each series the condition reads.
    pub fn series(&self, f: &mut impl FnMut(Series)) {
        match self {
            RowCondition::Compare { lhs, rhs, .. } => {
                for side in [lhs, rhs] {
                    if let RowOperand::Series(s) = side {
                        f(*s);
                    }
                }
            }
            RowCondition::Not(c) => c.series(f),
            RowCondition::And(a, b) | RowCondition::Or(a, b) => {
                a.series(f);
                b.series(f);
            }
        }
    }

    pub fn holds(&self, value: &impl Fn(Series) -> Decimal) -> bool {
        match self {
            RowCondition::Compare { lhs, op, rhs } => {
                op.holds(lhs.value(value).cmp(&rhs.value(value)))
            }
            RowCondition::Not(c) => !c.holds(value),
            RowCondition::And(a, b) => a.holds(value) && b.holds(value),
            RowCondition::Or(a, b) => a.holds(value) || b.holds(value),
        }
    }
}

/// A side of a comparison: a series of the row, or an amount written in the clause file (in the
/// series' unit, which checking has made sure of).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RowOperand {
    Series(Series),
    Amount(Decimal),
}

impl RowOperand {
    fn value(self, of: &impl Fn(Series) -> Decimal) -> Decimal {
        match self {
            RowOperand::Series(s) => of(s),
            RowOperand::Amount(a) => a,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowComparison {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl RowComparison {
    fn holds(self, lhs_to_rhs: Ordering) -> bool {
        match self {
            RowComparison::Eq => lhs_to_rhs == Ordering::Equal,
            RowComparison::Ne => lhs_to_rhs != Ordering::Equal,
            RowComparison::Lt => lhs_to_rhs == Ordering::Less,
            RowComparison::Le => lhs_to_rhs != Ordering::Greater,
            RowComparison::Gt => lhs_to_rhs == Ordering::Greater,
            RowComparison::Ge => lhs_to_rhs != Ordering::Less,
        }
    }
}
