//! Which column of a market file stands for each series the clauses read, and named proxies
//! for a series the file lacks. Real files name their columns their own way (`Date`, `Close`,
//! `adjusted_close`, `Adj Close`) and most have no VWAP: a column is matched by its series'
//! name without regard to case; anything else is used only when it is named — a column by its
//! header, or `typical`, (high + low + close) / 3 of the row. Nothing is guessed: a series with
//! no column and no mapping is an error that lists what may stand in for it.

use rust_decimal::Decimal;

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

/// How to read a market file: the series the user mapped, by name (a series not mapped is read
/// from its own column), the exchange calendar its rows are checked against, if one is named,
/// and the first date read, if the file is read from a date on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    /// `(series, source)`: the series by its name in the clauses (`vwap`, or a declared `bid`).
    pub series: Vec<(String, Source)>,
    /// `NYSE`: every session of the calendar between the first and last rows read must have a
    /// row.
    pub calendar: Option<String>,
    /// `[market] from = 2002-03-01`: rows dated before it are not read (each must still be
    /// readable); nor is the calendar checked before it. A window that reaches before
    /// it is an error naming the rows it needs, as before the file's first row.
    pub from: Option<chrono::NaiveDate>,
}

impl Mapping {
    /// What stands for the series `name`: its mapping, or the column of its name.
    pub fn source(&self, name: &str) -> Source {
        self.series
            .iter()
            .find(|(s, _)| s == name)
            .map_or_else(|| Source::Column(name.to_owned()), |(_, src)| src.clone())
    }

    /// Whether the series `name` is read from something other than its own column.
    pub fn stand_in(&self, name: &str) -> Option<&Source> {
        self.series
            .iter()
            .find(|(s, src)| s == name && *src != Source::Column(name.to_owned()))
            .map(|(_, src)| src)
    }

    /// Parse `vwap=typical` (the command line's form). The series' name is checked against
    /// the clauses when the market file is read for them.
    pub fn parse_pair(text: &str) -> Result<(String, Source), String> {
        let Some((name, source)) = text.split_once('=') else {
            return Err(format!(
                "`{text}` is not SERIES=SOURCE; write e.g. vwap=typical or close=Close"
            ));
        };
        let name = name.trim();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!(
                "`{name}` is not a market series; the series are close, vwap, low, volume and \
                 those the clauses declare"
            ));
        }
        Ok((name.to_owned(), Source::parse(source.trim())))
    }
}
