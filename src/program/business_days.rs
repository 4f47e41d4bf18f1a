//! The Business Days a clause folder declares, in the section that defines the term:
//! `business days are weekdays except the holidays in "ny-bank-holidays.csv",
//! "ca-bank-holidays.csv"`. A Business Day is a Monday to Friday that is in none of the lists
//! ("a day on which banks in New York or California are authorized to close" is a holiday of
//! either list). Business Days have nothing to do with the market file: they are not Trading
//! Days.
//!
//! Invariant: each list covers whole calendar years — from 1 January of the year of its first
//! holiday through 31 December of the year of its last, every year in between listing at least
//! one (checked when the list is read). Whether a weekday outside a list's years is a Business
//! Day is not known: every question here answers [`NotCovered`] for it, never a guess. A
//! Saturday or Sunday is never a Business Day, covered or not.

use chrono::{Datelike, NaiveDate, Weekday};

use super::types::SectionId;
use crate::source::Span;

/// `business days are weekdays except the holidays in …`, checked, with its lists read.
#[derive(Debug, Clone, PartialEq)]
pub struct BusinessCalendar {
    /// The section it is written in (the one that defines "Business Day").
    pub section: SectionId,
    /// Its document (an index into `Program::documents`): the one whose rules it serves.
    pub document: usize,
    /// How explanations cite that section: `1 "Business Day"`.
    pub cited: String,
    pub lists: Vec<HolidayList>,
    /// The declaration in its clause file.
    pub span: Span,
}

/// One holiday list: a CSV file of the clause folder.
#[derive(Debug, Clone, PartialEq)]
pub struct HolidayList {
    /// The file's name as the declaration writes it: `ny-bank-holidays.csv`.
    pub file: String,
    /// In date order, each date once.
    pub holidays: Vec<Holiday>,
    /// The first and the last day the list covers: whole calendar years.
    pub covers: (NaiveDate, NaiveDate),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub date: NaiveDate,
    /// The list's `name` column, when it has one: `Thanksgiving Day`.
    pub name: Option<String>,
}

/// A weekday that a holiday list does not cover: whether it is a Business Day is not known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotCovered {
    pub day: NaiveDate,
    pub file: String,
    pub covers: (NaiveDate, NaiveDate),
}

impl NotCovered {
    /// Why a computation that needs the day is undetermined.
    pub fn reason(&self) -> String {
        format!(
            "whether {} is a Business Day is not known: the holiday list `{}` covers {} through {}",
            self.day, self.file, self.covers.0, self.covers.1
        )
    }
}

/// A weekday that is not a Business Day, and the lists that make it a holiday.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassedOver {
    pub date: NaiveDate,
    /// Each list that has the day, with the holiday's name there if it has one.
    pub holidays: Vec<(String, Option<String>)>,
}

impl PassedOver {
    /// `2002-11-28 (Thanksgiving Day: ny-bank-holidays.csv, ca-bank-holidays.csv)`.
    pub fn describe(&self) -> String {
        let mut names: Vec<&str> = Vec::new();
        for (_, name) in &self.holidays {
            if let Some(n) = name
                && !names.contains(&n.as_str())
            {
                names.push(n);
            }
        }
        let files: Vec<&str> = self.holidays.iter().map(|(f, _)| f.as_str()).collect();
        if names.is_empty() {
            format!("{} ({})", self.date, files.join(", "))
        } else {
            format!(
                "{} ({}: {})",
                self.date,
                names.join(" / "),
                files.join(", ")
            )
        }
    }
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

impl BusinessCalendar {
    /// Whether `day` is a Business Day: `Ok(None)` if it is, `Ok(Some(holiday))` for a weekday
    /// on a list, and for a Saturday or Sunday `Ok(Some(..))` with no list.
    pub fn holiday(&self, day: NaiveDate) -> Result<Option<PassedOver>, NotCovered> {
        if is_weekend(day) {
            return Ok(Some(PassedOver {
                date: day,
                holidays: Vec::new(),
            }));
        }
        let mut holidays = Vec::new();
        for list in &self.lists {
            let (from, to) = list.covers;
            if day < from || day > to {
                return Err(NotCovered {
                    day,
                    file: list.file.clone(),
                    covers: list.covers,
                });
            }
            if let Ok(i) = list.holidays.binary_search_by_key(&day, |h| h.date)
                && let Some(h) = list.holidays.get(i)
            {
                holidays.push((list.file.clone(), h.name.clone()));
            }
        }
        Ok((!holidays.is_empty()).then_some(PassedOver {
            date: day,
            holidays,
        }))
    }

    /// The `n`th Business Day after `day` (or before it), `day` itself not counted; `day` for
    /// `n` = 0. With it, the holidays (weekdays only) passed over on the way.
    pub fn shift(
        &self,
        day: NaiveDate,
        n: u32,
        after: bool,
    ) -> Result<(NaiveDate, Vec<PassedOver>), NotCovered> {
        let mut passed = Vec::new();
        let mut at = day;
        let mut left = n;
        while left > 0 {
            let next = if after { at.succ_opt() } else { at.pred_opt() };
            // The ends of chrono's calendar are far outside any list.
            let Some(next) = next else {
                return Err(self.outside(at));
            };
            at = next;
            match self.holiday(at)? {
                None => left -= 1,
                Some(h) if h.holidays.is_empty() => {}
                Some(h) => passed.push(h),
            }
        }
        Ok((at, passed))
    }

    /// The Business Days after `from` and before `to` (or through it), in order, with the
    /// holidays (weekdays only) among the days between.
    pub fn between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        inclusive: bool,
    ) -> Result<(Vec<NaiveDate>, Vec<PassedOver>), NotCovered> {
        let mut days = Vec::new();
        let mut passed = Vec::new();
        for d in from.iter_days().skip(1) {
            if d > to || (d == to && !inclusive) {
                break;
            }
            match self.holiday(d)? {
                None => days.push(d),
                Some(h) if h.holidays.is_empty() => {}
                Some(h) => passed.push(h),
            }
        }
        Ok((days, passed))
    }

    /// "under 1 "Business Day" (business days are weekdays except the holidays in
    /// ny-bank-holidays.csv, ca-bank-holidays.csv)".
    pub fn describe(&self) -> String {
        let files: Vec<&str> = self.lists.iter().map(|l| l.file.as_str()).collect();
        format!(
            "under {} (business days are weekdays except the holidays in {})",
            self.cited,
            files.join(", ")
        )
    }

    /// The list that does not cover `day` (the first that does not), for a day past the end of
    /// chrono's calendar.
    fn outside(&self, day: NaiveDate) -> NotCovered {
        let list = self
            .lists
            .iter()
            .find(|l| day < l.covers.0 || day > l.covers.1)
            .or(self.lists.first());
        NotCovered {
            day,
            file: list.map(|l| l.file.clone()).unwrap_or_default(),
            covers: list.map_or((day, day), |l| l.covers),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails by panicking")]

    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn list(file: &str, days: &[(&str, &str)], covers: (&str, &str)) -> HolidayList {
        HolidayList {
            file: file.to_owned(),
            holidays: days
                .iter()
                .map(|(day, name)| Holiday {
                    date: d(day),
                    name: Some((*name).to_owned()),
                })
                .collect(),
            covers: (d(covers.0), d(covers.1)),
        }
    }

    fn calendar() -> BusinessCalendar {
        let mut sections = crate::program::ids::Arena::default();
        let section = sections.alloc(crate::program::SectionInfo {
            document: 0,
            number: "1".to_owned(),
            title: "Business Day".to_owned(),
            quote: None,
            interpretations: Vec::new(),
            not_computable: None,
            quoted: Vec::new(),
            span: Span::default(),
        });
        BusinessCalendar {
            section,
            document: 0,
            cited: "1 \"Business Day\"".to_owned(),
            lists: vec![
                list(
                    "ny.csv",
                    &[
                        ("2002-11-11", "Veterans Day"),
                        ("2002-11-28", "Thanksgiving Day"),
                    ],
                    ("2002-01-01", "2002-12-31"),
                ),
                list(
                    "ca.csv",
                    &[
                        ("2002-11-28", "Thanksgiving Day"),
                        ("2002-11-29", "Day After Thanksgiving"),
                    ],
                    ("2002-01-01", "2002-12-31"),
                ),
            ],
            span: Span::default(),
        }
    }

    #[test]
    fn five_business_days_over_thanksgiving() {
        // Fri 11-22; Mon 25, Tue 26, Wed 27 (3); Thu 28 and Fri 29 holidays; Mon 12-02 (4),
        // Tue 12-03 (5).
        let (day, passed) = calendar().shift(d("2002-11-22"), 5, true).unwrap();
        assert_eq!(day, d("2002-12-03"));
        let dates: Vec<NaiveDate> = passed.iter().map(|p| p.date).collect();
        assert_eq!(dates, vec![d("2002-11-28"), d("2002-11-29")]);
        assert_eq!(
            passed[0].describe(),
            "2002-11-28 (Thanksgiving Day: ny.csv, ca.csv)"
        );
    }

    #[test]
    fn one_business_day_before_a_monday_after_a_holiday() {
        // Mon 12-02: Sun, Sat, Fri 29 (CA), Thu 28 (both) passed over; Wed 11-27.
        let (day, _) = calendar().shift(d("2002-12-02"), 1, false).unwrap();
        assert_eq!(day, d("2002-11-27"));
        // A holiday of one list only (Veterans Day, New York) is not a Business Day.
        let (day, _) = calendar().shift(d("2002-11-08"), 1, true).unwrap();
        assert_eq!(day, d("2002-11-12"));
    }

    #[test]
    fn days_between_count_the_last_with_through() {
        let (days, passed) = calendar()
            .between(d("2002-11-26"), d("2002-12-02"), true)
            .unwrap();
        assert_eq!(days, vec![d("2002-11-27"), d("2002-12-02")]);
        assert_eq!(passed.len(), 2);
        let (days, _) = calendar()
            .between(d("2002-11-26"), d("2002-12-02"), false)
            .unwrap();
        assert_eq!(days, vec![d("2002-11-27")]);
    }

    #[test]
    fn a_weekday_past_the_lists_is_not_known() {
        // Tue 2002-12-31 is covered; Wed 2003-01-01 is not.
        let err = calendar().shift(d("2002-12-30"), 2, true).unwrap_err();
        assert_eq!(err.day, d("2003-01-01"));
        assert_eq!(
            err.reason(),
            "whether 2003-01-01 is a Business Day is not known: the holiday list `ny.csv` \
             covers 2002-01-01 through 2002-12-31"
        );
        // A weekend outside the lists is known not to be one.
        assert!(calendar().holiday(d("2003-01-04")).unwrap().is_some());
    }
}
