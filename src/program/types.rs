//! Types and units of the checked program.
//!
//! Quantities carry a dimension: exponents of USD, shares and years. `USD per share` is
//! USD¹·shares⁻¹, an annual rate is years⁻¹, a day-count year fraction is years¹. Multiplying
//! adds exponents and dividing subtracts them, so `rate × USD × year fraction` is USD, and
//! `USD ÷ (USD per share)` is shares. Adding or comparing needs equal dimensions.

use std::fmt;

use super::ids::Id;
use super::{EnumDef, EventDef, Party, RecordDef, SectionInfo, TableDef, Term};

/// Exponents of the base units of a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Dim {
    pub usd: i8,
    pub shares: i8,
    pub years: i8,
}

impl Dim {
    pub const NUMBER: Dim = Dim {
        usd: 0,
        shares: 0,
        years: 0,
    };
    pub const USD: Dim = Dim {
        usd: 1,
        shares: 0,
        years: 0,
    };
    pub const SHARES: Dim = Dim {
        usd: 0,
        shares: 1,
        years: 0,
    };
    pub const USD_PER_SHARE: Dim = Dim {
        usd: 1,
        shares: -1,
        years: 0,
    };
    pub const PER_ANNUM: Dim = Dim {
        usd: 0,
        shares: 0,
        years: -1,
    };
    pub const YEARS: Dim = Dim {
        usd: 0,
        shares: 0,
        years: 1,
    };

    pub fn times(self, o: Dim) -> Dim {
        Dim {
            usd: self.usd.saturating_add(o.usd),
            shares: self.shares.saturating_add(o.shares),
            years: self.years.saturating_add(o.years),
        }
    }

    pub fn per(self, o: Dim) -> Dim {
        Dim {
            usd: self.usd.saturating_sub(o.usd),
            shares: self.shares.saturating_sub(o.shares),
            years: self.years.saturating_sub(o.years),
        }
    }

    /// The unit as the JSON output names it (`USD`, `shares`, `USD/share`, or "" for a number).
    pub fn unit(self) -> String {
        // The units of the clauses' amounts, without building them each time.
        match self {
            Dim::NUMBER => return String::new(),
            Dim::USD => return "USD".to_owned(),
            Dim::SHARES => return "shares".to_owned(),
            Dim::USD_PER_SHARE => return "USD/share".to_owned(),
            _ => {}
        }
        let mut num = Vec::new();
        let mut den = Vec::new();
        for (name, exp) in [
            ("USD", self.usd),
            ("shares", self.shares),
            ("years", self.years),
        ] {
            let base = if exp < 0 && name == "shares" {
                "share"
            } else if exp < 0 && name == "years" {
                "year"
            } else {
                name
            };
            let part = if exp.abs() > 1 {
                format!("{base}^{}", exp.abs())
            } else {
                base.to_owned()
            };
            match exp.cmp(&0) {
                std::cmp::Ordering::Greater => num.push(part),
                std::cmp::Ordering::Less => den.push(part),
                std::cmp::Ordering::Equal => {}
            }
        }
        let n = if num.is_empty() {
            "1".to_owned()
        } else {
            num.join("·")
        };
        if den.is_empty() {
            n
        } else {
            format!("{n}/{}", den.join("·"))
        }
    }
}

impl fmt::Display for Dim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Dim::NUMBER => f.write_str("number"),
            Dim::USD => f.write_str("USD"),
            Dim::SHARES => f.write_str("shares"),
            Dim::USD_PER_SHARE => f.write_str("USD per share"),
            Dim::PER_ANNUM => f.write_str("rate per annum"),
            Dim::YEARS => f.write_str("years"),
            other => f.write_str(&other.unit()),
        }
    }
}

pub type EnumId = Id<EnumDef>;
pub type RecordId = Id<RecordDef>;
pub type EventId = Id<EventDef>;
pub type TableId = Id<TableDef>;
pub type TermId = Id<Term>;
pub type PartyId = Id<Party>;
pub type SectionId = Id<SectionInfo>;

/// The type of a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    Quantity(Dim),
    Date,
    /// A moment, held in New York local time.
    DateTime,
    /// A time of day.
    Time,
    Bool,
    Text,
    TradingDays,
    CalendarDays,
    Enum(EnumId),
    Record(RecordId),
    Event(EventId),
    Party,
    List(Box<Type>),
    /// The type of an expression that already has an error: it matches anything, so one
    /// mistake is reported once.
    Error,
}

impl Type {
    pub fn compatible(&self, other: &Type) -> bool {
        match (self, other) {
            (Type::Error, _) | (_, Type::Error) => true,
            (Type::List(a), Type::List(b)) => a.compatible(b),
            (a, b) => a == b,
        }
    }

    pub fn quantity(&self) -> Option<Dim> {
        match self {
            Type::Quantity(d) => Some(*d),
            _ => None,
        }
    }
}

/// Names for the types, for messages: the checker's `Program` knows what ids stand for.
pub trait TypeNames {
    fn enum_name(&self, id: EnumId) -> &str;
    fn record_name(&self, id: RecordId) -> &str;
    fn event_name(&self, id: EventId) -> &str;

    fn type_name(&self, ty: &Type) -> String {
        match ty {
            Type::Quantity(d) => d.to_string(),
            Type::Date => "date".into(),
            Type::DateTime => "datetime".into(),
            Type::Time => "time".into(),
            Type::Bool => "bool".into(),
            Type::Text => "text".into(),
            Type::TradingDays => "trading days".into(),
            Type::CalendarDays => "calendar days".into(),
            Type::Enum(e) => self.enum_name(*e).into(),
            Type::Record(r) => self.record_name(*r).into(),
            Type::Event(e) => self.event_name(*e).into(),
            Type::Party => "party".into(),
            Type::List(t) => format!("list of {}", self.type_name(t)),
            Type::Error => "(error)".into(),
        }
    }
}
