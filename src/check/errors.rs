//! Errors of the check stage. Each variant's doc shows a clause snippet that triggers it.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

type Src = NamedSource<Arc<str>>;

#[derive(Debug, Error, Diagnostic)]
pub enum CheckError {
    /// `define "Price" : USD = deall.x` — no such name.
    #[error("`{name}` is not defined")]
    #[diagnostic(code(proviso::check::undefined_name), help("{help}"))]
    UndefinedName {
        name: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("not a parameter, fact table, party or enumeration value")]
        span: SourceSpan,
    },

    /// `"Conversion Prize"(c)` — no such defined term.
    #[error("the term `{name}` is not defined")]
    #[diagnostic(code(proviso::check::undefined_term), help("{help}"))]
    UndefinedTerm {
        name: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("no `define` of this term in the clause folder")]
        span: SourceSpan,
    },

    /// `conversion.shares` where the event has no field `shares`.
    #[error("`{owner}` has no field `{field}`")]
    #[diagnostic(code(proviso::check::unknown_field), help("{help}"))]
    UnknownField {
        owner: String,
        field: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("unknown field")]
        span: SourceSpan,
    },

    /// `$1,000 + 100 shares` — the operands' units differ.
    #[error("`{op}` needs operands of the same unit, not {lhs_ty} and {rhs_ty}")]
    #[diagnostic(code(proviso::check::unit_mismatch), help("{help}"))]
    UnitMismatch {
        op: String,
        lhs_ty: String,
        rhs_ty: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("{lhs_ty}")]
        lhs: SourceSpan,
        #[label("{rhs_ty}")]
        rhs: SourceSpan,
    },

    /// `define "Floor" : USD = $0.75 per share` — the formula has another type.
    #[error("expected {expected}, found {found}")]
    #[diagnostic(code(proviso::check::type_mismatch), help("{help}"))]
    TypeMismatch {
        expected: String,
        found: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("this is {found}")]
        span: SourceSpan,
    },

    /// Two `define "Set Price"` in the clause folder, or two fields of one name.
    #[error("`{name}` is defined twice")]
    #[diagnostic(
        code(proviso::check::duplicate_definition),
        help("the first definition is at {first}; remove or rename one of them")
    )]
    Duplicate {
        name: String,
        first: String,
        #[source_code]
        src: Src,
        #[label("defined again here")]
        span: SourceSpan,
    },

    /// `define "A" : USD = "B"` and `define "B" : USD = "A"`; or, for an event,
    /// `define "T" (c: conversion_notice) : shares = "U"(c)` and `define "U" (c: conversion_notice)
    /// : shares = "T"(c)`: every call passes the same arguments, so none goes back in the log.
    #[error("the definition of `{name}` depends on itself: {chain}")]
    #[diagnostic(code(proviso::check::cycle), help("{help}"))]
    Cycle {
        name: String,
        chain: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("this term is part of the cycle")]
        span: SourceSpan,
    },

    /// `define "T" (c: conversion_notice) : shares = sum of "T" over each conversion_notice x
    /// before 2003-01-01`: a term depends on itself through a call that is not for strictly
    /// earlier events of the log than its own (here, events before a date, `c` itself included).
    #[error("{name} depends on itself through a call that does not go back in the log: {chain}")]
    #[diagnostic(code(proviso::check::recursion), help("{help}"))]
    Recursion {
        name: String,
        chain: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("{label}")]
        span: SourceSpan,
        label: String,
    },

    /// `"Conversion Price"()` — the term takes one argument.
    #[error("`{name}` takes {expected} argument(s), not {found}")]
    #[diagnostic(code(proviso::check::arity), help("{help}"))]
    Arity {
        name: String,
        expected: usize,
        found: usize,
        help: String,
        #[source_code]
        src: Src,
        #[label("called here")]
        span: SourceSpan,
    },

    /// An obligation without `due`, or with `kind deliver_stock`.
    #[error("{message}")]
    #[diagnostic(code(proviso::check::obligation), help("{help}"))]
    Obligation {
        message: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("{label}")]
        span: SourceSpan,
        label: String,
    },

    /// `market price on d` — not a column of the market file; `under "5(z)"` — no such section;
    /// an event without a `date` field; `enum` values used in two enumerations.
    #[error("{message}")]
    #[diagnostic(code(proviso::check::invalid), help("{help}"))]
    Invalid {
        message: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("{label}")]
        span: SourceSpan,
        label: String,
    },

    /// `source "certificate.txt"` naming no file of the clause folder, or a second `source`.
    #[error("{message}")]
    #[diagnostic(code(proviso::check::source), help("{help}"))]
    Source {
        message: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("{label}")]
        span: SourceSpan,
        label: String,
    },

    /// `business days are weekdays except the holidays in "ny.csv"` naming no file of the clause
    /// folder, or a list with a row that is not a date, out of order, or a year without a
    /// holiday (labelled at the row).
    #[error("{message}")]
    #[diagnostic(code(proviso::check::holidays), help("{help}"))]
    Holidays {
        message: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("{label}")]
        span: SourceSpan,
        label: String,
    },

    /// `quote """… the lesser of (A) [the Set Price] and (B) …"""`: words the document does not
    /// have where the quote has them (the label says what the document has there, the help
    /// shows the closest passage), pieces out of the document's order, or a passage of another
    /// section.
    #[error("{message}")]
    #[diagnostic(code(proviso::check::misquote), help("{help}"))]
    Misquote {
        message: String,
        help: String,
        #[source_code]
        src: Src,
        #[label("{label}")]
        span: SourceSpan,
        label: String,
    },

    /// `define "Dividends Paid in Cash"` in 2(a) and again in 2(b), neither saying
    /// `notwithstanding` nor `subject to`.
    #[error("`{name}` is decided by rules of sections {first} and {second}, and neither gives way")]
    #[diagnostic(
        code(proviso::check::conflicting_rules),
        help(
            "say which prevails: `notwithstanding \"{first}\"` on the rule of {second}, or \
             `subject to \"{second}\"` on the rule of {first} (or the other way round)"
        )
    )]
    Conflict {
        name: String,
        first: String,
        second: String,
        #[source_code]
        src: Src,
        /// Where the rule of `first` is.
        first_at: String,
        #[label("this rule of {second} and the rule of {first} at {first_at} both decide it")]
        span: SourceSpan,
    },
}
