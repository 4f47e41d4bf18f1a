//! A view of the market's Trading Days — the whole file, or the rows up to a date — and the
//! questions the evaluator asks of it, each answered by binary search on the dates. The rows
//! of the file that are not Trading Days under the clause folder's rule are beside them, so an
//! explanation can say which days a window, a deadline or a fallback passed over, and why.

use chrono::NaiveDate;

use super::Row;
use crate::program::TradingDayRule;

/// Trading Days of a market file, in date order, with the file's name for messages.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    pub name: &'a str,
    pub rows: &'a [Row],
    /// The rows of the file in the same span that are not Trading Days under `rule`.
    pub not_trading: &'a [Row],
    pub rule: Option<&'a TradingDayRule>,
}

impl<'a> View<'a> {
    pub fn first(self) -> Option<&'a Row> {
        self.rows.first()
    }

    /// The date of the file's first row, a Trading Day or not: where the file starts.
    pub fn first_date(self) -> Option<NaiveDate> {
        match (self.rows.first(), self.not_trading.first()) {
            (Some(a), Some(b)) => Some(a.date.min(b.date)),
            (a, b) => a.or(b).map(|r| r.date),
        }
    }

    pub fn last(self) -> Option<&'a Row> {
        self.rows.last()
    }

    /// Index of the first row on or after `date`.
    fn lower_bound(self, date: NaiveDate) -> usize {
        self.rows.partition_point(|r| r.date < date)
    }

    pub fn on(self, date: NaiveDate) -> Option<&'a Row> {
        let i = self.lower_bound(date);
        self.rows.get(i).filter(|r| r.date == date)
    }

    /// The row of `date`, or of the nearest date before it that has one.
    pub fn on_or_before(self, date: NaiveDate) -> Option<&'a Row> {
        let i = self.rows.partition_point(|r| r.date <= date);
        i.checked_sub(1).and_then(|j| self.rows.get(j))
    }

    /// The row of `date`, or of the nearest date before it, that `has` (a declared series'
    /// value: a row whose cell is empty is passed over).
    pub fn on_or_before_where(
        self,
        date: NaiveDate,
        has: impl Fn(&Row) -> bool,
    ) -> Option<&'a Row> {
        let i = self.rows.partition_point(|r| r.date <= date);
        self.rows.get(..i)?.iter().rev().find(|r| has(r))
    }

    /// The `n` rows immediately before `date` (not including it), oldest first; `Err(k)` when
    /// the file has only `k` such rows.
    pub fn window_before(self, date: NaiveDate, n: usize) -> Result<&'a [Row], usize> {
        let end = self.lower_bound(date);
        match end.checked_sub(n) {
            Some(start) => self.rows.get(start..end).ok_or(end),
            None => Err(end),
        }
    }

    /// The `n`th row after `date` (`n` ≥ 1), or before it; `None` past either end of the file.
    pub fn shift(self, date: NaiveDate, n: usize, after: bool) -> Option<&'a Row> {
        if after {
            let first_after = self.rows.partition_point(|r| r.date <= date);
            self.rows.get(first_after.checked_add(n)?.checked_sub(1)?)
        } else {
            let first_on_or_after = self.lower_bound(date);
            self.rows.get(first_on_or_after.checked_sub(n)?)
        }
    }

    /// The rows of the file dated from `from` through `to` that are not Trading Days.
    pub fn not_trading_between(self, from: NaiveDate, to: NaiveDate) -> &'a [Row] {
        let start = self.not_trading.partition_point(|r| r.date < from);
        let end = self.not_trading.partition_point(|r| r.date <= to);
        self.not_trading.get(start..end).unwrap_or_default()
    }

    /// What an explanation says of the rows of the file between two dates (both counted) that
    /// are not Trading Days: "not Trading Days under 8 "Trading Day" (…): 2002-10-09"; `None`
    /// when there is none.
    pub fn passed_over(self, from: NaiveDate, to: NaiveDate) -> Option<String> {
        let rows = self.not_trading_between(from, to);
        let rule = self.rule?;
        if rows.is_empty() {
            return None;
        }
        let days: Vec<String> = rows.iter().map(|r| r.date.to_string()).collect();
        Some(format!(
            "rows of the market file that are not Trading Days {}, so not counted: {}",
            rule.describe(),
            days.join(", ")
        ))
    }

    /// Weekdays between two rows' dates (inclusive) with no row of the file: holidays and
    /// halts. A row that is not a Trading Day is a row, and is not among them.
    pub fn weekdays_without_rows(self, rows: &[Row]) -> Vec<NaiveDate> {
        use chrono::Datelike;
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut d = first.date;
        while d < last.date {
            let weekday = d.weekday().number_from_monday() <= 5;
            let listed = self.on(d).is_some()
                || self
                    .not_trading
                    .binary_search_by_key(&d, |r| r.date)
                    .is_ok();
            if weekday && !listed {
                out.push(d);
            }
            match d.succ_opt() {
                Some(n) => d = n,
                None => break,
            }
        }
        out
    }
}
