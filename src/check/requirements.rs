//! Requirements of an event declaration: `require date >= conversion_date because "..."`.
//!
//! Each side is a field of the event or a literal; both sides have the same type, one that is
//! ordered (a quantity of one unit, a date, a datetime, a time). The facts loader checks every
//! event against them.

use crate::ast;
use crate::source::Span;

use super::Checker;
use super::errors::CheckError;
use super::expr::literal_type;
use super::names::suggest;
use crate::program::types::{Type, TypeNames};
use crate::program::{FieldDef, RequirementDef, RequirementSide};

impl Checker<'_> {
    pub(super) fn requirements(
        &mut self,
        e: &ast::EventDecl,
        fields: &[FieldDef],
    ) -> Vec<RequirementDef> {
        let mut out = Vec::new();
        for r in &e.requirements {
            let req = &r.node;
            let lhs = self.requirement_side(e, fields, &req.lhs);
            let rhs = self.requirement_side(e, fields, &req.rhs);
            let (Some((lhs, lty, lspan)), Some((rhs, rty, rspan))) = (lhs, rhs) else {
                continue;
            };
            if lty == Type::Error || rty == Type::Error {
                continue;
            }
            if matches!(
                (&lhs, &rhs),
                (RequirementSide::Literal(..), RequirementSide::Literal(..))
            ) {
                self.invalid(
                    r.span,
                    "a requirement compares two literals".to_owned(),
                    "no field of the event",
                    format!(
                        "compare a field of `{}` with another field or with a literal, e.g. \
                         `require date >= conversion_date`",
                        e.name.node
                    ),
                );
                continue;
            }
            if lty != rty {
                let lhs_ty = self.prog.type_name(&lty);
                let rhs_ty = self.prog.type_name(&rty);
                self.errors.push(CheckError::UnitMismatch {
                    op: req.op.node.symbol().to_owned(),
                    lhs_ty,
                    rhs_ty,
                    help: "a requirement compares two amounts of the same unit, two dates, two \
                           moments or two times of day"
                        .to_owned(),
                    src: self.src(lspan),
                    lhs: lspan.into(),
                    rhs: rspan.into(),
                });
                continue;
            }
            if !matches!(
                lty,
                Type::Quantity(_) | Type::Date | Type::DateTime | Type::Time
            ) {
                let t = self.prog.type_name(&lty);
                self.invalid(
                    req.op.span,
                    format!(
                        "`{}` does not order values of type {t}",
                        req.op.node.symbol()
                    ),
                    "not an ordering",
                    "a requirement orders amounts, dates, moments or times of day".to_owned(),
                );
                continue;
            }
            let text = self.sources.slice(lspan.to(rspan)).to_owned();
            out.push(RequirementDef {
                lhs,
                op: req.op.node,
                rhs,
                text,
                because: req.because.as_ref().map(|b| b.node.clone()),
                span: r.span,
            });
        }
        out
    }

    /// A side of a requirement, with its type and span; `None` (reported) if it names no field.
    fn requirement_side(
        &mut self,
        e: &ast::EventDecl,
        fields: &[FieldDef],
        side: &ast::RequireOperand,
    ) -> Option<(RequirementSide, Type, Span)> {
        match side {
            ast::RequireOperand::Literal(lit) => {
                let text = self.sources.slice(lit.span).to_owned();
                Some((
                    RequirementSide::Literal(lit.node, text),
                    literal_type(&lit.node),
                    lit.span,
                ))
            }
            ast::RequireOperand::Field(name) => {
                match fields.iter().position(|f| f.name == name.node) {
                    Some(i) => {
                        let ty = fields.get(i).map_or(Type::Error, |f| f.ty.clone());
                        Some((RequirementSide::Field(i), ty, name.span))
                    }
                    None => {
                        let help =
                            suggest(&name.node, fields.iter().map(|f| f.name.as_str()), "field");
                        self.errors.push(CheckError::UnknownField {
                            owner: e.name.node.clone(),
                            field: name.node.clone(),
                            help,
                            src: self.src(name.span),
                            span: name.span.into(),
                        });
                        None
                    }
                }
            }
        }
    }
}
