//! Checking: the parsed files of a clause folder → one resolved, typed [`Program`].
//!
//! Names are resolved to ids here, once; units and types are checked; duplicate definitions are
//! found, and recursion that does not go back in the log (`cycles.rs`). Every error in every
//! file is reported in one run: a failed sub-expression gets `Type::Error`, which matches
//! anything, so one mistake is not reported again by everything that uses it.

mod accrual;
mod business_days;
mod cycles;
mod errors;
mod expr;
mod findings;
mod imports;
mod names;
mod periods;
mod precedence;
mod quotes;
mod references;
mod requirements;
mod rules;
mod series;
mod source;
mod trading_days;
mod warnings;
mod windows;

use std::collections::HashMap;
use std::sync::Arc;

pub use crate::program::Program;
pub use business_days::load_holiday_lists;
pub use errors::CheckError;
pub use names::suggest;
pub use source::load_source;
pub use warnings::CheckWarning;
// The program's types, where callers found them before the program had its own layer.
pub use crate::program::types;

use crate::ast;
use crate::document::Document;
use crate::program::types::*;
use crate::program::*;
use crate::source::{Sources, Span};

/// Check the parsed files of one clause folder, and, when it declares the document's text
/// (`source`, read by [`load_source`]), its quotes and section numbers against that text.
/// The warnings are in `Program::warnings`, or beside the errors.
pub fn check(
    files: &[ast::File],
    sources: &Sources,
    source: Option<Arc<Document>>,
) -> Result<Program, Failure> {
    check_deal(
        vec![Folder {
            id: String::new(),
            files: files.to_vec(),
            source,
            evaluated: true,
        }],
        sources,
    )
}

/// One clause folder of a deal, parsed: its name (how other documents `use … from` it), its
/// files, and the document's text if it declares one.
#[derive(Debug, Clone)]
pub struct Folder {
    pub id: String,
    pub files: Vec<ast::File>,
    pub source: Option<Arc<Document>>,
    /// Whether its own obligations, rights and findings are evaluated: a folder brought in only
    /// because another uses its names defines them, and is not itself evaluated.
    pub evaluated: bool,
}

/// Check the clause folders of a deal as one program: one vocabulary for the facts file, each
/// document's sections, quotes and references its own, and each name used in a document other
/// than the one that declares it imported there (`use … from …`, `imports.rs`).
pub fn check_deal(folders: Vec<Folder>, sources: &Sources) -> Result<Program, Failure> {
    let mut c = Checker::new(sources);
    // Every folder's files in one list (moved, not copied), each folder's range of it kept for
    // the passes that read one document's text.
    let mut files: Vec<ast::File> = Vec::new();
    let mut texts = Vec::new();
    for (d, folder) in folders.into_iter().enumerate() {
        for item in folder.files.iter().flat_map(|f| &f.items) {
            c.file_doc.insert(item.file(), d);
            c.prog.file_documents.insert(item.file(), d);
        }
        c.prog.documents.push(DocumentInfo {
            id: folder.id,
            title: None,
            source: folder.source.clone(),
            evaluated: folder.evaluated,
        });
        let start = files.len();
        files.extend(folder.files);
        // A folder brought in for its names is checked against its text where it is checked
        // itself.
        if let (Some(doc), true) = (folder.source, folder.evaluated) {
            texts.push((start..files.len(), doc));
        }
    }
    let all = files.as_slice();
    c.declare(all);
    c.imports(all);
    c.resolve_fields(all);
    c.market_series(all);
    c.signatures(all);
    c.bodies(all);
    c.precedence(all);
    c.obligations(all);
    c.trading_days(all);
    c.business_days(all);
    c.cycles();
    for (range, doc) in texts {
        let mine = all.get(range).unwrap_or_default();
        c.quotes(mine, &doc);
        c.references(mine, &doc);
    }
    if c.errors.is_empty() {
        c.prog.warnings = c.warnings;
        Ok(c.prog)
    } else {
        Err(Failure {
            errors: c.errors,
            warnings: c.warnings,
        })
    }
}

/// A clause folder that does not check: its errors, and the warnings found with them.
#[derive(Debug)]
pub struct Failure {
    pub errors: Vec<CheckError>,
    pub warnings: Vec<CheckWarning>,
}

/// Namespaces in which a name must be unique.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Namespace {
    Type,
    Value,
    Term,
    Obligation,
}

pub(crate) struct Checker<'a> {
    sources: &'a Sources,
    errors: Vec<CheckError>,
    warnings: Vec<CheckWarning>,
    /// Every `under "…"` met while checking formulas, for the references to the document.
    cited: Vec<crate::source::Spanned<String>>,
    prog: Program,
    first: HashMap<(Namespace, String), Span>,
    parties: HashMap<String, PartyId>,
    enums: HashMap<String, EnumId>,
    tables: HashMap<String, TableId>,
    records: HashMap<String, RecordId>,
    events: HashMap<String, EventId>,
    terms: HashMap<String, TermId>,
    variants: HashMap<String, Vec<(EnumId, usize)>>,
    /// By document and number.
    sections: HashMap<(usize, String), SectionId>,
    /// Each finding's place in `prog.findings`, by name.
    findings: HashMap<String, usize>,
    declared_findings: usize,
    /// Inside the amount of `the day … is paid by …`, where `the payment day` means something.
    in_paid_amount: bool,
    /// Every formula that counts Business Days, for the error when the folder does not say
    /// which days are.
    business_uses: Vec<Span>,
    /// Section of each `ast::Section`, in file order, for the later passes.
    section_of: Vec<SectionId>,
    /// The id of each section, by where its number is written: one document's files of a deal
    /// find their own sections.
    section_at: HashMap<Span, SectionId>,
    /// The document (index into `prog.documents`) of each clause file.
    file_doc: HashMap<crate::source::FileId, usize>,
    /// What each document imports: (document, name) → the document it comes from.
    imported: HashMap<(usize, String), usize>,
}

impl<'a> Checker<'a> {
    fn new(sources: &'a Sources) -> Checker<'a> {
        Checker {
            sources,
            errors: Vec::new(),
            warnings: Vec::new(),
            cited: Vec::new(),
            prog: Program::default(),
            first: HashMap::new(),
            parties: HashMap::new(),
            enums: HashMap::new(),
            tables: HashMap::new(),
            records: HashMap::new(),
            events: HashMap::new(),
            terms: HashMap::new(),
            variants: HashMap::new(),
            sections: HashMap::new(),
            findings: HashMap::new(),
            declared_findings: 0,
            in_paid_amount: false,
            business_uses: Vec::new(),
            section_of: Vec::new(),
            section_at: HashMap::new(),
            file_doc: HashMap::new(),
            imported: HashMap::new(),
        }
    }

    /// The document a place in a clause file belongs to.
    fn doc_of(&self, span: Span) -> usize {
        self.file_doc.get(&span.file).copied().unwrap_or(0)
    }

    fn src(&self, span: Span) -> miette::NamedSource<std::sync::Arc<str>> {
        self.sources.named(span.file)
    }

    /// Record a name; `false` (and an error) if the namespace already has it.
    fn unique(&mut self, ns: Namespace, name: &ast::Name) -> bool {
        match self.first.get(&(ns, name.node.clone())) {
            Some(first) => {
                let first = self.sources.location(*first);
                self.errors.push(CheckError::Duplicate {
                    name: name.node.clone(),
                    first,
                    src: self.src(name.span),
                    span: name.span.into(),
                });
                false
            }
            None => {
                self.first.insert((ns, name.node.clone()), name.span);
                true
            }
        }
    }

    fn invalid(&mut self, span: Span, message: String, label: &str, help: String) {
        self.errors.push(CheckError::Invalid {
            message,
            help,
            src: self.src(span),
            span: span.into(),
            label: label.to_owned(),
        });
    }

    // -----------------------------------------------------------------------------------------
    // Pass 1: names of everything declared.

    fn declare(&mut self, files: &[ast::File]) {
        for item in files.iter().flat_map(|f| &f.items) {
            match item {
                ast::Item::Source(_) | ast::Item::Use(_) | ast::Item::MarketSeries(_) => {}
                ast::Item::Document(title) => {
                    let d = self.doc_of(title.span);
                    if let Some(doc) = self.prog.documents.get_mut(d)
                        && doc.title.is_none()
                    {
                        doc.title = Some(title.node.clone());
                    }
                }
                ast::Item::Party(p) => {
                    if self.unique(Namespace::Value, &p.name) {
                        let id = self.prog.parties.alloc(Party {
                            name: p.name.node.clone(),
                            display: p.display.node.clone(),
                        });
                        self.parties.insert(p.name.node.clone(), id);
                    }
                }
                ast::Item::Enum(e) => {
                    if self.unique(Namespace::Type, &e.name) {
                        let id = self.prog.enums.alloc(EnumDef {
                            name: e.name.node.clone(),
                            variants: e.variants.iter().map(|v| v.node.clone()).collect(),
                        });
                        self.enums.insert(e.name.node.clone(), id);
                        let mut seen: HashMap<&str, Span> = HashMap::new();
                        for (i, v) in e.variants.iter().enumerate() {
                            if let Some(first) = seen.insert(&v.node, v.span) {
                                self.errors.push(CheckError::Duplicate {
                                    name: v.node.clone(),
                                    first: self.sources.location(first),
                                    src: self.src(v.span),
                                    span: v.span.into(),
                                });
                            }
                            self.variants
                                .entry(v.node.clone())
                                .or_default()
                                .push((id, i));
                        }
                    }
                }
                ast::Item::Facts(t) => {
                    if self.unique(Namespace::Value, &t.name) {
                        let id = self.prog.tables.alloc(TableDef {
                            name: t.name.node.clone(),
                            fields: Vec::new(),
                            span: t.name.span,
                        });
                        self.tables.insert(t.name.node.clone(), id);
                    }
                }
                ast::Item::Records(r) => {
                    if self.unique(Namespace::Type, &r.name) {
                        let id = self.prog.records.alloc(RecordDef {
                            name: r.name.node.clone(),
                            key: 0,
                            fields: Vec::new(),
                            span: r.name.span,
                        });
                        self.records.insert(r.name.node.clone(), id);
                    }
                }
                ast::Item::Event(e) => {
                    if self.unique(Namespace::Type, &e.name) {
                        let id = self.prog.events.alloc(EventDef {
                            name: e.name.node.clone(),
                            fields: Vec::new(),
                            date_field: 0,
                            requirements: Vec::new(),
                            span: e.name.span,
                        });
                        self.events.insert(e.name.node.clone(), id);
                    }
                }
                ast::Item::Section(s) => {
                    let document = self.doc_of(s.number.span);
                    let id = self.prog.sections.alloc(SectionInfo {
                        document,
                        number: s.number.node.clone(),
                        title: s.title.node.clone(),
                        quote: s.quote.as_ref().map(|q| q.node.clone()),
                        interpretations: s.interpretations.iter().map(|i| i.node.clone()).collect(),
                        not_computable: s.not_computable.as_ref().map(|n| n.node.clone()),
                        quoted: Vec::new(),
                        span: s.number.span,
                    });
                    self.not_computable(s);
                    self.sections
                        .entry((document, s.number.node.clone()))
                        .or_insert(id);
                    self.section_of.push(id);
                    self.section_at.insert(s.number.span, id);
                    for d in &s.definitions {
                        // A term defined again in another section is a further rule of the
                        // same term, ranked by `notwithstanding` / `subject to` (precedence.rs).
                        // (In the same document: a term of another document with the same name
                        // is a duplicate, reported below.)
                        let other_section = self.terms.get(&d.name.node).is_some_and(|&t| {
                            let first = self.prog.sections.at(self.prog.terms.at(t).section);
                            first.number != s.number.node && first.document == document
                        });
                        if other_section {
                            continue;
                        }
                        if self.unique(Namespace::Term, &d.name) {
                            let term = self.prog.terms.alloc(Term {
                                name: d.name.node.clone(),
                                section: id,
                                params: Vec::new(),
                                ty: Type::Error,
                                body: placeholder(d.name.span),
                                interpretations: d
                                    .interpretations
                                    .iter()
                                    .map(|i| i.node.clone())
                                    .collect(),
                                overrides: Vec::new(),
                                span: d.name.span,
                            });
                            self.terms.insert(d.name.node.clone(), term);
                        }
                    }
                    for o in s.obligations.iter().chain(&s.rights) {
                        self.unique(Namespace::Obligation, &o.name);
                    }
                    for f in &s.findings {
                        // Numbered in the order `obligations` adds them to the program.
                        let ordinal = self.declared_findings;
                        self.declared_findings += 1;
                        if self.unique(Namespace::Obligation, &f.name) {
                            self.findings.insert(f.name.node.clone(), ordinal);
                        }
                    }
                }
            }
        }
        // An enumeration value must name one value: `cash` in two enums would be ambiguous.
        for (name, uses) in &self.variants {
            if uses.len() > 1 {
                let enums: Vec<&str> = uses
                    .iter()
                    .map(|(e, _)| self.prog.enums.at(*e).name.as_str())
                    .collect();
                let span = self.first_variant_span(files, name);
                self.errors.push(CheckError::Invalid {
                    message: format!("`{name}` is a value of more than one enumeration"),
                    help: format!(
                        "it is in {}; rename it in all but one, so `{name}` means one thing",
                        enums.join(" and ")
                    ),
                    src: self.src(span),
                    span: span.into(),
                    label: "ambiguous value".to_owned(),
                });
            }
        }
        let clashes: Vec<(String, Span)> = self
            .prog
            .parties
            .values()
            .filter(|p| self.variants.contains_key(&p.name))
            .filter_map(|p| {
                let span = self.first.get(&(Namespace::Value, p.name.clone()))?;
                Some((p.name.clone(), *span))
            })
            .collect();
        for (name, span) in clashes {
            self.invalid(
                span,
                format!("`{name}` is both a party and an enumeration value"),
                "the party",
                "rename one of them, so that the name means one thing".to_owned(),
            );
        }
    }

    /// A section declared not computable has no rules.
    fn not_computable(&mut self, s: &ast::Section) {
        let Some(reason) = &s.not_computable else {
            return;
        };
        let rules = s.definitions.len()
            + s.obligations.len()
            + s.rights.len()
            + s.findings.len()
            + s.rejections.len();
        if rules > 0 {
            self.invalid(
                reason.span,
                format!(
                    "section `{}` is declared not computable but has {rules} rule(s)",
                    s.number.node
                ),
                "declared not computable",
                "remove the rules, or the `not computable` declaration; where part of a section \
                 is encoded and part is not, write two `section` blocks of the same number"
                    .to_owned(),
            );
        }
    }

    /// The sections of the files (all of the deal's, or one document's), each with its id, in
    /// file order.
    fn ast_sections<'f>(&self, files: &'f [ast::File]) -> Vec<(SectionId, &'f ast::Section)> {
        files
            .iter()
            .flat_map(|f| &f.items)
            .filter_map(|i| match i {
                ast::Item::Section(s) => Some(s),
                _ => None,
            })
            .filter_map(|s| Some((*self.section_at.get(&s.number.span)?, s)))
            .collect()
    }

    fn first_variant_span(&self, files: &[ast::File], name: &str) -> Span {
        files
            .iter()
            .flat_map(|f| &f.items)
            .filter_map(|i| match i {
                ast::Item::Enum(e) => e.variants.iter().find(|v| v.node == name).map(|v| v.span),
                _ => None,
            })
            .next_back()
            .unwrap_or_default()
    }

    // -----------------------------------------------------------------------------------------
    // Pass 2: field types of tables, records and events.

    fn resolve_fields(&mut self, files: &[ast::File]) {
        for item in files.iter().flat_map(|f| &f.items) {
            match item {
                ast::Item::Facts(t) => {
                    let fields = self.fields(&t.fields);
                    if let Some(&id) = self.tables.get(&t.name.node)
                        && let def = self.prog.tables.at_mut(id)
                        && def.span == t.name.span
                    {
                        def.fields = fields;
                    }
                }
                ast::Item::Records(r) => {
                    let fields = self.fields(&r.fields);
                    let key = fields.iter().position(|f| f.name == r.key.node);
                    match key {
                        Some(k) if fields.get(k).is_some_and(|f| f.ty == Type::Text) => {}
                        Some(_) => self.invalid(
                            r.key.span,
                            format!("the key `{}` of `{}` must be text", r.key.node, r.name.node),
                            "key field",
                            "records are named by a text field, e.g. `name: text`".to_owned(),
                        ),
                        None => self.invalid(
                            r.key.span,
                            format!(
                                "`{}` has no field `{}` to be keyed by",
                                r.name.node, r.key.node
                            ),
                            "no such field",
                            format!("declare it, e.g. `{}: text`", r.key.node),
                        ),
                    }
                    if let Some(&id) = self.records.get(&r.name.node)
                        && let def = self.prog.records.at_mut(id)
                        && def.span == r.name.span
                    {
                        def.fields = fields;
                        def.key = key.unwrap_or(0);
                    }
                }
                ast::Item::Event(e) => {
                    let fields = self.fields(&e.fields);
                    let date = fields.iter().position(|f| f.name == "date");
                    // An event has a place in the log: its `date`, or, where `date` is optional,
                    // the New York day of a moment field (`sent_at: datetime`).
                    let moment = fields.iter().any(|f| f.ty == Type::DateTime);
                    match date.and_then(|d| fields.get(d)) {
                        Some(f) if f.ty == Type::Date && (!f.optional || moment) => {}
                        _ => self.invalid(
                            e.name.span,
                            format!(
                                "the event `{}` has no required `date: date` field",
                                e.name.node
                            ),
                            "event",
                            "every event happens on a date: declare `date: date` (or an optional \
                             date with a `datetime` field it can be told from)"
                                .to_owned(),
                        ),
                    }
                    let requirements = self.requirements(e, &fields);
                    if let Some(&id) = self.events.get(&e.name.node)
                        && let def = self.prog.events.at_mut(id)
                        && def.span == e.name.span
                    {
                        def.fields = fields;
                        def.date_field = date.unwrap_or(0);
                        def.requirements = requirements;
                    }
                }
                _ => {}
            }
        }
    }

    fn fields(&mut self, decls: &[ast::FieldDecl]) -> Vec<FieldDef> {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut out = Vec::new();
        for d in decls {
            if let Some(first) = seen.insert(&d.name.node, d.name.span) {
                self.errors.push(CheckError::Duplicate {
                    name: d.name.node.clone(),
                    first: self.sources.location(first),
                    src: self.src(d.name.span),
                    span: d.name.span.into(),
                });
                continue;
            }
            let ty = self.resolve_type(&d.ty);
            if d.signed && !matches!(ty, Type::Quantity(_) | Type::Error) {
                let t = self.prog.type_name(&ty);
                self.invalid(
                    d.ty.span,
                    format!("`signed` applies to amounts, and `{}` is {t}", d.name.node),
                    "not an amount",
                    "only a quantity (USD, shares, USD per share, a number, a rate) can be \
                     negative; remove `signed`"
                        .to_owned(),
                );
            }
            out.push(FieldDef {
                name: d.name.node.clone(),
                ty,
                optional: d.optional,
                signed: d.signed,
                span: d.name.span,
            });
        }
        out
    }

    pub(crate) fn resolve_type(&mut self, ty: &crate::source::Spanned<ast::TypeExpr>) -> Type {
        use ast::TypeExpr as T;
        match &ty.node {
            T::Usd => Type::Quantity(Dim::USD),
            T::UsdPerShare => Type::Quantity(Dim::USD_PER_SHARE),
            T::Shares => Type::Quantity(Dim::SHARES),
            T::Number | T::Percent => Type::Quantity(Dim::NUMBER),
            T::RatePerAnnum => Type::Quantity(Dim::PER_ANNUM),
            T::Date => Type::Date,
            T::DateTime => Type::DateTime,
            T::Time => Type::Time,
            T::Bool => Type::Bool,
            T::Text => Type::Text,
            T::Party => Type::Party,
            T::TradingDays => Type::TradingDays,
            T::CalendarDays => Type::CalendarDays,
            T::List(inner) => Type::List(Box::new(self.resolve_type(inner))),
            T::Named(n) => {
                if self.enums.contains_key(n)
                    || self.records.contains_key(n)
                    || self.events.contains_key(n)
                {
                    self.visible(Namespace::Type, n, ty.span);
                }
                if let Some(&e) = self.enums.get(n) {
                    Type::Enum(e)
                } else if let Some(&r) = self.records.get(n) {
                    Type::Record(r)
                } else if let Some(&e) = self.events.get(n) {
                    Type::Event(e)
                } else {
                    let names: Vec<&str> = self
                        .enums
                        .keys()
                        .chain(self.records.keys())
                        .chain(self.events.keys())
                        .map(String::as_str)
                        .chain([
                            "USD", "shares", "number", "percent", "date", "datetime", "time",
                            "bool", "text",
                        ])
                        .collect();
                    let help = suggest(n, names, "type");
                    self.errors.push(CheckError::UndefinedName {
                        name: n.clone(),
                        help,
                        src: self.src(ty.span),
                        span: ty.span.into(),
                    });
                    Type::Error
                }
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Pass 3 and 4: term signatures, then bodies (which may call any term).

    fn definitions<'f>(
        &self,
        files: &'f [ast::File],
    ) -> impl Iterator<Item = (SectionId, &'f ast::Definition)> + use<'f, '_> {
        files
            .iter()
            .flat_map(|f| &f.items)
            .filter_map(|i| match i {
                ast::Item::Section(s) => Some(s),
                _ => None,
            })
            .zip(self.section_of.iter().copied())
            .flat_map(|(s, id)| s.definitions.iter().map(move |d| (id, d)))
    }

    fn signatures(&mut self, files: &[ast::File]) {
        let defs: Vec<(SectionId, &ast::Definition)> = self.definitions(files).collect();
        for (_, d) in defs {
            let Some(&id) = self.terms.get(&d.name.node) else {
                continue;
            };
            if self
                .prog
                .terms
                .get(id)
                .is_none_or(|t| t.span != d.name.span)
            {
                continue; // a duplicate, already reported
            }
            let params: Vec<(String, Type)> = d
                .params
                .iter()
                .map(|p| (p.name.node.clone(), self.resolve_type(&p.ty)))
                .collect();
            let ty = self.resolve_type(&d.ty);
            let t = self.prog.terms.at_mut(id);
            t.params = params;
            t.ty = ty;
        }
    }

    fn bodies(&mut self, files: &[ast::File]) {
        let defs: Vec<(SectionId, &ast::Definition)> = self.definitions(files).collect();
        for (_, d) in defs {
            let Some(&id) = self.terms.get(&d.name.node) else {
                continue;
            };
            let term = &self.prog.terms.at(id);
            if term.span != d.name.span {
                continue;
            }
            let scope = term.params.clone();
            let declared = term.ty.clone();
            let body = self.expr(&d.body, &scope);
            self.expect_type(&body, &declared, "the term's declared type");
            self.prog.terms.at_mut(id).body = body;
        }
    }

    pub(crate) fn expect_type(&mut self, e: &Expr, expected: &Type, what: &str) {
        if !e.ty.compatible(expected) {
            let found = self.prog.type_name(&e.ty);
            let expected = self.prog.type_name(expected);
            self.errors.push(CheckError::TypeMismatch {
                help: format!("{what} is {expected}"),
                expected,
                found,
                src: self.src(e.span),
                span: e.span.into(),
            });
        }
    }
}

fn placeholder(span: Span) -> Expr {
    Expr {
        kind: ExprKind::Literal(ast::Literal::Bool(false)),
        ty: Type::Error,
        span,
    }
}
