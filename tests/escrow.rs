//! The Escrow Agreement in the deal `clauses/pmic-2002` (the certificate and the escrow over one
//! facts file), and what of the language the escrow brought: fields that name a party, fields
//! that hold a list, `x in xs`, duties to deliver documents, and `status = "not owed"`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use proviso::Program;
use proviso::outcome::{Outcome, Status};
use proviso::program::ObligationKind;
use proviso::source::Sources;

fn deal_scenario() -> (Program, Outcome) {
    let root = common::root().join("clauses");
    let mut sources = Sources::new();
    let program = proviso::load_clauses(&root.join("pmic-2002"), &mut sources).unwrap();
    let facts = root.join("pmic-2002/scenarios/first-closing-and-conversion.toml");
    let market = root.join("pmic-series-a/scenarios/market.csv");
    let out = common::evaluate_program(
        &program,
        &mut sources,
        &facts,
        &market,
        "2002-10-31",
        &["MH Warrant Shares"],
    )
    .unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    (program, out)
}

/// One facts file, both documents: the escrow's waterfall of $500,000 (90% net of $15,000 =
/// $435,000; $15,000; 7% = $35,000; 3% = $15,000), the certificate's conversion of 100 shares
/// at $1.03 (97,087 shares), and the MH Warrant priced off the certificate's Closing Price of
/// 2002-05-31 ($100,000 / $1.0838 = 92,267.9… → 92,267 shares).
#[test]
fn the_deal_scenario_in_text_and_json() {
    let (program, out) = deal_scenario();
    assert_eq!(program.documents.len(), 2);
    let owed = |id: &str| {
        let o = out.obligations.iter().find(|o| o.id == id).unwrap();
        (
            o.document.as_str(),
            o.amount.as_ref().map(|a| a.display.clone()),
            o.status,
        )
    };
    let some = |s: &str| Some(s.to_owned());
    assert_eq!(
        owed("wire_first_closing_company_share"),
        ("pmic-escrow", some("$435,000.00"), Status::Fulfilled)
    );
    assert_eq!(
        owed("wire_first_closing_counsel_costs"),
        ("pmic-escrow", some("$15,000.00"), Status::Fulfilled)
    );
    assert_eq!(
        owed("wire_first_closing_refund"),
        ("pmic-escrow", some("$35,000.00"), Status::Fulfilled)
    );
    assert_eq!(
        owed("wire_first_closing_meyerson_share"),
        ("pmic-escrow", some("$15,000.00"), Status::Fulfilled)
    );
    assert_eq!(
        owed("deliver_first_closing_items"),
        ("pmic-escrow", None, Status::Fulfilled)
    );
    assert_eq!(
        owed("deliver_conversion_shares#10"),
        (
            "pmic-series-a",
            some("97,087 shares"),
            Status::FulfilledLate
        )
    );
    let documents = out
        .obligations
        .iter()
        .find(|o| o.id == "deliver_first_closing_documents")
        .unwrap();
    assert_eq!(documents.kind, ObligationKind::DeliverDocuments);
    let mh = out
        .values
        .iter()
        .find(|v| v.term == "MH Warrant Shares")
        .unwrap();
    assert_eq!(mh.display.as_deref(), Some("92,267 shares"));

    let text = proviso::render::text::render(&out);
    assert!(text.contains("══ Escrow Agreement"), "{text}");
    assert!(text.contains("deliver documents"), "{text}");
    // The escrow's MH Warrant cites the certificate's Closing Price with its document.
    assert!(text.contains("[pmic-series-a 8]"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&proviso::render::json::render(&out)).unwrap();
    common::conforms(&json, proviso::render::json::SCHEMA);
    let ids: Vec<&str> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["pmic-series-a", "pmic-escrow"]);
    let wire = json["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "wire_first_closing_company_share")
        .unwrap();
    assert_eq!(wire["document"], "pmic-escrow");
    assert_eq!(wire["amount"], "435000.00");
    assert_eq!(wire["obligor"], "escrow_agent");
    assert_eq!(wire["obligee"], "company");
    let delivery = json["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "deliver_first_closing_items")
        .unwrap();
    assert_eq!(delivery["kind"], "deliver_documents");
    assert!(delivery["amount"].is_null());
    let summary: Vec<String> = json["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            format!(
                "{} {} {} {} {}",
                o["document"], o["id"], o["kind"], o["display"], o["status"]
            )
        })
        .collect();
    insta::assert_snapshot!("deal_json_obligations", summary.join("\n"));
}

/// `proviso coverage` of the deal reports both documents, each by its own sections.
#[test]
fn coverage_of_the_deal_reports_each_document() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_proviso"))
        .args(["coverage", "clauses/pmic-2002"])
        .current_dir(common::root())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Coverage of certificate-of-designation.txt by pmic-series-a"),
        "{text}"
    );
    assert!(
        text.contains("Coverage of escrow-agreement.txt by pmic-escrow"),
        "{text}"
    );
    assert!(
        text.contains("34 sections: 18 encoded (52%), 16 not computable, 0 missing"),
        "{text}"
    );
    let json = std::process::Command::new(env!("CARGO_BIN_EXE_proviso"))
        .args(["coverage", "clauses/pmic-2002", "--format", "json"])
        .current_dir(common::root())
        .output()
        .unwrap();
    let reports: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let sources: Vec<&str> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        ["certificate-of-designation.txt", "escrow-agreement.txt"]
    );
    let documents: Vec<&str> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["document"].as_str().unwrap())
        .collect();
    assert_eq!(documents, ["pmic-series-a", "pmic-escrow"]);
}

/// A small document with a party field, a list field, `in` and a documents duty.
const CLAUSES: &str = r#"
document "Escrow"
party company "the Company"
party agent "the Agent"
enum item { certificates, opinion }
event delivery {
  date: date
  items: list of item
}
event wire {
  date: date
  to: party
  amount: USD
}
event handover {
  date: date
}
section "1" "Delivery" {
  define "Complete" (d: delivery) : bool = certificates in d.items and opinion in d.items
  obligation deliver for each d: delivery {
    when not "Complete"(d)
    obligor company
    obligee agent
    kind deliver_documents
    due d.date
    fulfilled by handover
  }
  obligation pay for each d: delivery {
    when "Complete"(d)
    obligor agent
    obligee company
    kind pay_cash
    amount $100
    due d.date
    fulfilled by wire with to = company
  }
}
"#;

fn check(text: &str) -> Result<(Program, Sources), String> {
    let mut sources = Sources::new();
    match proviso::check_texts(
        vec![("escrow/00.proviso".to_owned(), text.to_owned())],
        &mut sources,
    ) {
        Ok(p) => Ok((p, sources)),
        Err(es) => Err(proviso::cli::render_diagnostics(&es, false)),
    }
}

fn run(facts: &str) -> Result<Outcome, String> {
    let (program, mut sources) = check(CLAUSES).unwrap();
    let facts = common::temp_file("escrow-facts.toml", facts);
    let market = common::root().join("tests/deals/market.csv");
    common::evaluate_program(&program, &mut sources, &facts, &market, "2003-01-08", &[])
}

#[test]
fn party_and_list_fields_are_read_and_checked() {
    // One complete delivery (both items) is paid by a wire to the Company; one with the
    // certificates alone (due 2003-01-07) owes the documents, handed over a day late.
    let out = run("[[event]]\ntype = \"delivery\"\ndate = 2003-01-06\nitems = [\"certificates\", \"opinion\"]\n\n\
                   [[event]]\ntype = \"delivery\"\ndate = 2003-01-07\nitems = [\"certificates\"]\n\n\
                   [[event]]\ntype = \"wire\"\ndate = 2003-01-06\nto = \"company\"\namount = 100\n\n\
                   [[event]]\ntype = \"handover\"\ndate = 2003-01-08\n")
    .unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let ids: Vec<(&str, Status)> = out
        .obligations
        .iter()
        .map(|o| (o.id.as_str(), o.status))
        .collect();
    assert_eq!(
        ids,
        [
            ("deliver#2", Status::FulfilledLate),
            ("pay#1", Status::Fulfilled)
        ]
    );
    // A party no `party` declares, and a list value that is no item.
    let wrong = run("[[event]]\ntype = \"delivery\"\ndate = 2003-01-06\nitems = [\"certificates\", \"opinon\"]\n\n\
                     [[event]]\ntype = \"wire\"\ndate = 2003-01-06\nto = \"counsel\"\namount = 100\n")
    .unwrap_err();
    insta::assert_snapshot!("escrow_wrong_party_and_item", wrong);
}

#[test]
fn membership_and_documents_duties_are_checked() {
    let not_a_list =
        check(&CLAUSES.replace("certificates in d.items and", "certificates in d.date and"))
            .err()
            .unwrap();
    assert!(not_a_list.contains("`in`"), "{not_a_list}");
    let with_amount = check(&CLAUSES.replace(
        "kind deliver_documents\n",
        "kind deliver_documents\n    amount $5\n",
    ))
    .err()
    .unwrap();
    assert!(
        with_amount.contains("a `deliver_documents` obligation has no amount"),
        "{with_amount}"
    );
    insta::assert_snapshot!(
        "escrow_membership_and_documents_errors",
        format!("{not_a_list}\n{with_amount}")
    );
}

/// `status = "not owed"` holds when the obligation does not arise, and fails, showing its
/// status, when it does.
#[test]
fn not_owed_is_an_expectation_that_can_fail() {
    let root = common::root().join("clauses/pmic-escrow");
    let mut sources = Sources::new();
    let program = proviso::load_clauses(&root, &mut sources).unwrap();
    let text = std::fs::read_to_string(root.join("scenarios/first-closing-company-share.toml"))
        .unwrap()
        .replace(
            "market = \"../../pmic-series-a/scenarios/market.csv\"",
            &format!(
                "market = \"{}\"",
                root.join("../pmic-series-a/scenarios/market.csv").display()
            ),
        );
    let mut lines: Vec<&str> = text.split("\n[[expect]]").take(1).collect();
    let expect = "\n[[expect]]\nobligation = \"wire_first_closing_company_share\"\nstatus = \"not owed\"\n\n\
                  [[expect]]\nobligation = \"wire_second_closing_company_share\"\nstatus = \"not owed\"\n\n\
                  [[expect]]\nobligation = \"return_first_closing_purchase_price\"\nstatus = \"not owed\"\n";
    lines.push(expect);
    let path = common::temp_file("not-owed.toml", &lines.concat());
    let run = proviso::scenario::run(&program, &mut sources, &path);
    assert!(run.errors.is_empty(), "{:?}", run.errors);
    let held: Vec<(String, bool)> = run
        .verdicts
        .iter()
        .map(|v| (v.subject.clone(), v.holds()))
        .collect();
    assert_eq!(
        held,
        [
            ("wire_first_closing_company_share".to_owned(), false),
            ("wire_second_closing_company_share".to_owned(), true),
            // A bare rule name: no return is owed for any demand.
            ("return_first_closing_purchase_price".to_owned(), true)
        ]
    );
    assert_eq!(run.verdicts[0].claims[0].actual, "fulfilled");
    // A misspelt rule is an error, not an expectation that holds; a bare name of a rule that
    // gives rise to an item fails with its id.
    let text = lines.concat().replace(
        "obligation = \"wire_second_closing_company_share\"",
        "obligation = \"wire_second_closing_compny_share\"",
    );
    let path = common::temp_file("not-owed-typo.toml", &text);
    let run = proviso::scenario::run(&program, &mut sources, &path);
    let errors = format!("{:?}", run.errors);
    assert!(
        errors.contains("wire_second_closing_company_share"),
        "{errors}"
    );
    assert!(!run.passed());
}

/// A copy of the deal's three folders (clause files, texts and scenarios) in a fresh git
/// repository, the folders named committed.
fn deal_repository(committed: &[&str]) -> std::path::PathBuf {
    let marker = common::temp_file("marker", "");
    let root = marker.parent().unwrap().join("deal-repo");
    let clauses = common::root().join("clauses");
    for folder in ["pmic-series-a", "pmic-escrow", "pmic-2002"] {
        for sub in ["", "scenarios"] {
            let from = clauses.join(folder).join(sub);
            let to = root.join("clauses").join(folder).join(sub);
            std::fs::create_dir_all(&to).unwrap();
            for e in std::fs::read_dir(&from).unwrap() {
                let p = e.unwrap().path();
                if p.is_file() {
                    std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
                }
            }
        }
    }
    let added: Vec<String> = committed.iter().map(|f| format!("clauses/{f}")).collect();
    let mut add = vec!["add"];
    add.extend(added.iter().map(String::as_str));
    for args in [
        &["init", "-q"][..],
        &add,
        &[
            "-c",
            "user.name=L",
            "-c",
            "user.email=l@example.com",
            "commit",
            "-q",
            "-m",
            "deal",
        ],
    ] {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(&root)
            .output()
            .unwrap();
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stderr)
        );
    }
    root
}

/// `proviso diff` of a deal against a revision: an edit of the escrow's 90% to 85% changes the
/// Company's wire in the deal's scenario from $435,000.00 (90% × $500,000 − $15,000) to
/// $410,000.00 (85% × $500,000 − $15,000), and the certificate's items not at all.
#[test]
fn diff_of_a_deal_against_a_revision() {
    let repo = deal_repository(&["pmic-series-a", "pmic-escrow", "pmic-2002"]);
    let file = repo.join("clauses/pmic-escrow/01-first-closing.proviso");
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replacen(
        "else 90% × \"First Closing Split Base\" - $15,000",
        "else 85% × \"First Closing Split Base\" - $15,000",
        1,
    );
    assert_ne!(text, edited);
    std::fs::write(&file, edited).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_proviso"))
        .args([
            "diff",
            "clauses/pmic-2002",
            "--base",
            "HEAD",
            "--format",
            "json",
        ])
        .env("NO_COLOR", "1")
        .current_dir(&repo)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let changed: Vec<String> = report["scenarios"][0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| {
            c["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |f| format!("{} {}: {} → {}", c["id"], f["name"], f["old"], f["new"]))
        })
        .collect();
    assert_eq!(
        changed,
        [r#""wire_first_closing_company_share" "amount": "$435,000.00" → "$410,000.00""#]
    );
    assert!(!stdout.contains("deliver_conversion_shares"), "{stdout}");
}

/// `proviso facts` of a deal: one vocabulary, each section cited with its document, grouped.
#[test]
fn facts_of_a_deal_cite_each_documents_sections() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_proviso"))
        .args(["facts", "clauses/pmic-2002"])
        .current_dir(common::root())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "read in pmic-series-a 2(c), 5(a)(i), 5(a)(iv), 5(a)(v), 6(a), 7(a); pmic-escrow 1.1(e)"
        ),
        "{text}"
    );
    assert!(
        text.contains("[[event]] type = \"escrow_deposit\"  read in pmic-escrow 1, 1.1(e)"),
        "{text}"
    );
    assert!(
        text.contains("counsel_fee_reading  one of \"out_of_company_share\" | \"off_the_top\""),
        "{text}"
    );
}

/// A document added to the deal since the revision is new: the diff lists its sections as added
/// rather than failing because its folder did not exist then.
#[test]
fn diff_of_a_deal_with_a_new_document() {
    let repo = deal_repository(&["pmic-series-a"]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_proviso"))
        .args(["diff", "clauses/pmic-2002", "--base", "HEAD"])
        .env("NO_COLOR", "1")
        .current_dir(&repo)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("1.1(e) Release of the First Closing Funds: a new section"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("5(a)(i)"),
        "the certificate did not change:\n{stdout}"
    );
}
