//! The web page in a real browser: headless Chromium (Debian's `chromium`) driven over the
//! DevTools protocol (`chromiumoxide`) against `proviso serve` on an ephemeral port. It chooses
//! a scenario, reads the timeline's amounts against the scenario's `[[expect]]` tables, opens an
//! explanation, raises the Floor Price and sees the changed conversions, and breaks the syntax
//! and sees the diagnostic.
//!
//! With `PROVISO_SCREENSHOTS=1` it also writes the screenshots the README shows
//! (`tests/screenshots/*.png`); otherwise it writes nothing, so a test run leaves the tree clean.
//! Without a Chromium it is skipped with a message — unless `CI` is set, where it must run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::handler::viewport::Viewport;
use chromiumoxide::page::{Page, ScreenshotParams};
use futures_util::StreamExt;

const FOLDER: &str = "clauses/pmic-series-a";
const FLOOR_FILE: &str = "05c-conversion-price.proviso";
const FLOOR_LINE: &str = r#"define "Floor Price" : USD per share = $0.75 per share"#;

/// The Chromium to drive: `PROVISO_CHROMIUM`, else `chromium` or `chromium-browser` on the path.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PROVISO_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| ["chromium", "chromium-browser"].map(|n| d.join(n)))
        .find(|p| p.is_file())
}

/// The `[[expect]]` amount of an obligation in a scenario.
fn expected_amount(scenario: &str, obligation: &str) -> String {
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
        .and_then(|e| e.get("amount"))
        .and_then(|a| a.as_str())
        .unwrap()
        .to_owned()
}

/// Evaluate a JS expression in the page.
async fn js<T: serde::de::DeserializeOwned>(page: &Page, expr: &str) -> T {
    page.evaluate(expr)
        .await
        .unwrap_or_else(|e| panic!("{expr}: {e}"))
        .into_value()
        .unwrap_or_else(|e| panic!("{expr}: {e}"))
}

/// Wait until a JS expression is true (the page works asynchronously), up to two minutes: an
/// "Evaluate" runs every scenario twice, in a debug build.
async fn until(page: &Page, what: &str, expr: &str) {
    for _ in 0..1200 {
        let ok: bool = page
            .evaluate(format!("Boolean({expr})"))
            .await
            .ok()
            .and_then(|v| v.into_value().ok())
            .unwrap_or(false);
        if ok {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let status: String = js(page, "document.getElementById('status').textContent").await;
    panic!("timed out waiting for {what} ({expr}); status line: {status:?}");
}

/// A screenshot of the whole page (`full`) or of the window as scrolled.
async fn screenshot(page: &Page, name: &str, full: bool) {
    if std::env::var_os("PROVISO_SCREENSHOTS").is_none_or(|v| v != "1") {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = page
        .screenshot(ScreenshotParams::builder().full_page(full).build())
        .await
        .unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

/// Replace the editor's text as typing would, and let the page send it.
async fn type_text(page: &Page, text: &str) {
    let text = serde_json::to_string(text).unwrap();
    let _: bool = js(
        page,
        &format!(
            "(() => {{ const t = document.getElementById('editor'); t.value = {text}; \
             t.dispatchEvent(new Event('input', {{ bubbles: true }})); return true; }})()"
        ),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_in_a_browser() {
    let Some(chrome) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set and no Chromium was found: install it (apt-get install -y chromium) or set PROVISO_CHROMIUM"
        );
        eprintln!(
            "skipped: no Chromium found (install Debian's `chromium`, or set PROVISO_CHROMIUM); in CI this test runs"
        );
        return;
    };

    // The server on an ephemeral port.
    let (tx, rx) = tokio::sync::oneshot::channel::<SocketAddr>();
    let dir = PathBuf::from(FOLDER);
    tokio::spawn(async move {
        let served = proviso::serve::serve(dir, SocketAddr::from(([127, 0, 0, 1], 0)), |a| {
            let _ = tx.send(a);
        })
        .await;
        if let Err(e) = served {
            eprintln!("the server stopped: {e}");
        }
    });
    let addr = rx.await.unwrap();

    let profile = std::env::temp_dir().join(format!("proviso-chromium-{}", std::process::id()));
    let config = BrowserConfig::builder()
        .chrome_executable(chrome)
        .no_sandbox()
        .arg("--disable-gpu")
        .arg("--disable-dev-shm-usage")
        .user_data_dir(&profile)
        .window_size(1600, 1000)
        .viewport(Viewport {
            width: 1600,
            height: 1000,
            ..Viewport::default()
        })
        .launch_timeout(Duration::from_secs(60))
        .request_timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let (mut browser, mut handler) = Browser::launch(config).await.unwrap();
    let events = tokio::spawn(async move { while handler.next().await.is_some() {} });

    let page = browser.new_page(format!("http://{addr}/")).await.unwrap();
    until(
        &page,
        "the page to load",
        "document.body.dataset.ready === 'yes'",
    )
    .await;

    // Choose a scenario: the timeline shows its obligations with the amounts the lawyers
    // worked by hand.
    page.find_element("#scenario-first-conversion")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        &page,
        "the timeline",
        "document.querySelectorAll('#timeline .item').length > 0",
    )
    .await;
    let rows: Vec<(String, String)> = js(
        &page,
        "[...document.querySelectorAll('#timeline .item')].map(g => [g.dataset.item, g.querySelector('.amount').textContent])",
    )
    .await;
    for id in ["deliver_conversion_shares#1", "pay_cash_dividend#1"] {
        let shown = rows.iter().find(|(i, _)| i == id).map(|(_, a)| a.clone());
        assert_eq!(
            shown,
            Some(expected_amount("first-conversion", id)),
            "{id} in {rows:?}"
        );
    }
    let ids: Vec<&str> = rows.iter().map(|(i, _)| i.as_str()).collect();
    assert!(ids.contains(&"rescind_conversion#1"), "{ids:?}");

    // Open an explanation: the Conversion Price with its window on the chart.
    page.find_element(r#"#timeline [data-item="deliver_conversion_shares#1"] .label"#)
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        &page,
        "the explanation",
        "document.querySelector('#explanation details')",
    )
    .await;
    let explanation: String = js(&page, "document.getElementById('explanation').innerText").await;
    assert!(
        explanation.contains("deliver_conversion_shares#1"),
        "{explanation}"
    );
    assert!(explanation.contains("97,087 shares"), "{explanation}");
    // Unfold every level down to the Conversion Price's legs.
    for _ in 0..6 {
        let _: bool = js(
            &page,
            "(() => { document.querySelectorAll('#explanation details').forEach(d => d.open = true); return true; })()",
        )
        .await;
    }
    let unfolded: String = js(&page, "document.getElementById('explanation').innerText").await;
    assert!(unfolded.contains("$1.03 per share"), "{unfolded}");
    let windows: Vec<String> = js(
        &page,
        "[...document.querySelectorAll('#chart .mark-window title')].map(t => t.textContent)",
    )
    .await;
    assert!(
        windows
            .iter()
            .any(|w| w.contains("2002-08-30 … 2002-10-14")),
        "{windows:?}"
    );
    let picked: usize = js(
        &page,
        "document.querySelectorAll('#chart .mark-point.picked').length",
    )
    .await;
    assert_eq!(picked, 5);
    let floor: String = js(
        &page,
        "document.querySelector('#chart .mark-label.level').textContent",
    )
    .await;
    assert!(floor.contains("$0.75 per share"), "{floor}");
    // Fold back all but the first levels for the picture.
    let _: bool = js(
        &page,
        "(() => { document.querySelectorAll('#explanation details details details').forEach(d => d.open = false); return true; })()",
    )
    .await;
    screenshot(&page, "scenario-timeline-explanation", true).await;

    // Edit the Floor Price and Evaluate: the conversions change, across the scenarios.
    let _: bool = js(
        &page,
        &format!(
            "(() => {{ const s = document.getElementById('file-select'); s.value = '{FLOOR_FILE}'; \
             s.dispatchEvent(new Event('change')); return true; }})()"
        ),
    )
    .await;
    until(
        &page,
        "the clause file",
        &format!(
            "document.getElementById('editor').value.includes({})",
            serde_json::to_string(FLOOR_LINE).unwrap()
        ),
    )
    .await;
    // The editor's text is coloured by the server's highlighting, under the textarea.
    until(
        &page,
        "the highlighting",
        "[...document.querySelectorAll('#highlight .hl-term')].some(s => s.textContent === '\"Floor Price\"')",
    )
    .await;
    let keywords: Vec<String> = js(
        &page,
        "[...document.querySelectorAll('#highlight .hl-keyword')].slice(0, 50).map(s => s.textContent)",
    )
    .await;
    assert!(keywords.iter().any(|k| k == "define"), "{keywords:?}");
    let text: String = js(&page, "document.getElementById('editor').value").await;
    let raised = text.replacen(
        FLOOR_LINE,
        r#"define "Floor Price" : USD per share = $1.10 per share"#,
        1,
    );
    type_text(&page, &raised).await;
    page.find_element("#evaluate")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        &page,
        "what the edit changes",
        r#"document.querySelector('#diff [data-scenario="first-conversion"]')"#,
    )
    .await;
    let diff: String = js(
        &page,
        r#"document.querySelector('#diff [data-scenario="first-conversion"]').innerText"#,
    )
    .await;
    // 100 × $1,000 / $1.10 = 90,909.09 → 90,909 shares, instead of 97,087.
    assert!(diff.contains("deliver_conversion_shares#1"), "{diff}");
    assert!(diff.contains("97,087 shares → 90,909 shares"), "{diff}");
    assert!(
        diff.contains("Floor Price [5(c)(i)]: $0.75 per share → $1.10 per share"),
        "{diff}"
    );
    let floor_diff: String = js(
        &page,
        r#"document.querySelector('#diff [data-scenario="floor-price"]').innerText"#,
    )
    .await;
    assert!(
        floor_diff.contains("333,333 shares → 227,272 shares"),
        "{floor_diff}"
    );
    let _: bool = js(
        &page,
        "(() => { document.getElementById('editor-wrap').scrollIntoView(); return true; })()",
    )
    .await;
    screenshot(&page, "edit-evaluate", false).await;
    // Nothing written before Save.
    let on_disk = std::fs::read_to_string(Path::new(FOLDER).join(FLOOR_FILE)).unwrap();
    assert!(on_disk.contains(FLOOR_LINE));

    // A syntax error: the diagnostic, with its line and column.
    // The parser stops at the second `×` (nothing follows it); a `×` before it makes the byte
    // and character counts differ.
    let broken_line = r#"define "Floor Price" : USD per share = $0.75 × 1 × = = $0.75"#;
    let broken = text.replacen(FLOOR_LINE, broken_line, 1);
    let (line, line_text) = broken
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(broken_line))
        .unwrap();
    let line = line + 1;
    let column = line_text[..line_text.rfind('×').unwrap()].chars().count() + 1;
    let label_start = broken.find(broken_line).unwrap() + broken_line.rfind('×').unwrap();
    type_text(&page, &broken).await;
    until(
        &page,
        "the diagnostic",
        "document.querySelector('#diagnostics .diagnostic.error')",
    )
    .await;
    let diagnostic: String = js(
        &page,
        "document.querySelector('#diagnostics .diagnostic.error').innerText",
    )
    .await;
    assert!(
        diagnostic.contains(&format!("{FLOOR_FILE}:{line}:{column}")),
        "line {line}: {diagnostic}"
    );
    assert!(diagnostic.contains("proviso::syntax"), "{diagnostic}");
    // Clicking the diagnostic selects its place in the editor.
    page.find_element("#diagnostics .diagnostic.error")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let selected: usize = js(&page, "document.getElementById('editor').selectionStart").await;
    // The editor counts UTF-16 units, the API bytes: the selection starts at the `×` itself.
    assert_eq!(
        selected,
        broken[..label_start].encode_utf16().count(),
        "{selected} vs byte {label_start}"
    );
    let _: bool = js(
        &page,
        "(() => { document.getElementById('editing').scrollIntoView(); return true; })()",
    )
    .await;
    screenshot(&page, "diagnostic", false).await;

    // Leave the server's workspace as it was.
    page.find_element("#revert")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        &page,
        "the revert",
        "document.getElementById('diagnostics').dataset.checks === 'yes'",
    )
    .await;
    let on_disk = std::fs::read_to_string(Path::new(FOLDER).join(FLOOR_FILE)).unwrap();
    assert!(on_disk.contains(FLOOR_LINE));

    // Typing, then switching to another file at once (before the pause that sends the edit):
    // the last keystrokes are sent, not lost.
    let marked = format!("{text}\n// the last keystrokes\n");
    let marked_json = serde_json::to_string(&marked).unwrap();
    let other: String = js(
        &page,
        &format!(
            "(() => {{ const t = document.getElementById('editor'); t.value = {marked_json}; \
             t.dispatchEvent(new Event('input', {{ bubbles: true }})); \
             const sel = document.getElementById('file-select'); \
             const other = [...sel.options].map((o) => o.value).find((v) => v !== '{FLOOR_FILE}'); \
             sel.value = other; sel.dispatchEvent(new Event('change')); return other; }})()"
        ),
    )
    .await;
    until(
        &page,
        "the other file",
        &format!("document.getElementById('file-select').value === '{other}' && !document.getElementById('editor').value.includes('the last keystrokes')"),
    )
    .await;
    let _: bool = js(
        &page,
        &format!(
            "(() => {{ fetch('/api/files/{FLOOR_FILE}').then((r) => r.json()) \
             .then((d) => {{ window.leftFile = d; }}); return true; }})()"
        ),
    )
    .await;
    until(&page, "the file left", "window.leftFile").await;
    let left: serde_json::Value = js(&page, "window.leftFile").await;
    assert_eq!(
        left["edited"], true,
        "the last keystrokes in {FLOOR_FILE} were lost"
    );
    assert_eq!(left["text"], marked.as_str());
    let _: bool = js(
        &page,
        &format!(
            "(() => {{ fetch('/api/files/{FLOOR_FILE}', {{ method: 'DELETE', \
             headers: {{ 'content-type': 'application/json' }} }}) \
             .then(() => {{ window.reverted = true; }}); return true; }})()"
        ),
    )
    .await;
    until(&page, "the revert of the file left", "window.reverted").await;

    browser.close().await.unwrap();
    let _ = browser.wait().await;
    events.abort();
    let _ = std::fs::remove_dir_all(&profile);
}
