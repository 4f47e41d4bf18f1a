//! Precedence among the rules of one term: a term defined in several sections is decided by the
//! rule that prevails among those whose condition holds.
//!
//! "Notwithstanding anything to the contrary" ranks a rule above every other rule of the term;
//! `notwithstanding "2(a)"` ranks it above the rule of 2(a); `subject to "5(a)(iv)"` ranks the
//! rule of 5(a)(iv) above it. The ranking must order every pair of rules (transitively): two
//! rules that could both decide the term with no stated precedence are an error, as is a cycle.
//! The rule that gives way to all others is the default and has no `when`; every other rule
//! says `when` it applies.

use crate::ast;
use crate::source::Span;

use super::Checker;
use super::errors::CheckError;
use crate::program::types::{SectionId, TermId, Type};
use crate::program::{Expr, OverrideRule};

/// One rule of a term, checked.
struct RuleParts<'f> {
    section: SectionId,
    number: String,
    def: &'f ast::Definition,
    when: Option<Expr>,
    body: Expr,
}

impl Checker<'_> {
    pub(super) fn precedence(&mut self, files: &[ast::File]) {
        let defs: Vec<(SectionId, &ast::Definition)> = self.definitions(files).collect();
        let mut groups: Vec<(TermId, Vec<(SectionId, &ast::Definition)>)> = Vec::new();
        for (section, d) in defs {
            let Some(&id) = self.terms.get(&d.name.node) else {
                continue;
            };
            let number = |s: SectionId| self.prog.sections.at(s).number.clone();
            match groups.iter_mut().find(|(t, _)| *t == id) {
                // A second definition in the same section is a duplicate, reported already.
                Some((_, g)) if g.iter().any(|(s, _)| number(*s) == number(section)) => {}
                Some((_, g)) => g.push((section, d)),
                None => groups.push((id, vec![(section, d)])),
            }
        }
        for (id, group) in groups {
            self.rank(id, &group);
        }
    }

    fn rank(&mut self, id: TermId, group: &[(SectionId, &ast::Definition)]) {
        let term = self.prog.terms.at(id).clone();
        if let [(_, d)] = group {
            if d.when.is_some() || !d.precedence.is_empty() {
                self.invalid(
                    d.name.span,
                    format!("`{}` has a single rule", d.name.node),
                    "nothing to prevail over",
                    "`when`, `notwithstanding` and `subject to` rank a rule against another rule \
                     of the same term in another section; remove them or add that rule"
                        .into(),
                );
            }
            return;
        }
        let scope = term.params.clone();
        let mut rules: Vec<RuleParts<'_>> = Vec::new();
        for (i, (section, d)) in group.iter().enumerate() {
            // The first rule's signature is the term's, resolved (and reported) already.
            let differs = i > 0 && {
                let params: Vec<(String, Type)> = d
                    .params
                    .iter()
                    .map(|p| (p.name.node.clone(), self.resolve_type(&p.ty)))
                    .collect();
                params != term.params || self.resolve_type(&d.ty) != term.ty
            };
            if differs {
                self.invalid(
                    d.name.span,
                    format!(
                        "this rule of `{}` has other parameters or another type than its first rule",
                        d.name.node
                    ),
                    "differs from the first rule",
                    format!(
                        "every rule of a term has the same parameters and type; the first is at {}",
                        self.sources.location(term.span)
                    ),
                );
                return;
            }
            let body = if i == 0 {
                term.body.clone()
            } else {
                let b = self.expr(&d.body, &scope);
                self.expect_type(&b, &term.ty, "the term's declared type");
                b
            };
            let when = d.when.as_ref().map(|w| {
                let e = self.expr(w, &scope);
                self.expect_type(&e, &Type::Bool, "a `when` condition");
                e
            });
            let number = self
                .prog
                .sections
                .get(*section)
                .map_or_else(String::new, |s| s.number.clone());
            rules.push(RuleParts {
                section: *section,
                number,
                def: d,
                when,
                body,
            });
        }
        let Some(beats) = self.beats(&rules) else {
            return;
        };
        let n = rules.len();
        let wins = |i: usize| (0..n).filter(|&j| beats.get(i, j)).count();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(wins(i)));
        let Some((&lowest, upper)) = order.split_last() else {
            return;
        };
        let Some(base) = rules.get(lowest) else {
            return;
        };
        if let Some(w) = &base.when {
            self.invalid(
                w.span,
                format!("the rule of {} gives way to every other rule of `{}`", base.number, term.name),
                "the default rule has a condition",
                "the rule that gives way to all others applies when none of them does; remove its `when`"
                    .into(),
            );
        }
        let mut overrides = Vec::new();
        for &i in upper {
            let Some(r) = rules.get(i) else { continue };
            let Some(when) = r.when.clone() else {
                self.invalid(
                    r.def.name.span,
                    format!("this rule of {} prevails over another but has no `when`", r.number),
                    "always applies",
                    "say when it applies (`when …`), or the rules it prevails over could never apply"
                        .into(),
                );
                continue;
            };
            let prevails_over: Vec<String> = order
                .iter()
                .filter(|&&j| beats.get(i, j))
                .filter_map(|&j| rules.get(j).map(|o| o.number.clone()))
                .collect();
            overrides.push(OverrideRule {
                section: r.section,
                when,
                body: r.body.clone(),
                interpretations: r
                    .def
                    .interpretations
                    .iter()
                    .map(|x| x.node.clone())
                    .collect(),
                precedence: stated(r.def, &rules, i),
                prevails_over,
            });
        }
        let t = self.prog.terms.at_mut(id);
        t.section = base.section;
        t.body = base.body.clone();
        t.interpretations = base
            .def
            .interpretations
            .iter()
            .map(|x| x.node.clone())
            .collect();
        t.overrides = overrides;
    }

    /// `beats[i][j]`: rule i prevails over rule j, directly or through others. `None` after
    /// reporting an unordered pair, a cycle or a section that has no rule of the term.
    fn beats(&mut self, rules: &[RuleParts<'_>]) -> Option<Beats> {
        let n = rules.len();
        let mut beats = Beats(vec![vec![false; n]; n]);
        let mut ok = true;
        for (i, r) in rules.iter().enumerate() {
            for p in &r.def.precedence {
                let (named, over) = match p {
                    ast::Precedence::NotwithstandingAnything(_) => {
                        for (j, o) in rules.iter().enumerate() {
                            if j != i && !anything(o.def) {
                                beats.set(i, j);
                            }
                        }
                        continue;
                    }
                    ast::Precedence::Notwithstanding(s) => (s, true),
                    ast::Precedence::SubjectTo(s) => (s, false),
                };
                for number in named {
                    let found: Vec<usize> = (0..n)
                        .filter(|&j| {
                            j != i && rules.get(j).is_some_and(|o| o.number == number.node)
                        })
                        .collect();
                    if found.is_empty() {
                        ok = false;
                        let have: Vec<String> = rules
                            .iter()
                            .filter(|o| o.number != r.number)
                            .map(|o| format!("\"{}\"", o.number))
                            .collect();
                        self.invalid(
                            number.span,
                            format!(
                                "no other rule of `{}` is in section {}",
                                r.def.name.node, number.node
                            ),
                            "no such rule",
                            format!("the other rules of this term are in {}", have.join(", ")),
                        );
                    }
                    for j in found {
                        if over {
                            beats.set(i, j);
                        } else {
                            beats.set(j, i);
                        }
                    }
                }
            }
        }
        for k in 0..n {
            for i in 0..n {
                for j in 0..n {
                    if beats.get(i, k) && beats.get(k, j) {
                        beats.set(i, j);
                    }
                }
            }
        }
        for i in 0..n {
            for j in (i + 1)..n {
                let (Some(a), Some(b)) = (rules.get(i), rules.get(j)) else {
                    continue;
                };
                if beats.get(i, j) == beats.get(j, i) {
                    ok = false;
                    self.conflict(a, b.def.name.span, &b.number);
                }
            }
        }
        ok.then_some(beats)
    }

    fn conflict(&mut self, first: &RuleParts<'_>, span: Span, second: &str) {
        self.errors.push(CheckError::Conflict {
            name: first.def.name.node.clone(),
            first: first.number.clone(),
            second: second.to_owned(),
            first_at: self.sources.location(first.def.name.span),
            src: self.src(span),
            span: span.into(),
        });
    }
}

/// `get(i, j)`: rule i prevails over rule j.
struct Beats(Vec<Vec<bool>>);

impl Beats {
    fn get(&self, i: usize, j: usize) -> bool {
        self.0
            .get(i)
            .and_then(|r| r.get(j))
            .copied()
            .unwrap_or(false)
    }
    fn set(&mut self, i: usize, j: usize) {
        if let Some(c) = self.0.get_mut(i).and_then(|r| r.get_mut(j)) {
            *c = true;
        }
    }
}

fn anything(d: &ast::Definition) -> bool {
    d.precedence
        .iter()
        .any(|p| matches!(p, ast::Precedence::NotwithstandingAnything(_)))
}

/// How the rule's precedence is stated, for the explanation.
fn stated(d: &ast::Definition, rules: &[RuleParts<'_>], me: usize) -> String {
    let mut parts: Vec<String> = d
        .precedence
        .iter()
        .filter_map(|p| match p {
            ast::Precedence::NotwithstandingAnything(_) => {
                Some("notwithstanding anything to the contrary".to_owned())
            }
            ast::Precedence::Notwithstanding(s) => Some(format!(
                "notwithstanding {}",
                s.iter()
                    .map(|x| x.node.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            ast::Precedence::SubjectTo(_) => None,
        })
        .collect();
    let number = rules.get(me).map_or("", |r| r.number.as_str());
    for r in rules {
        for p in &r.def.precedence {
            if let ast::Precedence::SubjectTo(s) = p
                && s.iter().any(|x| x.node == number)
            {
                parts.push(format!("{} is subject to {number}", r.number));
            }
        }
    }
    parts.join("; ")
}
