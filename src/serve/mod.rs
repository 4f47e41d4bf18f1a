//! `proviso serve`: a local web page to try an edit of a clause folder — pick a scenario, see
//! its obligations, rights and findings on a timeline and the market data the rules read, open
//! any result's explanation, edit a clause file and see what the edit changes across every
//! scenario before saving it.
//!
//! Built on the library alone: [`crate::scenario`] loads and evaluates, [`crate::compare`]
//! compares the saved folder with the edited one, [`crate::render::json`] and
//! [`crate::render::diff::json`] write what the page reads. One concept per file: [`api`]
//! (the endpoints), [`workspace`] (the folder and its unsaved edits), [`chart`] (the market
//! series and the marks the explanations leave on them), [`diagnostics`] (errors as the editor
//! shows them), [`assets`] (the page), [`safety`] (what it serves), [`guard`] (to whom).

pub mod api;
pub mod assets;
pub mod chart;
pub mod diagnostics;
pub mod guard;
pub mod safety;
pub mod workspace;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use safety::ApiError;
use workspace::Workspace;

/// Stack for the threads that evaluate: the evaluator recurses as deep as the formulas nest
/// (the command line gives its work thread as much).
const STACK_BYTES: usize = 256 * 1024 * 1024;

/// The page and its API over a clause folder, answering only requests for `site`.
pub fn router(dir: PathBuf, site: guard::Site) -> Router {
    let ws = Arc::new(Workspace::new(dir));
    Router::new()
        .route("/", get(assets::index))
        .route("/app.js", get(assets::script))
        .route("/app.css", get(assets::style))
        .route("/api/scenarios", get(api::scenarios))
        .route("/api/scenarios/{name}", get(api::evaluate_scenario))
        .route("/api/files", get(api::files))
        .route(
            "/api/files/{name}",
            get(api::file).put(api::edit_file).delete(api::revert_file),
        )
        .route("/api/files/{name}/save", post(api::save_file))
        .route("/api/check", post(api::check))
        .route("/api/evaluate", post(api::evaluate_edit))
        .route("/api/highlight", post(api::highlight))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(safety::BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(site, guard::guard))
        .with_state(ws)
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError {
        status: axum::http::StatusCode::NOT_FOUND,
        message: format!("nothing is served at `{}`", uri.path()),
    }
}

/// How many requests are worked on at once: the others wait their turn (a burst of requests
/// does not start a thread, with its large stack, for each).
const WORKERS: usize = 4;

static WORKING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(WORKERS);

/// Run `f` on a thread of its own with the evaluator's stack, at most [`WORKERS`] at once; a
/// panic there is a 500 with a message, not a dropped connection.
pub async fn work<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let permit = WORKING
        .acquire()
        .await
        .map_err(|_| ApiError::internal("the server is stopping"))?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(move || {
            let _ = tx.send(f());
            drop(permit);
        })
        .map_err(|e| ApiError::internal(format!("cannot start a worker thread: {e}")))?;
    rx.await.map_err(|_| {
        ApiError::internal("internal error (a bug in proviso; please report it with your inputs)")
    })?
}

/// Serve the page on `addr` until the process is stopped; `ready` is told the address bound
/// (port 0 picks a free one).
pub async fn serve(
    dir: PathBuf,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    ready(bound);
    axum::serve(listener, router(dir, guard::Site::bound(bound))).await
}
