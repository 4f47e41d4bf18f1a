//! The event log, indexed once per evaluation: for each kind of event, the events dated on or
//! before the evaluation date in log order (day, then moment within the day, then file order),
//! so that "the events of this kind before that one" is a prefix found by binary search.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime};

use crate::facts::Facts;
use crate::program::EventDef;
use crate::program::ids::{Arena, ArenaMap};
use crate::program::types::EventId;

/// Where an event stands in the log: its day, its moment within the day (an event without one
/// counts from the start of its day), its place in the file.
pub type LogKey = (NaiveDate, NaiveTime, usize);

#[derive(Debug, Clone)]
pub struct Log {
    /// `by_kind[e]`: the events of kind `e` in the log, in log order (indices into
    /// `Facts::events`).
    by_kind: ArenaMap<EventDef, Arc<[usize]>>,
    /// `keys[i]`: the log key of event `i` of the facts file.
    keys: Vec<LogKey>,
}

/// What bounds a query: strictly earlier than an event, or dated before a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Event(LogKey),
    Date(NaiveDate),
}

impl Log {
    pub fn new(facts: &Facts, kinds: &Arena<EventDef>, as_of: NaiveDate) -> Log {
        let keys: Vec<LogKey> = facts
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.date, e.at.map_or(NaiveTime::MIN, |t| t.time()), i))
            .collect();
        let by_kind = ArenaMap::from_arena(kinds, |kind, _| {
            let mut list: Vec<usize> = facts
                .events
                .iter()
                .enumerate()
                .filter(|(_, e)| e.event == kind && e.date <= as_of)
                .map(|(i, _)| i)
                .collect();
            list.sort_by_key(|&i| keys.get(i).copied());
            Arc::from(list)
        });
        Log { by_kind, keys }
    }

    /// The events of a kind in the log, in log order.
    pub fn of_kind(&self, kind: EventId) -> &[usize] {
        self.by_kind.get(kind).map_or(&[], |l| l)
    }

    /// The same, shared (no copy).
    pub fn of_kind_shared(&self, kind: EventId) -> Arc<[usize]> {
        self.by_kind
            .get(kind)
            .cloned()
            .unwrap_or_else(|| Arc::from(Vec::new()))
    }

    pub fn key(&self, event: usize) -> Option<LogKey> {
        self.keys.get(event).copied()
    }

    /// How many of `events` (in log order) come before `bound`.
    pub fn count_before(&self, events: &[usize], bound: Bound) -> usize {
        events.partition_point(|&i| match (self.keys.get(i), bound) {
            (Some(k), Bound::Event(b)) => *k < b,
            (Some(k), Bound::Date(d)) => k.0 < d,
            (None, _) => false,
        })
    }
}
