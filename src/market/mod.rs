//! Market data: one row per Trading Day (`date,close,vwap,low,volume`), in date order.
//!
//! A Trading Day *is* a row of this file: windows and deadlines in trading days count rows.
//! Loading checks the header, every row, and the order of dates, and reports every problem.
//! Prices are parsed as exact decimals from their text.

mod errors;
mod view;

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

pub use errors::MarketError;
pub use view::View;

use crate::program::Series;
use crate::source::{FileId, Sources, Span};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub date: NaiveDate,
    pub close: Decimal,
    pub vwap: Decimal,
    pub low: Decimal,
    pub volume: Decimal,
    /// 1-based line in the market file, for explanations.
    pub line: usize,
}

impl Row {
    pub fn get(&self, s: Series) -> Decimal {
        match s {
            Series::Close => self.close,
            Series::Vwap => self.vwap,
            Series::Low => self.low,
            Series::Volume => self.volume,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Market {
    pub name: String,
    pub rows: Vec<Row>,
}

const COLUMNS: [&str; 5] = ["date", "close", "vwap", "low", "volume"];

impl Market {
    /// Load a market file already added to `sources`.
    pub fn load(sources: &Sources, file: FileId) -> Result<Market, Vec<MarketError>> {
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
        let mut index = [0usize; 5];
        let mut errors = Vec::new();
        for (slot, col) in index.iter_mut().zip(COLUMNS) {
            match headers.iter().position(|h| h.eq_ignore_ascii_case(col)) {
                Some(i) => *slot = i,
                None => errors.push(MarketError::MissingColumn {
                    column: col.to_owned(),
                    src: named(),
                    span: header_span.into(),
                }),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
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
            let date_text = field(index[0]);
            let Ok(date) = NaiveDate::parse_from_str(date_text, "%Y-%m-%d") else {
                errors.push(bad(
                    format!("`{date_text}` is not a date"),
                    "write dates as YYYY-MM-DD",
                ));
                continue;
            };
            let mut values = [Decimal::ZERO; 4];
            let mut ok = true;
            for (k, v) in values.iter_mut().enumerate() {
                let col = index.get(k + 1).copied().unwrap_or(0);
                let text = field(col);
                match Decimal::from_str(text) {
                    Ok(d) if d.is_sign_negative() => {
                        errors.push(bad(
                            format!("{} `{text}` is negative", COLUMNS.get(k + 1).unwrap_or(&"")),
                            "prices and volumes are not negative",
                        ));
                        ok = false;
                    }
                    Ok(d) => *v = d,
                    Err(_) => {
                        let help = if text.is_empty() {
                            "a missing price is a missing row: leave the day out if the stock did not trade"
                        } else {
                            "write prices as plain decimals, e.g. 1.2117"
                        };
                        errors.push(bad(
                            format!(
                                "{} `{text}` is not a number",
                                COLUMNS.get(k + 1).unwrap_or(&"")
                            ),
                            help,
                        ));
                        ok = false;
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
            let [close, vwap, low, volume] = values;
            rows.push(Row {
                date,
                close,
                vwap,
                low,
                volume,
                line,
            });
        }
        if errors.is_empty() {
            Ok(Market {
                name: src.name.clone(),
                rows,
            })
        } else {
            Err(errors)
        }
    }

    /// Every row: the whole file.
    pub fn view(&self) -> View<'_> {
        View {
            name: &self.name,
            rows: &self.rows,
        }
    }

    /// The rows dated on or before `date`: what is known on that day.
    pub fn up_to(&self, date: NaiveDate) -> View<'_> {
        let known = self.rows.partition_point(|r| r.date <= date);
        View {
            name: &self.name,
            rows: self.rows.get(..known).unwrap_or_default(),
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
