//! The command line: one file per subcommand; this file holds what they share — reading input
//! files into `Sources`, pointing at the command line when an argument is wrong, and printing
//! diagnostics.
//!
//! Exit codes: 0 success; 1 the user's input is wrong (clauses, facts, market data, arguments);
//! 2 an internal error (a bug in proviso).

pub mod check;
pub mod coverage;
pub mod diff;
pub mod eval;
pub mod facts;
pub mod fmt;
pub mod lsp;
pub mod serve;
pub mod test;

use std::path::Path;
use std::sync::Arc;

use miette::NamedSource;

use crate::error::Error;
use crate::source::{FileId, Sources};

pub const EXIT_OK: u8 = 0;
pub const EXIT_USER: u8 = 1;
pub const EXIT_INTERNAL: u8 = 2;

/// The command line as typed, so an error can point at an argument.
#[derive(Debug, Clone)]
pub struct CommandLine {
    text: Arc<str>,
}

impl CommandLine {
    /// The arguments as typed; the program's own path is shown as `proviso`.
    pub fn new(args: &[String]) -> CommandLine {
        let mut shown = vec!["proviso".to_owned()];
        // As a shell would need it typed: an argument with a space in quotes.
        shown.extend(args.iter().skip(1).map(|a| {
            if a.contains(char::is_whitespace) {
                format!("\"{a}\"")
            } else {
                a.clone()
            }
        }));
        CommandLine {
            text: Arc::from(shown.join(" ")),
        }
    }

    /// An error labelled on the first occurrence of `arg` in the command line.
    pub fn error(&self, arg: &str, message: String, label: &str, help: String) -> Error {
        // The argument itself, not an earlier word it happens to be part of.
        let start = self
            .text
            .match_indices(arg)
            .map(|(i, _)| i)
            .find(|&i| i > 0 && matches!(self.text.as_bytes().get(i - 1), Some(b' ' | b'"')))
            .unwrap_or(0);
        Error::Input {
            message,
            help,
            src: NamedSource::new("command line", self.text.clone()),
            span: (start, arg.len()).into(),
            label: label.to_owned(),
        }
    }

    /// Read a file into `sources`, or an error pointing at the argument that named it.
    pub fn read(&self, sources: &mut Sources, path: &Path, what: &str) -> Result<FileId, Error> {
        let shown = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(sources.add(shown, text)),
            Err(e) => Err(self.error(
                &shown,
                format!("cannot read the {what} `{shown}`: {e}"),
                "this path",
                format!("give the path of an existing {what}"),
            )),
        }
    }
}

/// Write the output to stdout. A closed pipe (`proviso eval … | head`) is an `Err` the caller
/// treats as the reader having stopped, not as a failure.
pub fn print(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Whether diagnostics are coloured: not when `NO_COLOR` is set (to anything non-empty), nor
/// when stderr is not a terminal.
pub fn use_color() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

pub use crate::render::diagnostics::render as render_diagnostics;

/// The exit code for a set of errors: 2 if any is a bug in proviso, 1 otherwise.
pub fn exit_code(errors: &[Error]) -> u8 {
    if errors.iter().any(is_internal) {
        EXIT_INTERNAL
    } else {
        EXIT_USER
    }
}

/// Whether an error is a bug in proviso rather than a problem with the input.
pub fn is_internal(e: &Error) -> bool {
    matches!(
        e,
        Error::Syntax(crate::syntax::SyntaxError::Internal { .. })
            | Error::Eval(crate::eval::EvalError::Internal { .. })
            | Error::Layout(crate::layout::LayoutError::Internal { .. })
    )
}

/// Load a clause folder, turning I/O problems into errors on the command line.
pub fn load_clauses(
    cmd: &CommandLine,
    dir: &Path,
    sources: &mut Sources,
) -> Result<crate::check::Program, Vec<Error>> {
    crate::load_clauses(dir, sources).map_err(|e| match e {
        crate::ClauseLoadError::Io(path, message) => vec![cmd.error(
            &dir.display().to_string(),
            format!("cannot read the clause folder `{path}`: {message}"),
            "this folder",
            "give a folder of .proviso files, e.g. clauses/pmic-series-a".to_owned(),
        )],
        crate::ClauseLoadError::Diagnostics(es) => es,
    })
}
