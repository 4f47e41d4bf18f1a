//! Values as a lawyer writes them in an expectation — `$1,488.89`, `97,087 shares`,
//! `$1.03 per share`, `4% per annum`, `3 trading days` — read into exact numbers with their
//! units, never through a float. Thousands separators must group by three, so a slip such as
//! `97,08,7` is caught rather than read as 97,087.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::program::types::Dim;

/// A written value: a quantity with its unit, or a count of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Quantity { amount: Decimal, dim: Dim },
    TradingDays(u32),
    CalendarDays(u32),
}

impl Written {
    /// The unit as people say it: "USD", "shares", "USD per share", "trading days".
    pub fn unit(self) -> String {
        match self {
            Written::Quantity { dim, .. } => unit_of(dim),
            Written::TradingDays(_) => "trading days".to_owned(),
            Written::CalendarDays(_) => "calendar days".to_owned(),
        }
    }
}

/// A dimension as the messages of expectations name it ("a plain number" for none).
pub fn unit_of(dim: Dim) -> String {
    if dim == Dim::NUMBER {
        "a plain number".to_owned()
    } else {
        dim.to_string()
    }
}

/// Read a written value, or say what is wrong with it.
pub fn parse(text: &str) -> Result<Written, String> {
    let s = text.trim();
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    let (dollars, s) = match s.strip_prefix('$') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let digits_end = s
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.' || c == '_'))
        .unwrap_or(s.len());
    let (number, rest) = s.split_at(digits_end);
    if number.is_empty() {
        return Err(format!(
            "`{text}` does not start with a number (write e.g. `$1,488.89` or `97,087 shares`)"
        ));
    }
    let mut amount = parse_number(number).ok_or_else(|| {
        format!("`{number}` is not a number as written in a document (e.g. `1,488.89`)")
    })?;
    if negative {
        amount = -amount;
    }
    let mut rest = rest.trim_start();
    let mut dim = if dollars { Dim::USD } else { Dim::NUMBER };
    if let Some(r) = rest.strip_prefix('%') {
        amount /= Decimal::ONE_HUNDRED;
        rest = r.trim_start();
    }
    let words: Vec<String> = rest.split_whitespace().map(str::to_lowercase).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let mut i = 0;
    while let Some(&w) = words.get(i) {
        let next = words.get(i + 1).copied();
        let step = match (w, next) {
            ("usd" | "dollars", _) if !dollars && dim == Dim::NUMBER => {
                dim = dim.times(Dim::USD);
                1
            }
            ("share" | "shares", _) => {
                dim = dim.times(Dim::SHARES);
                1
            }
            ("per" | "a" | "/", Some("share")) => {
                dim = dim.per(Dim::SHARES);
                2
            }
            ("per" | "a", Some("annum" | "year")) => {
                dim = dim.times(Dim::PER_ANNUM);
                2
            }
            ("year" | "years", _) => {
                dim = dim.times(Dim::YEARS);
                1
            }
            ("trading" | "calendar", Some("day" | "days")) if i == 0 && words.len() == 2 => {
                let n = count(amount)
                    .ok_or_else(|| format!("a number of days is a whole number, not `{number}`"))?;
                return Ok(if w == "trading" {
                    Written::TradingDays(n)
                } else {
                    Written::CalendarDays(n)
                });
            }
            _ => {
                return Err(format!(
                    "`{}` is not a unit proviso knows here (write `$…`, `… shares`, `$… per share`, `…% per annum`, `… trading days`)",
                    words.get(i..).map(|w| w.join(" ")).unwrap_or_default()
                ));
            }
        };
        i += step;
    }
    Ok(Written::Quantity { amount, dim })
}

/// `97,087.38`, `1,000`, `0.75`, `12_000_000`: digits grouped by three when grouped at all.
fn parse_number(text: &str) -> Option<Decimal> {
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    for sep in [',', '_'] {
        if whole.contains(sep) {
            let mut groups = whole.split(sep);
            let first = groups.next()?;
            if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
                return None;
            }
        }
    }
    let digits: String = whole.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.is_empty()
        || fraction.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let joined = match fraction {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    Decimal::from_str(&joined).ok()
}

fn count(amount: Decimal) -> Option<u32> {
    (amount.fract().is_zero() && !amount.is_sign_negative())
        .then(|| u32::try_from(amount.mantissa() / 10i128.pow(amount.scale())).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> (String, Dim) {
        match parse(text) {
            Ok(Written::Quantity { amount, dim }) => (amount.normalize().to_string(), dim),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn money_shares_prices_and_rates() {
        assert_eq!(q("$1,488.89"), ("1488.89".into(), Dim::USD));
        assert_eq!(q("97,087 shares"), ("97087".into(), Dim::SHARES));
        assert_eq!(q("$1.03 per share"), ("1.03".into(), Dim::USD_PER_SHARE));
        assert_eq!(q("4% per annum"), ("0.04".into(), Dim::PER_ANNUM));
        assert_eq!(q("85%"), ("0.85".into(), Dim::NUMBER));
        assert_eq!(q("-$12.50"), ("-12.5".into(), Dim::USD));
        assert_eq!(q("1,000 USD"), ("1000".into(), Dim::USD));
        assert_eq!(parse("3 trading days"), Ok(Written::TradingDays(3)));
    }

    #[test]
    fn slips_are_caught() {
        assert!(parse("97,08,7 shares").is_err());
        assert!(parse("shares").is_err());
        assert!(parse("$1.03 per bond").is_err());
        assert!(parse("1.5 trading days").is_err());
        assert!(parse("$1.").is_err());
    }
}
