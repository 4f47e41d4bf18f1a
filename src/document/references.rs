//! Cross-references written in a text: "Section 5(a)(iv)", "Sections 5(a)(iv) or (v)",
//! "Sections 5(c)(ii)-(iii)", "section 5(a)(ii) and (iii)", "Article 2".
//!
//! A list continues a reference with what it shares: the `(v)` of "5(a)(iv) or (v)" is
//! 5(a)(v), the `(b)` of "5(a)(iv) and (b)" would be 5(b). A reference followed by the name of
//! another instrument is to that instrument, not to this document, and is not returned:
//! "Section 13(d) of the Exchange Act", "Section 3.1(b) of the Purchase Agreement", "Sections
//! 4(2) and/or 4(6) and/or Regulation D promulgated under the Securities Act" (`of`, `under` or
//! `in`, then a capitalised name; "of this Agreement" stays in the document).

use std::ops::Range;

use super::label::{Component, SectionPath, parenthesized, readings};
use super::text::Normal;

/// A reference to a section of the document the text belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The section it names, in full: `5(a)(iii)` for the `(iii)` of "5(a)(ii) and (iii)".
    pub path: SectionPath,
    /// As written: `7(b)(ix)`, `(iii)`.
    pub written: String,
    /// Where it is written: a byte range of the text's file.
    pub span: Range<usize>,
}

/// Every reference to this document in `n`, in order. `headings` are the byte offsets of the
/// text's own `Section N` headings, which are not references.
pub fn scan(n: &Normal, headings: &[usize]) -> Vec<Reference> {
    let chars = n.chars();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || chars.get(i - 1).is_some_and(|c| !c.is_alphanumeric());
        let Some(kw) = starts_word.then(|| keyword(chars, i)).flatten() else {
            i += 1;
            continue;
        };
        let first = i + kw + 1;
        let digit_follows =
            chars.get(i + kw) == Some(&' ') && chars.get(first).is_some_and(|c| c.is_ascii_digit());
        if !digit_follows || headings.contains(&n.bytes(i..i + 1).start) {
            i += kw;
            continue;
        }
        let Some((path, mut end)) = id(chars, first) else {
            i += kw;
            continue;
        };
        let mut items = vec![(path, first..end)];
        while let Some((start, path, next_end)) = next_item(chars, end, items.last().map(|x| &x.0))
        {
            items.push((path, start..next_end));
            end = next_end;
        }
        if !names_another_instrument(n, end) {
            for (path, range) in items {
                out.push(Reference {
                    path,
                    written: n.text(range.clone()),
                    span: n.bytes(range),
                });
            }
        }
        i = end.max(i + 1);
    }
    out
}

/// `section`, `sections`, `article` or `articles` at `i`, in any case: its length.
fn keyword(chars: &[char], i: usize) -> Option<usize> {
    for word in ["section", "article"] {
        let len = word.len();
        let Some(here) = chars.get(i..i + len) else {
            continue;
        };
        if here
            .iter()
            .zip(word.chars())
            .all(|(a, b)| a.eq_ignore_ascii_case(&b))
        {
            let plural = chars
                .get(i + len)
                .is_some_and(|c| c.eq_ignore_ascii_case(&'s'));
            return Some(len + usize::from(plural));
        }
    }
    None
}

/// A full section number at `at`: `5(a)(iv)`, `3.1(b)`, `8`.
fn id(chars: &[char], at: usize) -> Option<(SectionPath, usize)> {
    let mut j = at;
    let mut path = Vec::new();
    let digits = |j: usize| {
        chars
            .iter()
            .skip(j)
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let d = digits(j);
    if d == 0 {
        return None;
    }
    path.push(Component::Number(chars.get(j..j + d)?.iter().collect()));
    j += d;
    while chars.get(j) == Some(&'.') && digits(j + 1) > 0 {
        let d = digits(j + 1);
        path.push(Component::Number(
            chars.get(j + 1..j + 1 + d)?.iter().collect(),
        ));
        j += 1 + d;
    }
    let (labels, end) = labels(chars, j);
    path.extend(labels.into_iter().map(Component::Label));
    Some((SectionPath(path), end))
}

/// Labels in parentheses written one after another at `at`: `(a)(iv)`.
fn labels(chars: &[char], mut at: usize) -> (Vec<String>, usize) {
    let mut out = Vec::new();
    loop {
        let rest: String = chars.iter().skip(at).take(9).collect();
        match parenthesized(&rest) {
            Some((label, len)) => {
                out.push(label.to_owned());
                at += len;
            }
            None => return (out, at),
        }
    }
}

/// The next item of a list after `end`: `, (v)`, ` or (v)`, ` and/or 4(6)`, `-(iii)`.
fn next_item(
    chars: &[char],
    end: usize,
    prev: Option<&SectionPath>,
) -> Option<(usize, SectionPath, usize)> {
    let mut k = end;
    let mut joined = false;
    if chars.get(k) == Some(&'-') {
        k += 1;
        joined = true;
    } else {
        if chars.get(k) == Some(&' ') {
            k += 1;
        }
        if chars.get(k) == Some(&',') {
            k += 1;
            joined = true;
            if chars.get(k) == Some(&' ') {
                k += 1;
            }
        }
        for conj in ["and/or", "and", "or", "through", "to"] {
            let len = conj.chars().count();
            let word: String = chars.iter().skip(k).take(len).collect();
            if word == conj && chars.get(k + len) == Some(&' ') {
                k += len + 1;
                joined = true;
                break;
            }
        }
    }
    if !joined {
        return None;
    }
    match chars.get(k) {
        Some(c) if c.is_ascii_digit() => id(chars, k).map(|(p, e)| (k, p, e)),
        Some('(') => {
            let (rel, e) = labels(chars, k);
            let first = rel.first()?;
            let base = prev?;
            Some((k, continue_path(base, first, &rel), e))
        }
        _ => None,
    }
}

/// The path a relative label list names after `base`: it replaces the deepest label of the
/// same style (`(v)` after `5(a)(iv)` replaces `(iv)`).
fn continue_path(base: &SectionPath, first: &str, rel: &[String]) -> SectionPath {
    let styles: Vec<_> = readings(first).into_iter().map(|(s, _)| s).collect();
    let same_style = base.0.iter().rposition(|c| match c {
        Component::Label(l) => readings(l).iter().any(|(s, _)| styles.contains(s)),
        Component::Number(_) => false,
    });
    let keep = same_style.unwrap_or(base.0.len());
    let mut v: Vec<Component> = base.0.iter().take(keep).cloned().collect();
    v.extend(rel.iter().cloned().map(Component::Label));
    SectionPath(v)
}

/// Whether the words after a reference say it is to another instrument: `of the Exchange Act`,
/// `and/or Regulation D promulgated under the Securities Act`.
fn names_another_instrument(n: &Normal, end: usize) -> bool {
    if n.chars().get(end) != Some(&' ') {
        return false;
    }
    let tail = n.text(end..(end + 240).min(n.len()));
    let mut words = tail
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '/' && c != '-'));
    let mut next = words.next();
    let lower = |w: Option<&str>| w.map(str::to_ascii_lowercase).unwrap_or_default();
    if matches!(lower(next).as_str(), "and" | "or" | "and/or") {
        let mut names = 0;
        next = words.next();
        while names < 3 && next.is_some_and(is_name) {
            names += 1;
            next = words.next();
        }
        if names == 0 {
            return false;
        }
    }
    if matches!(lower(next).as_str(), "promulgated" | "adopted" | "issued") {
        next = words.next();
    }
    if !matches!(lower(next).as_str(), "of" | "under" | "in") {
        return false;
    }
    next = words.next();
    if lower(next) == "the" {
        next = words.next();
    }
    next.is_some_and(is_name)
}

/// A capitalised word or a number that can be part of a name (`Regulation`, `D`, `S-X`, `144`),
/// not another section keyword.
fn is_name(w: &str) -> bool {
    let lower = w.to_ascii_lowercase();
    let keyword = matches!(
        lower.as_str(),
        "section" | "sections" | "article" | "articles" | "this"
    );
    !keyword
        && w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(text: &str) -> Vec<String> {
        scan(&Normal::new(text, 0, &[]), &[])
            .into_iter()
            .map(|r| format!("{} [{}]", r.path, r.written))
            .collect()
    }

    #[test]
    fn lists_continue_what_they_share() {
        assert_eq!(
            refs("Sections 5(a)(iv) or (v)."),
            ["5(a)(iv) [5(a)(iv)]", "5(a)(v) [(v)]"]
        );
        assert_eq!(
            refs("to Section 5(c)(ii),(iii),  or (iv) the Company"),
            [
                "5(c)(ii) [5(c)(ii)]",
                "5(c)(iii) [(iii)]",
                "5(c)(iv) [(iv)]"
            ]
        );
        assert_eq!(
            refs("in Sections 5(c)(ii)-(iii) above"),
            ["5(c)(ii) [5(c)(ii)]", "5(c)(iii) [(iii)]"]
        );
        assert_eq!(
            refs("pursuant to section 5(a)(ii) and\n (iii))"),
            ["5(a)(ii) [5(a)(ii)]", "5(a)(iii) [(iii)]"]
        );
        assert_eq!(
            refs("Section 5(a) and Section 5(c))"),
            ["5(a) [5(a)]", "5(c) [5(c)]"]
        );
        assert_eq!(
            refs("Section 5(b) and, at the option of the Holder"),
            ["5(b) [5(b)]"]
        );
        assert_eq!(
            refs("unless provided for in Section 3.14. THE"),
            ["3.14 [3.14]"]
        );
    }

    #[test]
    fn references_to_other_instruments_are_left_out() {
        assert!(refs("Section 13(d) of the Exchange Act (as defined)").is_empty());
        assert!(refs("required by Section 3.1(b) of the Purchase Agreement)").is_empty());
        assert!(refs("SECTION 78.1955 OF THE GENERAL CORPORATION LAW").is_empty());
        assert!(
            refs("by Sections 4(2) and/or 4(6) and/or Regulation D promulgated under the Securities Act")
                .is_empty()
        );
        assert_eq!(refs("Section 2 of this Agreement"), ["2 [2]"]);
        assert_eq!(refs("in Section 8) plus"), ["8 [8]"]);
    }
}
