//! The answer to each request: its parameters read, the folder's analysis asked, its answer
//! converted ([`super::convert`]). A file the server does not know gets an empty answer.

use lsp_server::{ExtractError, Request};
use lsp_types as lsp;
use serde_json::Value;

use super::{Server, convert};

/// Why a request has no answer.
pub(super) enum Failure {
    /// Its parameters are not what the method takes.
    Params(serde_json::Error),
    /// A method the server does not offer.
    Unknown(String),
    /// The request cannot be done (a file that does not parse cannot be formatted).
    Failed(String),
}

fn params<R: lsp::request::Request>(request: &Request) -> Result<Option<R::Params>, Failure> {
    if request.method != R::METHOD {
        return Ok(None);
    }
    match request.clone().extract::<R::Params>(R::METHOD) {
        Ok((_, p)) => Ok(Some(p)),
        Err(ExtractError::JsonError { error, .. }) => Err(Failure::Params(error)),
        Err(ExtractError::MethodMismatch(_)) => Ok(None),
    }
}

fn json(value: impl serde::Serialize) -> Result<Value, Failure> {
    serde_json::to_value(value).map_err(Failure::Params)
}

pub(super) fn request(server: &mut Server, request: Request) -> Result<Value, Failure> {
    use lsp::request::{
        Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest, References,
        SemanticTokensFullRequest, WorkspaceSymbolRequest,
    };
    if let Some(p) = params::<HoverRequest>(&request)? {
        return json(hover(server, &p.text_document_position_params));
    }
    if let Some(p) = params::<GotoDefinition>(&request)? {
        let found = locations(
            server,
            &p.text_document_position_params,
            |a, path, offset| a.definition(path, offset),
        );
        return json(found.map(lsp::GotoDefinitionResponse::Array));
    }
    if let Some(p) = params::<References>(&request)? {
        let declarations = p.context.include_declaration;
        return json(locations(
            server,
            &p.text_document_position,
            |a, path, offset| a.references(path, offset, declarations),
        ));
    }
    if let Some(p) = params::<DocumentSymbolRequest>(&request)? {
        return json(document_symbols(server, &p.text_document.uri));
    }
    if let Some(p) = params::<WorkspaceSymbolRequest>(&request)? {
        let mut found = Vec::new();
        for analysis in server.analyses.values() {
            found.extend(
                analysis
                    .workspace_symbols(&p.query)
                    .iter()
                    .filter_map(|s| convert::workspace_symbol(analysis, s)),
            );
        }
        return json(lsp::WorkspaceSymbolResponse::Flat(found));
    }
    if let Some(p) = params::<Completion>(&request)? {
        return json(completion(server, &p.text_document_position));
    }
    if let Some(p) = params::<Formatting>(&request)? {
        return format(server, &p.text_document.uri).and_then(json);
    }
    if let Some(p) = params::<SemanticTokensFullRequest>(&request)? {
        return json(semantic_tokens(server, &p.text_document.uri));
    }
    Err(Failure::Unknown(request.method))
}

/// The analysis of the file a position is in, with the file's path, line index and offset.
fn at<'s>(
    server: &'s mut Server,
    p: &lsp::TextDocumentPositionParams,
) -> Option<(
    &'s crate::ide::Analysis,
    std::path::PathBuf,
    crate::ide::LineIndex,
    usize,
)> {
    let path = convert::path_of(&p.text_document.uri)?;
    let analysis = server.analysis(&path)?;
    let index = analysis.line_index(&path)?;
    let offset = convert::offset(&index, p.position);
    Some((analysis, path, index, offset))
}

fn hover(server: &mut Server, p: &lsp::TextDocumentPositionParams) -> Option<lsp::Hover> {
    let (analysis, path, index, offset) = at(server, p)?;
    let hover = analysis.hover(&path, offset)?;
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: hover.markdown,
        }),
        range: Some(convert::range(&index, hover.range)),
    })
}

fn locations(
    server: &mut Server,
    p: &lsp::TextDocumentPositionParams,
    find: impl Fn(&crate::ide::Analysis, &std::path::Path, usize) -> Vec<crate::ide::Location>,
) -> Option<Vec<lsp::Location>> {
    let (analysis, path, _, offset) = at(server, p)?;
    let found = find(analysis, &path, offset);
    Some(
        found
            .iter()
            .filter_map(|l| convert::location(analysis, l))
            .collect(),
    )
}

fn document_symbols(server: &mut Server, uri: &lsp::Uri) -> Option<lsp::DocumentSymbolResponse> {
    let path = convert::path_of(uri)?;
    let analysis = server.analysis(&path)?;
    let index = analysis.line_index(&path)?;
    let symbols = analysis.document_symbols(&path);
    Some(lsp::DocumentSymbolResponse::Nested(
        symbols
            .iter()
            .map(|s| convert::document_symbol(&index, s))
            .collect(),
    ))
}

fn completion(
    server: &mut Server,
    p: &lsp::TextDocumentPositionParams,
) -> Option<lsp::CompletionResponse> {
    let (analysis, path, index, offset) = at(server, p)?;
    let items = analysis
        .completions(&path, offset)
        .iter()
        .map(|c| convert::completion(&index, c))
        .collect();
    Some(lsp::CompletionResponse::Array(items))
}

fn format(server: &mut Server, uri: &lsp::Uri) -> Result<Option<Vec<lsp::TextEdit>>, Failure> {
    let Some(path) = convert::path_of(uri) else {
        return Ok(None);
    };
    let Some(analysis) = server.analysis(&path) else {
        return Ok(None);
    };
    let Some(index) = analysis.line_index(&path) else {
        return Ok(None);
    };
    let text_len = analysis.text(&path).map_or(0, str::len);
    match analysis.format(&path) {
        Ok(None) => Ok(Some(Vec::new())),
        Ok(Some(formatted)) => Ok(Some(vec![lsp::TextEdit {
            range: convert::range(&index, 0..text_len),
            new_text: formatted,
        }])),
        Err(errors) => Err(Failure::Failed(match errors.first() {
            Some(e) => format!(
                "the file does not parse, so it is not formatted: {}",
                e.message
            ),
            None => "the file cannot be formatted".to_owned(),
        })),
    }
}

fn semantic_tokens(server: &mut Server, uri: &lsp::Uri) -> Option<lsp::SemanticTokensResult> {
    let path = convert::path_of(uri)?;
    let analysis = server.analysis(&path)?;
    let index = analysis.line_index(&path)?;
    let text = analysis.text(&path)?;
    let data = convert::semantic_tokens(text, &index, &analysis.highlights(&path));
    Some(lsp::SemanticTokensResult::Tokens(lsp::SemanticTokens {
        result_id: None,
        data,
    }))
}
