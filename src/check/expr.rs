//! Typing of expressions: resolve names to ids, compute each node's type and unit, and report
//! every mismatch with both operands labelled.

use crate::ast::{self, AggregateKind, BinaryOp, Literal, Precision, UnaryOp};
use crate::source::Span;

use super::errors::CheckError;
use super::names::suggest;
use super::{Checker, Namespace};
use crate::program::types::{Dim, SectionId, TermId, Type, TypeNames};
use crate::program::{Expr, ExprKind, QuerySource, WindowCount};

pub(super) type Scope = [(String, Type)];

/// A term's id, parameters and type.
type Signature = (TermId, Vec<(String, Type)>, Type);

fn make(kind: ExprKind, ty: Type, span: Span) -> Expr {
    Expr { kind, ty, span }
}

impl Checker<'_> {
    pub(crate) fn expr(&mut self, e: &ast::Expr, scope: &Scope) -> Expr {
        let span = e.span;
        match &e.node {
            ast::ExprKind::Literal(lit) => make(ExprKind::Literal(*lit), literal_type(lit), span),
            ast::ExprKind::Path(segments) => self.path(segments, scope, span),
            ast::ExprKind::Call { term, args } => {
                let args: Vec<Expr> = args.iter().map(|a| self.expr(a, scope)).collect();
                let Some((id, params, ty)) = self.term_signature(term) else {
                    return make(ExprKind::Literal(Literal::Bool(false)), Type::Error, span);
                };
                if params.len() != args.len() {
                    let help = if params.is_empty() {
                        format!("write `\"{}\"` without arguments", term.node)
                    } else {
                        let p: Vec<String> = params
                            .iter()
                            .map(|(n, t)| format!("{n}: {}", self.prog.type_name(t)))
                            .collect();
                        format!("`{}` is defined with ({})", term.node, p.join(", "))
                    };
                    self.errors.push(CheckError::Arity {
                        name: term.node.clone(),
                        expected: params.len(),
                        found: args.len(),
                        help,
                        src: self.src(span),
                        span: span.into(),
                    });
                } else {
                    for (a, (pname, pty)) in args.iter().zip(&params) {
                        self.expect_type(
                            a,
                            pty,
                            &format!("the parameter `{pname}` of `{}`", term.node),
                        );
                    }
                }
                make(ExprKind::Call { term: id, args }, ty, span)
            }
            ast::ExprKind::Map { term, args, list } => {
                let list = self.expr(list, scope);
                let args: Vec<Expr> = args.iter().map(|a| self.expr(a, scope)).collect();
                let Some((id, params, ty)) = self.term_signature(term) else {
                    return make(ExprKind::Literal(Literal::Bool(false)), Type::Error, span);
                };
                match params.split_first() {
                    Some(((_, pty), rest)) if rest.len() == args.len() => {
                        let want = Type::List(Box::new(pty.clone()));
                        self.expect_type(
                            &list,
                            &want,
                            &format!("what `\"{}\" over` takes", term.node),
                        );
                        for (a, (pname, pty)) in args.iter().zip(rest) {
                            self.expect_type(
                                a,
                                pty,
                                &format!("the `{pname}` of `\"{}\"`", term.node),
                            );
                        }
                    }
                    _ => self.errors.push(CheckError::Arity {
                        name: term.node.clone(),
                        expected: params.len(),
                        found: 1 + args.len(),
                        help: if args.is_empty() {
                            "`\"Term\" over xs` applies a term of one parameter to each of xs; \
                             give a term of more its other parameters: `\"Term\"(b) over xs` is \
                             `\"Term\"(x, b)` for each x"
                                .into()
                        } else {
                            format!(
                                "`\"{}\"({}) over xs` gives each of xs as the first parameter \
                                 and these {} as the others",
                                term.node,
                                args.iter().map(|_| "…").collect::<Vec<_>>().join(", "),
                                args.len()
                            )
                        },
                        src: self.src(term.span),
                        span: term.span.into(),
                    }),
                }
                make(
                    ExprKind::Map {
                        term: id,
                        args,
                        list: Box::new(list),
                    },
                    Type::List(Box::new(ty)),
                    span,
                )
            }
            ast::ExprKind::Unary { op, operand } => {
                let x = self.expr(operand, scope);
                let ty = match op.node {
                    UnaryOp::Not => {
                        self.expect_type(&x, &Type::Bool, "what `not` applies to");
                        Type::Bool
                    }
                    UnaryOp::Neg => {
                        if x.ty.quantity().is_none() && x.ty != Type::Error {
                            self.mismatch_one(&x, "a quantity", "`-` negates an amount");
                        }
                        x.ty.clone()
                    }
                };
                make(
                    ExprKind::Unary {
                        op: op.node,
                        operand: Box::new(x),
                    },
                    ty,
                    span,
                )
            }
            ast::ExprKind::Binary { op, lhs, rhs } => {
                let l = self.expr(lhs, scope);
                let r = self.expr(rhs, scope);
                let ty = self.binary_type(op.node, &l, &r);
                make(
                    ExprKind::Binary {
                        op: op.node,
                        lhs: Box::new(l),
                        rhs: Box::new(r),
                    },
                    ty,
                    span,
                )
            }
            ast::ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                let c = self.expr(cond, scope);
                self.expect_type(&c, &Type::Bool, "an `if` condition");
                let t = self.expr(then, scope);
                let o = self.expr(otherwise, scope);
                let ty = self.same_type("if … then … else", &t, &o);
                make(
                    ExprKind::If {
                        cond: Box::new(c),
                        then: Box::new(t),
                        otherwise: Box::new(o),
                    },
                    ty,
                    span,
                )
            }
            ast::ExprKind::Lesser(a, b) | ast::ExprKind::Greater(a, b) => {
                let a = self.expr(a, scope);
                let b = self.expr(b, scope);
                let lesser = matches!(e.node, ast::ExprKind::Lesser(..));
                let word = if lesser { "lesser of" } else { "greater of" };
                let ty = self.same_type(word, &a, &b);
                if !matches!(ty, Type::Quantity(_) | Type::Date | Type::Error) {
                    self.mismatch_one(
                        &a,
                        "a quantity or a date",
                        &format!("`{word}` compares amounts or dates"),
                    );
                }
                let kind = if lesser {
                    ExprKind::Lesser(Box::new(a), Box::new(b))
                } else {
                    ExprKind::Greater(Box::new(a), Box::new(b))
                };
                make(kind, ty, span)
            }
            ast::ExprKind::Round {
                value,
                precision,
                mode,
                under,
            } => {
                let v = self.expr(value, scope);
                if let Some(d) = v.ty.quantity() {
                    let ok = match precision.node {
                        Precision::Cent | Precision::Money(_) => d.usd == 1,
                        Precision::HundredthShare
                        | Precision::WholeShare
                        | Precision::Shares(_) => d == Dim::SHARES,
                        Precision::Number(_) => true,
                    };
                    if !ok {
                        let found = self.prog.type_name(&v.ty);
                        self.errors.push(CheckError::UnitMismatch {
                            op: "round".into(),
                            lhs_ty: found,
                            rhs_ty: precision_unit(precision.node).into(),
                            help: "round money to cents and shares to fractions of a share".into(),
                            src: self.src(v.span),
                            lhs: v.span.into(),
                            rhs: precision.span.into(),
                        });
                    }
                } else if v.ty != Type::Error {
                    self.mismatch_one(&v, "a quantity", "only amounts are rounded");
                }
                let under = under.as_ref().and_then(|u| self.section_ref(u));
                let ty = v.ty.clone();
                make(
                    ExprKind::Round {
                        value: Box::new(v),
                        precision: precision.node,
                        mode: *mode,
                        under,
                    },
                    ty,
                    span,
                )
            }
            ast::ExprKind::Aggregate { kind, list } => {
                let l = self.expr(list, scope);
                let ty = match kind {
                    AggregateKind::Count => {
                        if !matches!(l.ty, Type::List(_) | Type::Error) {
                            self.mismatch_one(&l, "a list", "`count of` counts a list");
                        }
                        Type::Quantity(Dim::NUMBER)
                    }
                    AggregateKind::Product => {
                        let elem = self.list_of_quantity(&l);
                        if elem != Type::Quantity(Dim::NUMBER) && elem != Type::Error {
                            self.mismatch_one(
                                &l,
                                "a list of plain numbers",
                                "`product of` multiplies factors (shares before / shares after), \
                                 which have no unit",
                            );
                        }
                        Type::Quantity(Dim::NUMBER)
                    }
                    _ => self.list_of_quantity(&l),
                };
                make(
                    ExprKind::Aggregate {
                        kind: *kind,
                        list: Box::new(l),
                    },
                    ty,
                    span,
                )
            }
            ast::ExprKind::Select { count, kind, list } => {
                let l = self.expr(list, scope);
                let elem = self.list_of_quantity(&l);
                self.positive(count);
                make(
                    ExprKind::Select {
                        count: count.node,
                        kind: *kind,
                        list: Box::new(l),
                    },
                    Type::List(Box::new(elem)),
                    span,
                )
            }
            ast::ExprKind::Window { count, end, anchor } => {
                let d = self.expr(end, scope);
                let what = match anchor {
                    ast::WindowAnchor::StartingOn => "the first day of a window",
                    _ => "the end of a window",
                };
                self.expect_type(&d, &Type::Date, what);
                let count = match count {
                    ast::WindowCount::Fixed(n) => {
                        self.positive(n);
                        WindowCount::Fixed(n.node)
                    }
                    ast::WindowCount::Computed(n) => {
                        let n = self.expr(n, scope);
                        self.expect_type(
                            &n,
                            &Type::Quantity(Dim::NUMBER),
                            "the length of a window (a whole number of Trading Days)",
                        );
                        WindowCount::Computed(Box::new(n))
                    }
                };
                make(
                    ExprKind::Window {
                        count,
                        end: Box::new(d),
                        anchor: *anchor,
                        not_before: None,
                    },
                    Type::List(Box::new(Type::Date)),
                    span,
                )
            }
            ast::ExprKind::NotBefore { window, bound } => self.not_before(window, bound, scope),
            ast::ExprKind::Shift {
                duration,
                direction,
                date,
            } => {
                let d = self.expr(date, scope);
                self.expect_type(&d, &Type::Date, "what a number of days is counted from");
                make(
                    ExprKind::Shift {
                        duration: duration.node,
                        direction: *direction,
                        date: Box::new(d),
                    },
                    Type::Date,
                    span,
                )
            }
            ast::ExprKind::ShiftMonths {
                months,
                written,
                direction,
                date,
            } => {
                let d = self.expr(date, scope);
                self.expect_type(&d, &Type::Date, "what a number of months is counted from");
                make(
                    ExprKind::ShiftMonths {
                        months: months.node,
                        written: written.clone(),
                        direction: *direction,
                        date: Box::new(d),
                    },
                    Type::Date,
                    span,
                )
            }
            ast::ExprKind::ShiftBusinessDays {
                days,
                direction,
                date,
            } => {
                let d = self.expr(date, scope);
                self.expect_type(
                    &d,
                    &Type::Date,
                    "what a number of Business Days is counted from",
                );
                self.business_uses.push(span);
                make(
                    ExprKind::ShiftBusinessDays {
                        days: days.node,
                        direction: *direction,
                        date: Box::new(d),
                    },
                    Type::Date,
                    span,
                )
            }
            ast::ExprKind::MonthlyAnniversaries { from, through } => {
                let f = self.expr(from, scope);
                let t = self.expr(through, scope);
                self.expect_type(&f, &Type::Date, "the day the anniversaries are of");
                self.expect_type(&t, &Type::Date, "the last day an anniversary may fall on");
                make(
                    ExprKind::MonthlyAnniversaries {
                        from: Box::new(f),
                        through: Box::new(t),
                    },
                    Type::List(Box::new(Type::Date)),
                    span,
                )
            }
            ast::ExprKind::Market {
                series,
                or_before,
                date,
            } => {
                let d = self.expr(date, scope);
                self.expect_type(&d, &Type::Date, "the date of a market value");
                let Some(s) = self.series_named(&series.node) else {
                    let help = self.unknown_series_help(&series.node);
                    self.invalid(
                        series.span,
                        format!("`{}` is not a market series", series.node),
                        "unknown series",
                        help,
                    );
                    return make(ExprKind::Literal(Literal::Bool(false)), Type::Error, span);
                };
                make(
                    ExprKind::Market {
                        series: s,
                        or_before: *or_before,
                        date: Box::new(d),
                    },
                    Type::Quantity(s.dim()),
                    span,
                )
            }
            ast::ExprKind::EvaluationDate => make(ExprKind::EvaluationDate, Type::Date, span),
            ast::ExprKind::PaymentDay => self.payment_day(span),
            ast::ExprKind::FindingDays(names) => self.finding_days(names, span),
            ast::ExprKind::Text(t) => make(ExprKind::Text(t.as_str().into()), Type::Text, span),
            ast::ExprKind::DaysBetween {
                trading,
                from,
                to,
                inclusive,
            } => {
                let f = self.expr(from, scope);
                let t = self.expr(to, scope);
                self.expect_type(&f, &Type::Date, "the day the count starts after");
                self.expect_type(&t, &Type::Date, "the day the count ends at");
                make(
                    ExprKind::DaysBetween {
                        trading: *trading,
                        from: Box::new(f),
                        to: Box::new(t),
                        inclusive: *inclusive,
                    },
                    Type::List(Box::new(Type::Date)),
                    span,
                )
            }
            ast::ExprKind::BusinessDaysBetween {
                from,
                to,
                inclusive,
            } => {
                let f = self.expr(from, scope);
                let t = self.expr(to, scope);
                self.expect_type(&f, &Type::Date, "the day the count starts after");
                self.expect_type(&t, &Type::Date, "the day the count ends at");
                self.business_uses.push(span);
                make(
                    ExprKind::BusinessDaysBetween {
                        from: Box::new(f),
                        to: Box::new(t),
                        inclusive: *inclusive,
                    },
                    Type::List(Box::new(Type::Date)),
                    span,
                )
            }
            ast::ExprKind::Query(q) => self.query(q, scope, span),
            ast::ExprKind::FieldOf { field, base } => {
                let b = self.expr(base, scope);
                self.field_access(b, field, span)
            }
            ast::ExprKind::Tiered { count, tiers } => {
                let n = self.expr(count, scope);
                self.expect_type(
                    &n,
                    &Type::Quantity(Dim::NUMBER),
                    "what a tiered rate counts",
                );
                let mut out: Vec<(Option<u32>, Expr)> = Vec::new();
                let mut ty = Type::Error;
                let last = tiers.len().saturating_sub(1);
                for (i, t) in tiers.iter().enumerate() {
                    let rate = self.expr(&t.rate, scope);
                    if rate.ty.quantity().is_none() && rate.ty != Type::Error {
                        self.mismatch_one(&rate, "an amount", "each tier has a rate per unit");
                    } else if ty == Type::Error {
                        ty = rate.ty.clone();
                    } else {
                        ty = self.same_type(
                            "tiered",
                            &out.last().map_or(rate.clone(), |(_, r)| r.clone()),
                            &rate,
                        );
                    }
                    if let Some(size) = &t.size {
                        self.positive(size);
                    } else if i != last {
                        self.invalid(
                            t.rate.span,
                            "`thereafter` must be the last tier".into(),
                            "not last",
                            "move `thereafter at …` to the end".into(),
                        );
                    }
                    out.push((t.size.as_ref().map(|s| s.node), rate));
                }
                make(
                    ExprKind::Tiered {
                        count: Box::new(n),
                        tiers: out,
                    },
                    ty,
                    span,
                )
            }
            ast::ExprKind::DayOf(m) | ast::ExprKind::TimeOf(m) => {
                let m = self.expr(m, scope);
                self.expect_type(&m, &Type::DateTime, "what `day of` and `time of` take");
                if matches!(e.node, ast::ExprKind::DayOf(_)) {
                    make(ExprKind::DayOf(Box::new(m)), Type::Date, span)
                } else {
                    make(ExprKind::TimeOf(Box::new(m)), Type::Time, span)
                }
            }
            ast::ExprKind::Accrual(a) => self.accrual(a, scope, span),
            ast::ExprKind::CoveredDays {
                list,
                from,
                through,
            } => self.covered_days(list, from, through, scope, span),
            ast::ExprKind::NthDay { n, list } => self.nth_day(n, list, scope, span),
            ast::ExprKind::Quantified { all, list } => {
                let l = self.expr(list, scope);
                let word = if *all { "all of" } else { "any of" };
                self.expect_type(
                    &l,
                    &Type::List(Box::new(Type::Bool)),
                    &format!("the list `{word}` reads"),
                );
                make(
                    ExprKind::Quantified {
                        all: *all,
                        list: Box::new(l),
                    },
                    Type::Bool,
                    span,
                )
            }
            ast::ExprKind::PaidDay { amount, payments } => {
                self.paid_day(amount, payments, scope, span)
            }
            ast::ExprKind::YearFraction { from, to, basis } => {
                let f = self.expr(from, scope);
                let t = self.expr(to, scope);
                self.expect_type(&f, &Type::Date, "the start of a year fraction");
                self.expect_type(&t, &Type::Date, "the end of a year fraction");
                make(
                    ExprKind::YearFraction {
                        from: Box::new(f),
                        to: Box::new(t),
                        basis: *basis,
                    },
                    Type::Quantity(Dim::YEARS),
                    span,
                )
            }
        }
    }

    fn term_signature(&mut self, term: &ast::Name) -> Option<Signature> {
        match self
            .terms
            .get(&term.node)
            .map(|&id| (id, self.prog.terms.at(id)))
        {
            Some((id, t)) => {
                let found = (id, t.params.clone(), t.ty.clone());
                self.visible(Namespace::Term, &term.node, term.span);
                Some(found)
            }
            None => {
                let help = suggest(&term.node, self.terms.keys().map(String::as_str), "term");
                self.errors.push(CheckError::UndefinedTerm {
                    name: term.node.clone(),
                    help,
                    src: self.src(term.span),
                    span: term.span.into(),
                });
                None
            }
        }
    }

    fn section_ref(&mut self, number: &crate::source::Spanned<String>) -> Option<SectionId> {
        self.cited.push(number.clone());
        let doc = self.doc_of(number.span);
        match self.sections.get(&(doc, number.node.clone())) {
            Some(&id) => Some(id),
            None => {
                let help = suggest(
                    &number.node,
                    self.sections
                        .keys()
                        .filter(|(d, _)| *d == doc)
                        .map(|(_, n)| n.as_str()),
                    "section",
                );
                self.invalid(
                    number.span,
                    format!("there is no section \"{}\"", number.node),
                    "cited here",
                    help,
                );
                None
            }
        }
    }

    pub(super) fn positive(&mut self, count: &crate::source::Spanned<u32>) {
        if count.node == 0 {
            self.invalid(
                count.span,
                "a count of zero selects nothing".into(),
                "zero",
                "count at least one day or value".into(),
            );
        }
    }

    fn list_of_quantity(&mut self, l: &Expr) -> Type {
        match &l.ty {
            Type::List(t) if matches!(**t, Type::Quantity(_) | Type::Error) => (**t).clone(),
            Type::Error => Type::Error,
            _ => {
                self.mismatch_one(
                    l,
                    "a list of amounts",
                    "aggregates take e.g. `\"VWAP\" over the 30 trading days before d`",
                );
                Type::Error
            }
        }
    }

    pub(super) fn mismatch_one(&mut self, e: &Expr, expected: &str, help: &str) {
        let found = self.prog.type_name(&e.ty);
        self.errors.push(CheckError::TypeMismatch {
            expected: expected.into(),
            found,
            help: help.into(),
            src: self.src(e.span),
            span: e.span.into(),
        });
    }

    fn unit_mismatch(&mut self, op: &str, l: &Expr, r: &Expr, help: &str) {
        let lhs_ty = self.prog.type_name(&l.ty);
        let rhs_ty = self.prog.type_name(&r.ty);
        self.errors.push(CheckError::UnitMismatch {
            op: op.into(),
            lhs_ty,
            rhs_ty,
            help: help.into(),
            src: self.src(l.span),
            lhs: l.span.into(),
            rhs: r.span.into(),
        });
    }

    fn same_type(&mut self, op: &str, a: &Expr, b: &Expr) -> Type {
        if a.ty.compatible(&b.ty) {
            if a.ty == Type::Error {
                b.ty.clone()
            } else {
                a.ty.clone()
            }
        } else {
            self.unit_mismatch(op, a, b, "both sides must have the same type and unit");
            Type::Error
        }
    }

    fn binary_type(&mut self, op: BinaryOp, l: &Expr, r: &Expr) -> Type {
        use BinaryOp as B;
        if l.ty == Type::Error || r.ty == Type::Error {
            return match op {
                B::Or | B::And | B::Eq | B::Ne | B::Lt | B::Le | B::Gt | B::Ge | B::In => {
                    Type::Bool
                }
                _ => Type::Error,
            };
        }
        let sym = op.symbol();
        match op {
            B::Or | B::And => {
                self.expect_type(l, &Type::Bool, &format!("each side of `{sym}`"));
                self.expect_type(r, &Type::Bool, &format!("each side of `{sym}`"));
                Type::Bool
            }
            B::Eq | B::Ne => {
                if !l.ty.compatible(&r.ty) {
                    self.unit_mismatch(sym, l, r, "compare values of the same type and unit");
                }
                Type::Bool
            }
            B::In => {
                let fits = matches!(&r.ty, Type::List(inner) if inner.compatible(&l.ty));
                if !fits {
                    self.unit_mismatch(
                        sym,
                        l,
                        r,
                        "`x in xs` asks whether a list holds a value: the right side is a list of \
                         values of the left side's type",
                    );
                }
                Type::Bool
            }
            B::Lt | B::Le | B::Gt | B::Ge => {
                let ordered = matches!(
                    l.ty,
                    Type::Quantity(_) | Type::Date | Type::DateTime | Type::Time
                );
                if !l.ty.compatible(&r.ty) || !ordered {
                    self.unit_mismatch(sym, l, r, "compare amounts of the same unit, or two dates");
                }
                Type::Bool
            }
            B::Add | B::Sub => match (l.ty.quantity(), r.ty.quantity()) {
                (Some(a), Some(b)) if a == b => l.ty.clone(),
                _ => {
                    let help = if l.ty == Type::Date || r.ty == Type::Date {
                        "to move a date, write `3 trading days after d` or `30 calendar days after d`"
                    } else {
                        "only amounts of the same unit add up; convert one first (e.g. shares × a price per share)"
                    };
                    self.unit_mismatch(sym, l, r, help);
                    Type::Error
                }
            },
            B::Mul | B::Div => match (l.ty.quantity(), r.ty.quantity()) {
                (Some(a), Some(b)) => {
                    Type::Quantity(if op == B::Mul { a.times(b) } else { a.per(b) })
                }
                _ => {
                    self.unit_mismatch(sym, l, r, "only amounts multiply and divide");
                    Type::Error
                }
            },
            B::Pow => {
                let plain = Type::Quantity(Dim::NUMBER);
                if !l.ty.compatible(&plain) || !r.ty.compatible(&plain) {
                    self.unit_mismatch(
                        sym,
                        l,
                        r,
                        "`x ^ n` raises a plain number (a rate, `1 + 1.5%`) to a whole power",
                    );
                    Type::Error
                } else {
                    plain
                }
            }
            B::Otherwise => self.same_type("otherwise", l, r),
            B::NotLessThan | B::NotMoreThan => match (l.ty.quantity(), r.ty.quantity()) {
                (Some(a), Some(b)) if a == b => l.ty.clone(),
                _ => {
                    self.unit_mismatch(sym, l, r, "a floor or cap has the unit of what it bounds");
                    Type::Error
                }
            },
        }
    }

    fn path(&mut self, segments: &[ast::Name], scope: &Scope, span: Span) -> Expr {
        let Some((root, rest)) = segments.split_first() else {
            return make(ExprKind::Literal(Literal::Bool(false)), Type::Error, span);
        };
        let mut rest = rest.iter();
        let mut cur = if let Some(i) = scope.iter().rposition(|(n, _)| *n == root.node) {
            let ty = scope.get(i).map_or(Type::Error, |(_, t)| t.clone());
            make(ExprKind::Local(i), ty, root.span)
        } else if let Some(&table) = self.tables.get(&root.node) {
            self.visible(Namespace::Value, &root.node, root.span);
            let fields = self
                .prog
                .tables
                .get(table)
                .map(|t| t.fields.clone())
                .unwrap_or_default();
            let Some(field) = rest.next() else {
                let names: Vec<String> = fields
                    .iter()
                    .map(|f| format!("`{}.{}`", root.node, f.name))
                    .collect();
                self.invalid(
                    root.span,
                    format!("`{}` is a table of facts, not a value", root.node),
                    "a table",
                    format!("name one of its facts: {}", names.join(", ")),
                );
                return make(ExprKind::Literal(Literal::Bool(false)), Type::Error, span);
            };
            match fields.iter().position(|f| f.name == field.node) {
                Some(i) => {
                    let ty = fields.get(i).map_or(Type::Error, |f| f.ty.clone());
                    make(
                        ExprKind::Fact { table, field: i },
                        ty,
                        root.span.to(field.span),
                    )
                }
                None => {
                    let help = suggest(&field.node, fields.iter().map(|f| f.name.as_str()), "fact");
                    self.errors.push(CheckError::UnknownField {
                        owner: root.node.clone(),
                        field: field.node.clone(),
                        help,
                        src: self.src(field.span),
                        span: field.span.into(),
                    });
                    return make(ExprKind::Literal(Literal::Bool(false)), Type::Error, span);
                }
            }
        } else if let Some(&p) = self.parties.get(&root.node) {
            self.visible(Namespace::Value, &root.node, root.span);
            make(ExprKind::Party(p), Type::Party, root.span)
        } else if let Some(uses) = self.variants.get(&root.node) {
            let Some(&(enumeration, variant)) = uses.first() else {
                return make(ExprKind::Literal(Literal::Bool(false)), Type::Error, span);
            };
            // A value is its enumeration's: importing the enumeration imports its values.
            let enum_name = self.prog.enums.at(enumeration).name.clone();
            self.visible(Namespace::Type, &enum_name, root.span);
            make(
                ExprKind::Variant {
                    enumeration,
                    variant,
                },
                Type::Enum(enumeration),
                root.span,
            )
        } else {
            let names: Vec<&str> = scope
                .iter()
                .map(|(n, _)| n.as_str())
                .chain(self.tables.keys().map(String::as_str))
                .chain(self.parties.keys().map(String::as_str))
                .chain(self.variants.keys().map(String::as_str))
                .collect();
            let mut help = suggest(&root.node, names, "name");
            if self.terms.contains_key(&root.node) {
                help = format!(
                    "`{0}` is a defined term: write it in quotes, `\"{0}\"`",
                    root.node
                );
            }
            self.errors.push(CheckError::UndefinedName {
                name: root.node.clone(),
                help,
                src: self.src(root.span),
                span: root.span.into(),
            });
            return make(ExprKind::Literal(Literal::Bool(false)), Type::Error, span);
        };
        for seg in rest {
            cur = self.field_access(cur, seg, span);
            if cur.ty == Type::Error {
                return cur;
            }
        }
        cur
    }

    /// `base.field` for a record or an event.
    fn field_access(&mut self, cur: Expr, seg: &ast::Name, span: Span) -> Expr {
        {
            let (owner, fields) = match &cur.ty {
                Type::Record(r) => {
                    let d = &self.prog.records.at(*r);
                    (d.name.clone(), d.fields.clone())
                }
                Type::Event(e) => {
                    let d = &self.prog.events.at(*e);
                    (d.name.clone(), d.fields.clone())
                }
                Type::Error => return make(cur.kind, Type::Error, span),
                other => {
                    let t = self.prog.type_name(other);
                    self.invalid(
                        seg.span,
                        format!("a value of type {t} has no fields"),
                        "no such field",
                        "only records and events have fields".into(),
                    );
                    return make(cur.kind, Type::Error, span);
                }
            };
            match fields.iter().position(|f| f.name == seg.node) {
                Some(i) => {
                    let ty = fields.get(i).map_or(Type::Error, |f| f.ty.clone());
                    let s = if cur.span.start < seg.span.start {
                        cur.span.to(seg.span)
                    } else {
                        span
                    };
                    make(
                        ExprKind::Field {
                            base: Box::new(cur),
                            field: i,
                        },
                        ty,
                        s,
                    )
                }
                None => {
                    let help = suggest(&seg.node, fields.iter().map(|f| f.name.as_str()), "field");
                    self.errors.push(CheckError::UnknownField {
                        owner,
                        field: seg.node.clone(),
                        help,
                        src: self.src(seg.span),
                        span: seg.span.into(),
                    });
                    make(cur.kind, Type::Error, span)
                }
            }
        }
    }

    /// `each holder h where …`, `the first certificates_delivered d before … where …`
    fn query(&mut self, q: &ast::Query, scope: &Scope, span: Span) -> Expr {
        let source = if let Some(&e) = self.events.get(&q.source.node) {
            self.visible(Namespace::Type, &q.source.node, q.source.span);
            QuerySource::Event(e)
        } else if let Some(&r) = self.records.get(&q.source.node) {
            self.visible(Namespace::Type, &q.source.node, q.source.span);
            QuerySource::Records(r)
        } else {
            let names: Vec<&str> = self
                .events
                .keys()
                .chain(self.records.keys())
                .map(String::as_str)
                .collect();
            let help = suggest(&q.source.node, names, "event or record");
            self.errors.push(CheckError::UndefinedName {
                name: q.source.node.clone(),
                help,
                src: self.src(q.source.span),
                span: q.source.span.into(),
            });
            return make(ExprKind::Literal(Literal::Bool(false)), Type::Error, span);
        };
        let elem = match source {
            QuerySource::Event(e) => Type::Event(e),
            QuerySource::Records(r) => Type::Record(r),
        };
        let before = q.before.as_ref().map(|b| {
            let b = self.expr(b, scope);
            if !matches!(b.ty, Type::Date | Type::Error) && b.ty != elem {
                let want = self.prog.type_name(&elem);
                self.mismatch_one(
                    &b,
                    &format!("a date or a {want}"),
                    "`before` takes a date, or an event of the same kind (earlier in the log)",
                );
            }
            Box::new(b)
        });
        if before.is_some() && matches!(source, QuerySource::Records(_)) {
            self.invalid(
                q.source.span,
                "records have no place in the log".into(),
                "not an event",
                "`before` applies to events only".into(),
            );
        }
        let binder = q.binder.as_ref().unwrap_or(&q.source).node.clone();
        let mut inner: Vec<(String, Type)> = scope.to_vec();
        inner.push((binder, elem.clone()));
        let condition = q.condition.as_ref().map(|c| {
            let c = self.expr(c, &inner);
            self.expect_type(&c, &Type::Bool, "a `where` condition");
            Box::new(c)
        });
        let ty = if q.pick != ast::Pick::Each {
            if matches!(source, QuerySource::Records(_)) {
                self.invalid(
                    q.source.span,
                    "records have no order".into(),
                    "not an event",
                    "`the first` and `the last` apply to events; use `each` for records".into(),
                );
            }
            elem
        } else {
            Type::List(Box::new(elem))
        };
        make(
            ExprKind::Query {
                pick: q.pick,
                source,
                before,
                condition,
            },
            ty,
            span,
        )
    }
}

pub(super) fn literal_type(lit: &Literal) -> Type {
    match lit {
        Literal::Money {
            per_share: true, ..
        } => Type::Quantity(Dim::USD_PER_SHARE),
        Literal::Money { .. } => Type::Quantity(Dim::USD),
        Literal::Percent {
            per_annum: true, ..
        } => Type::Quantity(Dim::PER_ANNUM),
        Literal::Percent { .. } | Literal::Number(_) => Type::Quantity(Dim::NUMBER),
        Literal::Shares(_) => Type::Quantity(Dim::SHARES),
        Literal::Date(_) => Type::Date,
        Literal::Time(_) => Type::Time,
        Literal::Duration(ast::Duration::TradingDays(_)) => Type::TradingDays,
        Literal::Duration(ast::Duration::CalendarDays(_)) => Type::CalendarDays,
        Literal::Bool(_) => Type::Bool,
    }
}

fn precision_unit(p: Precision) -> &'static str {
    match p {
        Precision::Cent | Precision::Money(_) => "USD",
        Precision::HundredthShare | Precision::WholeShare | Precision::Shares(_) => "shares",
        Precision::Number(_) => "number",
    }
}
