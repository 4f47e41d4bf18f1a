//! The parts a section's sentence names: "the lesser of (A) 120% of the average … and (B) 85% of
//! …" names 5(c)(i)(A) and 5(c)(i)(B) without making them paragraphs of their own.
//!
//! A clause file may split a section where its sentence names its parts, so `5(c)(i)(B)` is a
//! place in the document; a cross-reference in the document itself ("Section 7(a)(i)") names a
//! numbered section, not a part of a sentence (see `references.rs`). Parts are found as labels
//! within the text that continue a sequence (`(A)` then `(B)`; `(1)` below `(A)`), so a stray
//! `(x)` or `(y)` that starts no sequence is not a part.

use super::Section;
use super::label::{Component, Style, parenthesized, readings};
use super::{Part, SectionPath};

/// The parts named in the section's own text (not in its subsections).
pub(super) fn parts(text: &str, s: &Section) -> Vec<Part> {
    let mut out = Vec::new();
    let mut open: Vec<(Style, u32, String)> = Vec::new();
    for seg in &s.own {
        let start = seg.start.max(s.body_start);
        let Some(t) = text.get(start..seg.end.max(start)) else {
            continue;
        };
        for (p, _) in t.match_indices('(') {
            let before = t.get(..p).and_then(|b| b.chars().next_back());
            if before.is_some_and(|c| !c.is_whitespace()) {
                continue;
            }
            let Some((label, len)) = t.get(p..).and_then(parenthesized) else {
                continue;
            };
            let after = t.get(p + len..).and_then(|a| a.chars().next());
            if after.is_some_and(|c| !c.is_whitespace()) {
                continue;
            }
            if !place(&mut open, &readings(label), label) {
                continue;
            }
            let mut path: SectionPath = s.path.clone();
            for (_, _, l) in &open {
                path = path.child(Component::Label(l.clone()));
            }
            out.push(Part {
                path,
                at: start + p,
            });
        }
    }
    out
}

/// Continue an open sequence with the label, or start one below the innermost; `false` when
/// the label does neither.
fn place(open: &mut Vec<(Style, u32, String)>, readings: &[(Style, u32)], label: &str) -> bool {
    for d in (0..open.len()).rev() {
        let Some(&(style, n, _)) = open.get(d) else {
            continue;
        };
        if let Some(&(s, k)) = readings
            .iter()
            .find(|(s, k)| *s == style && Some(*k) == n.checked_add(1))
        {
            open.truncate(d);
            open.push((s, k, label.to_owned()));
            return true;
        }
    }
    let used = |s: Style| open.iter().any(|(o, _, _)| *o == s);
    if let Some(&(s, k)) = readings.iter().find(|(s, k)| *k == 1 && !used(*s)) {
        open.push((s, k, label.to_owned()));
        return true;
    }
    false
}
