//! One finding for one `for each` context: a dated determination the document makes — "a
//! Triggering Event under 7(b)(iii) occurred on 2002-09-25" — with whether it is determined.
//! A finding whose condition is false, or whose day is after the evaluation date, has not
//! occurred and is not listed.

use chrono::NaiveDate;

use crate::eval::{EvalError, Evaluator, NodeRef, RuleKey};
use crate::program::FindingDef;
use crate::value::Value;

use super::{Root, document_id, section_number};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingStatus {
    /// It occurred, on its date.
    Determined,
    /// A needed fact or market row is missing: it may have occurred.
    Undetermined,
}

impl FindingStatus {
    /// As people read it, and as the JSON output names it.
    pub fn name(self) -> &'static str {
        match self {
            FindingStatus::Determined => "determined",
            FindingStatus::Undetermined => "undetermined",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Finding {
    /// `late_certificates_trigger#1`: the rule and its `for each` context.
    pub id: String,
    pub section: String,
    /// The document it comes from (its clause folder's name), for a deal's output.
    pub document: String,
    /// The day it occurred; `None` when undetermined.
    pub date: Option<NaiveDate>,
    pub status: FindingStatus,
    /// `None` when explanations are off.
    pub explanation: Option<NodeRef>,
}

pub(super) fn evaluate<'a>(
    ev: &mut Evaluator<'a>,
    def: &'a FindingDef,
    index: usize,
    locals: Vec<Value>,
) -> Result<Option<Finding>, EvalError> {
    let Some(o) = ev.occurrence(def, &locals)? else {
        return Ok(None);
    };
    let status = if o.reasons.is_empty() && o.date.is_some() {
        FindingStatus::Determined
    } else {
        FindingStatus::Undetermined
    };
    let explanation = ev.explain.then(|| {
        Root {
            label: format!("{} — finding", def.name),
            key: RuleKey::Finding(index),
            section: def.section,
            own: &def.interpretations,
            amount: None,
            undetermined: status == FindingStatus::Undetermined,
            notes: Vec::new(),
            reasons: &o.reasons,
            children: o.nodes,
        }
        .node(ev)
    });
    Ok(Some(Finding {
        id: ev.item_id(&def.name, &locals),
        section: section_number(ev, def.section),
        document: document_id(ev, def.section),
        date: o.date,
        status,
        explanation,
    }))
}
