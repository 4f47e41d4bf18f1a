//! Hand-worked numbers for obligations over time: late-delivery damages across their tiers, the
//! late fee, the limits of 5(a)(iv) and 5(a)(v), the Buy-In example of 5(b)(iii), notices under
//! 5(h) across daylight saving, and a liquidation short of assets.
//!
//! Each expected value is worked out in the comment above it from the certificate's words and
//! the rows of `clauses/pmic-series-a/scenarios/market.csv`, not taken from the program's output.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

mod common;

use common::*;
use proviso::outcome::{Outcome, RightStatus, Status, amount};

const STONESTREET: &str = "Stonestreet L.P.";

/// The example deal (cash dividends) with one holder of 1,000 shares of Preferred Stock, and
/// `events` appended.
fn deal(extra_deal: &str, holders: &str, events: &str) -> String {
    format!(
        "[deal]\noriginal_issue_date = 2002-06-03\nfirst_closing_date = 2002-06-03\n\
         dividend_election = \"cash\"\n{MARKET_FACTS}{extra_deal}\n{holders}\n{events}"
    )
}

fn one_holder() -> String {
    format!("[[holder]]\nname = \"{STONESTREET}\"\npreferred_shares = 1000\n")
}

fn conversion(holder: &str, date: &str, shares: u32) -> String {
    format!(
        "[[event]]\ntype = \"conversion_notice\"\nholder = \"{holder}\"\ndate = {date}\npreferred_shares = {shares}\n\n"
    )
}

fn delivery(holder: &str, conversion_date: &str, date: &str) -> String {
    format!(
        "[[event]]\ntype = \"certificates_delivered\"\nholder = \"{holder}\"\nconversion_date = {conversion_date}\ndate = {date}\n\n"
    )
}

fn run(facts: &str, as_of: &str) -> Outcome {
    eval(&temp_file("facts.toml", facts), as_of)
}

fn damages(out: &Outcome) -> (Option<rust_decimal::Decimal>, Status) {
    let o = obligation(out, "pay_late_delivery_damages");
    (amount(o), o.status)
}

/// 5(b)(ii). 100 shares converted on 2002-10-15 at a Stated Value of $1,000 (cash dividends):
/// $100,000 is 20 × $5,000, so $50 a Trading Day is $1,000, $100 is $2,000, $200 is $4,000.
/// The deadline is 2002-10-18 (Fri); the Trading Days after it are 10-21, 22, 23, 24, 25, 28,
/// 29, 30, 31. Reading: the day of delivery is not counted (see the clause file).
#[test]
fn late_delivery_damages_across_each_tier() {
    let cases = [
        // delivered on, Trading Days counted (delivery day excluded), damages
        ("2002-10-23", "2000"), // 21, 22: 2 × $1,000 (counting 10-23 too would give $3,000)
        ("2002-10-24", "3000"), // 21–23: the last day of the $50 tier
        ("2002-10-25", "5000"), // 21–24: 3 × $1,000 + the first $100 day, $2,000
        ("2002-10-29", "9000"), // 21–28: 3 × $1,000 + 3 × $2,000, the last $100 day
        ("2002-10-30", "13000"), // 21–29: $9,000 + the first $200 day, $4,000
    ];
    for (delivered, expected) in cases {
        let facts = deal(
            "",
            &one_holder(),
            &(conversion(STONESTREET, "2002-10-15", 100)
                + &delivery(STONESTREET, "2002-10-15", delivered)),
        );
        let out = run(&facts, "2002-11-15");
        let (a, status) = damages(&out);
        assert_eq!(a, Some(dec(expected)), "delivered {delivered}");
        // Payable on delivery and not paid: overdue.
        assert_eq!(status, Status::Overdue, "delivered {delivered}");
        assert_eq!(
            obligation(&out, "pay_late_delivery_damages").due,
            Some(delivered.parse().unwrap())
        );
    }
}

/// Not delivered by 2002-10-31: 9 Trading Days (10-21 … 10-31, the evaluation date counted):
/// 3 × $1,000 + 3 × $2,000 + 3 × $4,000 = $21,000, still accruing. Delivered on the third
/// Trading Day itself, nothing accrues and no damages are owed.
#[test]
fn damages_accrue_until_delivery() {
    let facts = deal(
        "",
        &one_holder(),
        &conversion(STONESTREET, "2002-10-15", 100),
    );
    let out = run(&facts, "2002-10-31");
    assert_eq!(damages(&out), (Some(dec("21000")), Status::Accruing));
    let tiers = find(
        explained(obligation(&out, "pay_late_delivery_damages")),
        "tiered over 9 units",
    );
    assert!(tiers.is_some(), "the explanation shows the days counted");

    let on_time = deal(
        "",
        &one_holder(),
        &(conversion(STONESTREET, "2002-10-15", 100)
            + &delivery(STONESTREET, "2002-10-15", "2002-10-18")),
    );
    let out = run(&on_time, "2002-10-31");
    assert!(
        out.obligations
            .iter()
            .all(|o| !o.id.starts_with("pay_late_delivery_damages"))
    );
    assert!(
        out.rights
            .iter()
            .all(|r| r.kind != "rescind_the_conversion")
    );
}

fn dividend_payment(date: &str, amount: &str) -> String {
    format!(
        "[[event]]\ntype = \"payment\"\nholder = \"{STONESTREET}\"\ndate = {date}\namount = {amount}\nsection = \"2(a)\"\nconversion_date = 2002-10-15\n\n"
    )
}

/// 2(a): the fee runs on what is unpaid. The dividend of $1,488.89 is due 2002-10-18.
/// (a) $100 paid on time (2002-10-17), the other $1,388.89 on 2002-11-04: the part payment does
/// not pay the dividend, so the fee runs on $1,388.89 for the 17 days 10-19 … 11-04:
/// 18% × $1,388.89 × 17/365 = $11.6438… → $11.64 (treating the first payment as paying the
/// dividend would give no fee at all).
/// (b) $1,000 on 2002-10-25 and $488.89 on 2002-11-04: 18% × $1,488.89 × 7/365 (10-19 … 10-25)
/// = $5.1397… plus 18% × $488.89 × 10/365 (10-26 … 11-04) = $2.4110…, $7.5507… → $7.55.
#[test]
fn late_fee_runs_on_the_unpaid_balance() {
    let cases = [
        (("2002-10-17", "100"), ("2002-11-04", "1388.89"), "11.64"),
        (("2002-10-25", "1000"), ("2002-11-04", "488.89"), "7.55"),
    ];
    for ((d1, a1), (d2, a2), fee_expected) in cases {
        let facts = deal(
            "",
            &one_holder(),
            &(conversion(STONESTREET, "2002-10-15", 100)
                + &delivery(STONESTREET, "2002-10-15", "2002-10-18")
                + &dividend_payment(d1, a1)
                + &dividend_payment(d2, a2)),
        );
        let out = run(&facts, "2002-11-10");
        let dividend = obligation(&out, "pay_cash_dividend");
        assert_eq!(dividend.status, Status::FulfilledLate, "{d1}");
        assert_eq!(
            dividend.fulfilled_by.as_deref(),
            Some("payment of 2002-11-04")
        );
        let fee = obligation(&out, "pay_late_fee");
        assert_eq!(amount(fee), Some(dec(fee_expected)), "part paid {d1}");
        assert_eq!(fee.due, Some("2002-11-04".parse().unwrap()));
    }
}

/// 2(a). The cash dividend of the example, $1,488.89, is due 2002-10-18 and paid 2002-11-04:
/// the fee runs 10-19 … 11-04 inclusive, 13 days of October and 4 of November, 17 days.
/// 18% × $1,488.89 × 17/365 = $12.4822… → $12.48 (actual/365; actual/360 would give $12.66).
#[test]
fn late_fee_across_a_month_end() {
    let payment = "[[event]]\ntype = \"payment\"\nholder = \"Stonestreet L.P.\"\ndate = 2002-11-04\namount = 1488.89\nsection = \"2(a)\"\nconversion_date = 2002-10-15\n\n";
    let facts = deal(
        "",
        &one_holder(),
        &(conversion(STONESTREET, "2002-10-15", 100)
            + &delivery(STONESTREET, "2002-10-15", "2002-10-18")
            + payment),
    );
    let out = run(&facts, "2002-11-10");
    let dividend = obligation(&out, "pay_cash_dividend");
    assert_eq!(amount(dividend), Some(dec("1488.89")));
    assert_eq!(dividend.status, Status::FulfilledLate);
    let fee = obligation(&out, "pay_late_fee");
    assert_eq!(amount(fee), Some(dec("12.48")));
    assert_eq!(fee.due, Some("2002-11-04".parse().unwrap()));
    assert_eq!(fee.status, Status::Overdue);

    // Unpaid as of 2002-10-31: 13 days, 18% × $1,488.89 × 13/365 = $9.545… → $9.55, accruing.
    let out = run(&facts, "2002-10-31");
    let fee = obligation(&out, "pay_late_fee");
    assert_eq!(
        (amount(fee), fee.status),
        (Some(dec("9.55")), Status::Accruing)
    );

    // A lawful cap of 12% replaces 18%: 12% × $1,488.89 × 17/365 = $8.3214… → $8.32.
    let capped = facts.replace("[deal]\n", "[deal]\nlawful_rate_cap = 0.12\n");
    let out = run(&capped, "2002-11-10");
    assert_eq!(amount(obligation(&out, "pay_late_fee")), Some(dec("8.32")));
}

/// 5(a)(iv). 12,000,000 shares outstanding; the holder owns 550,000. At the Conversion Price
/// of $1.03 a share of Preferred Stock gives 1000/1.03 = 970.8737… shares. The most shares x
/// with (550,000 + x) ≤ 4.999% × (12,000,000 + x) is (599,880 − 550,000)/0.95001 = 52,504.71,
/// which 54 shares of Preferred Stock stay within (54 × 970.87… = 52,427.18; 55 would bring
/// the holding to 5.006%). 54 of the 100 tendered convert: 52,427 shares and 0.18 in cash;
/// the other 46 are the holder's to keep for later or have returned.
#[test]
fn beneficial_ownership_limit_cuts_a_conversion() {
    let holder = format!(
        "[[holder]]\nname = \"{STONESTREET}\"\npreferred_shares = 1000\ncommon_owned = 550000\n"
    );
    let facts = deal("", &holder, &conversion(STONESTREET, "2002-10-15", 100));
    let out = run(&facts, "2002-10-16");
    let deliver = obligation(&out, "deliver_conversion_shares");
    assert_eq!(amount(deliver), Some(dec("52427")));
    let excess = out
        .rights
        .iter()
        .find(|r| r.id.starts_with("keep_or_return_excess_preferred#"))
        .expect("the holder's option on the excess");
    assert_eq!(excess.amount.as_ref().map(|a| a.text.as_str()), Some("46"));
    assert_eq!(excess.status, RightStatus::Available);
    // The explanation names the rule that prevailed.
    let text = format!("{:?}", deliver.explanation);
    assert!(text.contains("the rule of 5(a)(iv) applies"), "{text}");
    // Dividends are on the shares converted: 4% × $1,000 × 134/360 × 54 = $804.00.
    assert_eq!(
        amount(obligation(&out, "pay_cash_dividend")),
        Some(dec("804.00"))
    );
}

/// 5(a)(v), two holders of 600 and 400 shares of Preferred Stock. 1,000,000 shares outstanding
/// at the First Closing: the Maximum Aggregate Share Amount is 199,990, shared 119,994 and
/// 79,996. On 2002-10-15 ($1.03, 970.87… shares per share of Preferred Stock) the first
/// converts 100 (97,087.38 shares, within its part) and the second 100 (97,087.38 > 79,996:
/// 79,996/970.87… = 82.39, so 82 convert, 79,611.65 shares; 18 may be redeemed). On
/// 2002-10-22 the Conversion Price is $0.98 (85% of the average of the 5 lowest VWAPs of
/// 2002-09-09 … 2002-10-21, 0.983807, below the Set Price of $1.29), 1,020.41… shares per
/// share; the first holder has 119,994 − 97,087.38 = 22,906.62 left, 22.45 shares of
/// Preferred Stock: 22 convert, 22,448.98 shares, and 78 of its 100 may be redeemed.
#[test]
fn aggregate_limit_shared_ratably_by_two_holders() {
    let holders = "[[holder]]\nname = \"A\"\npreferred_shares = 600\n\n[[holder]]\nname = \"B\"\npreferred_shares = 400\n";
    let facts = format!(
        "[deal]\noriginal_issue_date = 2002-06-03\nfirst_closing_date = 2002-06-03\n\
         dividend_election = \"cash\"\ncommon_outstanding = 100_000_000\n\
         common_outstanding_at_first_closing = 1_000_000\nauthorized_unissued_unreserved = 30_000_000\n\
         listed_on = \"NSM\"\nregistration_effective_date = 2002-03-01\n\n{holders}\n{}{}{}",
        conversion("A", "2002-10-15", 100),
        conversion("B", "2002-10-15", 100),
        conversion("A", "2002-10-22", 100),
    );
    let out = run(&facts, "2002-10-23");
    let delivered: Vec<(String, Option<rust_decimal::Decimal>)> = out
        .obligations
        .iter()
        .filter(|o| o.id.starts_with("deliver_conversion_shares#"))
        .map(|o| (o.obligee.id.clone(), amount(o)))
        .collect();
    assert_eq!(
        delivered,
        vec![
            ("A".to_owned(), Some(dec("97087"))),
            ("B".to_owned(), Some(dec("79611"))),
            ("A".to_owned(), Some(dec("22448"))),
        ]
    );
    let redeem: Vec<(String, Option<String>)> = out
        .rights
        .iter()
        .filter(|r| r.id.starts_with("redeem_excess_preferred#"))
        .map(|r| {
            (
                r.holder.id.clone(),
                r.amount.as_ref().map(|a| a.text.clone()),
            )
        })
        .collect();
    assert_eq!(
        redeem,
        vec![
            ("B".to_owned(), Some("18".to_owned())),
            ("A".to_owned(), Some("78".to_owned())),
        ]
    );
    // 5(a)(vi)(C): where the aggregate limit binds, the holder may take cash instead.
    assert!(out.rights.iter().any(|r| r.id == "cash_in_lieu#2"));
}

/// 5(b)(iii), the document's own example. 3 shares of Preferred Stock converted on 2003-03-14
/// at the Floor Price of $0.75: 3 × $1,000 / $0.75 = 4,000 shares, due 2003-03-19, not
/// delivered. On 2003-03-20 the holder buys 4,000 shares for $11,000 to cover a sale when the
/// market price was $2.50: the shares it was entitled to were worth 4,000 × $2.50 = $10,000,
/// so the Company owes $11,000 − $10,000 = $1,000, due 7 days after the Buy-In.
#[test]
fn buy_in_example_from_the_text() {
    let buy_in = "[[event]]\ntype = \"buy_in\"\nholder = \"Stonestreet L.P.\"\nconversion_date = 2003-03-14\ndate = 2003-03-20\ntotal_purchase_price = 11000\nmarket_price = 2.50\n\n";
    let facts = deal(
        "",
        &one_holder(),
        &(conversion(STONESTREET, "2003-03-14", 3) + buy_in),
    );
    let out = run(&facts, "2003-03-31");
    assert_eq!(
        amount(obligation(&out, "deliver_conversion_shares")),
        Some(dec("4000"))
    );
    let buy = obligation(&out, "pay_buy_in");
    assert_eq!(amount(buy), Some(dec("1000.00")));
    assert_eq!(buy.due, Some("2003-03-27".parse().unwrap()));
    assert_eq!(buy.status, Status::Overdue);
}

/// 5(h): a fax before 6:30 p.m. New York time is given that day, after it the next day. In
/// December New York is UTC−5 (EST), in July UTC−4 (EDT): 23:29Z is 6:29 p.m. in winter, and
/// 22:29Z is 6:29 p.m. in summer. A notice without a `date` takes effect when deemed given.
#[test]
fn notices_deemed_given_before_and_after_six_thirty_new_york_time() {
    let cases = [
        ("2002-12-02T23:29:00Z", "2002-12-02"), // winter, 6:29 p.m. EST
        ("2002-12-02T23:31:00Z", "2002-12-03"), // winter, 6:31 p.m. EST
        ("2002-07-01T22:29:00Z", "2002-07-01"), // summer, 6:29 p.m. EDT
        ("2002-07-01T22:31:00Z", "2002-07-02"), // summer, 6:31 p.m. EDT
        ("2002-07-01T23:29:00Z", "2002-07-02"), // summer, 7:29 p.m. EDT (6:29 p.m. in EST terms)
        ("2002-07-01T18:29:00", "2002-07-01"),  // New York local time as written
    ];
    for (sent_at, expected) in cases {
        let notice = format!(
            "[[event]]\ntype = \"conversion_notice\"\nholder = \"{STONESTREET}\"\nsent_at = {sent_at}\npreferred_shares = 10\n"
        );
        let facts = temp_file("facts.toml", &deal("", &one_holder(), &notice));
        let out = eval_with(
            &facts,
            &scenario("market.csv"),
            "2002-12-31",
            &["Conversion Date"],
        );
        let value = out.values.first().and_then(|v| v.value.exact());
        assert_eq!(value.as_deref(), Some(expected), "sent at {sent_at}");
    }
}

/// Section 4. Two holders of 600 and 400 shares of Preferred Stock, no conversions; a
/// Liquidation on 2002-12-02, 182 days after the Original Issue Date: Stated Value $1,000 +
/// 4% × $1,000 × 182/360 = $1,020.2222…; full preferences $612,133.33 and $408,088.89, in all
/// $1,020,222.22. With $500,000 available each gets its ratable part, rounded down to the
/// cent: 500,000 × 612,133.33/1,020,222.22 = $299,999.99 and 500,000 × 408,088.89/1,020,222.22
/// = $200,000.00 (one cent stays undistributed).
#[test]
fn liquidation_short_of_assets_is_ratable() {
    let holders = "[[holder]]\nname = \"A\"\npreferred_shares = 600\n\n[[holder]]\nname = \"B\"\npreferred_shares = 400\n";
    let liquidation =
        "[[event]]\ntype = \"liquidation\"\ndate = 2002-12-02\nassets_available = 500000\n";
    let facts = deal("", holders, liquidation);
    let out = run(&facts, "2002-12-31");
    let paid: Vec<(String, Option<rust_decimal::Decimal>)> = out
        .obligations
        .iter()
        .filter(|o| o.id.starts_with("pay_liquidation_preference#"))
        .map(|o| (o.obligee.id.clone(), amount(o)))
        .collect();
    assert_eq!(
        paid,
        vec![
            ("A".to_owned(), Some(dec("299999.99"))),
            ("B".to_owned(), Some(dec("200000.00"))),
        ]
    );
    // With enough assets each holder gets its full preference.
    let rich = facts.replace("assets_available = 500000", "assets_available = 2000000");
    let out = run(&rich, "2002-12-31");
    let a = obligation(&out, "pay_liquidation_preference");
    assert_eq!(amount(a), Some(dec("612133.33")));
}

/// Two Conversion Notices by one holder on one day are two conversions, each performed by its
/// own certificates: the delivery of 2002-10-17 performs the first (on time: the deadline is
/// 2002-10-18), the delivery of 2002-10-23 the second (late). Neither delivery is left over.
#[test]
fn two_conversions_of_one_day_are_performed_by_two_deliveries() {
    let facts = deal(
        "",
        &one_holder(),
        &(conversion(STONESTREET, "2002-10-15", 100)
            + &conversion(STONESTREET, "2002-10-15", 100)
            + &delivery(STONESTREET, "2002-10-15", "2002-10-17")
            + &delivery(STONESTREET, "2002-10-15", "2002-10-23")),
    );
    let out = run(&facts, "2002-10-31");
    let statuses: Vec<Status> = out
        .obligations_of("deliver_conversion_shares")
        .map(|o| o.status)
        .collect();
    assert_eq!(statuses, vec![Status::Fulfilled, Status::FulfilledLate]);
}
