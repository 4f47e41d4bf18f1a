//! Values: exact quantities with their dimension, dates, booleans, references to records and
//! events of the facts file, and lists. Below every stage that holds values — the facts loader,
//! the evaluator, the outcome — so none of them imports upward.
//!
//! Amounts are exact (`Exact`: a decimal, or a fraction where a division does not terminate).
//! Arithmetic is checked: each operation returns `None` on overflow or division by zero and the
//! evaluator turns that into a diagnostic naming the rule. There is no float anywhere.

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

pub mod exact;

use crate::program::types::{Dim, EnumId, EventId, PartyId, RecordId};
use exact::Exact;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    Quantity(Quantity),
    Date(NaiveDate),
    /// A moment in New York local time.
    DateTime(chrono::NaiveDateTime),
    Time(chrono::NaiveTime),
    Bool(bool),
    Text(Arc<str>),
    TradingDays(u32),
    CalendarDays(u32),
    Enum(EnumId, usize),
    /// The `index`th record of a record list (`[[holder]]`) in the facts file.
    Record(RecordId, usize),
    /// The `index`th `[[event]]` of the facts file.
    Event(EventId, usize),
    Party(PartyId),
    List(Arc<Vec<Item>>),
}

/// An element of a list, with what it was computed for (the date of a window's row), so an
/// explanation can say which rows the 5 lowest VWAPs came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Item {
    pub value: Value,
    pub origin: Option<NaiveDate>,
}

/// An exact amount with its unit.
#[derive(Debug, Clone, Copy)]
pub struct Quantity {
    pub amount: Exact,
    pub dim: Dim,
    /// Written as a percentage (`85%`): shown as one.
    pub percent: bool,
    /// The decimal places a rounding gave it (`97087.38`, `$1,488.00`): it is written at
    /// them. Presentation only: equality and hashing ignore it.
    pub places: Option<u32>,
}

impl PartialEq for Quantity {
    fn eq(&self, o: &Quantity) -> bool {
        (self.amount, self.dim, self.percent) == (o.amount, o.dim, o.percent)
    }
}

impl Eq for Quantity {}

impl std::hash::Hash for Quantity {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (self.amount, self.dim, self.percent).hash(h);
    }
}

impl Quantity {
    pub fn new(amount: Decimal, dim: Dim) -> Quantity {
        Quantity::exact(Exact::from(amount), dim)
    }

    pub fn exact(amount: Exact, dim: Dim) -> Quantity {
        Quantity {
            amount,
            dim,
            percent: false,
            places: None,
        }
    }

    pub fn checked_add(self, o: Quantity) -> Option<Quantity> {
        Some(Quantity::exact(
            self.amount.checked_add(o.amount)?,
            self.dim,
        ))
    }

    pub fn checked_sub(self, o: Quantity) -> Option<Quantity> {
        Some(Quantity::exact(
            self.amount.checked_sub(o.amount)?,
            self.dim,
        ))
    }

    pub fn checked_mul(self, o: Quantity) -> Option<Quantity> {
        Some(Quantity::exact(
            self.amount.checked_mul(o.amount)?,
            self.dim.times(o.dim),
        ))
    }

    /// `None` on division by zero, as on overflow.
    pub fn checked_div(self, o: Quantity) -> Option<Quantity> {
        Some(Quantity::exact(
            self.amount.checked_div(o.amount)?,
            self.dim.per(o.dim),
        ))
    }
}

/// How a quantity reads in an explanation: `$1,000.00`, `$1.2117`, `97,087.38 shares`, `85%`.
pub fn format_quantity(q: &Quantity) -> String {
    let exact = q.amount.to_decimal().normalize();
    // Long expansions (1000/1.03) read as "≈ 970.873786"; the exact value is in `value`.
    let a = exact.round_dp(6);
    let approx = if a == exact && q.amount.is_decimal() {
        ""
    } else {
        "≈ "
    };
    format!("{approx}{}", format_rounded(q, a))
}

fn format_rounded(q: &Quantity, a: Decimal) -> String {
    if q.percent {
        let pct = a.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(a).normalize();
        return if q.dim == Dim::PER_ANNUM {
            format!("{pct}% per annum")
        } else {
            format!("{pct}%")
        };
    }
    match q.dim {
        Dim::USD => format!("${}", group(&money_text(a))),
        Dim::USD_PER_SHARE => format!("${} per share", group(&money_text(a))),
        Dim::SHARES => format!("{} shares", group(&a.to_string())),
        Dim::NUMBER => group(&a.to_string()),
        Dim::PER_ANNUM => format!("{} per annum", a),
        Dim::YEARS => format!("{a} years"),
        other => format!("{a} {}", other.unit()),
    }
}

/// Money shows at least cents.
fn money_text(a: Decimal) -> String {
    if a.scale() < 2 {
        let mut b = a;
        b.rescale(2);
        b.to_string()
    } else {
        a.to_string()
    }
}

/// Thousands separators in the integer part: `97087.38` → `97,087.38`.
fn group(text: &str) -> String {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", text),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}
