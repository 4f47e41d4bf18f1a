//! `proviso check <clauses-dir>`: parse and check a clause folder, report every error; print
//! the warnings (references that go nowhere) without failing.

use std::path::Path;

use super::{CommandLine, EXIT_OK, exit_code, load_clauses, render_diagnostics, use_color};
use crate::error::Error;
use crate::source::Sources;

/// Returns the exit code; prints a summary to stdout and diagnostics to stderr.
pub fn run(cmd: &CommandLine, dir: &Path) -> u8 {
    let mut sources = Sources::new();
    match load_clauses(cmd, dir, &mut sources) {
        Ok(program) => {
            // Warnings do not fail the check: they are shown, and counted in the summary.
            let warnings: Vec<Error> = program.warnings.iter().cloned().map(Error::from).collect();
            eprint!("{}", render_diagnostics(&warnings, use_color()));
            let files = sources
                .files()
                .filter(|(_, f)| f.name.ends_with(".proviso"))
                .count();
            let warned = match warnings.len() {
                0 => String::new(),
                n => format!(", {n} warning(s)"),
            };
            let _ = super::print(&format!(
                "{}: {} file(s), {} section(s), {} defined term(s), {} obligation(s): no errors{warned}",
                dir.display(),
                files,
                program.sections.len(),
                program.terms.len(),
                program.obligations.len()
            ));
            EXIT_OK
        }
        Err(errors) => {
            eprint!("{}", render_diagnostics(&errors, use_color()));
            eprintln!("{} error(s)", errors.len());
            exit_code(&errors)
        }
    }
}
