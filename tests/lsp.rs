//! The language server (`proviso lsp`) driven over its protocol, in process on a memory
//! connection, on a copy of the Series A folder: diagnostics, hover (with a value of the
//! `first-conversion` scenario), definition, references, symbols, completion, formatting and
//! semantic tokens; and the binary over stdio, started and ended as an editor does.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

const SERIES_A: &str = "clauses/pmic-series-a";

/// A copy of the Series A folder with the one scenario the tests read.
fn copy_folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("lsp")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("scenarios")).unwrap();
    for entry in std::fs::read_dir(SERIES_A).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    for f in ["first-conversion.toml", "market.csv"] {
        let from = Path::new(SERIES_A).join("scenarios").join(f);
        std::fs::copy(from, dir.join("scenarios").join(f)).unwrap();
    }
    dir.canonicalize().unwrap()
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The line and UTF-16 column of the `k`-th byte of the first `needle` in `text`.
fn position(text: &str, needle: &str, k: usize) -> Value {
    let i = text.find(needle).unwrap() + k;
    let line = text[..i].matches('\n').count();
    let col: usize = text[text[..i].rfind('\n').map_or(0, |n| n + 1)..i]
        .chars()
        .map(char::len_utf16)
        .sum();
    json!({ "line": line, "character": col })
}

/// The 0-based line of the first `needle` in `text`.
fn line_of(text: &str, needle: &str) -> u64 {
    text[..text.find(needle).unwrap()].matches('\n').count() as u64
}

/// An editor on the other end of a memory connection.
struct Editor {
    conn: Connection,
    server: Option<std::thread::JoinHandle<Result<(), String>>>,
    next: i32,
    notes: VecDeque<Notification>,
    folder: PathBuf,
}

impl Editor {
    fn start(folder: PathBuf, options: Value) -> Editor {
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || proviso::lsp::run(&server));
        let mut editor = Editor {
            conn: client,
            server: Some(handle),
            next: 0,
            notes: VecDeque::new(),
            folder,
        };
        let init = editor.request(
            "initialize",
            json!({ "capabilities": {}, "initializationOptions": options }),
        );
        assert_eq!(init["serverInfo"]["name"], "proviso");
        editor.notify("initialized", json!({}));
        editor
    }

    fn notify(&self, method: &str, params: Value) {
        let n = Notification::new(method.to_owned(), params);
        self.conn.sender.send(Message::Notification(n)).unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = RequestId::from(self.next);
        let r = Request::new(id.clone(), method.to_owned(), params);
        self.conn.sender.send(Message::Request(r)).unwrap();
        loop {
            match self.conn.receiver.recv().unwrap() {
                Message::Response(r) if r.id == id => {
                    return match r.response_result {
                        Ok(v) => v,
                        Err(e) => panic!("{method}: {e:?}"),
                    };
                }
                Message::Notification(n) => self.notes.push_back(n),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    /// The next diagnostics published for a file.
    fn diagnostics(&mut self, path: &Path) -> Value {
        let wanted = uri(path);
        let matches = |n: &Notification| {
            n.method == "textDocument/publishDiagnostics" && n.params["uri"] == wanted.as_str()
        };
        if let Some(i) = self.notes.iter().position(matches) {
            return self.notes.remove(i).unwrap().params["diagnostics"].clone();
        }
        loop {
            let m = self
                .conn
                .receiver
                .recv_timeout(std::time::Duration::from_secs(60))
                .unwrap();
            if let Message::Notification(n) = m {
                if matches(&n) {
                    return n.params["diagnostics"].clone();
                }
                self.notes.push_back(n);
            }
        }
    }

    fn open(&self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri(path), "languageId": "proviso", "version": 1, "text": text } }),
        );
    }

    fn change(&self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri(path), "version": 2 }, "contentChanges": [{ "text": text }] }),
        );
    }

    fn at(&mut self, method: &str, path: &Path, position: Value) -> Value {
        let mut params = json!({ "textDocument": { "uri": uri(path) }, "position": position });
        if method == "textDocument/references" {
            params["context"] = json!({ "includeDeclaration": true });
        }
        self.request(method, params)
    }

    /// A response with the temporary folder's path written `[folder]`, for snapshots.
    fn normalised(&self, v: &Value) -> Value {
        let text = serde_json::to_string(v).unwrap();
        serde_json::from_str(&text.replace(&self.folder.display().to_string(), "[folder]")).unwrap()
    }

    fn stop(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let result = self.server.take().unwrap().join().unwrap();
        assert_eq!(result, Ok(()));
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn diagnostics_follow_the_edits() {
    let folder = copy_folder("diagnostics");
    let file = folder.join("05e-fractional-shares.proviso");
    let text = read(&file);
    let mut editor = Editor::start(folder.clone(), json!({}));
    editor.open(&file, &text);
    assert_eq!(editor.diagnostics(&file), json!([]));
    // The folder's warnings are published with it: 7(b) of the certificate ends at (viii).
    let redemption = folder.join("07-redemption.proviso");
    let warned = |diagnostics: &Value| {
        diagnostics.as_array().unwrap().iter().any(|d| {
            d["severity"] == 2
                && d["code"] == "proviso::check::dangling_reference"
                && d["message"].as_str().unwrap().contains("7(b)(ix)")
        })
    };
    assert!(warned(&editor.diagnostics(&redemption)));

    // A term misspelt: the error is where it is written, with the name it may mean.
    let bad = text.replacen(
        "- \"Whole Conversion Shares\"(conversion)",
        "- \"Whole Conversion Share\"(conversion)",
        1,
    );
    editor.change(&file, &bad);
    let diagnostics = editor.diagnostics(&file);
    let d = &diagnostics[0];
    assert_eq!(diagnostics.as_array().unwrap().len(), 1, "{diagnostics:#}");
    let line = line_of(&bad, "\"Whole Conversion Share\"(conversion)");
    assert_eq!(d["range"]["start"]["line"], line);
    assert_eq!(d["severity"], 1);
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("Whole Conversion Share"), "{message}");
    assert!(message.contains("help:"), "{message}");
    assert!(
        d["relatedInformation"][0]["location"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("05e-fractional-shares.proviso")
    );
    insta::assert_json_snapshot!("lsp_diagnostic_unknown_term", editor.normalised(d));
    // The warnings stay while the folder has an error.
    assert!(warned(&editor.diagnostics(&redemption)));

    // Fixed again: the file's diagnostics are cleared.
    editor.change(&file, &text);
    assert_eq!(editor.diagnostics(&file), json!([]));
    editor.stop();
}

#[test]
fn hover_shows_the_section_the_formula_and_the_value() {
    let folder = copy_folder("hover");
    let file = folder.join("05e-fractional-shares.proviso");
    let text = read(&file);
    let mut editor = Editor::start(folder.clone(), json!({ "scenario": "first-conversion" }));
    editor.open(&file, &text);
    let hover = editor.at(
        "textDocument/hover",
        &file,
        position(&text, "\"Conversion Shares\"(conversion) -", 3),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    // Section 8 defines "Conversion Shares", a number of shares, quoting the certificate.
    assert!(shown.contains("**Section 8** Conversion Shares"), "{shown}");
    assert!(shown.contains(": shares"), "{shown}");
    assert!(
        shown.contains("shares issuable upon conversion of the Preferred Stock"),
        "{shown}"
    );
    assert!(
        shown.contains("\"Conversion Ratio\"(conversion)"),
        "{shown}"
    );
    // first-conversion.toml: 100 shares × $1,000 / $1.03 (its expected Conversion Price) =
    // 97,087.378… → 97,087.38 shares, to the nearest 1/100th (5(c)(v)).
    assert!(shown.contains("`97,087.38 shares`"), "{shown}");
    insta::assert_snapshot!("lsp_hover_conversion_shares", shown);

    // A term of a day, on the scenario's date: the lowest sale price of 2002-10-31, the `low`
    // of that row of market.csv.
    let hover = editor.at(
        "textDocument/hover",
        &file,
        position(&text, "\"Per Share Market Value\"(", 3),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    let market = read(&folder.join("scenarios/market.csv"));
    let row = market
        .lines()
        .find(|l| l.starts_with("2002-10-31,"))
        .unwrap();
    let low = row.split(',').nth(3).unwrap();
    assert_eq!(low, "0.9574");
    assert!(
        shown.contains("Per Share Market Value on 2002-10-31: `$0.9574"),
        "{shown}"
    );

    // A field of an event: its type and the sections that read it.
    let hover = editor.at(
        "textDocument/hover",
        &file,
        position(&text, "conversion.holder", 12),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        shown.contains("conversion_notice.holder: holder"),
        "{shown}"
    );
    assert!(
        shown.contains("5(e)") && shown.contains("5(b)(i)"),
        "{shown}"
    );
    editor.stop();
}

#[test]
fn definition_and_references() {
    let folder = copy_folder("navigation");
    let file = folder.join("05e-fractional-shares.proviso");
    let text = read(&file);
    let definitions = read(&folder.join("08-definitions.proviso"));
    let document = read(&folder.join("00-document.proviso"));
    let mut editor = Editor::start(folder.clone(), json!({}));
    editor.open(&file, &text);

    // A term: its `define` in Section 8.
    let found = editor.at(
        "textDocument/definition",
        &file,
        position(&text, "\"Conversion Shares\"(conversion) -", 3),
    );
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert!(
        found[0]["uri"]
            .as_str()
            .unwrap()
            .ends_with("08-definitions.proviso")
    );
    let line = line_of(&definitions, "define \"Conversion Shares\"");
    assert_eq!(found[0]["range"]["start"]["line"], line);

    // A field of an event: its declaration in `event conversion_notice { … }`.
    let found = editor.at(
        "textDocument/definition",
        &file,
        position(&text, "conversion.holder", 12),
    );
    assert!(
        found[0]["uri"]
            .as_str()
            .unwrap()
            .ends_with("00-document.proviso")
    );
    let event = document.find("event conversion_notice").unwrap();
    let holder = event + document[event..].find("holder: holder").unwrap();
    let line = document[..holder].matches('\n').count() as u64;
    assert_eq!(found[0]["range"]["start"]["line"], line);

    // A section cited in `under "5(c)(v)"`: its section.
    let found = editor.at(
        "textDocument/definition",
        &file,
        position(&text, "under \"5(c)(v)\"", 8),
    );
    assert!(
        found[0]["uri"]
            .as_str()
            .unwrap()
            .ends_with("05c-conversion-price.proviso")
    );

    // A party: `party company`.
    let found = editor.at(
        "textDocument/definition",
        &file,
        position(&text, "obligor company", 9),
    );
    assert_eq!(
        found[0]["range"]["start"]["line"],
        line_of(&document, "party company")
    );

    // "Fractional Share": defined once, used twice in 5(e) (and nowhere else).
    let found = editor.at(
        "textDocument/references",
        &file,
        position(&text, "define \"Fractional Share\"", 9),
    );
    let lines: Vec<u64> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(
        lines,
        vec![
            line_of(&text, "define \"Fractional Share\""),
            line_of(&text, "round (\"Fractional Share\""),
            line_of(&text, "and \"Fractional Share\""),
        ]
    );
    insta::assert_json_snapshot!("lsp_references_fractional_share", editor.normalised(&found));
    editor.stop();
}

#[test]
fn symbols_completion_formatting_and_tokens() {
    let folder = copy_folder("symbols");
    let file = folder.join("05e-fractional-shares.proviso");
    let text = read(&file);
    let mut editor = Editor::start(folder.clone(), json!({}));
    editor.open(&file, &text);

    // The file's outline: section 5(e), its three terms and its obligation.
    let symbols = editor.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri(&file) } }),
    );
    assert_eq!(symbols.as_array().unwrap().len(), 1);
    assert_eq!(symbols[0]["name"], "5(e)");
    assert_eq!(symbols[0]["detail"], "Fractional Shares");
    let children: Vec<&str> = symbols[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        children,
        [
            "\"Whole Conversion Shares\"",
            "\"Fractional Share\"",
            "\"Cash for Fractional Share\"",
            "pay_cash_for_fractional_share"
        ]
    );
    insta::assert_json_snapshot!("lsp_document_symbols", editor.normalised(&symbols));

    // The folder's symbols by name.
    let found = editor.request(
        "workspace/symbol",
        json!({ "query": "conversion price in" }),
    );
    let names: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Conversion Price in Effect"), "{names:?}");

    // Completion: the fields of `conversion` (a conversion_notice), of `deal`, and the terms
    // inside a quote.
    let labels = |items: &Value| -> Vec<String> {
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_owned())
            .collect()
    };
    let edited = text.replacen("obligee conversion.holder", "obligee conversion.", 1);
    editor.change(&file, &edited);
    let items = editor.at(
        "textDocument/completion",
        &file,
        position(&edited, "obligee conversion.", 19),
    );
    assert_eq!(
        labels(&items),
        [
            "holder",
            "date",
            "sent_at",
            "preferred_shares",
            "mirror_dilutive_price"
        ]
    );
    assert_eq!(items[3]["detail"], "shares");
    let edited = text.replacen("and \"Fractional Share\"", "and deal.orig", 1);
    editor.change(&file, &edited);
    let items = editor.at(
        "textDocument/completion",
        &file,
        position(&edited, "deal.orig", 9),
    );
    assert!(labels(&items).contains(&"original_issue_date".to_owned()));
    assert_eq!(
        items[0]["textEdit"]["range"]["start"],
        position(&edited, "deal.orig", 5)
    );
    let edited = text.replacen("and \"Fractional Share\"", "and \"Conversion Pr", 1);
    editor.change(&file, &edited);
    let items = editor.at(
        "textDocument/completion",
        &file,
        position(&edited, "\"Conversion Pr", 14),
    );
    assert!(labels(&items).contains(&"Conversion Price".to_owned()));

    // Formatting: the canonical layout of `proviso fmt`.
    editor.change(&file, &text);
    let format = |editor: &mut Editor| {
        editor.request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri(&file) }, "options": { "tabSize": 2, "insertSpaces": true } }),
        )
    };
    assert_eq!(format(&mut editor), json!([]));
    let messy = text.replacen("obligor company", "obligor    company", 1);
    editor.change(&file, &messy);
    let edits = format(&mut editor);
    assert_eq!(edits[0]["newText"], text.as_str());
    assert_eq!(
        edits[0]["range"]["start"],
        json!({ "line": 0, "character": 0 })
    );

    // Semantic tokens: `section` first, a keyword; then `"5(e)"`, a string (6 columns).
    editor.change(&file, &text);
    let tokens = editor.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": uri(&file) } }),
    );
    let data: Vec<u64> = tokens["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    assert_eq!(data[..5], [0, 0, 7, 0, 0]);
    assert_eq!(data[5..10], [0, 8, 6, 6, 0]);
    editor.stop();
}

/// The binary, as an editor starts it: initialize over stdio, shut down, exit 0.
#[test]
fn the_binary_speaks_the_protocol_on_stdio() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_proviso"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut send = |m: Value| {
        let body = m.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    };
    let mut receive = || -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.trim().parse().unwrap();
            }
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; length];
        stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    };
    send(
        json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "capabilities": {} } }),
    );
    let init = receive();
    assert_eq!(init["result"]["capabilities"]["hoverProvider"], true);
    assert_eq!(
        init["result"]["capabilities"]["textDocumentSync"]["change"],
        1
    );
    send(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
    send(json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }));
    assert_eq!(receive()["id"], 2);
    send(json!({ "jsonrpc": "2.0", "method": "exit" }));
    assert!(child.wait().unwrap().success());
}

/// The analysis itself, without the protocol: a file that does not parse is reported where it
/// breaks, is not formatted, and the folder's other files still answer.
#[test]
fn the_analysis_answers_while_a_file_does_not_parse() {
    use proviso::ide::{self, Overlays, Settings};
    let folder = copy_folder("analysis");
    let file = folder.join("05e-fractional-shares.proviso");
    let text = read(&file);
    let broken = text.replacen("obligor company", "obligor company {", 1);
    let mut overlays = Overlays::new();
    overlays.insert(file.clone(), broken.clone());
    let analysis = ide::analyze(&folder, &overlays, &Settings::default());
    assert!(!analysis.checks());
    let errors: Vec<&ide::Diagnostic> = analysis
        .diagnostics()
        .iter()
        .filter(|d| d.severity == ide::Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].path, file);
    assert_eq!(
        errors[0].code.as_deref(),
        Some("proviso::syntax::unexpected")
    );
    let brace = broken.find("obligor company {").unwrap() + "obligor company ".len();
    assert!(errors[0].range.start <= brace && brace <= errors[0].range.end + 1);
    assert!(analysis.format(&file).is_err());

    // Section 8's file still parses: its terms are found, the broken file's are not.
    let definitions = folder.join("08-definitions.proviso");
    let defs = read(&definitions);
    let at = defs.find("define \"Conversion Shares\"").unwrap() + 9;
    let hover = analysis.hover(&definitions, at).unwrap();
    assert!(hover.markdown.contains("**Section 8** Conversion Shares"));
    let uses = analysis.references(&definitions, at, false);
    assert!(uses.iter().all(|l| l.path != file));
    assert!(!uses.is_empty());
}
