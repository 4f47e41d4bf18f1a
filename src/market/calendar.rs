//! Exchange calendars: the sessions an exchange held, against which a market file is checked.
//! A weekday session with no row in the file is a gap in the data, reported, not silently
//! taken as a day the stock did not trade. The NYSE calendar for 2002–2004 (756 sessions; the
//! Nasdaq's are the same) is built in, from `calendars/nyse-2002-2004.csv`.

use chrono::NaiveDate;

/// The calendars proviso knows, by the name a scenario or `--calendar` gives.
pub const NAMES: [&str; 1] = ["NYSE"];

/// The sessions of a known calendar (name compared without regard to case), in date order;
/// `None` for a name proviso does not know.
pub fn sessions(name: &str) -> Option<Vec<NaiveDate>> {
    if !name.eq_ignore_ascii_case("NYSE") {
        return None;
    }
    Some(
        include_str!("calendars/nyse-2002-2004.csv")
            .lines()
            .skip(1)
            .filter_map(|l| NaiveDate::parse_from_str(l.trim(), "%Y-%m-%d").ok())
            .collect(),
    )
}

/// The first and last session of a calendar: the years it covers.
pub fn covers(sessions: &[NaiveDate]) -> Option<(NaiveDate, NaiveDate)> {
    Some((*sessions.first()?, *sessions.last()?))
}
