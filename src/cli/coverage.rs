//! `proviso coverage <clauses-dir> [--format text|json]`: every section of the document's text
//! and whether the clause folder encodes it, declares it not computable (with the reason), or
//! does not have it yet. A report: it succeeds whatever the coverage; it fails (exit 1) when
//! the clause folder does not check or declares no `source`.

use std::path::Path;

use super::eval::Format;
use super::{
    CommandLine, EXIT_OK, EXIT_USER, exit_code, load_clauses, render_diagnostics, use_color,
};
use crate::source::Sources;

pub fn run(cmd: &CommandLine, dir: &Path, format: Format) -> u8 {
    let mut sources = Sources::new();
    let program = match load_clauses(cmd, dir, &mut sources) {
        Ok(p) => p,
        Err(errors) => {
            eprint!("{}", render_diagnostics(&errors, use_color()));
            eprintln!("{} error(s)", errors.len());
            return exit_code(&errors);
        }
    };
    let shown = dir.display().to_string();
    // Every document the folder evaluates: one, or each of a deal's (named by its document).
    let deal = crate::deal::is_deal(dir);
    let reports: Vec<(String, crate::coverage::Coverage)> = program
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| d.evaluated)
        .filter_map(|(i, d)| {
            let coverage = crate::coverage::coverage_of(&program, &sources, i)?;
            let name = if deal { d.id.clone() } else { shown.clone() };
            Some((name, coverage))
        })
        .collect();
    if reports.is_empty() {
        let e = cmd.error(
            &shown,
            format!("the clause folder `{shown}` declares no source text"),
            "this folder",
            "copy the document's text into the folder and declare it in a clause file: \
             `source \"document.txt\"` (see grammar/README.md)"
                .to_owned(),
        );
        eprint!("{}", render_diagnostics(&[e], use_color()));
        return EXIT_USER;
    }
    let text = match format {
        Format::Text => reports
            .iter()
            .map(|(name, c)| crate::coverage::render_text(c, name))
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Json => {
            // A clause folder: its report; a deal: the list of its documents' reports.
            let json = match reports.as_slice() {
                [(_, one)] if !deal => serde_json::to_string_pretty(one),
                many => {
                    serde_json::to_string_pretty(&many.iter().map(|(_, c)| c).collect::<Vec<_>>())
                }
            };
            match json {
                Ok(j) => j,
                Err(e) => {
                    eprintln!("proviso: internal error writing JSON: {e}");
                    return super::EXIT_INTERNAL;
                }
            }
        }
    };
    // A closed pipe (`| head`) means the reader has what it wanted.
    let _ = super::print(&text);
    EXIT_OK
}
