//! Diagnostics rendered as miette draws them, for a terminal (coloured) or a file (plain).

use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::error::Error;

/// Render diagnostics as miette does, one after another.
pub fn render(errors: &[Error], color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    for e in errors {
        if handler.render_report(&mut out, e).is_err() {
            out.push_str(&format!("{e}\n"));
        }
        out.push('\n');
    }
    out
}
