//! A generated portfolio for scaling tests and benchmarks: `holders` holders of the Series A
//! Preferred and `conversions` conversions among them, spread over the trading days of
//! `tests/scenarios/portfolio-market.csv` (Mitek Systems, 2002–2004, 756 rows; VWAP proxied
//! by the typical price), each delivered on time. Shared by `tests/cli.rs` and the benches
//! (`#[path]`), so both measure the same thing.

use std::fmt::Write as _;

/// The market file the portfolio is evaluated on.
pub const PORTFOLIO_MARKET: &str = "tests/scenarios/portfolio-market.csv";

/// The facts file (TOML) of the portfolio. Conversion `k` is by holder `k % holders`, of one
/// share of Preferred Stock, on the trading day `40 + k × 700 / conversions` of the market
/// file (so every 30-day window has its rows), with its certificates delivered the next
/// trading day. The limits of 5(a)(iv) and (v) do not bind: the Common Stock outstanding is
/// large.
pub fn portfolio(holders: usize, conversions: usize, market_dates: &[String]) -> String {
    let mut s = String::from(
        "[deal]\noriginal_issue_date = 2002-01-10\nfirst_closing_date = 2002-01-10\n\
         common_outstanding = 10_000_000_000\ncommon_outstanding_at_first_closing = 10_000_000_000\n\
         authorized_unissued_unreserved = 100_000_000_000\nlisted_on = \"NSM\"\n\
         registration_effective_date = 2002-01-02\ndividend_election = \"cash\"\n\n",
    );
    let per_holder = conversions / holders.max(1) + 1;
    for h in 0..holders {
        let _ = write!(
            s,
            "[[holder]]\nname = \"Holder {h}\"\npreferred_shares = {per_holder}\n\n"
        );
    }
    for k in 0..conversions {
        let day = 40 + k * 700 / conversions.max(1);
        let date = &market_dates[day];
        let next = &market_dates[day + 1];
        let holder = k % holders.max(1);
        let _ = write!(
            s,
            "[[event]]\ntype = \"conversion_notice\"\nholder = \"Holder {holder}\"\ndate = {date}\npreferred_shares = 1\n\n\
             [[event]]\ntype = \"certificates_delivered\"\nholder = \"Holder {holder}\"\nconversion_date = {date}\ndate = {next}\n\n"
        );
    }
    s
}

/// The dates of the market file, in order.
pub fn market_dates(market_csv: &str) -> Vec<String> {
    market_csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .map(str::to_owned)
        .collect()
}
