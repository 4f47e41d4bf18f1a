//! Every formula of the checked program, with the section it is written in: the one traversal
//! of the rules (terms and their overriding rules, obligations, rights, findings, rejections,
//! and the `with` values of what performs or exercises them) that the tools share — which facts
//! a section reads (`proviso facts`), which market series the clauses read (a market file need
//! not have a column nobody reads).

use super::types::SectionId;
use super::{Expr, ExprKind, Program, Series};

impl Program {
    /// Call `f` on each formula of the rules, with its section, in the order of the program.
    pub fn each_formula(&self, f: &mut dyn FnMut(&Expr, SectionId)) {
        for t in &self.terms {
            f(&t.body, t.section);
            for o in &t.overrides {
                f(&o.when, o.section);
                f(&o.body, o.section);
            }
        }
        for o in &self.obligations {
            for e in [&o.obligor, &o.obligee]
                .into_iter()
                .chain(o.amount.as_ref())
                .chain(o.due.expr())
                .chain(o.when.as_ref())
                .chain(
                    o.fulfilled_by
                        .iter()
                        .flat_map(|p| p.matching.iter().map(|m| &m.value)),
                )
            {
                f(e, o.section);
            }
        }
        for r in &self.rights {
            for e in [&r.holder, &r.against, &r.from]
                .into_iter()
                .chain(r.when.as_ref())
                .chain(r.amount.as_ref())
                .chain(r.until.as_ref())
                .chain(
                    r.exercised_by
                        .iter()
                        .flat_map(|p| p.matching.iter().map(|m| &m.value)),
                )
            {
                f(e, r.section);
            }
        }
        for x in &self.findings {
            for e in std::iter::once(&x.on).chain(x.when.as_ref()) {
                f(e, x.section);
            }
        }
        for r in &self.rejections {
            f(&r.condition, r.section);
        }
    }

    /// The market series the clauses read — in a formula, or in the rule of which rows are
    /// Trading Days — each once.
    pub fn series_read(&self) -> Vec<Series> {
        let mut out: Vec<Series> = Vec::new();
        let mut add = |s: Series| {
            if !out.contains(&s) {
                out.push(s);
            }
        };
        self.each_formula(&mut |e, _| {
            e.walk(&mut |x| {
                if let ExprKind::Market { series, .. } = &x.kind {
                    add(*series);
                }
            });
        });
        if let Some(rule) = &self.trading_days {
            rule.condition.series(&mut add);
        }
        out
    }
}
