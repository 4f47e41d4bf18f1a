//! Checking of `trading days are market rows with …`: at most one per clause folder; its
//! condition reads the series of one row by name (`close`, `vwap`, `low`, `volume`) and compares
//! them with amounts in their units, joined by `and`, `or`, `not`. Anything else — a fact, a
//! term, a date, a name that is not a series — is an error at its place, since the rule is
//! decided from the row alone, once, when the market file is read.

use crate::ast::{self, BinaryOp, ExprKind as A, Literal, UnaryOp};
use crate::program::types::{SectionId, Type, TypeNames};
use crate::program::{
    Expr, ExprKind, RowComparison, RowCondition, RowOperand, Series, TradingDayRule,
};
use crate::source::Span;

use super::Checker;
use super::names::suggest;

/// How the help shows a good rule.
const EXAMPLE: &str = "trading days are market rows with volume > 0 shares";

impl Checker<'_> {
    pub(super) fn trading_days(&mut self, files: &[ast::File]) {
        let mut first: Option<Span> = None;
        for (section, s) in self.ast_sections(files) {
            let Some(decl) = &s.trading_days else {
                continue;
            };
            // Each rule is checked, a second one also reported as one too many.
            let rule = self.trading_day_rule(section, decl);
            if let Some(first) = first {
                let at = self.sources.location(first);
                self.invalid(
                    decl.span,
                    "the clause folder says twice which rows are Trading Days".to_owned(),
                    "a second rule",
                    format!(
                        "the first is at {at}; keep one rule, joining the conditions with `and` \
                         or `or`"
                    ),
                );
                continue;
            }
            first = Some(decl.span);
            self.prog.trading_days = rule;
        }
    }

    fn trading_day_rule(
        &mut self,
        section: SectionId,
        decl: &ast::TradingDaysDecl,
    ) -> Option<TradingDayRule> {
        if !self.of_the_row(&decl.condition) {
            return None;
        }
        let scope: Vec<(String, Type)> = Series::ALL
            .iter()
            .map(|(name, s)| ((*name).to_owned(), Type::Quantity(s.dim())))
            .collect();
        let errors = self.errors.len();
        let e = self.expr(&decl.condition, &scope);
        if self.errors.len() > errors {
            return None;
        }
        if e.ty != Type::Bool {
            let found = self.prog.type_name(&e.ty);
            self.invalid(
                e.span,
                format!(
                    "`trading days are market rows with` needs a condition, and this is {found}"
                ),
                "not a condition",
                format!("compare a series of the row with an amount: `{EXAMPLE}`"),
            );
            return None;
        }
        let Some(condition) = condition(&e) else {
            self.not_of_the_row(e.span, "this condition cannot be read from a row");
            return None;
        };
        let info = self.prog.sections.at(section);
        Some(TradingDayRule {
            section,
            cited: format!("{} \"{}\"", info.number, info.title),
            text: self
                .sources
                .slice(decl.condition.span)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            condition,
            span: decl.span,
        })
    }

    /// Whether the condition reads only the row: series by name, amounts, comparisons, `and`,
    /// `or`, `not`. Reports each place that reads anything else.
    fn of_the_row(&mut self, e: &ast::Expr) -> bool {
        match &e.node {
            A::Literal(Literal::Bool(_) | Literal::Date(_) | Literal::Time(_))
            | A::Literal(Literal::Duration(_)) => {
                self.not_of_the_row(e.span, "a Trading Day is decided by the row's series");
                false
            }
            A::Literal(_) => true,
            A::Path(segments) => match segments.as_slice() {
                [name] if series(&name.node).is_some() => true,
                [name, ..] => {
                    let help = suggest(&name.node, Series::ALL.iter().map(|(n, _)| *n), "series");
                    self.invalid(
                        name.span,
                        format!("`{}` is not a market series of the row", name.node),
                        "unknown series",
                        format!(
                            "{help} The condition reads the row's `close`, `vwap`, `low` and \
                             `volume`, e.g. `{EXAMPLE}`"
                        ),
                    );
                    false
                }
                [] => false,
            },
            A::Unary {
                op:
                    crate::source::Spanned {
                        node: UnaryOp::Not, ..
                    },
                operand,
            } => self.of_the_row(operand),
            A::Binary { op, lhs, rhs } => match op.node {
                BinaryOp::And | BinaryOp::Or => {
                    let l = self.of_the_row(lhs);
                    self.of_the_row(rhs) && l
                }
                BinaryOp::Eq
                | BinaryOp::Ne
                | BinaryOp::Lt
                | BinaryOp::Le
                | BinaryOp::Gt
                | BinaryOp::Ge => {
                    let l = self.of_the_row(lhs);
                    let r = self.of_the_row(rhs);
                    l && r && self.amounts_with_units(lhs, op.node, rhs)
                }
                _ => {
                    self.not_of_the_row(
                        e.span,
                        "compare a series with an amount written out; arithmetic is not read",
                    );
                    false
                }
            },
            _ => {
                self.not_of_the_row(
                    e.span,
                    "a Trading Day is decided by the row alone, not by facts, terms or dates",
                );
                false
            }
        }
    }

    fn not_of_the_row(&mut self, span: Span, why: &str) {
        self.invalid(
            span,
            "the rule of Trading Days reads only the series of the market row".to_owned(),
            "not of the row",
            format!(
                "{why}: compare `close`, `vwap`, `low` or `volume` with an amount, joined by \
                 `and`, `or`, `not`, e.g. `{EXAMPLE}`"
            ),
        );
    }

    /// A plain number compared with a series: the amount needs the series' unit.
    fn amounts_with_units(&mut self, lhs: &ast::Expr, op: BinaryOp, rhs: &ast::Expr) -> bool {
        for (side, other) in [(lhs, rhs), (rhs, lhs)] {
            if let (A::Literal(Literal::Number(n)), A::Path(segments)) = (&side.node, &other.node)
                && let [name] = segments.as_slice()
                && let Some(s) = series(&name.node)
            {
                let written = match s {
                    Series::Volume => format!("{n} shares"),
                    _ => format!("${n} per share"),
                };
                let unit = match s {
                    Series::Volume => "a number of shares",
                    _ => "a price per share",
                };
                let comparison = if std::ptr::eq(side, rhs) {
                    format!("{} {} {written}", name.node, op.symbol())
                } else {
                    format!("{written} {} {}", op.symbol(), name.node)
                };
                self.invalid(
                    side.span,
                    format!("`{n}` has no unit, and `{}` is {unit}", name.node),
                    "no unit",
                    format!("write the amount with its unit: `{comparison}`"),
                );
                return false;
            }
        }
        true
    }
}

fn series(name: &str) -> Option<Series> {
    Series::ALL
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| *s)
}

/// The checked condition as a condition on a row; `None` for a shape `of_the_row` has already
/// rejected.
fn condition(e: &Expr) -> Option<RowCondition> {
    match &e.kind {
        ExprKind::Unary {
            op: ast::UnaryOp::Not,
            operand,
        } => Some(RowCondition::Not(Box::new(condition(operand)?))),
        ExprKind::Binary { op, lhs, rhs } => {
            let compare = |op| {
                Some(RowCondition::Compare {
                    lhs: operand(lhs)?,
                    op,
                    rhs: operand(rhs)?,
                })
            };
            match op {
                BinaryOp::And => Some(RowCondition::And(
                    Box::new(condition(lhs)?),
                    Box::new(condition(rhs)?),
                )),
                BinaryOp::Or => Some(RowCondition::Or(
                    Box::new(condition(lhs)?),
                    Box::new(condition(rhs)?),
                )),
                BinaryOp::Eq => compare(RowComparison::Eq),
                BinaryOp::Ne => compare(RowComparison::Ne),
                BinaryOp::Lt => compare(RowComparison::Lt),
                BinaryOp::Le => compare(RowComparison::Le),
                BinaryOp::Gt => compare(RowComparison::Gt),
                BinaryOp::Ge => compare(RowComparison::Ge),
                _ => None,
            }
        }
        _ => None,
    }
}

fn operand(e: &Expr) -> Option<RowOperand> {
    match &e.kind {
        ExprKind::Local(i) => Series::ALL.get(*i).map(|(_, s)| RowOperand::Series(*s)),
        ExprKind::Literal(lit) => match lit {
            Literal::Money { amount, .. } => Some(RowOperand::Amount(*amount)),
            Literal::Shares(n) | Literal::Number(n) => Some(RowOperand::Amount(*n)),
            Literal::Percent { ratio, .. } => Some(RowOperand::Amount(*ratio)),
            _ => None,
        },
        _ => None,
    }
}
