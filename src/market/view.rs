//! A view of the market rows — the whole file, or the rows up to a date — and the questions
//! the evaluator asks of it, each answered by binary search on the dates.

use chrono::NaiveDate;

use super::Row;

/// Rows of a market file, in date order, with the file's name for messages.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    pub name: &'a str,
    pub rows: &'a [Row],
}

impl<'a> View<'a> {
    pub fn first(self) -> Option<&'a Row> {
        self.rows.first()
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

    /// Weekdays between two rows' dates (inclusive) with no row: holidays and halts.
    pub fn weekdays_without_rows(self, rows: &[Row]) -> Vec<NaiveDate> {
        use chrono::Datelike;
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut d = first.date;
        while d < last.date {
            let weekday = d.weekday().number_from_monday() <= 5;
            if weekday && self.on(d).is_none() {
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
