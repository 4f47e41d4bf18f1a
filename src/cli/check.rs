//! `proviso check <clauses-dir>`: parse and check a clause folder, report every error.

use std::path::Path;

use super::{CommandLine, EXIT_OK, exit_code, load_clauses, render_diagnostics, use_color};
use crate::source::Sources;

/// Returns the exit code; prints a summary to stdout and diagnostics to stderr.
pub fn run(cmd: &CommandLine, dir: &Path) -> u8 {
    let mut sources = Sources::new();
    match load_clauses(cmd, dir, &mut sources) {
        Ok(program) => {
            let files = sources.files().count();
            let _ = super::print(&format!(
                "{}: {} file(s), {} section(s), {} defined term(s), {} obligation(s): no errors",
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
