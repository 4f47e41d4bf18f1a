//! The web page's API (`proviso serve`), called in-process through the router: the scenarios,
//! an evaluation checked against the lawyers' `[[expect]]` tables, diagnostics of an edit that
//! does not parse, what an edit of the Floor Price changes, and what the server refuses.
//! Nothing here saves a file, except the save test, on a copy of the folder.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use proviso::serve::guard::Site;
use serde_json::{Value, json};
use tower::ServiceExt;

const FOLDER: &str = "clauses/pmic-series-a";
const FLOOR_FILE: &str = "05c-conversion-price.proviso";
const FLOOR_LINE: &str = r#"define "Floor Price" : USD per share = $0.75 per share"#;

/// The port the in-process router is told it serves on (nothing listens there).
const PORT: u16 = 7878;
const OWN_HOST: &str = "127.0.0.1:7878";

/// A request as the page sends it: for this server's host, a change as JSON.
async fn call(
    app: &axum::Router,
    method: Method,
    uri: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let json = method != Method::GET;
    let mut headers = vec![("host", OWN_HOST)];
    if json {
        headers.push(("content-type", "application/json"));
    }
    call_with(app, method, uri, body, &headers).await
}

/// A request with exactly these headers.
async fn call_with(
    app: &axum::Router,
    method: Method,
    uri: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> (StatusCode, Value) {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let body = match body {
        Some(v) => Body::from(v.to_string()),
        None => Body::empty(),
    };
    let resp = app.clone().oneshot(req.body(body).unwrap()).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, value)
}

fn app() -> axum::Router {
    proviso::serve::router(PathBuf::from(FOLDER), Site::loopback(PORT))
}

fn app_on(folder: &Path) -> axum::Router {
    proviso::serve::router(folder.to_owned(), Site::loopback(PORT))
}

/// The `[[expect]]` table of a scenario for an obligation.
fn expected(scenario: &str, obligation: &str) -> toml::Table {
    let path = Path::new(FOLDER)
        .join("scenarios")
        .join(format!("{scenario}.toml"));
    let table: toml::Table = std::fs::read_to_string(path).unwrap().parse().unwrap();
    table["expect"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e.as_table())
        .find(|e| e.get("obligation").and_then(|o| o.as_str()) == Some(obligation))
        .unwrap()
        .clone()
}

#[tokio::test]
async fn lists_the_scenarios_of_the_folder() {
    let (status, v) = call(&app(), Method::GET, "/api/scenarios", None).await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = v["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"first-conversion"), "{names:?}");
    assert!(names.contains(&"floor-price"), "{names:?}");
    let on_disk = proviso::scenario::discover(Path::new(FOLDER)).unwrap();
    assert_eq!(names.len(), on_disk.len());
    let first = v["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "first-conversion")
        .unwrap();
    assert_eq!(first["as_of"], "2002-10-31");
}

#[tokio::test]
async fn evaluates_a_scenario_as_the_lawyers_expect() {
    let (status, v) = call(&app(), Method::GET, "/api/scenarios/first-conversion", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["outcome"]["schema"], "proviso.output/2");
    for id in ["deliver_conversion_shares#1", "pay_cash_dividend#1"] {
        let expect = expected("first-conversion", id);
        let o = obligation(&v["outcome"], id);
        // "97,087 shares", "$1,488.89": as written in the scenario, by hand.
        assert_eq!(o["display"], expect["amount"].as_str().unwrap(), "{id}");
        assert_eq!(o["due"], expect["due"].to_string(), "{id}");
    }
    // The market series up to the as-of date, and the windows the Conversion Price used:
    // the 30 Trading Days before 2002-10-15 (2002-08-30 … 2002-10-14, per the scenario's
    // working), the 5 lowest VWAPs among them, and the $0.75 floor.
    let dates = v["market"]["dates"].as_array().unwrap();
    assert_eq!(dates.last().unwrap(), "2002-10-31");
    assert_eq!(dates.len(), v["market"]["vwap"].as_array().unwrap().len());
    let marks = v["marks"].as_array().unwrap();
    assert!(
        marks.iter().any(|m| m["kind"] == "window"
            && m["from"] == "2002-08-30"
            && m["until"] == "2002-10-14")
    );
    let picked = marks.iter().find(|m| m["kind"] == "picked").unwrap();
    let mut days: Vec<&str> = picked["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    days.sort_unstable();
    assert_eq!(
        days,
        [
            "2002-10-03",
            "2002-10-09",
            "2002-10-10",
            "2002-10-11",
            "2002-10-14"
        ]
    );
    assert!(
        marks
            .iter()
            .any(|m| m["kind"] == "level" && m["value"] == "0.75")
    );
    assert!(
        marks
            .iter()
            .any(|m| m["kind"] == "point" && m["date"] == "2002-10-14" && m["value"] == "1.1729")
    );
}

#[tokio::test]
async fn an_edit_that_does_not_parse_is_a_diagnostic_not_an_error() {
    let app = app();
    let (_, file) = call(&app, Method::GET, &format!("/api/files/{FLOOR_FILE}"), None).await;
    let text = file["text"].as_str().unwrap();
    // A `×` before the error (2 bytes in UTF-8, one character); the parser stops at the
    // second `×` (nothing follows it), so its byte column is one more than its character one.
    let broken_line = r#"define "Floor Price" : USD per share = $0.75 × 1 × = = $0.75"#;
    let broken = text.replacen(FLOOR_LINE, broken_line, 1);
    assert_ne!(broken, text);
    let (line, line_text) = broken
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(broken_line))
        .unwrap();
    let line = line + 1;
    let column = line_text[..line_text.rfind('×').unwrap()].chars().count() + 1;
    let byte_column = line_text.rfind('×').unwrap() + 1;
    assert_eq!(byte_column, column + 1);
    let (status, v) = call(
        &app,
        Method::PUT,
        &format!("/api/files/{FLOOR_FILE}"),
        Some(json!({ "text": broken })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["checks"], false);
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["severity"] == "error")
        .unwrap();
    assert!(
        d["code"].as_str().unwrap().starts_with("proviso::syntax"),
        "{d}"
    );
    let label = &d["labels"][0];
    assert_eq!(label["file"], FLOOR_FILE);
    assert_eq!(label["line"], line, "{d}");
    assert_eq!(label["column"], column, "{d}");
    assert_eq!(label["end_column"], column + 1, "{d}");
    assert_eq!(label["units"]["columns"], "unicode-scalar-values", "{d}");
    // The offsets stay in bytes: the label starts at the second `×`.
    assert_eq!(
        label["start"],
        broken.find(broken_line).unwrap() + broken_line.rfind('×').unwrap(),
        "{d}"
    );
    // Evaluate says the edited clauses do not check, with the same diagnostics; still 200.
    let (status, v) = call(&app, Method::POST, "/api/evaluate", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(v["report"].is_null());
    assert!(!v["diagnostics"].as_array().unwrap().is_empty());
    // The file on disk is untouched.
    let on_disk = std::fs::read_to_string(Path::new(FOLDER).join(FLOOR_FILE)).unwrap();
    assert!(on_disk.contains(FLOOR_LINE));
}

#[tokio::test]
async fn an_edit_of_the_floor_price_changes_the_conversions() {
    let app = app();
    let (_, file) = call(&app, Method::GET, &format!("/api/files/{FLOOR_FILE}"), None).await;
    let raised = file["text"].as_str().unwrap().replacen(
        FLOOR_LINE,
        r#"define "Floor Price" : USD per share = $1.10 per share"#,
        1,
    );
    let (status, v) = call(
        &app,
        Method::PUT,
        &format!("/api/files/{FLOOR_FILE}"),
        Some(json!({ "text": raised })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["checks"], true);
    assert_eq!(v["edited"], json!([FLOOR_FILE]));
    let (status, v) = call(&app, Method::POST, "/api/evaluate", None).await;
    assert_eq!(status, StatusCode::OK);
    let report = &v["report"];
    assert_eq!(report["format"], "proviso.diff/1");
    assert!(report["rules"].as_array().unwrap().iter().any(|r| {
        r["what"] == "the formula of \"Floor Price\""
            && r["new"].as_str().unwrap().contains("$1.10")
    }));
    let scenario = |name: &str| {
        report["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap()
            .clone()
    };
    let change = |s: &Value, id: &str| {
        s["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
            .clone()
    };
    // first-conversion: $1.03 is now below the floor, so the conversion is at $1.10:
    // 100 × $1,000 / $1.10 = 90,909.09 → 90,909 shares, instead of the expected 97,087.
    let fc = scenario("first-conversion");
    assert_eq!(fc["changed"], true);
    let c = change(&fc, "deliver_conversion_shares#1");
    assert_eq!(c["fields"][0]["name"], "amount");
    assert_eq!(
        c["fields"][0]["old"],
        expected("first-conversion", "deliver_conversion_shares#1")["amount"]
            .as_str()
            .unwrap()
    );
    assert_eq!(c["fields"][0]["new"], "90,909 shares");
    assert_eq!(c["parting"]["label"], "Floor Price");
    assert_eq!(c["parting"]["old"], "$0.75 per share");
    assert_eq!(c["parting"]["new"], "$1.10 per share");
    // floor-price: $250,000 at the $0.75 floor (333,333 shares) is now at $1.10:
    // 250,000 / 1.10 = 227,272.72 → 227,272 shares.
    let fp = scenario("floor-price");
    let c = change(&fp, "deliver_conversion_shares#1");
    assert_eq!(c["fields"][0]["new"], "227,272 shares");
    // The scenario evaluated under the edit, as the page shows it before saving.
    let (status, v) = call(
        &app,
        Method::GET,
        "/api/scenarios/first-conversion?version=edited",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        obligation(&v["outcome"], "deliver_conversion_shares#1")["display"],
        "90,909 shares"
    );
    // Nothing written.
    let on_disk = std::fs::read_to_string(Path::new(FOLDER).join(FLOOR_FILE)).unwrap();
    assert!(on_disk.contains(FLOOR_LINE));
}

#[tokio::test]
async fn nothing_outside_the_folder_is_served() {
    let app = app();
    for uri in [
        "/api/files/..%2FCargo.toml",
        "/api/files/%2e%2e",
        "/api/files/%2e%2e%2fCargo.toml",
        "/api/files/../Cargo.toml",
        "/api/files/..%2F..%2FCargo.toml",
        "/api/files/%2Fetc%2Fpasswd",
        "/api/files/README.md",
        "/api/scenarios/..%2F..%2F..%2FCargo",
        "/api/scenarios/%2e%2e",
        "/../Cargo.toml",
        "/Cargo.toml",
    ] {
        let (status, v) = call(&app, Method::GET, uri, None).await;
        assert!(
            status == StatusCode::BAD_REQUEST || status == StatusCode::NOT_FOUND,
            "{uri}: {status}"
        );
        assert_eq!(v["error"]["status"], status.as_u16(), "{uri}: {v}");
        assert!(!v.to_string().contains("[package]"), "{uri}");
    }
    let (status, _) = call(
        &app,
        Method::PUT,
        "/api/files/..%2FCargo.toml",
        Some(json!({ "text": "x" })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = call(&app, Method::POST, "/api/files/%2e%2e/save", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_oversized_body_is_413() {
    let big = "x".repeat(proviso::serve::safety::BODY_LIMIT + 1);
    let (status, v) = call(
        &app(),
        Method::PUT,
        &format!("/api/files/{FLOOR_FILE}"),
        Some(json!({ "text": big })),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(v["error"]["status"], 413);
}

#[tokio::test]
async fn a_body_that_is_not_an_edit_is_422_and_one_that_is_not_json_400() {
    // JSON of another shape: 422 (axum's "unprocessable"), as JSON.
    let (status, v) = call(
        &app(),
        Method::PUT,
        &format!("/api/files/{FLOOR_FILE}"),
        Some(json!({ "txt": "" })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["status"], 422);
    // Not JSON at all: 400.
    let req = Request::builder()
        .method(Method::PUT)
        .uri(format!("/api/files/{FLOOR_FILE}"))
        .header("host", OWN_HOST)
        .header("content-type", "application/json")
        .body(Body::from("{ not json"))
        .unwrap();
    let resp = app().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_oversized_highlight_is_413() {
    let big = "x".repeat(proviso::serve::safety::BODY_LIMIT + 1);
    let (status, v) = call(
        &app(),
        Method::POST,
        "/api/highlight",
        Some(json!({ "text": big })),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(v["error"]["status"], 413);
}

#[tokio::test]
async fn names_with_a_backslash_a_nul_or_another_case_are_refused() {
    let app = app();
    for (uri, want) in [
        ("/api/files/..%5CCargo.toml", StatusCode::BAD_REQUEST),
        (
            "/api/files/05c-conversion-price.proviso%00",
            StatusCode::BAD_REQUEST,
        ),
        ("/api/files/%00", StatusCode::BAD_REQUEST),
        (
            "/api/files/05C-CONVERSION-PRICE.PROVISO",
            StatusCode::NOT_FOUND,
        ),
        ("/api/scenarios/FIRST-CONVERSION", StatusCode::NOT_FOUND),
        ("/api/scenarios/..%5C..%5CCargo", StatusCode::BAD_REQUEST),
    ] {
        let (status, v) = call(&app, Method::GET, uri, None).await;
        assert_eq!(status, want, "{uri}: {v}");
        assert_eq!(v["error"]["status"], want.as_u16(), "{uri}: {v}");
    }
}

#[tokio::test]
async fn a_version_that_is_neither_saved_nor_edited_is_400() {
    let (status, v) = call(
        &app(),
        Method::GET,
        "/api/scenarios/first-conversion?version=bogus",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        v["error"]["message"].as_str().unwrap().contains("bogus"),
        "{v}"
    );
}

#[tokio::test]
async fn check_and_revert_of_an_edit() {
    let app = app();
    // The folder as saved checks.
    let (status, v) = call(&app, Method::POST, "/api/check", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["checks"], true, "{v}");
    assert_eq!(v["edited"], json!([]));
    let text = std::fs::read_to_string(Path::new(FOLDER).join(FLOOR_FILE)).unwrap();
    let broken = text.replacen(FLOOR_LINE, r#"define "Floor Price" = ="#, 1);
    let (_, v) = call(
        &app,
        Method::PUT,
        &format!("/api/files/{FLOOR_FILE}"),
        Some(json!({ "text": broken })),
    )
    .await;
    assert_eq!(v["checks"], false);
    let (_, v) = call(&app, Method::POST, "/api/check", None).await;
    assert_eq!(v["checks"], false);
    assert_eq!(v["edited"], json!([FLOOR_FILE]));
    // Revert forgets the edit: the folder checks again and the file reads as on disk.
    let (status, v) = call(
        &app,
        Method::DELETE,
        &format!("/api/files/{FLOOR_FILE}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["checks"], true, "{v}");
    assert_eq!(v["edited"], json!([]));
    let (_, f) = call(&app, Method::GET, &format!("/api/files/{FLOOR_FILE}"), None).await;
    assert_eq!(f["edited"], false);
    assert_eq!(f["text"], text);
}

#[tokio::test]
async fn an_older_edit_arriving_last_is_ignored() {
    let app = app();
    let text = std::fs::read_to_string(Path::new(FOLDER).join(FLOOR_FILE)).unwrap();
    let newer = text.replacen(FLOOR_LINE, &FLOOR_LINE.replace("$0.75", "$1.10"), 1);
    let older = text.replacen(FLOOR_LINE, &FLOOR_LINE.replace("$0.75", "$0.90"), 1);
    let uri = format!("/api/files/{FLOOR_FILE}");
    let (_, v) = call(
        &app,
        Method::PUT,
        &uri,
        Some(json!({ "text": newer, "seq": 2 })),
    )
    .await;
    assert_eq!(v["stale"], false);
    let (status, v) = call(
        &app,
        Method::PUT,
        &uri,
        Some(json!({ "text": older, "seq": 1 })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["stale"], true);
    let (_, f) = call(&app, Method::GET, &uri, None).await;
    assert_eq!(f["text"], newer);
}

/// A copy of the clause folder in a temporary folder, removed when dropped (even on a panic).
struct Copy {
    root: PathBuf,
    folder: PathBuf,
}

impl Copy {
    fn new(tag: &str) -> Copy {
        let root = std::env::temp_dir().join(format!("proviso-serve-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let folder = root.join("pmic-series-a");
        copy_dir(Path::new(FOLDER), &folder);
        Copy { root, folder }
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Copy a folder (not recursing into links).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let ty = e.file_type().unwrap();
        if ty.is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else if ty.is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn raised(text: &str) -> String {
    text.replacen(
        FLOOR_LINE,
        r#"define "Floor Price" : USD per share = $1.10 per share"#,
        1,
    )
}

#[tokio::test]
async fn save_writes_the_edited_file_only_when_asked() {
    let copy = Copy::new("save");
    let app = app_on(&copy.folder);
    let path = copy.folder.join(FLOOR_FILE);
    let text = std::fs::read_to_string(&path).unwrap();
    let raised = raised(&text);
    let (status, _) = call(
        &app,
        Method::PUT,
        &format!("/api/files/{FLOOR_FILE}"),
        Some(json!({ "text": raised })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    let (status, v) = call(
        &app,
        Method::POST,
        &format!("/api/files/{FLOOR_FILE}/save"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["saved"], true);
    assert_eq!(v["edited"], json!([]));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), raised);
    // Written through a file beside it, renamed over it: nothing else is left in the folder.
    let mut names: Vec<String> = std::fs::read_dir(&copy.folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut original: Vec<String> = std::fs::read_dir(FOLDER)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    original.sort();
    assert_eq!(names, original);
    // Evaluated again, the saved folder converts at the new floor:
    // 100 × $1,000 / $1.10 = 90,909.09 → 90,909 shares.
    let (_, v) = call(&app, Method::GET, "/api/scenarios/first-conversion", None).await;
    assert_eq!(
        obligation(&v["outcome"], "deliver_conversion_shares#1")["display"],
        "90,909 shares"
    );
}

#[tokio::test]
async fn save_refuses_when_the_file_changed_on_disk_since_the_edit_began() {
    let copy = Copy::new("conflict");
    let app = app_on(&copy.folder);
    let path = copy.folder.join(FLOOR_FILE);
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = format!("/api/files/{FLOOR_FILE}");
    let (status, _) = call(
        &app,
        Method::PUT,
        &uri,
        Some(json!({ "text": raised(&text) })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // Another editor saves the file meanwhile; a second edit in the page changes nothing.
    let theirs = format!("{text}\n// added in another editor\n");
    std::fs::write(&path, &theirs).unwrap();
    let (status, _) = call(
        &app,
        Method::PUT,
        &uri,
        Some(json!({ "text": raised(&text) + "\n" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, v) = call(&app, Method::POST, &format!("{uri}/save"), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"]["status"], 409);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("changed on disk"),
        "{v}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    // The edit is kept (to be copied); Revert shows the file as it is now.
    let (_, f) = call(&app, Method::GET, &uri, None).await;
    assert_eq!(f["edited"], true);
    call(&app, Method::DELETE, &uri, None).await;
    let (_, f) = call(&app, Method::GET, &uri, None).await;
    assert_eq!(f["text"], theirs);
}

/// The obligation of that id in an outcome.
fn obligation<'a>(outcome: &'a Value, id: &str) -> &'a Value {
    outcome["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {outcome}"))
}

#[tokio::test]
async fn a_foreign_host_is_refused() {
    let app = app();
    for (method, uri) in [
        (Method::GET, "/api/files"),
        (Method::GET, &*format!("/api/files/{FLOOR_FILE}")),
        (Method::GET, "/"),
        (Method::POST, "/api/check"),
        (Method::POST, "/api/evaluate"),
    ] {
        for host in ["evil.example:7878", "evil.example", "127.0.0.1:9999"] {
            let (status, v) = call_with(
                &app,
                method.clone(),
                uri,
                None,
                &[("host", host), ("content-type", "application/json")],
            )
            .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{method} {uri} {host}");
            assert_eq!(v["error"]["status"], 403, "{v}");
            assert!(!v.to_string().contains("Floor Price"), "{v}");
        }
        // No Host at all: refused too.
        let (status, _) = call_with(&app, method.clone(), uri, None, &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {uri}");
    }
    // The names of this server are served.
    for host in ["127.0.0.1:7878", "localhost:7878", "[::1]:7878"] {
        let (status, _) = call_with(&app, Method::GET, "/api/files", None, &[("host", host)]).await;
        assert_eq!(status, StatusCode::OK, "{host}");
    }
}

#[tokio::test]
async fn a_change_from_another_site_is_refused_and_nothing_is_written() {
    let copy = Copy::new("origin");
    let app = app_on(&copy.folder);
    let path = copy.folder.join(FLOOR_FILE);
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = format!("/api/files/{FLOOR_FILE}");
    // The page's own edit, then save attempts from elsewhere.
    let (status, _) = call(
        &app,
        Method::PUT,
        &uri,
        Some(json!({ "text": raised(&text) })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let save = format!("{uri}/save");
    for (headers, want) in [
        (
            vec![
                ("host", OWN_HOST),
                ("origin", "http://evil.example"),
                ("content-type", "application/json"),
            ],
            StatusCode::FORBIDDEN,
        ),
        (
            vec![
                ("host", OWN_HOST),
                ("origin", "null"),
                ("content-type", "application/json"),
            ],
            StatusCode::FORBIDDEN,
        ),
        (
            vec![
                ("host", OWN_HOST),
                ("origin", "http://localhost:9999"),
                ("content-type", "application/json"),
            ],
            StatusCode::FORBIDDEN,
        ),
        (
            vec![
                ("host", OWN_HOST),
                ("sec-fetch-site", "cross-site"),
                ("content-type", "application/json"),
            ],
            StatusCode::FORBIDDEN,
        ),
        // A form post: a "simple" request, sent without asking.
        (
            vec![
                ("host", OWN_HOST),
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            vec![("host", OWN_HOST), ("content-type", "text/plain")],
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (vec![("host", OWN_HOST)], StatusCode::UNSUPPORTED_MEDIA_TYPE),
    ] {
        let (status, v) = call_with(&app, Method::POST, &save, None, &headers).await;
        assert_eq!(status, want, "{headers:?}: {v}");
        assert_eq!(v["error"]["status"], want.as_u16(), "{v}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "{headers:?}");
    }
    // An edit from elsewhere is refused too, and the page's edit is left as it was.
    let (status, _) = call_with(
        &app,
        Method::PUT,
        &uri,
        Some(json!({ "text": "// theirs" })),
        &[
            ("host", OWN_HOST),
            ("origin", "http://evil.example"),
            ("content-type", "application/json"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call_with(
        &app,
        Method::DELETE,
        &uri,
        None,
        &[("host", OWN_HOST), ("origin", "http://evil.example")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, f) = call(&app, Method::GET, &uri, None).await;
    assert_eq!(f["text"], raised(&text));
    // From the page itself (its origin, same-origin fetch): saved.
    let (status, v) = call_with(
        &app,
        Method::POST,
        &save,
        None,
        &[
            ("host", OWN_HOST),
            ("origin", "http://127.0.0.1:7878"),
            ("sec-fetch-site", "same-origin"),
            ("content-type", "application/json"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["saved"], true);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), raised(&text));
}

#[tokio::test]
async fn a_file_that_is_not_utf8_is_a_diagnostic_of_that_file() {
    let copy = Copy::new("latin1");
    // `×` in Latin-1 is the byte 0xD7, not UTF-8.
    std::fs::write(
        copy.folder.join("zz-latin1.proviso"),
        b"// 100 \xd7 $1,000\n".as_slice(),
    )
    .unwrap();
    let app = app_on(&copy.folder);
    let (status, v) = call(&app, Method::GET, "/api/files", None).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert!(v["files"].to_string().contains(FLOOR_FILE));
    let (status, v) = call(&app, Method::POST, "/api/check", None).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["checks"], false);
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == "zz-latin1.proviso")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(d["severity"], "error");
    assert!(d["message"].as_str().unwrap().contains("UTF-8"), "{d}");
    let (status, v) = call(&app, Method::GET, "/api/scenarios/first-conversion", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(v["outcome"].is_null());
    assert_eq!(v["diagnostics"][0]["file"], "zz-latin1.proviso");
    let (status, v) = call(&app, Method::POST, "/api/evaluate", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(v["report"].is_null());
    // The other files are served as before; that one says why it cannot be.
    let (status, _) = call(&app, Method::GET, &format!("/api/files/{FLOOR_FILE}"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, v) = call(&app, Method::GET, "/api/files/zz-latin1.proviso", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
}

#[cfg(unix)]
#[tokio::test]
async fn a_file_linked_from_outside_the_folder_is_a_diagnostic_not_dropped() {
    let copy = Copy::new("link");
    std::fs::write(copy.root.join("secret.proviso"), "// not the folder's").unwrap();
    std::os::unix::fs::symlink(
        copy.root.join("secret.proviso"),
        copy.folder.join("zz-link.proviso"),
    )
    .unwrap();
    let app = app_on(&copy.folder);
    // Neither listed as a file nor served...
    let (_, files) = call(&app, Method::GET, "/api/files", None).await;
    assert!(!files["files"].to_string().contains("zz-link"), "{files}");
    let (status, _) = call(&app, Method::GET, "/api/files/zz-link.proviso", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // ...but said: the folder does not check in the page, as `proviso check` reads the file.
    assert_eq!(
        files["diagnostics"][0]["file"], "zz-link.proviso",
        "{files}"
    );
    let (_, v) = call(&app, Method::POST, "/api/check", None).await;
    assert_eq!(v["checks"], false, "{v}");
    let d = &v["diagnostics"][0];
    assert_eq!(d["file"], "zz-link.proviso");
    assert!(d["message"].as_str().unwrap().contains("outside"), "{d}");
    assert!(!v.to_string().contains("not the folder's"));
}

#[tokio::test]
async fn highlights_a_clause_file_for_the_editor() {
    let app = app();
    let text = std::fs::read_to_string(Path::new(FOLDER).join(FLOOR_FILE)).unwrap();
    let (status, v) = call(
        &app,
        Method::POST,
        "/api/highlight",
        Some(json!({ "text": text })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let at = text.find(FLOOR_LINE).unwrap();
    let class_at = |start: usize, end: usize| {
        v["highlights"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["start"] == start && h["end"] == end)
            .map(|h| h["class"].as_str().unwrap().to_owned())
    };
    // `define` is a keyword, `"Floor Price"` a term, `$0.75` a number (byte offsets).
    assert_eq!(class_at(at, at + 6).as_deref(), Some("keyword"));
    assert_eq!(class_at(at + 7, at + 20).as_deref(), Some("term"));
    let price = at + FLOOR_LINE.find("$0.75").unwrap();
    assert_eq!(class_at(price, price + 5).as_deref(), Some("number"));
}

/// `proviso serve` itself: it prints the address it bound (port 0: a free one) and serves the
/// page there, on the loopback address by default.
#[test]
fn the_command_prints_its_address_and_serves_the_page() {
    use std::io::{BufRead, Read, Write};
    let mut child = Server(
        std::process::Command::new(env!("CARGO_BIN_EXE_proviso"))
            .args(["serve", FOLDER, "--port", "0"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    std::io::BufReader::new(child.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .trim()
        .strip_prefix("proviso serve: http://")
        .and_then(|a| a.strip_suffix('/'))
        .unwrap_or_else(|| panic!("{line}"))
        .to_owned();
    assert!(address.starts_with("127.0.0.1:"), "{address}");
    let get = |host: &str| {
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .unwrap();
        write!(
            stream,
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut page = String::new();
        stream.read_to_string(&mut page).unwrap();
        page
    };
    let page = get(&address);
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("<script src=\"/app.js\">"), "{page}");
    // A web site whose name is rebound to this machine is refused.
    let port = address.rsplit_once(':').unwrap().1;
    let page = get(&format!("evil.example:{port}"));
    assert!(page.starts_with("HTTP/1.1 403"), "{page}");
}

/// A server started by a test: stopped when the test ends, even by a panic.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A deal folder is refused, saying so (the page serves one clause folder).
#[test]
fn the_command_refuses_a_deal_saying_why() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_proviso"))
        .args(["serve", "clauses/pmic-2002", "--port", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("it is a deal"), "{err}");
    assert!(err.contains("one of the deal's clause folders"), "{err}");
}

/// Bound to every network, the command warns that anyone there can change the clause files.
#[test]
fn the_command_warns_when_not_bound_to_this_machine_only() {
    use std::io::BufRead;
    let mut child = Server(
        std::process::Command::new(env!("CARGO_BIN_EXE_proviso"))
            .args(["serve", FOLDER, "--port", "0", "--host", "0.0.0.0"])
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    std::io::BufReader::new(child.0.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.contains("warning"), "{line}");
    assert!(line.contains("anyone"), "{line}");
    assert!(line.contains("change"), "{line}");
}

/// A clause file that is not UTF-8: the command starts all the same and names the file.
#[test]
fn the_command_starts_and_names_a_file_it_cannot_read() {
    use std::io::BufRead;
    let copy = Copy::new("cli-latin1");
    std::fs::write(
        copy.folder.join("zz-latin1.proviso"),
        b"// 100 \xd7 $1,000\n".as_slice(),
    )
    .unwrap();
    let mut child = Server(
        std::process::Command::new(env!("CARGO_BIN_EXE_proviso"))
            .arg("serve")
            .arg(&copy.folder)
            .args(["--port", "0"])
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut warning = String::new();
    std::io::BufReader::new(child.0.stderr.take().unwrap())
        .read_line(&mut warning)
        .unwrap();
    assert!(warning.contains("zz-latin1.proviso"), "{warning}");
    assert!(warning.contains("UTF-8"), "{warning}");
    let mut line = String::new();
    std::io::BufReader::new(child.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(
        line.starts_with("proviso serve: http://127.0.0.1:"),
        "{line}"
    );
}
