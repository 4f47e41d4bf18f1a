//! Market data: one row per day the file lists, in date order, with the series the clauses read
//! (`close`, `vwap`, `low`, `volume`), each from its own column or from what the user maps to
//! stand for it (`mapping`); optionally checked against an exchange calendar (`calendar`), and
//! read from a date on (`[market] from`).
//!
//! A Trading Day is a row of this file — every row, unless the clause folder says which rows
//! are (`trading days are market rows with volume > 0 shares`, [`TradingDayRule`]): then
//! [`Market::under`] sets the rows that fail it apart, once, and windows, deadlines, lists of
//! days and "on or before" fallbacks count the Trading Days alone. A calendar is checked against
//! every row (a session with a row is not a gap, Trading Day or not).
//! Loading checks the header, every row, and the order of dates, and reports every problem.
//! Prices are parsed as exact decimals from their text.

pub mod calendar;
mod errors;
pub mod mapping;
mod view;

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

pub use errors::MarketError;
pub use mapping::{Mapping, Source};
pub use view::View;

use crate::program::{Program, Series, TradingDayRule};
use crate::source::{FileId, Sources, Span};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub date: NaiveDate,
    pub close: Decimal,
    pub vwap: Decimal,
    pub low: Decimal,
    pub volume: Decimal,
    /// The series the clause folder declares, in the order of their declarations; `None`
    /// where the cell is empty (no quote that day).
    pub declared: Vec<Option<Decimal>>,
    /// 1-based line in the market file, for explanations.
    pub line: usize,
}

impl Row {
    /// The row's value of a series; `None` for a declared series whose cell is empty.
    pub fn get(&self, s: Series) -> Option<Decimal> {
        match s {
            Series::Close => Some(self.close),
            Series::Vwap => Some(self.vwap),
            Series::Low => Some(self.low),
            Series::Volume => Some(self.volume),
            Series::Declared { index, .. } => {
                self.declared.get(usize::from(index)).copied().flatten()
            }
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Market {
    pub name: String,
    /// The Trading Days: every row of the file read, but those `not_trading` sets apart.
    pub rows: Vec<Row>,
    /// The rows of the file that are not Trading Days under `rule`, in date order.
    pub not_trading: Vec<Row>,
    /// The clause folder's rule of Trading Days the rows were sorted by ([`Market::under`]);
    /// `None`: every row is a Trading Day.
    pub rule: Option<TradingDayRule>,
    /// The series read from something other than their own column, as the user mapped them.
    pub mapping: Mapping,
}

impl Market {
    /// Load a market file already added to `sources`, each series from its own column.
    pub fn load(sources: &Sources, file: FileId) -> Result<Market, Vec<MarketError>> {
        Market::load_mapped(sources, file, &Mapping::default())
    }

    /// Load a market file already added to `sources`, the series read as `mapping` says.
    pub fn load_mapped(
        sources: &Sources,
        file: FileId,
        mapping: &Mapping,
    ) -> Result<Market, Vec<MarketError>> {
        Market::load_declared(sources, file, mapping, &[], &[])
    }

    /// Load a market file for `program`: the series it declares besides the four the engine
    /// knows, and none it never reads required of the file.
    pub fn load_for(
        sources: &Sources,
        file: FileId,
        mapping: &Mapping,
        program: &Program,
    ) -> Result<Market, Vec<MarketError>> {
        let read = program.series_read();
        let declared = program.declared_series();
        let unread: Vec<&str> = Series::ALL
            .iter()
            .filter(|(_, s)| !read.contains(s))
            .map(|(n, _)| *n)
            .chain(declared.iter().enumerate().filter_map(|(i, name)| {
                let index = u16::try_from(i).ok()?;
                let used = read
                    .iter()
                    .any(|s| matches!(s, Series::Declared { index: j, .. } if *j == index));
                (!used).then_some(*name)
            }))
            .collect();
        Market::load_declared(sources, file, mapping, &declared, &unread)
    }

    /// Load a market file for clauses that declare the series `declared` besides the four the
    /// engine knows (`market series bid: USD per share`): each read from its column, or as
    /// `mapping` says, an empty cell being no value that day. A series of `unread` (the clauses
    /// never read it) whose column the file lacks, and which is not mapped, is not read: zero in
    /// the row for one of the four, no value for a declared one — never seen by a rule.
    pub fn load_declared(
        sources: &Sources,
        file: FileId,
        mapping: &Mapping,
        declared: &[&str],
        unread: &[&str],
    ) -> Result<Market, Vec<MarketError>> {
        let Some(src) = sources.get(file) else {
            return Ok(Market::default());
        };
        let named = || sources.named(file);
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(src.text.as_bytes());
        let header_len = src.text.find('\n').unwrap_or(src.text.len());
        let header_span = Span::new(file, 0, header_len);
        let headers = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                return Err(vec![MarketError::MalformedRow {
                    row: 1,
                    problem: e.to_string(),
                    help: "the first line is the header date,close,vwap,low,volume".into(),
                    src: named(),
                    span: header_span.into(),
                }]);
            }
        };
        let mut errors = Vec::new();
        let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        let date_index = column("date");
        if date_index.is_none() {
            errors.push(MarketError::MissingColumn {
                column: "date".to_owned(),
                help: "the header names a `date` column (any case), each row's date as YYYY-MM-DD"
                    .to_owned(),
                src: named(),
                span: header_span.into(),
            });
        }
        for (name, _) in &mapping.series {
            let known = Series::ALL
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
                || declared.contains(&name.as_str());
            if !known {
                errors.push(MarketError::UnknownSeries {
                    name: name.clone(),
                    known: known_series(declared),
                    src: named(),
                    span: header_span.into(),
                });
            }
        }
        // For each series, what stands for it and the columns that gives: the four, then the
        // declared ones.
        let mut sources_of: Vec<(Source, Vec<usize>)> = Vec::new();
        let names = Series::ALL
            .iter()
            .map(|(n, _)| *n)
            .chain(declared.iter().copied());
        for name in names {
            let source = mapping.source(name);
            let found: Option<Vec<usize>> = source.columns().iter().map(|c| column(c)).collect();
            let mapped = mapping.series.iter().any(|(s, _)| s == name);
            match found {
                Some(cols) => sources_of.push((source, cols)),
                // Not read by the clauses, not named by the user: no column is needed.
                None if unread.contains(&name) && !mapped => sources_of.push((source, Vec::new())),
                None => errors.push(MarketError::MissingColumn {
                    column: name.to_owned(),
                    help: missing_help(name, &source, &headers),
                    src: named(),
                    span: header_span.into(),
                }),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let date_index = date_index.unwrap_or(0);
        let mut rows: Vec<Row> = Vec::new();
        for record in reader.records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let (line, start) = e
                        .position()
                        .map_or((0, 0), |p| (p.line() as usize, p.byte() as usize));
                    errors.push(MarketError::MalformedRow {
                        row: line,
                        problem: e.to_string(),
                        help: "each row is date,close,vwap,low,volume".into(),
                        src: named(),
                        span: line_span(file, &src.text, start).into(),
                    });
                    continue;
                }
            };
            let (line, start) = record
                .position()
                .map_or((0, 0), |p| (p.line() as usize, p.byte() as usize));
            let span = line_span(file, &src.text, start);
            let bad = |problem: String, help: &str| MarketError::MalformedRow {
                row: line,
                problem,
                help: help.to_owned(),
                src: named(),
                span: span.into(),
            };
            if record.len() != headers.len() {
                errors.push(bad(
                    format!(
                        "{} fields where the header has {}",
                        record.len(),
                        headers.len()
                    ),
                    "each row has one value per column of the header",
                ));
                continue;
            }
            let field = |i: usize| record.get(i).unwrap_or("");
            let date_text = field(date_index);
            let Ok(date) = NaiveDate::parse_from_str(date_text, "%Y-%m-%d") else {
                errors.push(bad(
                    format!("`{date_text}` is not a date"),
                    "write dates as YYYY-MM-DD",
                ));
                continue;
            };
            let mut values: Vec<Option<Decimal>> = Vec::with_capacity(sources_of.len());
            let mut ok = true;
            for (i, (source, cols)) in sources_of.iter().enumerate() {
                // A series not read from the file (`unread`, without its column) has no value.
                if cols.is_empty() {
                    values.push(None);
                    continue;
                }
                // A declared series may have no value on a day: every cell it reads is empty.
                let optional = i >= Series::ALL.len();
                if optional && cols.iter().all(|&c| field(c).is_empty()) {
                    values.push(None);
                    continue;
                }
                let mut read = Vec::with_capacity(cols.len());
                for &col in cols {
                    let name = headers.get(col).unwrap_or("");
                    let text = field(col);
                    match Decimal::from_str(text) {
                        Ok(d) if d.is_sign_negative() => {
                            errors.push(bad(
                                format!("{name} `{text}` is negative"),
                                "prices and volumes are not negative",
                            ));
                            ok = false;
                        }
                        Ok(d) => read.push(d),
                        Err(_) => {
                            let help = if text.is_empty() {
                                "a missing price is a missing row: leave the day out if the stock did not trade"
                            } else {
                                "write prices as plain decimals, e.g. 1.2117"
                            };
                            errors.push(bad(format!("{name} `{text}` is not a number"), help));
                            ok = false;
                        }
                    }
                }
                if ok {
                    match source.value(&read) {
                        Some(x) => values.push(Some(x)),
                        None => {
                            errors.push(bad(
                                format!("{} overflows", source.describe()),
                                "prices are plain decimals of a reasonable size",
                            ));
                            ok = false;
                        }
                    }
                }
            }
            if !ok {
                continue;
            }
            if let Some(prev) = rows.last()
                && date <= prev.date
            {
                errors.push(MarketError::Unsorted {
                    row: line,
                    date: date.to_string(),
                    previous: prev.date.to_string(),
                    relation: if date == prev.date {
                        "repeats"
                    } else {
                        "comes before"
                    },
                    src: named(),
                    span: span.into(),
                });
                continue;
            }
            if mapping.from.is_some_and(|from| date < from) {
                continue;
            }
            let mut values = values.into_iter();
            let mut builtin = || values.next().flatten().unwrap_or_default();
            let (close, vwap, low, volume) = (builtin(), builtin(), builtin(), builtin());
            rows.push(Row {
                date,
                close,
                vwap,
                low,
                volume,
                declared: values.collect(),
                line,
            });
        }
        if errors.is_empty() {
            let stand_ins = Series::ALL
                .iter()
                .map(|(n, _)| *n)
                .chain(declared.iter().copied())
                .filter_map(|n| mapping.stand_in(n).map(|src| (n.to_owned(), src.clone())))
                .collect();
            if let Some(name) = &mapping.calendar {
                gaps(&rows, name, &src.text, file, sources).map_err(|e| vec![e])?;
            }
            Ok(Market {
                name: src.name.clone(),
                rows,
                not_trading: Vec::new(),
                rule: None,
                mapping: Mapping {
                    series: stand_ins,
                    calendar: mapping.calendar.clone(),
                    from: mapping.from,
                },
            })
        } else {
            Err(errors)
        }
    }

    /// The market as a clause folder with `rule` reads it: the rows that fail the rule set
    /// apart from the Trading Days (with no rule, every row is one). Borrowed when it is read
    /// so already — loading inputs for a program does it once (`load_input_files`,
    /// `scenario::load`), so an evaluation does not.
    pub fn under(&self, rule: Option<&TradingDayRule>) -> std::borrow::Cow<'_, Market> {
        if self.rule.as_ref() == rule {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut every: Vec<Row> = self.rows.iter().chain(&self.not_trading).cloned().collect();
        every.sort_by_key(|r| r.date);
        let (rows, not_trading) = match rule {
            Some(rule) => every
                .into_iter()
                .partition(|row| rule.admits(|series| row.get(series).unwrap_or_default())),
            None => (every, Vec::new()),
        };
        std::borrow::Cow::Owned(Market {
            name: self.name.clone(),
            rows,
            not_trading,
            rule: rule.cloned(),
            mapping: self.mapping.clone(),
        })
    }

    /// [`Market::under`], keeping this market when it is read so already.
    pub fn into_under(self, rule: Option<&TradingDayRule>) -> Market {
        if self.rule.as_ref() == rule {
            self
        } else {
            self.under(rule).into_owned()
        }
    }

    /// What an evaluation says of the rows that are not Trading Days: "2 rows of the market
    /// file `m.csv` are not Trading Days under 8 "Trading Day" (…): 2002-03-27, 2002-06-05"
    /// (the file by its name, without its folder); `None` when every row is one.
    pub fn note(&self) -> Option<String> {
        let rule = self.rule.as_ref()?;
        if self.not_trading.is_empty() {
            return None;
        }
        let days: Vec<String> = self
            .not_trading
            .iter()
            .map(|r| r.date.to_string())
            .collect();
        let (count, are) = match self.not_trading.len() {
            1 => ("1 row".to_owned(), "is not a Trading Day"),
            n => (format!("{n} rows"), "are not Trading Days"),
        };
        // The file's name alone: the note is the same wherever the file is read from.
        let file = std::path::Path::new(&self.name)
            .file_name()
            .map_or_else(|| self.name.clone(), |n| n.to_string_lossy().into_owned());
        Some(format!(
            "{count} of the market file `{file}` {are} {}: {}",
            rule.describe(),
            days.join(", ")
        ))
    }

    /// Every Trading Day: the whole file.
    pub fn view(&self) -> View<'_> {
        View {
            name: &self.name,
            rows: &self.rows,
            not_trading: &self.not_trading,
            rule: self.rule.as_ref(),
        }
    }

    /// The Trading Days dated on or before `date`: what is known on that day.
    pub fn up_to(&self, date: NaiveDate) -> View<'_> {
        let known = self.rows.partition_point(|r| r.date <= date);
        let not_known = self.not_trading.partition_point(|r| r.date <= date);
        View {
            name: &self.name,
            rows: self.rows.get(..known).unwrap_or_default(),
            not_trading: self.not_trading.get(..not_known).unwrap_or_default(),
            rule: self.rule.as_ref(),
        }
    }
}

fn line_span(file: FileId, text: &str, start: usize) -> Span {
    let rest = text.get(start..).unwrap_or("");
    let len = rest.find('\n').unwrap_or(rest.len());
    let len = if rest.get(..len).is_some_and(|l| l.ends_with('\r')) {
        len - 1
    } else {
        len
    };
    Span::new(file, start, start + len)
}

/// The series a market file may map: the four, and those the clauses declare.
fn known_series(declared: &[&str]) -> String {
    let mut names: Vec<&str> = Series::ALL.iter().map(|(n, _)| *n).collect();
    names.extend(declared);
    names.join(", ")
}

/// What to say of a series the file has no column for: the columns it has, and what may stand
/// in, never a guess.
fn missing_help(series: &str, source: &Source, headers: &csv::StringRecord) -> String {
    let have: Vec<&str> = headers.iter().collect();
    let have = have.join(", ");
    match source {
        Source::Typical => format!(
            "the typical price needs `high`, `low` and `close` columns; the file has {have}"
        ),
        Source::Column(c) if c != series => {
            format!(
                "the mapping reads {series} from `{c}`, which the file does not have: it has {have}"
            )
        }
        Source::Column(_) => format!(
            "the file has {have}. Say what stands for {series}: in the scenario, `[market]` \
             `{series} = \"typical\"` ((high + low + close) / 3) or `{series} = \"close\"` (or \
             any column, by its header); on the command line, --market-series {series}=typical. \
             An adjusted column (`adjusted_close`, `Adj Close`) is used only when named"
        ),
    }
}

/// The sessions of the named calendar between the first and last rows that have no row.
fn gaps(
    rows: &[Row],
    name: &str,
    text: &str,
    file: FileId,
    sources: &Sources,
) -> Result<(), MarketError> {
    let header = Span::new(file, 0, text.find('\n').unwrap_or(text.len()));
    let Some(sessions) = calendar::sessions(name) else {
        return Err(MarketError::UnknownCalendar {
            name: name.to_owned(),
            known: calendar::NAMES.join(", "),
            src: sources.named(file),
            span: header.into(),
        });
    };
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return Ok(());
    };
    let (from, to) = calendar::covers(&sessions).unwrap_or((first.date, last.date));
    let missing: Vec<NaiveDate> = sessions
        .iter()
        .filter(|d| **d >= first.date && **d <= last.date)
        .filter(|d| rows.binary_search_by_key(*d, |r| r.date).is_err())
        .copied()
        .collect();
    let Some(gap) = missing.first() else {
        return Ok(());
    };
    // Labelled at the row after the first gap, where the missing one belongs.
    let after = rows.partition_point(|r| r.date < *gap);
    let at = rows.get(after).map_or(header, |r| {
        let start = text
            .match_indices('\n')
            .nth(r.line.saturating_sub(2))
            .map_or(0, |(i, _)| i + 1);
        line_span(file, text, start)
    });
    let list: Vec<String> = missing.iter().map(NaiveDate::to_string).collect();
    Err(MarketError::Gap {
        count: missing.len(),
        calendar: name.to_owned(),
        days: list.join(", "),
        first: gap.to_string(),
        covers: format!("{from} to {to}"),
        src: sources.named(file),
        span: at.into(),
    })
}
