//! Checking of obligations and rights: what each is evaluated for (`for each`), its parties,
//! kind, amount, due date or window, and the event that performs or exercises it.

use crate::ast;
use crate::source::Span;

use super::Checker;
use super::errors::CheckError;
use super::names::suggest;
use crate::program::types::{SectionId, Type, TypeNames};
use crate::program::{
    Due, Expr, FindingDef, FulfilmentDef, Matched, ObligationDef, ObligationKind, RejectionDef,
    RightDef,
};

impl Checker<'_> {
    pub(super) fn obligations(&mut self, files: &[ast::File]) {
        let sections: Vec<(SectionId, &ast::Section)> = files
            .iter()
            .flat_map(|f| &f.items)
            .filter_map(|i| match i {
                ast::Item::Section(s) => Some(s),
                _ => None,
            })
            .zip(self.section_of.clone())
            .map(|(s, id)| (id, s))
            .collect();
        let mut excluding: Vec<&ast::Obligation> = Vec::new();
        for (section, s) in sections {
            for o in &s.obligations {
                if let Some(def) = self.obligation(section, o) {
                    self.prog.obligations.push(def);
                }
            }
            for r in &s.rights {
                if let Some(def) = self.right(section, r) {
                    self.prog.rights.push(def);
                    excluding.push(r);
                }
            }
            for f in &s.findings {
                // A finding that does not check keeps its place (as one that never occurs), so
                // the numbers `the days of findings` resolved to stay right.
                let def = self.finding(section, f).unwrap_or_else(|| FindingDef {
                    name: f.name.node.clone(),
                    section,
                    for_each: Vec::new(),
                    when: None,
                    on: Expr {
                        kind: crate::program::ExprKind::EvaluationDate,
                        ty: Type::Error,
                        span: f.span,
                    },
                    interpretations: Vec::new(),
                    span: f.span,
                });
                self.prog.findings.push(def);
            }
            for r in &s.rejections {
                if let Some(def) = self.rejection(section, r) {
                    self.prog.rejections.push(def);
                }
            }
        }
        self.exclusions(&excluding);
    }

    /// `excludes other_right`: resolved to the rights it names, which must have the same
    /// `for each`, and made mutual. `rights` are the syntax of `self.prog.rights`, in order.
    fn exclusions(&mut self, rights: &[&ast::Obligation]) {
        let mut pairs = Vec::new();
        for (i, r) in rights.iter().enumerate() {
            for name in &r.excludes {
                let found = self.prog.rights.iter().position(|d| d.name == name.node);
                let Some(j) = found.filter(|&j| j != i) else {
                    let names = self.prog.rights.iter().map(|d| d.name.as_str());
                    let help = if found.is_some() {
                        "a right cannot exclude itself; name the other right a party must choose \
                         between"
                            .to_owned()
                    } else {
                        suggest(&name.node, names, "right")
                    };
                    self.invalid(
                        name.span,
                        format!("`{}` is not another right of the folder", name.node),
                        "not a right it can exclude",
                        help,
                    );
                    continue;
                };
                let types = |k: usize| -> Vec<Type> {
                    self.prog.rights.get(k).map_or_else(Vec::new, |d| {
                        d.for_each.iter().map(|(_, t)| t.clone()).collect()
                    })
                };
                if types(i) != types(j) {
                    self.invalid(
                        name.span,
                        format!(
                            "`{}` is not evaluated `for each` of the same events and records as `{}`",
                            name.node, r.name.node
                        ),
                        "a different `for each`",
                        "rights that exclude one another are chosen between for one event (or \
                         record): give both the same `for each`, in the same order"
                            .to_owned(),
                    );
                    continue;
                }
                pairs.push((i, j));
            }
        }
        for &(i, j) in &pairs {
            for (a, b) in [(i, j), (j, i)] {
                if let Some(d) = self
                    .prog
                    .rights
                    .get_mut(a)
                    .filter(|d| !d.excludes.contains(&b))
                {
                    d.excludes.push(b);
                }
            }
        }
        // Rights that exclude one another are one choice: each excludes every other, so the
        // first exercised is the one the party has, whatever the order.
        let excludes = |k: usize| -> Vec<usize> {
            self.prog
                .rights
                .get(k)
                .map_or_else(Vec::new, |d| d.excludes.clone())
        };
        for (i, r) in rights.iter().enumerate() {
            for j in excludes(i) {
                for k in excludes(j) {
                    if k == i || excludes(i).contains(&k) {
                        continue;
                    }
                    let name = |x: usize| {
                        self.prog
                            .rights
                            .get(x)
                            .map_or_else(String::new, |d| d.name.clone())
                    };
                    let (via, missing) = (name(j), name(k));
                    self.invalid(
                        r.name.span,
                        format!(
                            "`{}` and `{via}` exclude one another, as do `{via}` and `{missing}`, \
                             but not `{}` and `{missing}`",
                            r.name.node, r.name.node
                        ),
                        "an incomplete choice",
                        format!(
                            "rights that exclude one another are one choice, each excluding every \
                             other: add `excludes {missing}` to `{}`",
                            r.name.node
                        ),
                    );
                    return;
                }
            }
        }
    }

    fn missing(&mut self, o: &ast::Obligation, field: &str, example: &str) {
        let what = if o.right { "right" } else { "obligation" };
        self.errors.push(CheckError::Obligation {
            message: format!("the {what} `{}` has no `{field}`", o.name.node),
            help: format!("add e.g. `{example}`"),
            src: self.src(o.span),
            span: o.name.span.into(),
            label: format!("needs `{field}`"),
        });
    }

    /// The `for each` variables: events of the log or records of the facts file.
    fn for_each(&mut self, o: &ast::Obligation) -> Option<Vec<(String, Type)>> {
        let mut out = Vec::new();
        for p in &o.for_each {
            match self.resolve_type(&p.ty) {
                ty @ (Type::Event(_) | Type::Record(_)) => out.push((p.name.node.clone(), ty)),
                Type::Error => return None,
                other => {
                    let found = self.prog.type_name(&other);
                    self.errors.push(CheckError::TypeMismatch {
                        expected: "an event or a records type".to_owned(),
                        found,
                        help: "`for each` runs over the events of the log or the records of the \
                               facts file, e.g. `for each conversion: conversion_notice`"
                            .to_owned(),
                        src: self.src(p.ty.span),
                        span: p.ty.span.into(),
                    });
                    return None;
                }
            }
        }
        Some(out)
    }

    fn condition(&mut self, e: Option<&ast::Expr>, scope: &[(String, Type)]) -> Option<Expr> {
        e.map(|w| {
            let e = self.expr(w, scope);
            self.expect_type(&e, &Type::Bool, "a `when` condition");
            e
        })
    }

    fn party(
        &mut self,
        o: &ast::Obligation,
        e: Option<&ast::Expr>,
        field: &str,
        scope: &[(String, Type)],
    ) -> Option<Expr> {
        let Some(e) = e else {
            self.missing(o, field, &format!("{field} company"));
            return None;
        };
        let x = self.expr(e, scope);
        if !matches!(x.ty, Type::Party | Type::Record(_) | Type::Error) {
            let found = self.prog.type_name(&x.ty);
            self.errors.push(CheckError::TypeMismatch {
                expected: "a party or a record".to_owned(),
                found,
                help: format!(
                    "`{field}` names a declared party (`company`) or a record such as a holder"
                ),
                src: self.src(x.span),
                span: x.span.into(),
            });
        }
        Some(x)
    }

    fn date(
        &mut self,
        o: &ast::Obligation,
        e: Option<&ast::Expr>,
        field: &str,
        example: &str,
        scope: &[(String, Type)],
    ) -> Option<Expr> {
        let Some(d) = e else {
            self.missing(o, field, example);
            return None;
        };
        let e = self.expr(d, scope);
        self.expect_type(&e, &Type::Date, &format!("`{field}`"));
        Some(e)
    }

    fn obligation(&mut self, section: SectionId, o: &ast::Obligation) -> Option<ObligationDef> {
        let for_each = self.for_each(o)?;
        let scope = for_each.clone();
        let when = self.condition(o.when.as_ref(), &scope);
        let obligor = self.party(o, o.obligor.as_ref(), "obligor", &scope);
        let obligee = self.party(o, o.obligee.as_ref(), "obligee", &scope);
        let kind = match &o.kind {
            None => {
                self.missing(o, "kind", "kind pay_cash");
                None
            }
            Some(k) => match ObligationKind::ALL.iter().find(|(n, _)| *n == k.node) {
                Some((_, kind)) => Some(*kind),
                None => {
                    let help =
                        suggest(&k.node, ObligationKind::ALL.iter().map(|(n, _)| *n), "kind");
                    self.errors.push(CheckError::Obligation {
                        message: format!("`{}` is not a kind of obligation", k.node),
                        help,
                        src: self.src(k.span),
                        span: k.span.into(),
                        label: "unknown kind".to_owned(),
                    });
                    None
                }
            },
        };
        let dim = kind.and_then(ObligationKind::amount_dim);
        let amount = match (&o.amount, kind) {
            (None, Some(k)) if k.amount_dim().is_none() => Some(None),
            (None, _) => {
                self.missing(o, "amount", "amount \"Cash Dividend\"(conversion)");
                None
            }
            (Some(a), Some(k)) if k.amount_dim().is_none() => {
                self.invalid(
                    a.span,
                    format!("a `{}` obligation has no amount", k.name()),
                    "not a field of a duty to act",
                    "a duty to act (give a notice, deliver documents) is performed or not; drop \
                     the `amount`"
                        .to_owned(),
                );
                None
            }
            (Some(a), _) => {
                // A cash amount matched by payments may depend on the day it is paid.
                let weighed = kind == Some(ObligationKind::PayCash) && o.fulfilled_by.is_some();
                let outer = std::mem::replace(&mut self.in_paid_amount, weighed);
                let e = self.expr(a, &scope);
                self.in_paid_amount = outer;
                if let (Some(kind), Some(dim)) = (kind, dim) {
                    self.expect_type(
                        &e,
                        &Type::Quantity(dim),
                        &format!("the amount of a `{}` obligation", kind.name()),
                    );
                }
                Some(Some(e))
            }
        };
        let due = match o.due_promptly {
            Some(_) => Some(Due::Promptly),
            None => self
                .date(
                    o,
                    o.due.as_ref(),
                    "due",
                    "due 3 trading days after conversion.date",
                    &scope,
                )
                .map(Due::On),
        };
        for (field, e) in [("from", &o.from), ("until", &o.until)] {
            if let Some(e) = e {
                self.not_here(e.span, field, "rights", "an obligation has a `due` date");
            }
        }
        let fulfilled_by = o
            .fulfilled_by
            .as_ref()
            .and_then(|f| self.fulfilment(f, &scope));
        Some(ObligationDef {
            name: o.name.node.clone(),
            section,
            for_each,
            when,
            obligor: obligor?,
            obligee: obligee?,
            kind: kind?,
            amount: amount?,
            due: due?,
            fulfilled_by,
            interpretations: o.interpretations.iter().map(|i| i.node.clone()).collect(),
            span: o.span,
        })
    }

    /// A finding: what it is evaluated for, when it holds, and the day it occurred (`on`).
    fn finding(&mut self, section: SectionId, f: &ast::Obligation) -> Option<FindingDef> {
        let for_each = self.for_each(f)?;
        let when = self.condition(f.when.as_ref(), &for_each);
        let Some(on) = &f.due else {
            self.errors.push(CheckError::Obligation {
                message: format!("the finding `{}` has no `on`", f.name.node),
                help: "add the day it occurred, e.g. `on 7 trading days after \"Conversion Date\"(conversion)`".to_owned(),
                src: self.src(f.span),
                span: f.name.span.into(),
                label: "needs `on`".to_owned(),
            });
            return None;
        };
        let on = self.expr(on, &for_each);
        self.expect_type(&on, &Type::Date, "the day of a finding (`on`)");
        for e in when.iter().chain(std::iter::once(&on)) {
            self.no_findings_in_finding(&f.name.node, e);
        }
        Some(FindingDef {
            name: f.name.node.clone(),
            section,
            for_each,
            when,
            on,
            interpretations: f.interpretations.iter().map(|i| i.node.clone()).collect(),
            span: f.span,
        })
    }

    fn right(&mut self, section: SectionId, o: &ast::Obligation) -> Option<RightDef> {
        let for_each = self.for_each(o)?;
        let scope = for_each.clone();
        let when = self.condition(o.when.as_ref(), &scope);
        let holder = self.party(o, o.obligee.as_ref(), "exercisable by", &scope);
        let against = self.party(o, o.obligor.as_ref(), "against", &scope);
        let kind = match &o.kind {
            Some(k) => Some(k.node.clone()),
            None => {
                self.missing(o, "kind", "kind rescind");
                None
            }
        };
        let amount = o.amount.as_ref().map(|a| {
            let e = self.expr(a, &scope);
            if e.ty.quantity().is_none() && e.ty != Type::Error {
                let found = self.prog.type_name(&e.ty);
                self.errors.push(CheckError::TypeMismatch {
                    expected: "an amount".to_owned(),
                    found,
                    help: "what the right would yield: cash, shares, or shares of preferred stock"
                        .to_owned(),
                    src: self.src(e.span),
                    span: e.span.into(),
                });
            }
            e
        });
        let from = self.date(o, o.from.as_ref(), "from", "from conversion.date", &scope);
        let until = o.until.as_ref().map(|u| {
            let e = self.expr(u, &scope);
            self.expect_type(&e, &Type::Date, "`until`");
            e
        });
        if let Some(d) = &o.due {
            self.not_here(
                d.span,
                "due",
                "obligations",
                "a right has a window, `from … until …`",
            );
        }
        let exercised_by = o
            .fulfilled_by
            .as_ref()
            .and_then(|f| self.fulfilment(f, &scope));
        Some(RightDef {
            name: o.name.node.clone(),
            section,
            for_each,
            when,
            holder: holder?,
            against: against?,
            kind: kind?,
            amount,
            from: from?,
            until,
            exercised_by,
            excludes: Vec::new(),
            interpretations: o.interpretations.iter().map(|i| i.node.clone()).collect(),
            span: o.span,
        })
    }

    /// `reject conversion_notice c when … because "…"`: the event's kind, and a condition on it.
    fn rejection(&mut self, section: SectionId, r: &ast::Rejection) -> Option<RejectionDef> {
        self.visible(super::Namespace::Type, &r.event.node, r.event.span);
        let Some(&event) = self.events.get(&r.event.node) else {
            let help = suggest(
                &r.event.node,
                self.events.keys().map(String::as_str),
                "event",
            );
            self.errors.push(CheckError::UndefinedName {
                name: r.event.node.clone(),
                help: format!("{help} (`reject` names a kind of event of the log)"),
                src: self.src(r.event.span),
                span: r.event.span.into(),
            });
            return None;
        };
        let binder = r.binder.as_ref().unwrap_or(&r.event).node.clone();
        let scope = [(binder, Type::Event(event))];
        let condition = self.expr(&r.condition, &scope);
        self.expect_type(&condition, &Type::Bool, "a `reject … when` condition");
        Some(RejectionDef {
            section,
            event,
            condition,
            reason: r.reason.node.clone(),
            span: r.span,
        })
    }

    fn not_here(&mut self, span: Span, field: &str, belongs: &str, help: &str) {
        self.invalid(
            span,
            format!("`{field}` belongs to {belongs}"),
            "not a field here",
            help.to_owned(),
        );
    }

    fn fulfilment(
        &mut self,
        f: &ast::FulfilledBy,
        scope: &[(String, Type)],
    ) -> Option<FulfilmentDef> {
        self.visible(super::Namespace::Type, &f.event.node, f.event.span);
        let Some(&event) = self.events.get(&f.event.node) else {
            let help = suggest(
                &f.event.node,
                self.events.keys().map(String::as_str),
                "event",
            );
            self.errors.push(CheckError::UndefinedName {
                name: f.event.node.clone(),
                help,
                src: self.src(f.event.span),
                span: f.event.span.into(),
            });
            return None;
        };
        let fields = self
            .prog
            .events
            .get(event)
            .map(|e| e.fields.clone())
            .unwrap_or_default();
        let mut matching = Vec::new();
        for m in &f.matching {
            let name = &m.field;
            let v = self.expr(&m.value, scope);
            match fields.iter().position(|fd| fd.name == name.node) {
                Some(i) => {
                    if let Some(fd) = fields.get(i) {
                        let ty = fd.ty.clone();
                        self.expect_type(&v, &ty, &format!("the field `{}`", name.node));
                        if m.if_given && !fd.optional {
                            self.invalid(
                                name.span,
                                format!(
                                    "`{}` of `{}` is always given, so `if given` says nothing",
                                    name.node, f.event.node
                                ),
                                "not an optional field",
                                format!(
                                    "drop `if given`, or declare the field `{}: optional …` in \
                                     the event `{}`",
                                    name.node, f.event.node
                                ),
                            );
                        }
                    }
                    matching.push(Matched {
                        field: i,
                        value: v,
                        if_given: m.if_given,
                    });
                }
                None => {
                    let help = suggest(&name.node, fields.iter().map(|f| f.name.as_str()), "field");
                    self.errors.push(CheckError::UnknownField {
                        owner: f.event.node.clone(),
                        field: name.node.clone(),
                        help,
                        src: self.src(name.span),
                        span: name.span.into(),
                    });
                }
            }
        }
        Some(FulfilmentDef { event, matching })
    }
}
