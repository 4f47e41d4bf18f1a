//! proviso: contract clauses as declarative rules, evaluated against market data and facts to say
//! who owes what to whom, by when, and why.
//!
//! The pipeline, one module per stage:
//! `syntax` (parse) → `check` (resolve and type) → `facts`, `market` (load inputs) →
//! `eval` (evaluate, with explanations) → `outcome` (obligations) → `render` (text, JSON).

pub mod ast;
pub mod source;
pub mod check;
pub mod eval;
pub mod facts;
pub mod market;
pub mod syntax;
