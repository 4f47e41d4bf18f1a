//! What keeps the page safe to run: it binds the loopback address unless told otherwise
//! (the default of `--host`), answers only its own page ([`super::guard`]), it serves only the clause folder's own files (names checked against the folder's listing, never
//! joined from what a request says), request bodies are capped, and every failure is a JSON
//! object with a status — never a panic, never a 500 for clause text that does not parse.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// The largest request body accepted (an edited clause file); beyond it, 413.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// An error of the API: its status and a sentence saying what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn not_found(what: &str, name: &str) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: format!("no {what} `{name}` in this clause folder"),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "status": self.status.as_u16(), "message": self.message } });
        (self.status, Json(body)).into_response()
    }
}

/// Whether a name a request gives can be a file name of the folder at all: one plain component,
/// no `..`, no separator, not absolute, not hidden. The name must then also be in the folder's
/// listing ([`pick`]): this only rejects early what can never be.
pub fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.starts_with('.')
        && !name.contains(['/', '\\', '\0', ':'])
}

/// The entry of `listing` named `name`, or a 404 (a 400 for a name that cannot be a file of the
/// folder). Files are only ever opened through an entry of the listing.
pub fn pick<'a, T>(
    listing: &'a [T],
    name: &str,
    what: &str,
    name_of: impl Fn(&T) -> &str,
) -> Result<&'a T, ApiError> {
    if !plain_name(name) {
        return Err(ApiError::bad_request(format!(
            "`{name}` is not a file name of this clause folder: give a name from the listing"
        )));
    }
    listing
        .iter()
        .find(|e| name_of(e) == name)
        .ok_or_else(|| ApiError::not_found(what, name))
}

/// Whether `path` is inside `root` once symbolic links are resolved (a link pointing out of
/// the folder is not served, nor written through).
pub fn inside(root: &std::path::Path, path: &std::path::Path) -> bool {
    match (root.canonicalize(), path.canonicalize()) {
        (Ok(r), Ok(p)) => p.starts_with(r),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_can_never_be_a_file_of_the_folder() {
        for bad in [
            "",
            ".",
            "..",
            "../Cargo.toml",
            "/etc/passwd",
            "a/b",
            ".git",
            "c:x",
        ] {
            assert!(!plain_name(bad), "{bad}");
        }
        assert!(plain_name("05c-conversion-price.proviso"));
    }
}
