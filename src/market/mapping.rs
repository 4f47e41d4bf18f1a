//! Which column of a market file stands for each series the clauses read, and named proxies
//! for a series the file lacks. Real files name their columns their own way (`Date`, `Close`,
//! `adjusted_close`, `Adj Close`) and most have no VWAP: a column is matched by its series'
//! name without regard to case; anything else is used only when it is named — a column by its
//! header, or `typical`, (high + low + close) / 3 of the row. Nothing is guessed: a series with
//! no column and no mapping is an error that lists what may stand in for it.

use rust_decimal::Decimal;

use crate::program::Series;

/// What stands for one series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The column with this header (case ignored): `close`, `Adj Close`.
    Column(String),
    /// (high + low + close) / 3 of the row: a common stand-in for a day's VWAP.
    Typical,
}

impl Source {
    /// As the scenario's `[market]` table or `--market-series` writes it.
    pub fn parse(text: &str) -> Source {
        if text.eq_ignore_ascii_case("typical") {
            Source::Typical
        } else {
            Source::Column(text.to_owned())
        }
    }

    /// As explanations name it.
    pub fn describe(&self) -> String {
        match self {
            Source::Column(c) => format!("the `{c}` column"),
            Source::Typical => "the typical price, (high + low + close) / 3".to_owned(),
        }
    }

    /// The columns it reads.
    pub(super) fn columns(&self) -> Vec<&str> {
        match self {
            Source::Column(c) => vec![c.as_str()],
            Source::Typical => vec!["high", "low", "close"],
        }
    }

    /// Its value from the values of its columns, in the order of `columns`.
    pub(super) fn value(&self, values: &[Decimal]) -> Option<Decimal> {
        match (self, values) {
            (Source::Column(_), [v]) => Some(*v),
            (Source::Typical, [h, l, c]) => h
                .checked_add(*l)?
                .checked_add(*c)?
                .checked_div(Decimal::from(3))
                .map(|v| v.round_dp(6)),
            _ => None,
        }
    }
}

/// How to read a market file: the series the user mapped (a series not mapped is read from its
/// own column), the exchange calendar its rows are checked against, if one is named, and the
/// first date read, if the file is read from a date on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    pub series: Vec<(Series, Source)>,
    /// `NYSE`: every session of the calendar between the first and last rows read must have a
    /// row.
    pub calendar: Option<String>,
    /// `[market] from = 2002-03-01`: rows dated before it are not read (each must still be
    /// readable); nor is the calendar checked before it. A window that reaches before
    /// it is an error naming the rows it needs, as before the file's first row.
    pub from: Option<chrono::NaiveDate>,
}

impl Mapping {
    /// What stands for `series`: its mapping, or the column of its name.
    pub fn source(&self, series: Series) -> Source {
        self.series.iter().find(|(s, _)| *s == series).map_or_else(
            || Source::Column(series.name().to_owned()),
            |(_, src)| src.clone(),
        )
    }

    /// Whether `series` is read from something other than its own column.
    pub fn stand_in(&self, series: Series) -> Option<&Source> {
        self.series
            .iter()
            .find(|(s, src)| *s == series && *src != Source::Column(series.name().to_owned()))
            .map(|(_, src)| src)
    }

    /// Parse `vwap=typical` (the command line's form).
    pub fn parse_pair(text: &str) -> Result<(Series, Source), String> {
        let Some((name, source)) = text.split_once('=') else {
            return Err(format!(
                "`{text}` is not SERIES=SOURCE; write e.g. vwap=typical or close=Close"
            ));
        };
        let series = Series::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(_, s)| *s)
            .ok_or_else(|| {
                format!(
                    "`{}` is not a market series; the series are close, vwap, low, volume",
                    name.trim()
                )
            })?;
        Ok((series, Source::parse(source.trim())))
    }
}
