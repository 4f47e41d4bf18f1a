//! Grammar tests: every clause file parses, and individual constructs lower to the expected AST.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use std::sync::Arc;

use proviso::source::FileId;

fn parse(text: &str) -> Result<proviso::ast::File, String> {
    let text: Arc<str> = Arc::from(text);
    proviso::syntax::parse(FileId(0), "test.proviso", &text).map_err(|errs| {
        errs.iter()
            .map(|e| format!("{e:?}"))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

#[test]
fn every_clause_file_parses() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("clauses/pmic-series-a");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "proviso") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        if let Err(e) = parse(&text) {
            panic!("{}: {e}", path.display());
        }
        n += 1;
    }
    assert!(n >= 7, "expected the clause files, found {n}");
}

use proviso::ast::{BinaryOp, ExprKind, Item, Literal, WindowAnchor, WindowCount};

/// The body of the one definition in `section "T" "t" { define "X" : T = <expr> }`.
fn body(expr: &str, ty: &str) -> ExprKind {
    let file = parse(&format!(
        "section \"T\" \"t\" {{ define \"X\" : {ty} = {expr} }}"
    ))
    .unwrap();
    match &file.items[0] {
        Item::Section(s) => s.definitions[0].body.node.clone(),
        other => panic!("{other:?}"),
    }
}

fn op(e: &ExprKind) -> BinaryOp {
    match e {
        ExprKind::Binary { op, .. } => op.node,
        other => panic!("not a binary expression: {other:?}"),
    }
}

#[test]
fn multiplication_binds_tighter_than_addition() {
    let e = body("$1 + $2 × 3", "USD");
    assert_eq!(op(&e), BinaryOp::Add);
    let ExprKind::Binary { rhs, .. } = e else {
        unreachable!()
    };
    assert_eq!(op(&rhs.node), BinaryOp::Mul);
}

#[test]
fn comparison_binds_tighter_than_and_and_or() {
    let e = body("$1 < $2 and $3 > $2 or false", "bool");
    assert_eq!(op(&e), BinaryOp::Or);
    let ExprKind::Binary { lhs, .. } = e else {
        unreachable!()
    };
    assert_eq!(op(&lhs.node), BinaryOp::And);
}

#[test]
fn a_floor_applies_to_the_whole_formula() {
    let e = body("the lesser of $1 and $2 not less than $0.75", "USD");
    assert_eq!(op(&e), BinaryOp::NotLessThan);
}

#[test]
fn otherwise_binds_tighter_than_comparison() {
    let e = body("deal.x otherwise accretion = cash", "bool");
    assert_eq!(op(&e), BinaryOp::Eq);
    let ExprKind::Binary { lhs, .. } = e else {
        unreachable!()
    };
    assert_eq!(op(&lhs.node), BinaryOp::Otherwise);
}

#[test]
fn aggregates_apply_before_multiplication() {
    let e = body(
        "85% × average of the 5 lowest of \"VWAP\" over the 30 trading days before d",
        "USD",
    );
    assert_eq!(op(&e), BinaryOp::Mul);
    let ExprKind::Binary { rhs, .. } = e else {
        unreachable!()
    };
    let ExprKind::Aggregate { list, .. } = &rhs.node else {
        panic!("{rhs:?}")
    };
    let ExprKind::Select { count, list, .. } = &list.node else {
        panic!("{list:?}")
    };
    assert_eq!(count.node, 5);
    let ExprKind::Map { term, list, .. } = &list.node else {
        panic!("{list:?}")
    };
    assert_eq!(term.node, "VWAP");
    assert!(matches!(
        list.node,
        ExprKind::Window { count: WindowCount::Fixed(ref n), anchor: WindowAnchor::Before, .. } if n.node == 30
    ));
}

#[test]
fn a_window_bound_binds_to_the_window_inside_over_and_the_aggregates() {
    let e = body(
        "average of the 3 lowest of \"VWAP\" over the 20 trading days before d, not before 30 calendar days before d",
        "USD",
    );
    let ExprKind::Aggregate { list, .. } = &e else {
        panic!("{e:?}")
    };
    let ExprKind::Select { list, .. } = &list.node else {
        panic!("{list:?}")
    };
    let ExprKind::Map { list, .. } = &list.node else {
        panic!("{list:?}")
    };
    let ExprKind::NotBefore { window, bound } = &list.node else {
        panic!("{list:?}")
    };
    assert!(matches!(
        window.node,
        ExprKind::Window {
            anchor: WindowAnchor::Before,
            ..
        }
    ));
    // The bound keeps its own prefixes: `30 calendar days before d`.
    assert!(matches!(bound.node, ExprKind::Shift { .. }), "{bound:?}");
}

#[test]
fn a_window_starts_on_a_day() {
    let e = body(
        "count of the 20 trading days starting on 3 trading days after d",
        "number",
    );
    let ExprKind::Aggregate { list, .. } = &e else {
        panic!("{e:?}")
    };
    let ExprKind::Window { anchor, end, .. } = &list.node else {
        panic!("{list:?}")
    };
    assert_eq!(*anchor, WindowAnchor::StartingOn);
    assert!(matches!(end.node, ExprKind::Shift { .. }), "{end:?}");
}

#[test]
fn literals_are_exact() {
    assert_eq!(
        body("$1,000", "USD"),
        ExprKind::Literal(Literal::Money {
            amount: "1000".parse().unwrap(),
            per_share: false
        })
    );
    assert_eq!(
        body("$0.75 per share", "USD"),
        ExprKind::Literal(Literal::Money {
            amount: "0.75".parse().unwrap(),
            per_share: true
        })
    );
    assert_eq!(
        body("18% per annum", "USD"),
        ExprKind::Literal(Literal::Percent {
            ratio: "0.18".parse().unwrap(),
            per_annum: true
        })
    );
    assert_eq!(
        body("12_000_000 shares", "USD"),
        ExprKind::Literal(Literal::Shares("12000000".parse().unwrap()))
    );
    assert!(matches!(
        body("3 trading days", "USD"),
        ExprKind::Literal(Literal::Duration(proviso::ast::Duration::TradingDays(3)))
    ));
}

#[test]
fn keywords_do_not_swallow_longer_names() {
    // `due_date`, `order`, `android` start with keywords but are names.
    let e = body("conversion.due_date", "date");
    assert!(matches!(e, ExprKind::Path(ref p) if p.len() == 2 && p[1].node == "due_date"));
    assert!(matches!(body("order", "date"), ExprKind::Path(_)));
    assert!(matches!(body("android", "date"), ExprKind::Path(_)));
    // Field names may be keywords: `payment.amount`, `event.date`.
    assert!(
        matches!(body("payment.amount", "USD"), ExprKind::Path(ref p) if p[1].node == "amount")
    );
}

#[test]
fn comments_and_text_blocks() {
    let file = parse(
        "// a comment\nsection \"1\" \"t\" { // another\n  quote \"\"\"\n    First line,\n      indented.\n  \"\"\"\n}\n",
    )
    .unwrap();
    let Item::Section(s) = &file.items[0] else {
        panic!()
    };
    assert_eq!(s.quote.as_ref().unwrap().node, "First line,\n  indented.");
}

#[test]
fn syntax_errors_are_errors_not_panics() {
    for bad in [
        "section",
        "define \"X\" : USD = $1",
        "section \"1\" \"t\" { define \"X\" : USD = }",
        "\"unterminated",
    ] {
        assert!(parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn bad_literals_are_all_reported() {
    let err = parse(
        "section \"1\" \"t\" { define \"A\" : date = 2002-02-30 define \"B\" : date = 2003-13-01 }",
    )
    .unwrap_err();
    assert_eq!(err.matches("BadLiteral").count(), 2, "{err}");
}

#[test]
fn business_days_and_anniversaries_lower_to_their_forms() {
    // A shift in Business Days applies to what follows it, like a shift in Trading Days.
    let e = body("5 business days after conversion.date", "date");
    let ExprKind::ShiftBusinessDays {
        days,
        direction,
        date,
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(days.node, 5);
    assert_eq!(*direction, proviso::ast::Direction::After);
    assert!(matches!(date.node, ExprKind::Path(_)));
    assert!(matches!(
        body("1 business day before d", "date"),
        ExprKind::ShiftBusinessDays {
            direction: proviso::ast::Direction::Before,
            ..
        }
    ));
    // `count of` takes the whole list; `through` counts the last day, `before` does not.
    let e = body("count of the business days after x through y", "number");
    let ExprKind::Aggregate { list, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(matches!(
        list.node,
        ExprKind::BusinessDaysBetween {
            inclusive: true,
            ..
        }
    ));
    assert!(matches!(
        body("the business days after x before y", "number"),
        ExprKind::BusinessDaysBetween {
            inclusive: false,
            ..
        }
    ));
    assert!(matches!(
        body("the monthly anniversaries of d through e", "list of date"),
        ExprKind::MonthlyAnniversaries { .. }
    ));
    // The words stay names elsewhere: `business` and `monthly` are not reserved.
    assert!(matches!(body("business.monthly", "date"), ExprKind::Path(ref p) if p.len() == 2));
}

#[test]
fn the_business_days_rule_names_its_lists() {
    let file = parse(
        "section \"1\" \"Business Day\" {\n  business days are weekdays except the holidays in \"ny.csv\", \"ca.csv\"\n}\n",
    )
    .unwrap();
    let Item::Section(s) = &file.items[0] else {
        panic!()
    };
    let names: Vec<&str> = s
        .business_days
        .as_ref()
        .unwrap()
        .holidays
        .iter()
        .map(|h| h.node.as_str())
        .collect();
    assert_eq!(names, ["ny.csv", "ca.csv"]);
    // Two in one section is a syntax error (one rule names every list).
    let err = parse(
        "section \"1\" \"t\" {\n  business days are weekdays except the holidays in \"a.csv\"\n  business days are weekdays except the holidays in \"b.csv\"\n}\n",
    )
    .unwrap_err();
    assert!(
        err.contains("a section has one `business days are` rule"),
        "{err}"
    );
}
