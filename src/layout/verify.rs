//! The formatter's promise, checked on every file it formats: the formatted text parses to the
//! same rules as the original. The two trees differ only in their spans (the text moved), so
//! they are compared without them.

use crate::ast::{File, Item};

/// The index of the first top-level item whose rules differ between `before` and `after` (the
/// length of the shorter when one only has more items), or `None` when they say the same.
pub(super) fn first_difference(before: &File, after: &File) -> Option<usize> {
    let differs = before
        .items
        .iter()
        .zip(&after.items)
        .position(|(a, b)| shape(a) != shape(b));
    match differs {
        Some(i) => Some(i),
        None if before.items.len() != after.items.len() => {
            Some(before.items.len().min(after.items.len()))
        }
        None => None,
    }
}

/// An item's tree as text, spans left out. `Spanned` nodes already print without their span;
/// the few bare `Span`s (the whole of an obligation, of a rejection) print as `12..40`, which
/// this replaces by `_` wherever it is not inside a quoted string.
fn shape(item: &Item) -> String {
    without_spans(&format!("{item:?}"))
}

fn without_spans(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut chars = debug.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => out.extend(chars.next()),
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if c == '"' {
            in_string = true;
            out.push(c);
            continue;
        }
        if !c.is_ascii_digit() {
            out.push(c);
            continue;
        }
        // A number outside a string: `start..end` is a span.
        let mut run = String::from(c);
        while let Some(d) = chars.next_if(char::is_ascii_digit) {
            run.push(d);
        }
        let mut rest = chars.clone();
        let range = rest.next() == Some('.')
            && rest.next() == Some('.')
            && rest.peek().is_some_and(char::is_ascii_digit);
        if range {
            chars = rest;
            while chars.next_if(char::is_ascii_digit).is_some() {}
            out.push('_');
        } else {
            out.push_str(&run);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::without_spans;

    #[test]
    fn spans_go_strings_stay() {
        assert_eq!(
            without_spans(r#"Obligation { name: "a 1..2 \"3..4\"", count: 10, span: 112..265 }"#),
            r#"Obligation { name: "a 1..2 \"3..4\"", count: 10, span: _ }"#
        );
        assert_eq!(without_spans("Decimal(0.75) 1..x"), "Decimal(0.75) 1..x");
    }
}
