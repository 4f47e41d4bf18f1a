//! The language server (`proviso lsp`): the Language Server Protocol over stdio, on
//! rust-analyzer's `lsp-server`, a thin layer over [`crate::ide`].
//!
//! It keeps the texts the editor has open ([`crate::ide::Overlays`]) and one analysis per
//! clause folder, made anew when a file of the folder changes; after each change it publishes
//! the diagnostics of every file of the folder (and clears those of files that became clean).
//! Requests are answered from the folder's analysis: hover, definition, references, document
//! and workspace symbols, completion, formatting, semantic tokens.
//!
//! Invariants: a request it cannot answer gets an error response or an empty answer, never a
//! panic (a handler that panics anyway is caught, logged on stderr, and answered with an error);
//! the server runs until `shutdown` and `exit`, or until its input closes.

mod convert;
mod handlers;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use lsp_server::{Connection, ExtractError, Message, Notification, Request, Response};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use serde_json::Value;

use crate::ide::{self, Analysis, Overlays, Settings};

/// Run the server on stdin and stdout until the editor ends it.
pub fn stdio() -> Result<(), String> {
    let (connection, io) = Connection::stdio();
    let ran = run(&connection);
    // The writer thread ends when the connection's sender is gone.
    drop(connection);
    ran?;
    io.join().map_err(|e| e.to_string())
}

/// Run the server on a connection (stdio, or in memory for tests): initialize, then answer
/// until `shutdown` and `exit`.
pub fn run(connection: &Connection) -> Result<(), String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let settings = settings_of(params.get("initializationOptions"));
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "proviso", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let mut server = Server {
        outbox: Vec::new(),
        overlays: Overlays::new(),
        settings,
        analyses: HashMap::new(),
        published: HashMap::new(),
    };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection
                    .handle_shutdown(&request)
                    .map_err(|e| e.to_string())?
                {
                    return Ok(());
                }
                let id = request.id.clone();
                let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    server.request(request)
                }));
                let response = match answer {
                    Ok(r) => r,
                    Err(_) => {
                        log("a request handler failed (a bug in proviso; please report it)");
                        Response::new_err(
                            id,
                            lsp_server::ErrorCode::InternalError as i32,
                            "internal error in proviso".to_owned(),
                        )
                    }
                };
                server.send(response.into());
            }
            Message::Notification(n) => {
                if n.method == lsp::notification::Exit::METHOD {
                    return Ok(());
                }
                let handled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    server.notification(n)
                }));
                if handled.is_err() {
                    log("a notification handler failed (a bug in proviso; please report it)");
                }
            }
            Message::Response(_) => {}
        }
        for m in server.outbox.drain(..) {
            if connection.sender.send(m).is_err() {
                log("the editor's connection is closed");
                return Ok(());
            }
        }
    }
    Ok(())
}

fn log(message: &str) {
    eprintln!("proviso lsp: {message}");
}

/// What the server offers.
fn capabilities() -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::FULL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..lsp::TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        workspace_symbol_provider: Some(lsp::OneOf::Left(true)),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec![".".to_owned(), "\"".to_owned()]),
            ..lsp::CompletionOptions::default()
        }),
        document_formatting_provider: Some(lsp::OneOf::Left(true)),
        semantic_tokens_provider: Some(
            lsp::SemanticTokensOptions {
                legend: lsp::SemanticTokensLegend {
                    token_types: convert::TOKEN_TYPES.to_vec(),
                    token_modifiers: Vec::new(),
                },
                full: Some(lsp::SemanticTokensFullOptions::Bool(true)),
                range: None,
                ..lsp::SemanticTokensOptions::default()
            }
            .into(),
        ),
        ..lsp::ServerCapabilities::default()
    }
}

/// The settings in the initialization options or a configuration change:
/// `{ "scenario": "first-conversion" }` or `{ "proviso": { "scenario": … } }`.
fn settings_of(options: Option<&Value>) -> Settings {
    let options = options.map(|o| o.get("proviso").unwrap_or(o));
    Settings {
        scenario: options
            .and_then(|o| o.get("scenario"))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
    }
}

struct Server {
    /// Messages to send once the one being handled is done.
    outbox: Vec<Message>,
    overlays: Overlays,
    settings: Settings,
    /// One analysis per clause folder, dropped when a file of the folder changes.
    analyses: HashMap<PathBuf, Analysis>,
    /// The files of each folder that have diagnostics in the editor.
    published: HashMap<PathBuf, HashSet<PathBuf>>,
}

impl Server {
    fn send(&mut self, message: Message) {
        self.outbox.push(message);
    }

    /// The analysis of the folder of a file, made when there is none.
    fn analysis(&mut self, file: &Path) -> Option<&Analysis> {
        if file.extension().is_none_or(|x| x != "proviso") {
            return None;
        }
        let folder = ide::folder_of(file)?;
        if !self.analyses.contains_key(&folder) {
            let analysis = ide::analyze(&folder, &self.overlays, &self.settings);
            self.analyses.insert(folder.clone(), analysis);
        }
        self.analyses.get(&folder)
    }

    fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        match handlers::request(self, request) {
            Ok(value) => Response::new_ok(id, value),
            Err(handlers::Failure::Params(e)) => Response::new_err(
                id,
                lsp_server::ErrorCode::InvalidParams as i32,
                e.to_string(),
            ),
            Err(handlers::Failure::Unknown(method)) => Response::new_err(
                id,
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("proviso lsp does not answer `{method}`"),
            ),
            Err(handlers::Failure::Failed(message)) => {
                Response::new_err(id, lsp_server::ErrorCode::RequestFailed as i32, message)
            }
        }
    }

    fn notification(&mut self, n: Notification) {
        use lsp::notification::{
            DidChangeConfiguration, DidChangeTextDocument, DidCloseTextDocument,
            DidOpenTextDocument, DidSaveTextDocument,
        };
        let n = match cast::<DidOpenTextDocument>(n) {
            Ok(p) => {
                if let Some(path) = convert::path_of(&p.text_document.uri) {
                    self.overlays.insert(path.clone(), p.text_document.text);
                    self.changed(&path);
                }
                return;
            }
            Err(n) => n,
        };
        let n = match cast::<DidChangeTextDocument>(n) {
            Ok(p) => {
                // Full sync: the last change is the whole text.
                if let (Some(path), Some(change)) = (
                    convert::path_of(&p.text_document.uri),
                    p.content_changes.into_iter().last(),
                ) {
                    self.overlays.insert(path.clone(), change.text);
                    self.changed(&path);
                }
                return;
            }
            Err(n) => n,
        };
        let n = match cast::<DidSaveTextDocument>(n) {
            Ok(p) => {
                if let Some(path) = convert::path_of(&p.text_document.uri) {
                    if let Some(text) = p.text {
                        self.overlays.insert(path.clone(), text);
                    }
                    self.changed(&path);
                }
                return;
            }
            Err(n) => n,
        };
        let n = match cast::<DidCloseTextDocument>(n) {
            Ok(p) => {
                if let Some(path) = convert::path_of(&p.text_document.uri) {
                    // The file is as on disk again.
                    self.overlays.remove(&path);
                    self.changed(&path);
                }
                return;
            }
            Err(n) => n,
        };
        match cast::<DidChangeConfiguration>(n) {
            Ok(p) => {
                self.settings = settings_of(Some(&p.settings));
                self.analyses.clear();
            }
            Err(n) => {
                if !n.method.starts_with("$/") && n.method != "initialized" {
                    log(&format!("ignored the notification `{}`", n.method));
                }
            }
        }
    }

    /// A file changed: analyse its folder again and publish the folder's diagnostics.
    fn changed(&mut self, path: &Path) {
        if path.extension().is_none_or(|x| x != "proviso") {
            return;
        }
        let Some(folder) = ide::folder_of(path) else {
            return;
        };
        // A deal's other folders may use this one's names: they are analysed anew too.
        self.analyses.clear();
        let Some(analysis) = self.analysis(path) else {
            return;
        };
        let mut by_file: HashMap<PathBuf, Vec<lsp::Diagnostic>> = HashMap::new();
        for f in analysis.files() {
            by_file.entry(f.to_owned()).or_default();
        }
        for d in analysis.diagnostics() {
            // A problem with no file of its own (a folder that cannot be read) is shown on the
            // file that changed.
            let file = if analysis.line_index(&d.path).is_some() {
                d.path.clone()
            } else {
                path.to_owned()
            };
            let index = analysis
                .line_index(&file)
                .unwrap_or_else(|| ide::LineIndex::new(""));
            by_file
                .entry(file)
                .or_default()
                .push(convert::diagnostic(analysis, d, &index));
        }
        let before = self.published.remove(&folder).unwrap_or_default();
        let mut now = HashSet::new();
        let mut messages = Vec::new();
        for file in before.iter().filter(|f| !by_file.contains_key(*f)) {
            messages.push(publish(file, Vec::new()));
        }
        for (file, diagnostics) in by_file {
            if diagnostics.is_empty() && !before.contains(&file) && file != path {
                continue;
            }
            if !diagnostics.is_empty() {
                now.insert(file.clone());
            }
            messages.push(publish(&file, diagnostics));
        }
        self.published.insert(folder, now);
        for m in messages.into_iter().flatten() {
            self.send(m);
        }
    }
}

fn publish(file: &Path, diagnostics: Vec<lsp::Diagnostic>) -> Option<Message> {
    let params = lsp::PublishDiagnosticsParams {
        uri: convert::uri_of(file)?,
        diagnostics,
        version: None,
    };
    Some(
        Notification::new(
            lsp::notification::PublishDiagnostics::METHOD.to_owned(),
            params,
        )
        .into(),
    )
}

fn cast<N: lsp::notification::Notification>(n: Notification) -> Result<N::Params, Notification> {
    match n.extract(N::METHOD) {
        Ok(p) => Ok(p),
        Err(ExtractError::MethodMismatch(n)) => Err(n),
        Err(ExtractError::JsonError { method, error }) => {
            log(&format!("bad parameters of `{method}`: {error}"));
            Err(Notification::new("$/ignored".to_owned(), Value::Null))
        }
    }
}
