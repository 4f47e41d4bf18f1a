//! Section numbers: the labels a document numbers its sections with (`5`, `1.1`, `(c)`, `(iv)`,
//! `(B)`, `(2)`) and the paths they make (`5(c)(i)(B)`, `1.1(a)`).
//!
//! A label alone is ambiguous: `(i)` is the first roman numeral or the ninth letter, `(v)` the
//! fifth numeral or the twenty-second letter. [`readings`] gives every reading with its place
//! in its sequence; the outline decides between them by what came before.

use std::fmt;

/// One step of a section number: a number (`5`, or the `1` after the dot of `2.1`) or a label in
/// parentheses (`(c)`). `4.2` and `4(2)` are different sections.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Component {
    Number(String),
    Label(String),
}

/// A section number as a path from the top: `5(c)(i)(B)` is `5`, `(c)`, `(i)`, `(B)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct SectionPath(pub Vec<Component>);

impl SectionPath {
    /// Read a section number as the clause files and the document write it: `5(c)(i)(B)`,
    /// `1.1(a)`, `2.11`, `8` (a final `.` is allowed: `1.1.`). `None` if it is not one.
    pub fn parse(text: &str) -> Option<SectionPath> {
        let text = text.trim();
        let text = text.strip_suffix('.').unwrap_or(text);
        let mut rest = text;
        let number = leading_digits(rest)?;
        let mut path = vec![Component::Number(number.to_owned())];
        rest = rest.get(number.len()..)?;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('.') {
                let n = leading_digits(after)?;
                path.push(Component::Number(n.to_owned()));
                rest = after.get(n.len()..)?;
            } else if rest.starts_with('(') {
                let (label, len) = parenthesized(rest)?;
                path.push(Component::Label(label.to_owned()));
                rest = rest.get(len..)?;
            } else {
                return None;
            }
        }
        Some(SectionPath(path))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The path one step up, `None` at the top.
    pub fn parent(&self) -> Option<SectionPath> {
        let n = self.0.len();
        (n > 1).then(|| SectionPath(self.0.iter().take(n - 1).cloned().collect()))
    }

    /// This path with one more step.
    pub fn child(&self, c: Component) -> SectionPath {
        let mut v = self.0.clone();
        v.push(c);
        SectionPath(v)
    }

    pub fn starts_with(&self, prefix: &SectionPath) -> bool {
        self.0.starts_with(&prefix.0)
    }
}

impl fmt::Display for SectionPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, c) in self.0.iter().enumerate() {
            match c {
                Component::Number(n) if i == 0 => write!(f, "{n}")?,
                Component::Number(n) => write!(f, ".{n}")?,
                Component::Label(l) => write!(f, "({l})")?,
            }
        }
        Ok(())
    }
}

fn leading_digits(s: &str) -> Option<&str> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    (n > 0).then(|| s.get(..n)).flatten()
}

/// `(iv)` at the start of `s`: the label and the length of `(iv)`. A label is 1 to 6 letters or
/// 1 to 3 digits.
pub fn parenthesized(s: &str) -> Option<(&str, usize)> {
    let inner = s.strip_prefix('(')?;
    let len = inner.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let label = inner.get(..len)?;
    let letters = label.bytes().all(|b| b.is_ascii_alphabetic());
    let digits = label.bytes().all(|b| b.is_ascii_digit());
    let fits = (letters && (1..=6).contains(&len)) || (digits && (1..=3).contains(&len));
    (fits && inner.get(len..)?.starts_with(')')).then_some((label, len + 2))
}

/// How a sequence of labels is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// `(a)`, `(b)`, …
    Lower,
    /// `(i)`, `(ii)`, …
    LowerRoman,
    /// `(A)`, `(B)`, …
    Upper,
    /// `(I)`, `(II)`, …
    UpperRoman,
    /// `(1)`, `(2)`, …
    Digit,
}

/// Every way to read a label, each with its place in its sequence (1 for the first).
pub fn readings(label: &str) -> Vec<(Style, u32)> {
    let mut out = Vec::new();
    let mut chars = label.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_ascii_lowercase() {
            out.push((Style::Lower, u32::from(c) - u32::from('a') + 1));
        } else if c.is_ascii_uppercase() {
            out.push((Style::Upper, u32::from(c) - u32::from('A') + 1));
        }
    }
    if label.bytes().all(|b| b.is_ascii_lowercase())
        && let Some(n) = roman(label)
    {
        out.push((Style::LowerRoman, n));
    }
    if label.bytes().all(|b| b.is_ascii_uppercase())
        && let Some(n) = roman(&label.to_ascii_lowercase())
    {
        out.push((Style::UpperRoman, n));
    }
    if !label.is_empty()
        && label.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = label.parse::<u32>()
    {
        out.push((Style::Digit, n));
    }
    out
}

/// The value of a lowercase roman numeral written the usual way (`iv`, not `iiii`), up to 3999.
fn roman(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let value = |c: char| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        'd' => Some(500),
        'm' => Some(1000),
        _ => None,
    };
    let digits: Vec<i64> = s.chars().map(value).collect::<Option<_>>()?;
    let mut total = 0i64;
    for (i, d) in digits.iter().enumerate() {
        match digits.get(i + 1) {
            Some(next) if next > d => total -= d,
            _ => total += d,
        }
    }
    let total = u32::try_from(total).ok().filter(|&t| t > 0)?;
    // Only the canonical spelling: `iiii` and `vv` are not numerals.
    (to_roman(total) == s).then_some(total)
}

fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_and_print_back() {
        for id in ["5(c)(i)(B)", "1.1(a)", "2.11", "8", "4(2)", "7(b)(ix)"] {
            assert_eq!(SectionPath::parse(id).unwrap().to_string(), id);
        }
        assert_eq!(SectionPath::parse("1.1.").unwrap().to_string(), "1.1");
        assert_ne!(SectionPath::parse("4.2"), SectionPath::parse("4(2)"));
        for bad in ["", "(a)", "5(", "5 (a)", "five", "5(a)x", "5(toolongx)"] {
            assert_eq!(SectionPath::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn labels_read_every_way() {
        assert_eq!(
            readings("i"),
            vec![(Style::Lower, 9), (Style::LowerRoman, 1)]
        );
        assert_eq!(readings("iv"), vec![(Style::LowerRoman, 4)]);
        assert_eq!(readings("B"), vec![(Style::Upper, 2)]);
        assert_eq!(readings("12"), vec![(Style::Digit, 12)]);
        assert_eq!(readings("iiii"), vec![]);
        assert_eq!(readings("ix"), vec![(Style::LowerRoman, 9)]);
    }
}
