//! Moments of the facts file in New York time (5(h): "6:30 p.m. (New York City time)").
//!
//! A moment written without an offset (`2002-10-15T18:29:00`) is New York local time; one with
//! an offset or `Z` (`2002-10-15T22:29:00Z`) is converted to New York time with the tz database,
//! daylight saving included. A local time that does not exist (the hour skipped when clocks go
//! forward) or that occurs twice (the hour repeated when they go back) is an error: the
//! scenario must then give the offset.

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone};
use chrono_tz::America::New_York;

/// The New York local time of `text`, or why it is not one.
pub fn new_york(text: &str) -> Result<NaiveDateTime, String> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(&text.replace(' ', "T")) {
        return Ok(t.with_timezone(&New_York).naive_local());
    }
    let local = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    .ok_or_else(|| {
        "not a date and time; write it as 2002-10-15T18:29:00 (New York time) or with an \
             offset, 2002-10-15T22:29:00Z"
            .to_owned()
    })?;
    match New_York.from_local_datetime(&local) {
        LocalResult::Single(_) => Ok(local),
        LocalResult::None => Err(format!(
            "{local} did not happen in New York (clocks went forward); give the offset, e.g. {}-04:00",
            local.format("%Y-%m-%dT%H:%M:%S")
        )),
        LocalResult::Ambiguous(a, b) => Err(format!(
            "{local} happened twice in New York (clocks went back): write {} or {}",
            a.to_rfc3339(),
            b.to_rfc3339()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::new_york;

    fn at(s: &str) -> String {
        new_york(s).map(|t| t.to_string()).unwrap_or_else(|e| e)
    }

    #[test]
    fn utc_becomes_new_york_time_in_winter_and_in_summer() {
        // EST is UTC−5 in December, EDT is UTC−4 in July.
        assert_eq!(at("2002-12-02T23:29:00Z"), "2002-12-02 18:29:00");
        assert_eq!(at("2003-07-01T22:29:00Z"), "2003-07-01 18:29:00");
        assert_eq!(at("2003-07-01T18:29:00-04:00"), "2003-07-01 18:29:00");
        assert_eq!(at("2002-10-15T18:29:00"), "2002-10-15 18:29:00");
    }

    #[test]
    fn skipped_and_repeated_hours_are_errors() {
        // 6 April 2003: 2:00 a.m. EST became 3:00 a.m. EDT; 26 October 2003: 2:00 EDT → 1:00 EST.
        assert!(at("2003-04-06T02:30:00").contains("did not happen"));
        assert!(at("2003-10-26T01:30:00").contains("happened twice"));
        assert!(at("yesterday").contains("not a date and time"));
    }
}
