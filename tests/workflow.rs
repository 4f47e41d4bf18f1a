//! The lawyer's workflow end to end, as the README walks through it: add a scenario with two
//! expectations, run `proviso test`, edit the Floor Price to $0.70, see the test fail with the
//! old and new values, read `proviso diff --base HEAD`, fix the expectations and accept the
//! snapshots. Then the diagnostics of bad scenarios, each with its span. Every command runs the
//! real binary in a copy of the clause folder inside a fresh git repository.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Run proviso in `dir` (paths in its output are then relative), never as in CI unless asked.
fn proviso_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_proviso"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .current_dir(dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The output conforms to its published schema (`proviso schema test|diff`).
fn conforms(value: &serde_json::Value, schema: &str) {
    common::conforms(value, schema);
    let schema: serde_json::Value = serde_json::from_str(schema).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    // And the schema is not vacuous: a wrong format is refused.
    let mut wrong = value.clone();
    wrong["format"] = serde_json::json!("proviso.other/9");
    assert!(!validator.is_valid(&wrong));
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args([
            "-c",
            "user.name=Lawyer",
            "-c",
            "user.email=lawyer@example.com",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

/// A fresh repository holding the Series A clauses with the scenarios named (and their
/// snapshots and the market file), committed.
fn repository(scenarios: &[&str]) -> PathBuf {
    let marker = common::temp_file("marker", "");
    let root = marker.parent().unwrap().join("repo");
    let folder = root.join("clauses/pmic-series-a");
    std::fs::create_dir_all(folder.join("scenarios")).unwrap();
    let source = common::clauses();
    for e in std::fs::read_dir(&source).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, folder.join(p.file_name().unwrap())).unwrap();
        }
    }
    let mut files = vec!["market.csv".to_owned()];
    for s in scenarios {
        files.push(format!("{s}.toml"));
        files.push(format!("{s}.memo.txt"));
    }
    for f in files {
        std::fs::copy(
            source.join("scenarios").join(&f),
            folder.join("scenarios").join(&f),
        )
        .unwrap();
    }
    git(&root, &["init", "-q"]);
    git(&root, &["add", "."]);
    git(&root, &["commit", "-q", "-m", "the clauses as they are"]);
    root
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from}",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The lawyer's new scenario: two expectations, on the example conversion.
const MY_SCENARIO: &str = r#"[scenario]
description = "Stonestreet converts 100 shares on 2002-10-15; certificates on time"
as_of = 2002-10-31
market = "market.csv"

[deal]
original_issue_date = 2002-06-03
first_closing_date = 2002-06-03
common_outstanding = 12_000_000
common_outstanding_at_first_closing = 10_480_000
authorized_unissued_unreserved = 30_000_000
listed_on = "NSM"
registration_effective_date = 2002-09-03
dividend_election = "cash"

[[holder]]
name = "Stonestreet L.P."
preferred_shares = 1000
common_owned = 0

[[event]]
type = "conversion_notice"
holder = "Stonestreet L.P."
date = 2002-10-15
preferred_shares = 100

[[event]]
type = "certificates_delivered"
holder = "Stonestreet L.P."
conversion_date = 2002-10-15
date = 2002-10-18

[[expect]]
term = "Conversion Price"
for = "the conversion of 2002-10-15"
value = "$1.03 per share"

[[expect]]
obligation = "deliver_conversion_shares#1"
amount = "97,087 shares"
due = 2002-10-18
status = "fulfilled"
"#;

#[test]
fn the_readme_walkthrough() {
    let repo = repository(&["first-conversion", "floor-price"]);
    let folder = repo.join("clauses/pmic-series-a");
    let here = |args: &[&str]| proviso_in(&repo, args, &[]);

    // 1. A new scenario with two expectations: it passes, and its snapshot is written.
    std::fs::write(folder.join("scenarios/my-conversion.toml"), MY_SCENARIO).unwrap();
    let r = here(&["test", "clauses/pmic-series-a"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("ok      my-conversion     2 expectation(s) hold; snapshot new, written"),
        "{}",
        r.stdout
    );
    assert!(folder.join("scenarios/my-conversion.memo.txt").exists());
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "a scenario"]);

    // 2. The Floor Price becomes $0.70: the scenario where the floor binds fails, with the old
    //    and new values (250 × $1,000 / $0.70 = 357,142.857… → 357,142.86 → 357,142 whole shares).
    edit(
        &folder.join("05c-conversion-price.proviso"),
        "define \"Floor Price\" : USD per share = $0.75 per share",
        "define \"Floor Price\" : USD per share = $0.70 per share",
    );
    let r = here(&["test", "clauses/pmic-series-a"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("FAILED  floor-price       5 of 10 expectation(s) failed; snapshot changed"),
        "{}",
        r.stdout
    );
    for (expected, actual) in [
        ("$0.75 per share", "$0.70 per share"),
        ("333,333.33 shares", "357,142.86 shares"),
        ("333,333 shares", "357,142 shares"),
        ("$0.23", "$0.59"),
    ] {
        assert!(
            r.stdout.contains(&format!(
                "expected {expected}\n                actual   {actual}\n"
            )),
            "{expected} → {actual} missing:\n{}",
            r.stdout
        );
    }
    // The memo of every scenario shows the floor, so every snapshot changed.
    assert!(
        r.stdout.contains(
            "-  not below Adjusted Floor Price on 2002-10-15 $0.75 per share (not binding)"
        ) || r.stdout.contains("Floor Price = $0.75")
    );
    let json = here(&["test", "clauses/pmic-series-a", "--format", "json"]);
    assert_eq!(json.code, 1);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["totals"]["failed"], 3);
    conforms(&v, proviso::render::suite::json::SCHEMA);
    let junit = here(&["test", "clauses/pmic-series-a", "--format", "junit"]);
    assert_eq!(junit.code, 1);
    assert!(
        junit
            .stdout
            .contains("<testsuite name=\"clauses/pmic-series-a\" tests=\"3\""),
        "{}",
        junit.stdout
    );
    insta::assert_snapshot!("workflow_test_json", json.stdout);
    insta::assert_snapshot!("workflow_test_junit", junit.stdout);

    // 3. What the edit changes, against the last commit.
    let diff = here(&["diff", "clauses/pmic-series-a", "--base", "HEAD"]);
    assert_eq!(diff.code, 1, "{}{}", diff.stdout, diff.stderr);
    assert!(
        diff.stdout
            .contains("5(c)(i) Conversion Price: the formula of \"Floor Price\"")
    );
    assert!(diff.stdout.contains("changed  obligation deliver_conversion_shares#1 [5(b)(i)]\n      amount: 333,333 shares → 357,142 shares\n      where the derivations part: Floor Price [5(c)(i)]: $0.75 per share → $0.70 per share"), "{}", diff.stdout);
    assert!(
        diff.stdout
            .contains("Scenarios (3): 1 changed, 2 unchanged")
    );
    insta::assert_snapshot!("workflow_diff_text", diff.stdout);
    let md = here(&[
        "diff",
        "clauses/pmic-series-a",
        "--base",
        "HEAD",
        "--format",
        "markdown",
    ]);
    assert_eq!(md.code, 1);
    insta::assert_snapshot!("workflow_diff_markdown", md.stdout);
    let dj = here(&[
        "diff",
        "clauses/pmic-series-a",
        "--base",
        "HEAD",
        "--format",
        "json",
    ]);
    assert_eq!(dj.code, 1);
    let v: serde_json::Value = serde_json::from_str(&dj.stdout).unwrap();
    assert_eq!(v["outcomes_changed"], true);
    conforms(&v, proviso::render::diff::json::SCHEMA);
    insta::assert_snapshot!("workflow_diff_json", dj.stdout);

    // 4. The lawyer agrees with the new numbers: the expectations follow, the snapshots are
    //    accepted, and the suite passes again.
    let scenario = folder.join("scenarios/floor-price.toml");
    edit(
        &scenario,
        "term = \"Floor Price\"\nvalue = \"$0.75 per share\"",
        "term = \"Floor Price\"\nvalue = \"$0.70 per share\"",
    );
    edit(
        &scenario,
        "value = \"$0.75 per share\"",
        "value = \"$0.70 per share\"",
    );
    edit(
        &scenario,
        "value = \"333,333.33 shares\"",
        "value = \"357,142.86 shares\"",
    );
    edit(
        &scenario,
        "amount = \"333,333 shares\"",
        "amount = \"357,142 shares\"",
    );
    edit(&scenario, "amount = \"$0.23\"", "amount = \"$0.59\"");
    let r = here(&["test", "clauses/pmic-series-a", "--accept"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("snapshots: 3 accepted"), "{}", r.stdout);
    let r = here(&["test", "clauses/pmic-series-a"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    // Nothing changed against the edited folder itself.
    let same = here(&["diff", "clauses/pmic-series-a", "clauses/pmic-series-a"]);
    assert_eq!(same.code, 0, "{}", same.stdout);
}

#[test]
fn review_accepts_rejects_and_skips() {
    let repo = repository(&["first-conversion", "floor-price"]);
    let folder = repo.join("clauses/pmic-series-a");
    edit(
        &folder.join("05c-conversion-price.proviso"),
        "$0.75 per share",
        "$0.70 per share",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_proviso"))
        .args(["test", "clauses/pmic-series-a", "--review"])
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .current_dir(&repo)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    // first-conversion: "what?" then accept; floor-price: reject.
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"what?\na\nr\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("type a, r or s"), "{stderr}");
    assert!(
        stdout.contains("first-conversion  5 expectation(s) hold; snapshot change accepted"),
        "{stdout}"
    );
    assert!(stdout.contains("snapshot change rejected"), "{stdout}");
    let memo = std::fs::read_to_string(folder.join("scenarios/first-conversion.memo.txt")).unwrap();
    assert!(memo.contains("Floor Price = $0.70"), "accepted: written");
    let memo = std::fs::read_to_string(folder.join("scenarios/floor-price.memo.txt")).unwrap();
    assert!(memo.contains("$0.75"), "rejected: kept");
}

#[test]
fn in_ci_a_missing_snapshot_is_not_written_and_fails() {
    let repo = repository(&["first-conversion"]);
    let folder = repo.join("clauses/pmic-series-a");
    std::fs::remove_file(folder.join("scenarios/first-conversion.memo.txt")).unwrap();
    let r = proviso_in(&repo, &["test", "clauses/pmic-series-a"], &[("CI", "true")]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("no snapshot (none is written in CI, nor for a scenario with problems)"),
        "{}",
        r.stdout
    );
    assert!(!folder.join("scenarios/first-conversion.memo.txt").exists());
}

/// A scenario file in a copy of the clause folder, run with `proviso test`.
fn bad_scenario(name: &str, text: &str) -> Run {
    let repo = repository(&[]);
    std::fs::write(
        repo.join(format!("clauses/pmic-series-a/scenarios/{name}.toml")),
        text,
    )
    .unwrap();
    proviso_in(&repo, &["test", "clauses/pmic-series-a"], &[])
}

fn with_expectations(expect: &str) -> String {
    let facts = MY_SCENARIO.split("[[expect]]").next().unwrap();
    format!("{facts}{expect}")
}

#[test]
fn a_value_in_the_wrong_unit_is_pointed_at() {
    let r = bad_scenario(
        "wrong-unit",
        &with_expectations(
            "[[expect]]\nobligation = \"deliver_conversion_shares#1\"\namount = \"$97,087\"\n",
        ),
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("proviso::scenario::wrong_unit"),
        "{}",
        r.stdout
    );
    insta::assert_snapshot!("workflow_wrong_unit", r.stdout);
}

#[test]
fn malformed_expectations_are_pointed_at() {
    let r = bad_scenario(
        "malformed",
        &with_expectations(
            "[[expect]]\nobligation = \"deliver_conversion_shares#1\"\namout = \"97,087 shares\"\n\n\
             [[expect]]\nsection = \"5(b)(i)\"\nkind = \"deliver_shares\"\namount = \"97,087 shares\"\n\n\
             [[expect]]\nobligation = \"deliver_conversion_shares#1\"\nstatus = \"late\"\n\n\
             [[expect]]\nterm = \"Conversion Price\"\nvalue = \"97,08,7\"\n",
        ),
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout.matches("proviso::scenario::malformed").count(),
        2,
        "{}",
        r.stdout
    );
    insta::assert_snapshot!("workflow_malformed", r.stdout);
}

#[test]
fn an_expectation_that_names_nothing_is_an_error() {
    let r = bad_scenario(
        "names-nothing",
        &with_expectations(
            "[[expect]]\nobligation = \"deliver_conversion_share#1\"\nstatus = \"fulfilled\"\n\n\
             [[expect]]\nterm = \"Conversion Price\"\nfor = \"the conversion of 2002-10-16\"\nvalue = \"$1.03 per share\"\n\n\
             [[expect]]\nsection = \"5(b)(ii)\"\nkind = \"pay_cash\"\nparty = \"Stonestreet L.P.\"\namount = \"$0.00\"\n",
        ),
    );
    assert_eq!(r.code, 1);
    // The third: no late-delivery damages arise when the certificates come on time.
    assert_eq!(
        r.stdout.matches("proviso::scenario::names_nothing").count(),
        3,
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("did you mean `deliver_conversion_shares#1`?"),
        "{}",
        r.stdout
    );
    insta::assert_snapshot!("workflow_names_nothing", r.stdout);
}

#[test]
fn a_missing_market_file_is_pointed_at() {
    let text = MY_SCENARIO.replace("market = \"market.csv\"", "market = \"prices.csv\"");
    let r = bad_scenario("no-market", &text);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("proviso::scenario::market_file"),
        "{}",
        r.stdout
    );
    insta::assert_snapshot!("workflow_missing_market", r.stdout);
}

#[test]
fn a_revision_git_cannot_resolve_is_pointed_at() {
    let repo = repository(&["first-conversion"]);
    let r = proviso_in(
        &repo,
        &["diff", "clauses/pmic-series-a", "--base", "no-such-branch"],
        &[],
    );
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    insta::assert_snapshot!("workflow_bad_revision", r.stderr);
}

/// The text report of a failure: expected and actual with the derivation of the actual value,
/// the hand working, and the diff of the changed memo.
#[test]
fn a_failed_expectation_and_a_changed_memo_in_text() {
    let repo = repository(&["first-conversion"]);
    let scenarios = repo.join("clauses/pmic-series-a/scenarios");
    edit(
        &scenarios.join("first-conversion.toml"),
        "right = \"rescind_conversion#1\"\nstatus = \"lapsed\"",
        "right = \"rescind_conversion#1\"\nstatus = \"available\"",
    );
    edit(
        &scenarios.join("first-conversion.memo.txt"),
        "pay $9.55",
        "pay $9.56",
    );
    let r = proviso_in(&repo, &["test", "clauses/pmic-series-a"], &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("       status   expected available\n                actual   lapsed\n"),
        "{}",
        r.stdout
    );
    insta::assert_snapshot!("workflow_test_text", r.stdout);
}

/// For `diff`, 1 means "outcomes changed": a command line it cannot use is an error (2), so a
/// typo in CI is not taken for a change.
#[test]
fn diff_usage_errors_are_errors_not_changes() {
    let repo = repository(&["first-conversion"]);
    let r = proviso_in(
        &repo,
        &[
            "diff",
            "clauses/pmic-series-a",
            "--base",
            "HEAD",
            "--format",
            "xml",
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = proviso_in(&repo, &["diff", "clauses/pmic-series-a"], &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("nothing to compare it with"),
        "{}",
        r.stderr
    );
}

/// A reader that stops early (`| head`) does not turn a failing suite into a passing one.
#[test]
fn a_failing_suite_fails_in_a_pipeline() {
    let repo = repository(&["first-conversion", "floor-price"]);
    edit(
        &repo.join("clauses/pmic-series-a/05c-conversion-price.proviso"),
        "$0.75 per share",
        "$0.70 per share",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_proviso"))
        .args(["test", "clauses/pmic-series-a"])
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .current_dir(&repo)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 40];
    use std::io::Read;
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    // The pipe is closed here, as `head` closes it.
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

/// A scenario that cannot be run under either version is said so, not called unchanged.
#[test]
fn diff_says_when_a_scenario_fails_under_both_versions() {
    let repo = repository(&["first-conversion"]);
    let scenarios = repo.join("clauses/pmic-series-a/scenarios");
    let text = std::fs::read_to_string(scenarios.join("first-conversion.toml")).unwrap();
    std::fs::write(
        scenarios.join("no-market.toml"),
        text.replace("market = \"market.csv\"", "market = \"prices.csv\""),
    )
    .unwrap();
    let r = proviso_in(
        &repo,
        &["diff", "clauses/pmic-series-a", "clauses/pmic-series-a"],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("no-market: fails alike under both versions, so nothing could be compared:"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("proviso::scenario::market_file"),
        "{}",
        r.stdout
    );
}

/// The edit at the level of rules sees a finding's rule change too (its day, `on`).
#[test]
fn a_finding_rule_edit_is_listed() {
    let old = "section \"K\" \"Findings\" {\n  finding year_end {\n    on 2002-12-31\n  }\n}\n";
    let new = old.replace("2002-12-31", "2003-01-31");
    let changes = proviso::compare::rules::compare(
        &[("k.proviso".into(), old.to_owned())],
        &[("k.proviso".into(), new)],
    );
    let whats: Vec<&str> = changes.iter().map(|c| c.what.as_str()).collect();
    assert_eq!(whats, ["the finding year_end: on"]);
}

#[test]
fn a_rejected_event_the_scenario_expects_is_a_verdict() {
    // A second notice for 1,000 shares on 2002-10-22, when 900 are left: rejected under 5(a)(i).
    let over = "[[event]]\ntype = \"conversion_notice\"\nholder = \"Stonestreet L.P.\"\n\
                date = 2002-10-22\npreferred_shares = 1000\n\n";
    let base = MY_SCENARIO.split("[[expect]]").next().unwrap();
    let expected = format!("{base}{over}[[expect]]\nrejected = 3\nworking = \"900 left\"\n");
    let r = bad_scenario("rejected-expected", &expected);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("rejected-expected"), "{}", r.stdout);
    assert!(r.stdout.contains("1 expectation(s) hold"), "{}", r.stdout);
    // Not expected: a problem, as before.
    let r = bad_scenario("rejected-unexpected", &format!("{base}{over}"));
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("proviso::eval::rejected_event"),
        "{}",
        r.stdout
    );
    // Expected of an event that is not rejected: a failed expectation, saying so.
    let r = bad_scenario("not-rejected", &format!("{base}[[expect]]\nrejected = 2\n"));
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("[[event]] #2"), "{}", r.stdout);
    assert!(r.stdout.contains("not rejected"), "{}", r.stdout);
    // Written wrongly.
    let r = bad_scenario(
        "rejected-malformed",
        &format!("{base}[[expect]]\nrejected = 0\n\n[[expect]]\nrejected = 1\nstatus = \"open\"\n"),
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout.matches("proviso::scenario::malformed").count(),
        2,
        "{}",
        r.stdout
    );
    insta::assert_snapshot!("workflow_rejected_malformed", r.stdout);
}
