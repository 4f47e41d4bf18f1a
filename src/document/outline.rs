//! The outline of a document: its numbered sections, found in the layout of its plain text.
//!
//! A section starts a paragraph: its number or label comes first on a line that follows a blank
//! line (`Section 5. CONVERSION.`, `ARTICLE 1`, `1.1. FIRST CLOSING.`, `(a)`, `(iv)`, `(B)`).
//! A label must also continue the numbering — the next label of an open sequence, or the first
//! of a new one — so `(b)` at the start of a wrapped line inside a sentence is not a section,
//! and `(i)` is the ninth letter after `(h)` or the first numeral below it, as the indentation
//! says. A paragraph that starts with a term in quotes and "means" is a definition.
//!
//! What a paragraph without a label belongs to is decided by its indentation: it closes the
//! sections whose label line is indented deeper (the "then, at the option of the Holder" that
//! follows 5(a)(vi)(C) belongs to 5(a)(vi)); one at or left of a top-level heading after that
//! section's subsections ends the numbered body (the resolutions and signatures that follow
//! Section 8), as does the attestation (`IN WITNESS WHEREOF`) or a bracketed note in capitals
//! (`[SIGNATURE PAGE FOLLOWS]`).
//!
//! Page furniture — a page number on its own line before `<PAGE>`, and `<PAGE>` — is not text;
//! a paragraph that runs over a page break is one paragraph.

use std::ops::Range;

use super::label::{Component, SectionPath, Style, parenthesized, readings};
use super::{Section, SectionKind};

/// The sections of a text, in order, and what of the text is page furniture.
pub(super) struct Outline {
    pub sections: Vec<Section>,
    /// Byte ranges of page numbers and `<PAGE>` lines.
    pub furniture: Vec<Range<usize>>,
    /// Byte offsets where a `Section N` / `Article N` heading starts (not cross-references).
    pub headings: Vec<usize>,
}

#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    indent: usize,
    blank: bool,
    furniture: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    /// `Section 5`, `ARTICLE 1`, or `1.` where the document has no `Section` headings.
    Top(u32),
    /// `1.1`: a numbered subsection (below its article, or at the top).
    Dotted(u32, u32),
    /// `(c)`, `(iv)`, `(B)` …: the style and the place in its sequence.
    Label(Style, u32),
    /// A defined term's paragraph.
    Definition,
}

#[derive(Debug, Clone, Copy)]
struct Open {
    idx: usize,
    level: Level,
    indent: usize,
}

pub(super) fn outline(text: &str) -> Outline {
    let lines = lines(text);
    let starts = paragraph_starts(text, &lines);
    let keyword_mode = starts
        .iter()
        .filter_map(|&i| lines.get(i))
        .any(|l| keyword_heading(content(text, l)).is_some());
    let mut b = Builder {
        text,
        sections: Vec::new(),
        stack: Vec::new(),
        cursor: 0,
        last_top: None,
        last_dotted: None,
        headings: Vec::new(),
    };
    for (n, &i) in starts.iter().enumerate() {
        let Some(line) = lines.get(i) else { continue };
        let next = starts.get(n + 1).and_then(|&j| lines.get(j));
        b.paragraph(line, &lines, i, next, keyword_mode);
    }
    b.flush(text.len());
    b.close_to(0, text.len());
    let furniture = lines
        .iter()
        .filter(|l| l.furniture)
        .map(|l| l.start..l.end)
        .collect();
    let mut sections = b.sections;
    finish(text, &mut sections);
    Outline {
        sections,
        furniture,
        headings: b.headings,
    }
}

fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let body = piece.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start().len();
        out.push(Line {
            start,
            end: start + body.len(),
            indent,
            blank: body.trim().is_empty(),
            furniture: false,
        });
        start += piece.len();
    }
    // `<PAGE>`, and a page number (`-2-`, `2`) on a line of its own before one or at the end.
    let page = |l: &Line| content(text, l).eq_ignore_ascii_case("<PAGE>");
    let marks: Vec<bool> = (0..out.len())
        .map(|i| {
            let Some(l) = out.get(i) else { return false };
            if page(l) {
                return true;
            }
            let next = out.iter().skip(i + 1).find(|n| !n.blank);
            is_page_number(content(text, l)) && next.is_none_or(page)
        })
        .collect();
    for (l, m) in out.iter_mut().zip(marks) {
        l.furniture = m;
    }
    out
}

fn content<'t>(text: &'t str, l: &Line) -> &'t str {
    text.get(l.start + l.indent..l.end).unwrap_or("").trim_end()
}

fn is_page_number(t: &str) -> bool {
    let inner = t.strip_prefix('-').and_then(|x| x.strip_suffix('-'));
    let digits = inner.unwrap_or(t);
    (1..=4).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Indexes of the lines that start a paragraph: after a blank line; across a page break only
/// where the text before it ended a sentence or a clause.
fn paragraph_starts(text: &str, lines: &[Line]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev: Option<&Line> = None;
    let (mut blank, mut page, mut blank_after_page) = (false, false, false);
    for (i, l) in lines.iter().enumerate() {
        if l.furniture {
            page = true;
            blank_after_page = false;
            continue;
        }
        if l.blank {
            blank = true;
            blank_after_page |= page;
            continue;
        }
        let starts = match prev {
            None => true,
            Some(p) if page => blank_after_page || ends_clause(content(text, p)),
            Some(_) => blank,
        };
        if starts {
            out.push(i);
        }
        prev = Some(l);
        (blank, page, blank_after_page) = (false, false, false);
    }
    out
}

fn ends_clause(t: &str) -> bool {
    t.ends_with(['.', ':', ';']) || t.ends_with("; or") || t.ends_with("; and")
}

/// `Section 5.`, `SECTION 8 DEFINITIONS`, `ARTICLE 1`: the number and the length of the
/// heading's words (with the number's final `.`).
fn keyword_heading(c: &str) -> Option<(u32, usize)> {
    let word_len = c.bytes().take_while(u8::is_ascii_alphabetic).count();
    let word = c.get(..word_len)?;
    if !(word.eq_ignore_ascii_case("section") || word.eq_ignore_ascii_case("article")) {
        return None;
    }
    let rest = c.get(word_len..)?;
    let gap = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if gap == 0 {
        return None;
    }
    let digits = rest
        .get(gap..)?
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    let end = word_len + gap + digits;
    let number: u32 = c.get(word_len + gap..end)?.parse().ok()?;
    let after = c.get(end..)?;
    if after.is_empty() || after.starts_with([' ', '\t']) {
        return Some((number, end));
    }
    let after_dot = after.strip_prefix('.')?;
    (after_dot.is_empty() || after_dot.starts_with([' ', '\t'])).then_some((number, end + 1))
}

/// The attestation every signed instrument ends with (`IN WITNESS WHEREOF`), or a note in
/// capitals between brackets (`[SIGNATURE PAGE FOLLOWS]`): what follows is not a section.
fn closes_body(c: &str) -> bool {
    let witness = c
        .get(..18)
        .is_some_and(|w| w.eq_ignore_ascii_case("IN WITNESS WHEREOF"));
    let note = c.starts_with('[')
        && c.ends_with(']')
        && c.chars().any(char::is_alphabetic)
        && !c.chars().any(char::is_lowercase);
    witness || note
}

/// `1.1.` or `2.11 ` at the start of a paragraph: major, minor and the length.
fn dotted_heading(c: &str) -> Option<(u32, u32, usize)> {
    let a = c.bytes().take_while(u8::is_ascii_digit).count();
    let rest = c.get(a..)?.strip_prefix('.')?;
    let b = rest.bytes().take_while(u8::is_ascii_digit).count();
    let major = c.get(..a)?.parse().ok()?;
    let minor = rest.get(..b)?.parse().ok()?;
    let mut len = a + 1 + b;
    let mut after = rest.get(b..)?;
    if let Some(x) = after.strip_prefix('.') {
        after = x;
        len += 1;
    }
    (after.starts_with([' ', '\t']) || after.is_empty()).then_some((major, minor, len))
}

/// `1. ` at the start of a paragraph: the number and the length.
fn bare_heading(c: &str) -> Option<(u32, usize)> {
    let a = c.bytes().take_while(u8::is_ascii_digit).count();
    let after = c.get(a..)?.strip_prefix('.')?;
    let n = c.get(..a)?.parse().ok()?;
    after.starts_with([' ', '\t']).then_some((n, a + 1))
}

/// `(iv) ` at the start of `c`: the label and the length of `(iv)`.
fn label_at(c: &str) -> Option<(&str, usize)> {
    let (label, len) = parenthesized(c)?;
    let after = c.get(len..)?;
    (after.is_empty() || after.starts_with([' ', '\t'])).then_some((label, len))
}

/// `"CLOSING PRICE" means …`, `"REDEMPTION AMOUNT" for each share … means`: the term and its
/// byte range in `c` (quotes included), when the paragraph defines it.
fn definition(c: &str, following: &str) -> Option<(String, usize)> {
    let inner = c.strip_prefix('"')?;
    let close = inner.find('"')?;
    let term = inner.get(..close)?;
    if term.is_empty() || !term.chars().any(char::is_alphabetic) {
        return None;
    }
    let after = format!("{} {following}", inner.get(close + 1..)?);
    let mut defines = false;
    for w in after.split_whitespace().take(14) {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        if matches!(bare, "means" | "mean" | "meaning") {
            defines = true;
            break;
        }
        if w.ends_with('.') {
            break;
        }
    }
    let term = term.split_whitespace().collect::<Vec<_>>().join(" ");
    defines.then_some((term, close + 2))
}

struct Builder<'t> {
    text: &'t str,
    sections: Vec<Section>,
    stack: Vec<Open>,
    /// Text before this offset has been given to a section (or to no section).
    cursor: usize,
    last_top: Option<u32>,
    last_dotted: Option<(u32, u32)>,
    headings: Vec<usize>,
}

impl Builder<'_> {
    fn paragraph(
        &mut self,
        line: &Line,
        lines: &[Line],
        index: usize,
        next_start: Option<&Line>,
        keyword_mode: bool,
    ) {
        let c = content(self.text, line);
        let at = line.start + line.indent;
        let indent = line.indent;
        // The heading paragraph's text up to the next paragraph, for titles and definitions.
        let limit = next_start.map_or(self.text.len(), |n| n.start);
        if let Some((n, len)) = keyword_heading(c)
            && self.last_top.is_none_or(|t| Some(n) == t.checked_add(1))
        {
            self.flush(at);
            self.close_to(0, at);
            self.last_top = Some(n);
            self.headings.push(at);
            let path = SectionPath(vec![Component::Number(n.to_string())]);
            let idx = self.open(at..at + len, path, Level::Top(n), indent);
            let title_from = at + len;
            let rest_blank = self
                .text
                .get(title_from..line.end)
                .is_none_or(|r| r.trim().is_empty());
            if rest_blank {
                self.title_line(idx, lines, index);
            } else {
                self.title(idx, title_from, limit);
            }
            return;
        }
        if let Some((major, minor, len)) = dotted_heading(c)
            && let Some(keep) = self.place_dotted(major, minor)
        {
            self.flush(at);
            self.close_to(keep, at);
            let path = match self.stack.last().map(|o| o.idx) {
                Some(top) => self
                    .section_path(top)
                    .child(Component::Number(minor.to_string())),
                None => SectionPath(vec![
                    Component::Number(major.to_string()),
                    Component::Number(minor.to_string()),
                ]),
            };
            self.last_dotted = Some((major, minor));
            let idx = self.open(at..at + len, path, Level::Dotted(major, minor), indent);
            self.title(idx, at + len, limit);
            return;
        }
        if !keyword_mode
            && let Some((n, len)) = bare_heading(c)
            && self.last_top.is_none_or(|t| Some(n) == t.checked_add(1))
        {
            self.flush(at);
            self.close_to(0, at);
            self.last_top = Some(n);
            let path = SectionPath(vec![Component::Number(n.to_string())]);
            let idx = self.open(at..at + len, path, Level::Top(n), indent);
            self.title(idx, at + len, limit);
            return;
        }
        if let Some((label, len)) = label_at(c)
            && let Some((keep, style, k)) = self.place_label(&readings(label), indent)
        {
            self.flush(at);
            self.close_to(keep, at);
            let mut idx = self.open_label(at, label, len, style, k, indent);
            // More labels on the same line open the first subsection: `(a)  (i)  CONVERSIONS`.
            let mut pos = at + len;
            loop {
                let rest = self.text.get(pos..line.end).unwrap_or("");
                let gap = rest.len() - rest.trim_start().len();
                let Some((inner, ilen)) = label_at(rest.trim_start()) else {
                    break;
                };
                let Some(&(s, k)) = readings(inner).iter().find(|(_, k)| *k == 1) else {
                    break;
                };
                pos += gap;
                self.flush(pos);
                let column = pos - line.start;
                idx = self.open_label(pos, inner, ilen, s, k, column);
                pos += ilen;
            }
            self.title(idx, pos, limit);
            return;
        }
        let following = self.text.get(line.end..limit).unwrap_or("");
        if let Some((term, len)) = definition(c, following)
            && !self.stack.is_empty()
        {
            let mut keep = self.keep_for(indent);
            if self
                .stack
                .get(keep.saturating_sub(1))
                .is_some_and(|o| o.level == Level::Definition)
            {
                keep -= 1;
            }
            self.flush(at);
            self.close_to(keep, at);
            let Some(parent) = self.stack.last().map(|o| o.idx) else {
                return;
            };
            let path = self.section_path(parent);
            let id = format!("{} \"{term}\"", self.section_id(parent));
            let idx = self.open(at..at + len, path, Level::Definition, indent);
            if let Some(s) = self.sections.get_mut(idx) {
                s.id = id;
                s.kind = SectionKind::Definition { term };
            }
            return;
        }
        // A paragraph without a label: it closes what is indented deeper, and ends the numbered
        // body when it comes back to the left of a top-level heading that had subsections.
        let mut keep = self.keep_for(indent);
        if closes_body(c) {
            keep = 0;
        }
        if keep == 1
            && let Some(top) = self.stack.first()
            && matches!(top.level, Level::Top(_) | Level::Dotted(..))
            && top.indent >= indent
            && self
                .sections
                .get(top.idx)
                .is_some_and(|s| !s.children.is_empty())
        {
            keep = 0;
        }
        if keep < self.stack.len() {
            self.flush(at);
            self.close_to(keep, at);
        }
    }

    /// How many open levels stay open before a paragraph at `indent`: the labelled ones
    /// indented deeper close.
    fn keep_for(&self, indent: usize) -> usize {
        let mut keep = self.stack.len();
        while let Some(o) = keep.checked_sub(1).and_then(|k| self.stack.get(k)) {
            if matches!(o.level, Level::Top(_)) || o.indent <= indent {
                break;
            }
            keep -= 1;
        }
        keep
    }

    /// Where a label goes: `(levels kept open, style, place)`, or `None` when it continues no
    /// sequence (then it is not a section).
    fn place_label(&self, readings: &[(Style, u32)], indent: usize) -> Option<(usize, Style, u32)> {
        let mut innermost = true;
        for d in (0..self.stack.len()).rev() {
            let open = self.stack.get(d)?;
            match open.level {
                Level::Definition => continue,
                Level::Label(style, n) => {
                    let sibling = readings
                        .iter()
                        .find(|(s, k)| *s == style && Some(*k) == n.checked_add(1));
                    let child = innermost
                        .then(|| {
                            readings
                                .iter()
                                .find(|(s, k)| *k == 1 && (indent > open.indent || *s != style))
                        })
                        .flatten();
                    match (sibling, child) {
                        (Some(&(s, k)), Some(&(cs, ck))) => {
                            return Some(if indent > open.indent {
                                (d + 1, cs, ck)
                            } else {
                                (d, s, k)
                            });
                        }
                        (Some(&(s, k)), None) => return Some((d, s, k)),
                        (None, Some(&(s, k))) => return Some((d + 1, s, k)),
                        (None, None) => {}
                    }
                }
                Level::Top(_) | Level::Dotted(..) => {
                    if innermost && let Some(&(s, k)) = readings.iter().find(|(_, k)| *k == 1) {
                        return Some((d + 1, s, k));
                    }
                    return None;
                }
            }
            innermost = false;
        }
        None
    }

    /// Where `major.minor` goes: the number of levels kept open, or `None`.
    fn place_dotted(&self, major: u32, minor: u32) -> Option<usize> {
        let follows = |prev: Option<(u32, u32)>| match prev {
            Some((a, b)) => {
                (a == major && Some(minor) == b.checked_add(1))
                    || (Some(major) == a.checked_add(1) && minor == 1)
            }
            None => minor == 1,
        };
        match self.stack.first().map(|o| o.level) {
            Some(Level::Top(t)) if t == major => {
                let prev = match self.stack.get(1).map(|o| o.level) {
                    Some(Level::Dotted(a, b)) => Some((a, b)),
                    _ => None,
                };
                let ok = match prev {
                    Some((_, b)) => Some(minor) == b.checked_add(1),
                    None => minor == 1,
                };
                ok.then_some(1)
            }
            Some(Level::Dotted(..)) | None if self.last_top.is_none() => {
                follows(self.last_dotted).then_some(0)
            }
            _ => None,
        }
    }

    fn open_label(
        &mut self,
        at: usize,
        label: &str,
        len: usize,
        style: Style,
        k: u32,
        indent: usize,
    ) -> usize {
        let path = match self.stack.last().map(|o| o.idx) {
            Some(p) => self
                .section_path(p)
                .child(Component::Label(label.to_owned())),
            None => SectionPath(vec![Component::Label(label.to_owned())]),
        };
        self.open(at..at + len, path, Level::Label(style, k), indent)
    }

    fn section_path(&self, idx: usize) -> SectionPath {
        self.sections
            .get(idx)
            .map(|s| s.path.clone())
            .unwrap_or_default()
    }

    fn section_id(&self, idx: usize) -> String {
        self.sections
            .get(idx)
            .map(|s| s.id.clone())
            .unwrap_or_default()
    }

    fn open(
        &mut self,
        heading: Range<usize>,
        path: SectionPath,
        level: Level,
        indent: usize,
    ) -> usize {
        let idx = self.sections.len();
        let parent = self.stack.last().map(|o| o.idx);
        let line = self
            .text
            .get(..heading.start)
            .map_or(0, |b| b.matches('\n').count())
            + 1;
        self.sections.push(Section {
            id: path.to_string(),
            path,
            kind: SectionKind::Numbered,
            title: None,
            reserved: false,
            span: heading.start..self.text.len(),
            body_start: heading.end,
            heading,
            own: Vec::new(),
            parent,
            children: Vec::new(),
            depth: self.stack.len(),
            parts: Vec::new(),
            line,
        });
        if let Some(p) = parent.and_then(|p| self.sections.get_mut(p)) {
            p.children.push(idx);
        }
        self.stack.push(Open { idx, level, indent });
        idx
    }

    /// Give the text from the cursor to `at` to the innermost open section.
    fn flush(&mut self, at: usize) {
        if at > self.cursor
            && let Some(o) = self.stack.last()
            && let Some(s) = self.sections.get_mut(o.idx)
        {
            s.own.push(self.cursor..at);
        }
        self.cursor = self.cursor.max(at);
    }

    fn close_to(&mut self, keep: usize, at: usize) {
        while self.stack.len() > keep {
            if let Some(o) = self.stack.pop()
                && let Some(s) = self.sections.get_mut(o.idx)
            {
                s.span.end = at;
            }
        }
    }

    /// A title in capitals after the heading, ending with a period: `CONVERSIONS AT OPTION OF
    /// HOLDER.`
    fn title(&mut self, idx: usize, from: usize, limit: usize) {
        let rest = self.text.get(from..limit).unwrap_or("");
        let mut words = Vec::new();
        let mut end = None;
        let mut offset = 0;
        for w in rest.split_whitespace().take(16) {
            offset = rest
                .get(offset..)
                .and_then(|r| r.find(w))
                .map_or(offset, |p| offset + p)
                + w.len();
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            if letters.iter().any(|c| c.is_lowercase()) {
                break;
            }
            words.push(w);
            if w.ends_with('.') {
                end = Some(offset);
                break;
            }
        }
        let long_word = words
            .iter()
            .any(|w| w.chars().filter(|c| c.is_uppercase()).count() >= 2);
        if let (Some(end), true) = (end, long_word)
            && let Some(s) = self.sections.get_mut(idx)
        {
            let title = words.join(" ");
            s.title = Some(title.trim_end_matches('.').to_owned());
            s.body_start = from + end;
        }
    }

    /// `ARTICLE 1` alone on its line: the title is the next line when it is in capitals.
    fn title_line(&mut self, idx: usize, lines: &[Line], index: usize) {
        let Some(next) = lines.iter().skip(index + 1).find(|l| !l.blank) else {
            return;
        };
        let t = content(self.text, next);
        let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
        if next.furniture || letters.len() < 2 || letters.iter().any(|c| c.is_lowercase()) {
            return;
        }
        let blank_between = lines
            .iter()
            .skip(index + 1)
            .take_while(|l| l.start < next.start)
            .any(|l| l.blank);
        if let (false, Some(s)) = (blank_between, self.sections.get_mut(idx)) {
            s.title = Some(t.split_whitespace().collect::<Vec<_>>().join(" "));
            s.body_start = next.end;
        }
    }
}

/// What can be known once every section has its text: whether it is `[RESERVED]`, and the
/// parts its sentences name.
fn finish(text: &str, sections: &mut [Section]) {
    for s in sections.iter_mut() {
        let body = s.body(text);
        let words: Vec<&str> = body.split_whitespace().collect();
        let joined = words.join(" ").to_ascii_lowercase();
        let joined = joined.trim_end_matches('.');
        s.reserved = matches!(
            joined,
            "[reserved]" | "reserved" | "[intentionally omitted]" | "intentionally omitted"
        );
        if s.kind == SectionKind::Numbered {
            s.parts = super::parts::parts(text, s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_recognised() {
        assert_eq!(keyword_heading("Section 5. CONVERSION."), Some((5, 10)));
        assert_eq!(keyword_heading("Section  3.  VOTING"), Some((3, 11)));
        assert_eq!(keyword_heading("Section 8 DEFINITIONS."), Some((8, 9)));
        assert_eq!(keyword_heading("ARTICLE 1"), Some((1, 9)));
        assert_eq!(keyword_heading("Section  8),  and shall"), None);
        assert_eq!(keyword_heading("Section 5(a)"), None);
        assert_eq!(dotted_heading("1.1. FIRST CLOSING."), Some((1, 1, 4)));
        assert_eq!(dotted_heading("2.11.  The Escrow"), Some((2, 11, 5)));
        assert_eq!(bare_heading("1. They are"), Some((1, 2)));
        assert_eq!(label_at("(iv) BENEFICIAL"), Some(("iv", 4)));
        assert_eq!(label_at("(iii)),  the Set Price"), None);
        assert!(is_page_number("-12-") && is_page_number("7") && !is_page_number("-12"));
    }

    #[test]
    fn definitions_are_recognised() {
        let d = definition("\"CLOSING  PRICE\" means on any particular date", "");
        assert_eq!(d, Some(("CLOSING PRICE".to_owned(), 16)));
        let long = definition(
            "\"REDEMPTION AMOUNT\" for each share of Preferred Stock means",
            "",
        );
        assert!(long.is_some());
        assert_eq!(
            definition("\"NSM\") or on the New York Stock Exchange.", "means"),
            None
        );
    }
}
