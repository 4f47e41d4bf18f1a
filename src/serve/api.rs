//! The JSON API the page calls, one handler per endpoint:
//!
//! | method and path                     | what                                                   |
//! |-------------------------------------|--------------------------------------------------------|
//! | `GET /api/scenarios`                | the folder's scenarios: name, description, as-of date  |
//! | `GET /api/scenarios/{name}`         | the scenario evaluated (`?version=edited` for the edits): the `proviso eval --format json` output, the market series and the chart marks of its nodes |
//! | `GET /api/files`                    | the clause files, which have unsaved edits, and the files the page cannot read (diagnostics) |
//! | `GET /api/files/{name}`             | a file's text (edited, else saved) and its saved text  |
//! | `PUT /api/files/{name}`             | keep an edit `{text, seq}` in memory (an older `seq` than one applied is ignored: `"stale": true`); the folder's diagnostics with it |
//! | `DELETE /api/files/{name}`          | forget the edit                                         |
//! | `POST /api/files/{name}/save`       | write the edit to disk (409 if the file changed on disk since the edit began) |
//! | `POST /api/check`                   | the diagnostics of the edited folder                   |
//! | `POST /api/evaluate`                | the saved folder against the edited one over every scenario: the `proviso diff --format json` report |
//! | `POST /api/highlight`               | the classes of a clause text's pieces ([`crate::syntax::highlight`]), byte offsets |
//!
//! Clause text that does not check is a 200 with diagnostics, never an error status, and so is
//! a clause file the page cannot read (not UTF-8, a link out of the folder); errors of the
//! request are [`ApiError`]s. A request not for this server, or a change not from its page, is
//! refused before it reaches a handler ([`super::guard`]).

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::{Value, json};

use super::diagnostics::{describe, describe_problems};
use super::safety::ApiError;
use super::workspace::{self, Workspace};
use super::{chart, work};
use crate::Explain;

pub type Shared = State<Arc<Workspace>>;

type Reply = Result<Json<Value>, ApiError>;

pub async fn scenarios(State(ws): Shared) -> Reply {
    work(move || {
        let list: Vec<Value> = ws
            .scenarios()?
            .iter()
            .map(|s| {
                let (description, as_of) = header(&s.path);
                json!({ "name": s.name, "description": description, "as_of": as_of })
            })
            .collect();
        Ok(Json(
            json!({ "folder": ws.dir().display().to_string(), "scenarios": list }),
        ))
    })
    .await
}

/// The description and as-of date of a scenario file, for the list (the scenario is loaded in
/// full when it is evaluated).
fn header(path: &std::path::Path) -> (Option<String>, Option<String>) {
    let table = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok());
    let scenario = table.as_ref().and_then(|t| t.get("scenario"));
    let get = |k: &str| scenario.and_then(|s| s.get(k));
    (
        get("description")
            .and_then(|v| v.as_str())
            .map(str::to_owned),
        get("as_of").map(|v| match v {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        }),
    )
}

#[derive(Deserialize)]
pub struct VersionQuery {
    /// `saved` (the default) or `edited`.
    version: Option<String>,
}

pub async fn evaluate_scenario(
    State(ws): Shared,
    Path(name): Path<String>,
    Query(q): Query<VersionQuery>,
) -> Reply {
    work(move || {
        let scenario = ws.scenario(&name)?;
        let (side, unread) = match q.version.as_deref() {
            None | Some("saved") => ws.saved()?,
            Some("edited") => ws.edited()?,
            Some(other) => {
                return Err(ApiError::bad_request(format!(
                    "`{other}` is not a version: give `saved` or `edited`"
                )));
            }
        };
        if !unread.is_empty() {
            return Ok(Json(json!({
                "scenario": { "name": name },
                "outcome": null,
                "diagnostics": describe_problems(&unread),
            })));
        }
        let (checked, problems) = workspace::check(&side);
        let Some((program, mut sources)) = checked else {
            return Ok(Json(json!({
                "scenario": { "name": name },
                "outcome": null,
                "diagnostics": describe(&problems),
            })));
        };
        let (scenario, inputs) = match crate::scenario::load(&program, &mut sources, &scenario.path)
        {
            Ok(x) => x,
            Err(errors) => {
                return Ok(Json(json!({
                    "scenario": { "name": name },
                    "outcome": null,
                    "diagnostics": describe(&errors),
                })));
            }
        };
        let mut outcome =
            crate::scenario::evaluate(&program, &sources, &scenario, &inputs, Explain::Full);
        let errors: Vec<crate::Error> = std::mem::take(&mut outcome.errors)
            .into_iter()
            .map(crate::Error::from)
            .collect();
        let output: Value = serde_json::from_str(&crate::render::json::render(&outcome))
            .map_err(|e| ApiError::internal(format!("the output is not JSON: {e}")))?;
        let marks = chart::marks(&output);
        Ok(Json(json!({
            "scenario": {
                "name": scenario.name,
                "description": scenario.description,
                "as_of": scenario.as_of,
                "market": scenario.market.file_name().map(|f| f.to_string_lossy().into_owned()),
            },
            "outcome": output,
            "market": chart::series(&inputs.market, scenario.as_of),
            "marks": marks,
            "diagnostics": describe(&errors),
        })))
    })
    .await
}

pub async fn files(State(ws): Shared) -> Reply {
    work(move || {
        let edited = ws.edited_names();
        let (files, problems) = ws.listing()?;
        let list: Vec<Value> = files
            .iter()
            .map(|f| json!({ "name": f.name, "edited": edited.contains(&f.name) }))
            .collect();
        // A file that cannot be read is listed (its text is a 422 saying why); the problems
        // of the listing are diagnostics of the folder.
        Ok(Json(json!({
            "files": list,
            "diagnostics": describe_problems(&problems),
        })))
    })
    .await
}

pub async fn file(State(ws): Shared, Path(name): Path<String>) -> Reply {
    work(move || {
        let file = ws.file(&name)?;
        let saved = ws.saved_text(&file)?;
        let edited = ws.edited_text(&file.name);
        Ok(Json(json!({
            "name": file.name,
            "edited": edited.is_some(),
            "text": edited.as_deref().unwrap_or(&saved),
            "saved_text": saved,
        })))
    })
    .await
}

#[derive(Deserialize)]
pub struct Edit {
    text: String,
    /// The page's number for this edit of the file, increasing: an edit older than one
    /// already applied is ignored (the reply says `"stale": true`).
    #[serde(default)]
    seq: Option<u64>,
}

pub async fn edit_file(
    State(ws): Shared,
    Path(name): Path<String>,
    body: Result<Json<Edit>, JsonRejection>,
) -> Reply {
    let Json(edit) = body.map_err(rejected)?;
    work(move || {
        let file = ws.file(&name)?;
        let applied = ws.edit(&file, edit.text, edit.seq)?;
        let Json(mut checked) = check_edited(&ws)?;
        if let Some(o) = checked.as_object_mut() {
            o.insert(
                "stale".to_owned(),
                json!(applied == workspace::Applied::Stale),
            );
        }
        Ok(Json(checked))
    })
    .await
}

pub async fn revert_file(State(ws): Shared, Path(name): Path<String>) -> Reply {
    work(move || {
        let file = ws.file(&name)?;
        ws.revert(&file);
        check_edited(&ws)
    })
    .await
}

pub async fn save_file(State(ws): Shared, Path(name): Path<String>) -> Reply {
    work(move || {
        let file = ws.file(&name)?;
        let saved = ws.save(&file)?;
        let Json(mut checked) = check_edited(&ws)?;
        if let Some(o) = checked.as_object_mut() {
            o.insert("saved".to_owned(), json!(saved));
        }
        Ok(Json(checked))
    })
    .await
}

pub async fn check(State(ws): Shared) -> Reply {
    work(move || check_edited(&ws)).await
}

/// The diagnostics of the edited folder (warnings included), and which files are edited. A
/// file the page cannot read makes the folder not check, as it would for `proviso check`.
fn check_edited(ws: &Workspace) -> Reply {
    let (side, unread) = ws.edited()?;
    let (program, diagnostics) = workspace::check(&side);
    let mut all = describe_problems(&unread);
    all.extend(describe(&diagnostics));
    Ok(Json(json!({
        "checks": program.is_some() && unread.is_empty(),
        "edited": ws.edited_names(),
        "diagnostics": all,
    })))
}

pub async fn evaluate_edit(State(ws): Shared) -> Reply {
    work(move || {
        let scenarios: Vec<_> = ws.scenarios()?.into_iter().map(|s| s.path).collect();
        let (saved, unread) = ws.saved()?;
        let (edited, _) = ws.edited()?;
        if !unread.is_empty() {
            return Ok(Json(json!({
                "edited": ws.edited_names(),
                "report": null,
                "version": "saved",
                "diagnostics": describe_problems(&unread),
            })));
        }
        match crate::compare::diff(&saved, &edited, &scenarios) {
            Ok(report) => {
                let report: Value =
                    serde_json::from_str(&crate::render::diff::json::render(&report))
                        .map_err(|e| ApiError::internal(format!("the report is not JSON: {e}")))?;
                Ok(Json(json!({
                    "edited": ws.edited_names(),
                    "report": report,
                    "diagnostics": [],
                })))
            }
            Err(e) => Ok(Json(json!({
                "edited": ws.edited_names(),
                "report": null,
                "version": e.label,
                "diagnostics": describe(&e.errors),
            }))),
        }
    })
    .await
}

pub async fn highlight(body: Result<Json<Edit>, JsonRejection>) -> Reply {
    let Json(edit) = body.map_err(rejected)?;
    work(move || {
        Ok(Json(json!({
            "highlights": crate::syntax::highlight(&edit.text),
        })))
    })
    .await
}

/// A body the API cannot read: too large (413), not JSON, not the shape asked for.
fn rejected(r: JsonRejection) -> ApiError {
    ApiError {
        status: r.status(),
        message: r.body_text(),
    }
}
