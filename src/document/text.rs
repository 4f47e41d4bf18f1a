//! The words of a text without its layout: what a quote is compared with.
//!
//! [`Normal`] holds the text's characters with every run of whitespace (line breaks and the
//! indentation of a wrapped line included) as one space, and each character keeps the byte
//! range it came from, so a match or a reference found in it points back at the original.
//!
//! The rules, the same for the document and for a quote:
//! - whitespace of any length, line breaks included, is one space; page furniture (a page
//!   number, `<PAGE>`) is whitespace;
//! - typographic quotes are straight quotes (`“ ” „` are `"`, `‘ ’ ‚` are `'`): the copy of a
//!   filing is plain text where every quote is straight, and a lawyer quoting from a typeset
//!   copy gets curly ones; the difference carries no meaning. A non-breaking space is a space
//!   and a soft hyphen is nothing;
//! - a hyphen that ends a line joins the next line without a space (`wholly-` / `owned` is
//!   `wholly-owned`): the document hyphenates compound words at their hyphen and never splits a
//!   word, so the hyphen is part of the word and is kept.
//!
//! Everything else must be the document's, character for character — case included: the
//! filing writes a term where it is defined in capitals (`(the "STATED Value")`, `"CLOSING
//! PRICE" means`), and a quote of it says so, as it says "the Company" and not "the company".

use std::ops::Range;

/// Normalised text with, for each character, where it came from.
#[derive(Debug, Clone, Default)]
pub struct Normal {
    chars: Vec<char>,
    /// Byte range in the original text of each character (a space stands for the first
    /// whitespace character of its run).
    from: Vec<Range<usize>>,
}

impl Normal {
    /// Normalise `text`, whose first byte is at `base` in its file; the byte ranges of `skip`
    /// (relative to `text`, sorted) count as whitespace.
    pub fn new(text: &str, base: usize, skip: &[Range<usize>]) -> Normal {
        let mut n = Normal::default();
        let mut pending: Option<usize> = None;
        let mut newline = false;
        let mut skips = skip.iter().peekable();
        for (i, raw) in text.char_indices() {
            while skips.peek().is_some_and(|r| r.end <= i) {
                skips.next();
            }
            let skipped = skips.peek().is_some_and(|r| r.start <= i);
            let c = if skipped { '\n' } else { straight(raw) };
            if c == '\u{00AD}' {
                continue;
            }
            if c.is_whitespace() {
                pending.get_or_insert(i);
                newline |= c == '\n';
                continue;
            }
            if let Some(at) = pending.take() {
                let joins = newline && n.chars.last() == Some(&'-') && c.is_alphabetic();
                if !n.chars.is_empty() && !joins {
                    n.chars.push(' ');
                    n.from.push(base + at..base + at + 1);
                }
            }
            newline = false;
            n.chars.push(c);
            n.from.push(base + i..base + i + raw.len_utf8());
        }
        n
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    /// The characters of a range, as a string.
    pub fn text(&self, range: Range<usize>) -> String {
        self.chars.get(range).unwrap_or(&[]).iter().collect()
    }

    /// The byte range of the original text a range of characters came from.
    pub fn bytes(&self, range: Range<usize>) -> Range<usize> {
        let start = self.from.get(range.start).map(|r| r.start);
        let end = range
            .end
            .checked_sub(1)
            .and_then(|last| self.from.get(last))
            .map(|r| r.end);
        match (start, end) {
            (Some(s), Some(e)) if range.end > range.start => s..e,
            (Some(s), _) => s..s,
            (None, _) => {
                let e = self.from.last().map_or(0, |r| r.end);
                e..e
            }
        }
    }

    /// The first character that comes from `byte` or after it.
    pub fn index_at(&self, byte: usize) -> usize {
        self.from.partition_point(|r| r.start < byte)
    }

    /// The characters that come from a byte range of the original.
    pub fn range_of(&self, bytes: Range<usize>) -> Range<usize> {
        self.index_at(bytes.start)..self.index_at(bytes.end)
    }

    /// Whether `other` is written here at `at`.
    pub fn matches_at(&self, at: usize, other: &Normal) -> bool {
        self.chars.get(at..at + other.len()) == Some(other.chars.as_slice())
    }

    /// Whether the character before `at` and the one at `end` do not continue a word that the
    /// match would cut (`Stock` is not found in `Stockholder`).
    pub fn at_word_boundaries(&self, at: usize, end: usize, other: &Normal) -> bool {
        let wordy = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
        let cuts_start = wordy(other.chars.first())
            && at.checked_sub(1).is_some_and(|b| wordy(self.chars.get(b)));
        let cuts_end = wordy(other.chars.last()) && wordy(self.chars.get(end));
        !cuts_start && !cuts_end
    }

    /// The words (runs between spaces) of a range of characters.
    pub fn words(&self, range: Range<usize>) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = None;
        let end = range.end.min(self.chars.len());
        for i in range.start..end {
            match (self.chars.get(i) == Some(&' '), start) {
                (true, Some(s)) => {
                    out.push(s..i);
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push(s..end);
        }
        out
    }

    /// Whether a word of a quote (`q`, in `quote`) is a word of this text (`s`).
    pub fn same_word(&self, s: Range<usize>, quote: &Normal, q: Range<usize>) -> bool {
        self.chars
            .get(s)
            .is_some_and(|a| quote.chars.get(q) == Some(a))
    }
}

fn straight(c: char) -> char {
    match c {
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => '"',
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => '\'',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_is_one_space() {
        let n = Normal::new("  the  Company\n     shall\tpay ", 0, &[]);
        assert_eq!(n.text(0..n.len()), "the Company shall pay");
        assert_eq!(n.bytes(4..11), 7..14);
    }

    #[test]
    fn furniture_is_whitespace_and_hyphens_join() {
        let text = "is\n\n   -2-\n<PAGE>\n  insufficient wholly-\n  owned";
        let furniture = text.find("   -2-").unwrap()..text.find("<PAGE>").unwrap() + 6;
        let n = Normal::new(text, 10, &[furniture]);
        assert_eq!(n.text(0..n.len()), "is insufficient wholly-owned");
        assert_eq!(
            n.bytes(3..15).start,
            10 + text.find("insufficient").unwrap()
        );
    }

    #[test]
    fn quotes_are_straight_and_case_is_kept() {
        let source = Normal::new("(the \"STATED Value\") of the Company", 0, &[]);
        let quote = Normal::new("(the “STATED Value”)", 0, &[]);
        assert!(source.matches_at(0, &quote));
        let lower = Normal::new("(the \"Stated Value\")", 0, &[]);
        assert!(!source.matches_at(0, &lower));
        let company = Normal::new("of the company", 0, &[]);
        assert!(!source.matches_at(21, &company));
    }
}
