//! proviso: contract clauses as declarative rules, evaluated against market data and facts to say
//! who owes what to whom, by when, and why.
//!
//! The pipeline, one module per stage:
//!
//! | stage    | module    | in → out                                              |
//! |----------|-----------|-------------------------------------------------------|
//! | parse    | `syntax`  | clause text → `ast::File` (spans on every node)       |
//! | check    | `check`   | files → `Program` (names resolved to ids, typed)      |
//! | load     | `facts`, `market` | facts TOML/JSON, market CSV → `Facts`, `Market` |
//! | evaluate | `eval`, `outcome` | program + inputs + date → `Outcome` with explanations |
//! | render   | `render`  | `Outcome` → text for people, JSON for tools           |

#![expect(
    clippy::result_large_err,
    reason = "diagnostics carry their source text; errors are the cold path and are not boxed"
)]

pub mod ast;
pub mod check;
pub mod cli;
pub mod error;
pub mod eval;
pub mod facts;
pub mod market;
pub mod outcome;
pub mod render;
pub mod source;
pub mod syntax;

use std::path::Path;
use std::sync::Arc;

pub use error::Error;

use check::Program;
use source::Sources;

/// Parse and check every `.proviso` file of a clause folder (sorted by name), reporting every
/// error of every file. I/O problems are returned as `Err(Left)` with the path and the message.
pub fn load_clauses(dir: &Path, sources: &mut Sources) -> Result<Program, ClauseLoadError> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| ClauseLoadError::Io(dir.display().to_string(), e.to_string()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "proviso"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(ClauseLoadError::Io(
            dir.display().to_string(),
            "the folder has no .proviso files".to_owned(),
        ));
    }
    let mut texts = Vec::new();
    for p in &paths {
        let text = std::fs::read_to_string(p)
            .map_err(|e| ClauseLoadError::Io(p.display().to_string(), e.to_string()))?;
        texts.push((p.display().to_string(), text));
    }
    check_texts(texts, sources).map_err(ClauseLoadError::Diagnostics)
}

/// Parse and check clause texts given as (name, text) pairs.
pub fn check_texts(
    texts: Vec<(String, String)>,
    sources: &mut Sources,
) -> Result<Program, Vec<Error>> {
    let mut files = Vec::new();
    let mut errors: Vec<Error> = Vec::new();
    for (name, text) in texts {
        let text: Arc<str> = Arc::from(text);
        let id = sources.add(name.clone(), text.clone());
        match syntax::parse(id, &name, &text) {
            Ok(f) => files.push(f),
            Err(es) => errors.extend(es.into_iter().map(Error::from)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    check::check(&files, sources).map_err(|es| es.into_iter().map(Error::from).collect())
}

#[derive(Debug)]
pub enum ClauseLoadError {
    /// A path that could not be read, and why.
    Io(String, String),
    Diagnostics(Vec<Error>),
}
