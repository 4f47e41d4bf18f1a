//! Events the clauses reject (`reject conversion_notice c when … because "…"`): each event of
//! the log for which the condition holds is a diagnostic at its line of the facts file, naming
//! the section and the reason, so a notice the document does not allow is never silently
//! dropped. An event for which the condition is undetermined is not reported.

use crate::eval::{EvalError, Evaluator, Val};
use crate::program::RejectionDef;
use crate::value::Value;

/// The events of the log that `def` rejects.
pub(super) fn rejected<'a>(
    ev: &mut Evaluator<'a>,
    def: &'a RejectionDef,
    name: &'a str,
) -> Result<Vec<EvalError>, EvalError> {
    let events: Vec<usize> = ev.log.of_kind(def.event).to_vec();
    let mut out = Vec::new();
    for i in events {
        let verdict = ev.eval_in(name, vec![Value::Event(def.event, i)], &def.condition)?;
        if verdict.val != Val::Known(Value::Bool(true)) {
            continue;
        }
        let Some(row) = ev.facts.events.get(i) else {
            continue;
        };
        let section = ev.prog.cite(def.section);
        let section = section.as_str();
        let kind = ev.event_kind(def.event).to_owned();
        // A `"""` reason keeps the clause file's line breaks; the help is one paragraph.
        let words: Vec<&str> = def.reason.split_whitespace().collect();
        let reason = words.join(" ");
        let reason = reason.trim_end_matches('.');
        out.push(EvalError::RejectedEvent {
            event: i,
            message: format!(
                "this `{kind}` of {} is not valid under {section}",
                ev.event_when(i)
            ),
            help: format!(
                "{section}: {}; nothing is owed for it. If the facts file is wrong, correct the event; \
                 the rule is `{}`",
                reason,
                ev.text(def.condition.span)
            ),
            src: ev.sources.named(row.span.file),
            span: row.span.into(),
            label: format!("rejected under {section}"),
        });
    }
    Ok(out)
}
