//! `proviso lsp`: the language server on stdin and stdout (`crate::lsp`), for editors.

use super::{EXIT_OK, EXIT_USER};

/// Returns the exit code: 0 when the editor ended the session, 1 when the protocol broke
/// (logged on stderr).
pub fn run() -> u8 {
    match crate::lsp::stdio() {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("proviso lsp: {e}");
            EXIT_USER
        }
    }
}
