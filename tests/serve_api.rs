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
use serde_json::{Value, json};
use tower::ServiceExt;

const FOLDER: &str = "clauses/pmic-series-a";
const FLOOR_FILE: &str = "05c-conversion-price.proviso";
const FLOOR_LINE: &str = r#"define "Floor Price" : USD per share = $0.75 per share"#;

async fn call(
    app: &axum::Router,
    method: Method,
    uri: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = Request::builder().method(method).uri(uri);
    let body = match body {
        Some(v) => {
            req = req.header("content-type", "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    let resp = app.clone().oneshot(req.body(body).unwrap()).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, value)
}

fn app() -> axum::Router {
    proviso::serve::router(PathBuf::from(FOLDER))
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
        let o = v["outcome"]["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == id)
            .unwrap();
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
    let broken = text.replacen(
        FLOOR_LINE,
        r#"define "Floor Price" : USD per share = = $0.75"#,
        1,
    );
    assert_ne!(broken, text);
    let line = broken
        .lines()
        .position(|l| l.contains("= = $0.75"))
        .unwrap()
        + 1;
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
    assert!(label["column"].as_u64().unwrap() > 1, "{d}");
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
    let o = v["outcome"]["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "deliver_conversion_shares#1")
        .unwrap()
        .clone();
    assert_eq!(o["display"], "90,909 shares");
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
async fn a_body_that_is_not_an_edit_is_400() {
    let (status, v) = call(
        &app(),
        Method::PUT,
        &format!("/api/files/{FLOOR_FILE}"),
        Some(json!({ "txt": "" })),
    )
    .await;
    assert!(status.is_client_error(), "{status}");
    assert_eq!(v["error"]["status"], status.as_u16());
}

/// Copy a folder (not recursing into links), for the save test.
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

#[tokio::test]
async fn save_writes_the_edited_file_only_when_asked() {
    let dir = std::env::temp_dir().join(format!("proviso-serve-save-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(Path::new(FOLDER), &dir.join("pmic-series-a"));
    let folder = dir.join("pmic-series-a");
    // A link out of the folder is neither listed nor served.
    std::fs::write(dir.join("secret.proviso"), "// not the folder's").unwrap();
    std::os::unix::fs::symlink(dir.join("secret.proviso"), folder.join("zz-link.proviso")).unwrap();
    let app = proviso::serve::router(folder.clone());
    let (_, files) = call(&app, Method::GET, "/api/files", None).await;
    assert!(!files.to_string().contains("zz-link"), "{files}");
    let (status, _) = call(&app, Method::GET, "/api/files/zz-link.proviso", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let path = folder.join(FLOOR_FILE);
    let text = std::fs::read_to_string(&path).unwrap();
    let raised = text.replacen(
        FLOOR_LINE,
        r#"define "Floor Price" : USD per share = $1.10 per share"#,
        1,
    );
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
    // Evaluated again, the saved folder converts at the new floor.
    let (_, v) = call(&app, Method::GET, "/api/scenarios/first-conversion", None).await;
    let o = v["outcome"]["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "deliver_conversion_shares#1")
        .unwrap()
        .clone();
    assert_eq!(o["display"], "90,909 shares");
    let _ = std::fs::remove_dir_all(&dir);
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
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_proviso"))
        .args(["serve", FOLDER, "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .trim()
        .strip_prefix("proviso serve: http://")
        .and_then(|a| a.strip_suffix('/'))
        .unwrap_or_else(|| panic!("{line}"))
        .to_owned();
    assert!(address.starts_with("127.0.0.1:"), "{address}");
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut page = String::new();
    stream.read_to_string(&mut page).unwrap();
    child.kill().unwrap();
    let _ = child.wait();
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("<script src=\"/app.js\">"), "{page}");
}
