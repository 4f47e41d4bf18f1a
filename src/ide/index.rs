//! What each name in the clause files stands for: every declaration and every use of a defined
//! term, a section, a party, an enum and its values, a facts table, a records list or an event
//! type and their fields, an obligation and a local name, found once by walking the syntax
//! trees. Go to definition, find references, hover and symbols read it.
//!
//! It is built from the syntax trees alone, so it answers for a folder that does not check;
//! names are resolved the way the checker resolves them (locals first, then tables, parties and
//! enum values), without types: a field is found through the declared type of the local or
//! field before it (`conversion.holder.name`).

use std::collections::HashMap;

use crate::ast::{self, ExprKind, Item, Precedence, TypeExpr};
use crate::source::{FileId, Sources, Span, Spanned};

/// What a name stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Symbol {
    /// A defined term: `"Conversion Price"`.
    Term(String),
    /// A section of a document (an index into the deal's documents) by its number.
    Section {
        document: usize,
        number: String,
    },
    Party(String),
    Enum(String),
    Variant {
        ty: String,
        name: String,
    },
    /// A facts table, a records list or an event type: they share one namespace.
    Declaration(String),
    /// A field of a facts table, a records list or an event type.
    Field {
        owner: String,
        name: String,
    },
    /// An obligation, a right or a finding.
    Rule(String),
    /// A parameter, a `for each` name or a query's name, in its scope.
    Local {
        scope: u32,
        name: String,
    },
}

/// One place a name is written.
#[derive(Debug, Clone)]
pub struct Occurrence {
    pub span: Span,
    pub symbol: Symbol,
    /// Where it is declared (or, for a term, one of the rules that define it).
    pub def: bool,
    /// The section it is written in (an index into [`Index::sections`]).
    pub section: Option<usize>,
}

/// What a facts table, a records list or an event type is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnerKind {
    Facts,
    Records,
    Event,
}

impl OwnerKind {
    pub fn keyword(self) -> &'static str {
        match self {
            OwnerKind::Facts => "facts",
            OwnerKind::Records => "records",
            OwnerKind::Event => "event",
        }
    }
}

/// A facts table, a records list or an event type, with its fields.
#[derive(Debug, Clone)]
pub struct Owner {
    pub kind: OwnerKind,
    pub span: Span,
    pub fields: Vec<FieldEntry>,
}

/// A field as declared.
#[derive(Debug, Clone)]
pub struct FieldEntry {
    pub name: String,
    /// The type as written: `shares`, `holder`, `list of date`.
    pub ty: String,
    pub optional: bool,
    pub span: Span,
}

/// A section of a clause file.
#[derive(Debug, Clone)]
pub struct SectionEntry {
    pub document: usize,
    pub number: String,
    pub title: String,
    pub quote: Option<String>,
    /// Its number as written.
    pub span: Span,
    /// From its number to the end of the last thing in it.
    pub extent: Span,
}

/// A rule defining a term: its section, parameters and type, its formula as written.
#[derive(Debug, Clone)]
pub struct TermRule {
    pub name: String,
    pub section: Option<usize>,
    /// `(conversion: conversion_notice) : shares`.
    pub signature: String,
    /// The formula as written (with its `when`, for a rule that overrides another).
    pub formula: String,
    pub interpretations: Vec<String>,
    pub span: Span,
}

/// The names of a folder (or a deal) and where each is written.
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub occurrences: Vec<Occurrence>,
    pub owners: HashMap<String, Owner>,
    /// Each enum's values, by the enum's name.
    pub enums: HashMap<String, Vec<String>>,
    /// Each party's display name.
    pub parties: HashMap<String, String>,
    pub sections: Vec<SectionEntry>,
    pub terms: Vec<TermRule>,
}

impl Index {
    /// The occurrence whose span holds `offset` in `file` (the innermost).
    pub fn at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        self.occurrences
            .iter()
            .filter(|o| {
                o.span.file == file
                    && (o.span.start as usize) <= offset
                    && offset <= o.span.end as usize
            })
            .min_by_key(|o| o.span.len())
    }

    /// Every occurrence of a symbol.
    pub fn of<'a>(&'a self, symbol: &'a Symbol) -> impl Iterator<Item = &'a Occurrence> {
        self.occurrences.iter().filter(move |o| &o.symbol == symbol)
    }

    /// The rules defining a term.
    pub fn rules_of<'a>(&'a self, term: &'a str) -> impl Iterator<Item = &'a TermRule> {
        self.terms.iter().filter(move |t| t.name == term)
    }

    /// The enum a value belongs to (the first, if several have it).
    fn variant(&self, name: &str) -> Option<&str> {
        let mut enums: Vec<_> = self.enums.iter().collect();
        enums.sort_by_key(|(n, _)| n.as_str());
        enums
            .into_iter()
            .find(|(_, vs)| vs.iter().any(|v| v == name))
            .map(|(e, _)| e.as_str())
    }
}

/// Index the parsed files of a folder or a deal, each with its document (an index into the
/// deal's documents, 0 for a single folder).
pub fn build(files: &[(usize, &ast::File)], sources: &Sources) -> Index {
    let mut index = Index::default();
    for (_, file) in files {
        for item in &file.items {
            declare(&mut index, item, sources);
        }
    }
    let mut w = Walker {
        index,
        sources,
        scopes: Vec::new(),
        next_scope: 0,
        section: None,
        document: 0,
    };
    for (document, file) in files {
        w.document = *document;
        for item in &file.items {
            w.item(item);
        }
    }
    w.index
}

fn fields(decls: &[ast::FieldDecl], sources: &Sources) -> Vec<FieldEntry> {
    decls
        .iter()
        .map(|f| FieldEntry {
            name: f.name.node.clone(),
            ty: sources.slice(f.ty.span).to_owned(),
            optional: f.optional,
            span: f.name.span,
        })
        .collect()
}

/// The first pass: what the folder declares, so uses before declarations resolve.
fn declare(index: &mut Index, item: &Item, sources: &Sources) {
    let mut owner = |name: &ast::Name, kind, decls: &[ast::FieldDecl]| {
        index.owners.entry(name.node.clone()).or_insert(Owner {
            kind,
            span: name.span,
            fields: fields(decls, sources),
        });
    };
    match item {
        Item::Facts(t) => owner(&t.name, OwnerKind::Facts, &t.fields),
        Item::Records(r) => owner(&r.name, OwnerKind::Records, &r.fields),
        Item::Event(e) => owner(&e.name, OwnerKind::Event, &e.fields),
        Item::Enum(e) => {
            index.enums.insert(
                e.name.node.clone(),
                e.variants.iter().map(|v| v.node.clone()).collect(),
            );
        }
        Item::Party(p) => {
            index
                .parties
                .insert(p.name.node.clone(), p.display.node.clone());
        }
        Item::Document(_)
        | Item::Source(_)
        | Item::Use(_)
        | Item::MarketSeries(_)
        | Item::Section(_) => {}
    }
}

struct Walker<'a> {
    index: Index,
    sources: &'a Sources,
    /// The locals in scope, innermost last: (scope, name, the declaration its type names).
    scopes: Vec<(u32, String, Option<String>)>,
    next_scope: u32,
    section: Option<usize>,
    document: usize,
}

impl Walker<'_> {
    fn push(&mut self, span: Span, symbol: Symbol, def: bool) {
        self.index.occurrences.push(Occurrence {
            span,
            symbol,
            def,
            section: self.section,
        });
    }

    fn item(&mut self, item: &Item) {
        self.section = None;
        match item {
            Item::Document(_) | Item::Source(_) | Item::MarketSeries(_) => {}
            Item::Use(u) => {
                for n in &u.names {
                    let symbol = if n.term {
                        Some(Symbol::Term(n.name.node.clone()))
                    } else {
                        self.named(&n.name.node)
                    };
                    if let Some(s) = symbol {
                        self.push(n.name.span, s, false);
                    }
                }
            }
            Item::Party(p) => self.push(p.name.span, Symbol::Party(p.name.node.clone()), true),
            Item::Enum(e) => {
                self.push(e.name.span, Symbol::Enum(e.name.node.clone()), true);
                for v in &e.variants {
                    let symbol = Symbol::Variant {
                        ty: e.name.node.clone(),
                        name: v.node.clone(),
                    };
                    self.push(v.span, symbol, true);
                }
            }
            Item::Facts(t) => self.owner(&t.name, &t.fields),
            Item::Records(r) => {
                self.owner(&r.name, &r.fields);
                self.field(&r.name.node, &r.key, false);
            }
            Item::Event(e) => {
                self.owner(&e.name, &e.fields);
                for r in &e.requirements {
                    for side in [&r.node.lhs, &r.node.rhs] {
                        if let ast::RequireOperand::Field(f) = side {
                            self.field(&e.name.node, f, false);
                        }
                    }
                }
            }
            Item::Section(s) => self.section(s),
        }
    }

    /// A name that is not a term: a declaration, a party, an enum or one of its values.
    fn named(&self, name: &str) -> Option<Symbol> {
        if self.index.owners.contains_key(name) {
            Some(Symbol::Declaration(name.to_owned()))
        } else if self.index.parties.contains_key(name) {
            Some(Symbol::Party(name.to_owned()))
        } else if self.index.enums.contains_key(name) {
            Some(Symbol::Enum(name.to_owned()))
        } else {
            self.index.variant(name).map(|ty| Symbol::Variant {
                ty: ty.to_owned(),
                name: name.to_owned(),
            })
        }
    }

    fn owner(&mut self, name: &ast::Name, decls: &[ast::FieldDecl]) {
        self.push(name.span, Symbol::Declaration(name.node.clone()), true);
        for f in decls {
            self.field(&name.node, &f.name, true);
            self.ty(&f.ty);
        }
    }

    fn field(&mut self, owner: &str, name: &ast::Name, def: bool) {
        let symbol = Symbol::Field {
            owner: owner.to_owned(),
            name: name.node.clone(),
        };
        self.push(name.span, symbol, def);
    }

    /// The declarations a type names.
    fn ty(&mut self, ty: &Spanned<TypeExpr>) {
        match &ty.node {
            TypeExpr::Named(n) => {
                if let Some(s) = self.named(n) {
                    self.push(ty.span, s, false);
                }
            }
            TypeExpr::List(inner) => self.ty(inner),
            _ => {}
        }
    }

    /// The declaration a type names, for the fields of a local of that type.
    fn owner_named(&self, ty: &Spanned<TypeExpr>) -> Option<String> {
        match &ty.node {
            TypeExpr::Named(n) if self.index.owners.contains_key(n) => Some(n.clone()),
            TypeExpr::List(inner) => self.owner_named(inner),
            _ => None,
        }
    }

    fn scope(&mut self) -> u32 {
        self.next_scope += 1;
        self.next_scope
    }

    /// Declare parameters as locals of a new scope; returns how many scopes to pop.
    fn params(&mut self, params: &[ast::Param]) -> usize {
        let scope = self.scope();
        for p in params {
            let owner = self.owner_named(&p.ty);
            self.ty(&p.ty);
            self.push(
                p.name.span,
                Symbol::Local {
                    scope,
                    name: p.name.node.clone(),
                },
                true,
            );
            self.scopes.push((scope, p.name.node.clone(), owner));
        }
        params.len()
    }

    fn pop(&mut self, n: usize) {
        self.scopes.truncate(self.scopes.len().saturating_sub(n));
    }

    fn cite(&mut self, number: &Spanned<String>) {
        let symbol = Symbol::Section {
            document: self.document,
            number: number.node.clone(),
        };
        self.push(number.span, symbol, false);
    }

    fn section(&mut self, s: &ast::Section) {
        let mut end = s.title.span.end;
        let mut extend = |span: Span| end = end.max(span.end);
        s.quote.iter().for_each(|q| extend(q.span));
        s.interpretations.iter().for_each(|i| extend(i.span));
        s.not_computable.iter().for_each(|n| extend(n.span));
        for d in &s.definitions {
            extend(d.body.span);
            d.interpretations.iter().for_each(|i| extend(i.span));
        }
        s.obligations
            .iter()
            .chain(&s.rights)
            .chain(&s.findings)
            .for_each(|o| extend(o.span));
        s.rejections.iter().for_each(|r| extend(r.span));
        s.trading_days.iter().for_each(|t| extend(t.span));
        s.business_days.iter().for_each(|b| extend(b.span));
        // Past the closing brace when it follows.
        let text = self
            .sources
            .get(s.number.span.file)
            .map(|f| f.text.clone())
            .unwrap_or_default();
        let rest = text.get(end as usize..).unwrap_or("");
        let trimmed = rest.trim_start();
        if trimmed.starts_with('}') {
            end += u32::try_from(rest.len() - trimmed.len() + 1).unwrap_or(0);
        }
        // From its `section` keyword, the last word before the number.
        let start = text
            .get(..s.number.span.start as usize)
            .and_then(|before| before.rfind("section"))
            .and_then(|i| u32::try_from(i).ok())
            .unwrap_or(s.number.span.start);
        self.index.sections.push(SectionEntry {
            document: self.document,
            number: s.number.node.clone(),
            title: s.title.node.clone(),
            quote: s.quote.as_ref().map(|q| q.node.clone()),
            span: s.number.span,
            extent: Span {
                file: s.number.span.file,
                start,
                end,
            },
        });
        self.section = Some(self.index.sections.len() - 1);
        let number = Symbol::Section {
            document: self.document,
            number: s.number.node.clone(),
        };
        self.push(s.number.span, number, true);
        for d in &s.definitions {
            self.definition(d);
        }
        for o in s.obligations.iter().chain(&s.rights).chain(&s.findings) {
            self.obligation(o);
        }
        for r in &s.rejections {
            self.push(
                r.event.span,
                Symbol::Declaration(r.event.node.clone()),
                false,
            );
            let scope = self.scope();
            let binder = r.binder.as_ref().unwrap_or(&r.event);
            if r.binder.is_some() {
                let symbol = Symbol::Local {
                    scope,
                    name: binder.node.clone(),
                };
                self.push(binder.span, symbol, true);
            }
            self.scopes
                .push((scope, binder.node.clone(), Some(r.event.node.clone())));
            self.expr(&r.condition);
            self.pop(1);
        }
        if let Some(t) = &s.trading_days {
            self.expr(&t.condition);
        }
    }

    fn definition(&mut self, d: &ast::Definition) {
        self.push(d.name.span, Symbol::Term(d.name.node.clone()), true);
        let text = |span: Span| self.sources.slice(span).to_owned();
        let params: Vec<String> = d
            .params
            .iter()
            .map(|p| format!("{}: {}", p.name.node, text(p.ty.span)))
            .collect();
        let signature = if params.is_empty() {
            format!(": {}", text(d.ty.span))
        } else {
            format!("({}) : {}", params.join(", "), text(d.ty.span))
        };
        let formula = match &d.when {
            Some(w) => format!("when {}\n= {}", text(w.span), text(d.body.span)),
            None => text(d.body.span),
        };
        self.index.terms.push(TermRule {
            name: d.name.node.clone(),
            section: self.section,
            signature,
            formula,
            interpretations: d.interpretations.iter().map(|i| i.node.clone()).collect(),
            span: d.name.span,
        });
        let n = self.params(&d.params);
        self.ty(&d.ty);
        for p in &d.precedence {
            match p {
                Precedence::NotwithstandingAnything(_) => {}
                Precedence::Notwithstanding(ns) | Precedence::SubjectTo(ns) => {
                    ns.iter().for_each(|s| self.cite(s));
                }
            }
        }
        if let Some(w) = &d.when {
            self.expr(w);
        }
        self.expr(&d.body);
        self.pop(n);
    }

    fn obligation(&mut self, o: &ast::Obligation) {
        self.push(o.name.span, Symbol::Rule(o.name.node.clone()), true);
        let n = self.params(&o.for_each);
        for e in [
            &o.when, &o.obligor, &o.obligee, &o.amount, &o.due, &o.from, &o.until,
        ]
        .into_iter()
        .flatten()
        {
            self.expr(e);
        }
        for x in &o.excludes {
            self.push(x.span, Symbol::Rule(x.node.clone()), false);
        }
        if let Some(f) = &o.fulfilled_by {
            self.push(
                f.event.span,
                Symbol::Declaration(f.event.node.clone()),
                false,
            );
            for m in &f.matching {
                self.field(&f.event.node, &m.field, false);
                self.expr(&m.value);
            }
        }
        self.pop(n);
    }

    /// `a.b.c`: a local, a facts table, a party or an enum value, then fields.
    fn path(&mut self, names: &[ast::Name]) -> Option<String> {
        let (first, rest) = names.split_first()?;
        let local = self
            .scopes
            .iter()
            .rev()
            .find(|(_, n, _)| *n == first.node)
            .cloned();
        let mut owner = match local {
            Some((scope, name, owner)) => {
                self.push(first.span, Symbol::Local { scope, name }, false);
                owner
            }
            None => {
                let symbol = self.named(&first.node);
                let owner = match &symbol {
                    Some(Symbol::Declaration(d)) => Some(d.clone()),
                    _ => None,
                };
                if let Some(s) = symbol {
                    self.push(first.span, s, false);
                }
                owner
            }
        };
        for name in rest {
            let o = owner.take()?;
            let ty = self
                .index
                .owners
                .get(&o)?
                .fields
                .iter()
                .find(|f| f.name == name.node)?
                .ty
                .clone();
            self.field(&o, name, false);
            owner = self.index.owners.contains_key(&ty).then_some(ty);
        }
        owner
    }

    /// The declaration whose fields an expression has, when a path or a query says.
    fn owner_of(&self, e: &ast::Expr) -> Option<String> {
        match &e.node {
            ExprKind::Path(names) => {
                let (first, rest) = names.split_first()?;
                let mut owner = match self.scopes.iter().rev().find(|(_, n, _)| *n == first.node) {
                    Some((_, _, o)) => o.clone(),
                    None => self
                        .index
                        .owners
                        .contains_key(&first.node)
                        .then(|| first.node.clone()),
                };
                for name in rest {
                    let o = owner?;
                    let f = self.index.owners.get(&o)?.fields.iter();
                    let ty = f.clone().find(|f| f.name == name.node)?.ty.clone();
                    owner = self.index.owners.contains_key(&ty).then_some(ty);
                }
                owner
            }
            ExprKind::Query(q) => Some(q.source.node.clone()),
            _ => None,
        }
    }

    fn expr(&mut self, e: &ast::Expr) {
        match &e.node {
            ExprKind::Literal(_)
            | ExprKind::Text(_)
            | ExprKind::EvaluationDate
            | ExprKind::PaymentDay => {}
            ExprKind::Path(names) => {
                self.path(names);
            }
            ExprKind::Call { term, args } => {
                self.push(term.span, Symbol::Term(term.node.clone()), false);
                args.iter().for_each(|a| self.expr(a));
            }
            ExprKind::Map { term, args, list } => {
                self.push(term.span, Symbol::Term(term.node.clone()), false);
                args.iter().for_each(|a| self.expr(a));
                self.expr(list);
            }
            ExprKind::Unary { operand, .. } => self.expr(operand),
            ExprKind::Binary { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond);
                self.expr(then);
                self.expr(otherwise);
            }
            ExprKind::Lesser(a, b) | ExprKind::Greater(a, b) => {
                self.expr(a);
                self.expr(b);
            }
            ExprKind::Round { value, under, .. } => {
                self.expr(value);
                if let Some(u) = under {
                    self.cite(u);
                }
            }
            ExprKind::Aggregate { list, .. }
            | ExprKind::Quantified { list, .. }
            | ExprKind::NthDay { list, .. }
            | ExprKind::Select { list, .. } => self.expr(list),
            ExprKind::CoveredDays {
                list,
                from,
                through,
            } => {
                self.expr(list);
                if let Some(o) = self.owner_of(list) {
                    self.field(&o, from, false);
                    self.field(&o, through, false);
                }
            }
            ExprKind::Window { count, end, .. } => {
                if let ast::WindowCount::Computed(c) = count {
                    self.expr(c);
                }
                self.expr(end);
            }
            ExprKind::NotBefore { window, bound } => {
                self.expr(window);
                self.expr(bound);
            }
            ExprKind::Shift { date, .. }
            | ExprKind::ShiftMonths { date, .. }
            | ExprKind::ShiftBusinessDays { date, .. }
            | ExprKind::Market { date, .. } => self.expr(date),
            ExprKind::MonthlyAnniversaries { from, through } => {
                self.expr(from);
                self.expr(through);
            }
            ExprKind::YearFraction { from, to, .. }
            | ExprKind::DaysBetween { from, to, .. }
            | ExprKind::BusinessDaysBetween { from, to, .. } => {
                self.expr(from);
                self.expr(to);
            }
            ExprKind::Query(q) => {
                self.push(
                    q.source.span,
                    Symbol::Declaration(q.source.node.clone()),
                    false,
                );
                if let Some(b) = &q.before {
                    self.expr(b);
                }
                let scope = self.scope();
                let binder = q.binder.as_ref().unwrap_or(&q.source);
                if q.binder.is_some() {
                    let symbol = Symbol::Local {
                        scope,
                        name: binder.node.clone(),
                    };
                    self.push(binder.span, symbol, true);
                }
                self.scopes
                    .push((scope, binder.node.clone(), Some(q.source.node.clone())));
                if let Some(c) = &q.condition {
                    self.expr(c);
                }
                self.pop(1);
            }
            ExprKind::FieldOf { field, base } => {
                self.expr(base);
                if let Some(o) = self.owner_of(base) {
                    self.field(&o, field, false);
                }
            }
            ExprKind::Tiered { count, tiers } => {
                self.expr(count);
                tiers.iter().for_each(|t| self.expr(&t.rate));
            }
            ExprKind::Accrual(a) => {
                for e in [&a.rate, &a.principal, &a.from, &a.payments] {
                    self.expr(e);
                }
            }
            ExprKind::PaidDay { amount, payments } => {
                self.expr(amount);
                self.expr(payments);
            }
            ExprKind::FindingDays(names) => {
                for n in names {
                    self.push(n.span, Symbol::Rule(n.node.clone()), false);
                }
            }
            ExprKind::DayOf(inner) | ExprKind::TimeOf(inner) => self.expr(inner),
        }
    }
}
