//! What the language expects where a clause file leaves the grammar, said in the words of the
//! construct being written (a window's length, a formula's value, a rounding's mode), with an
//! example from the language reference.
//!
//! pest reports the rules it tried at the furthest place it reached; where several constructs
//! are possible there, or where the missing piece is punctuation (which pest does not name), the
//! list alone reads like the grammar, not like the language. So a small set of recognisers looks
//! at the text of the rule being written and at what pest tried, and the first that knows the
//! mistake names it. Each keeps the span on the word that is wrong or after which something is
//! missing. When none knows it, `mod.rs` lists what pest tried, in the reference's words.

use super::parser::{ProvisoParser, Rule};
use pest::Parser as _;

/// A mistake a recogniser knows: the message (after "expected "), the label on the span, the
/// help with an example, and the span (start, length) in bytes.
pub(super) struct Expectation {
    pub expected: String,
    pub label: String,
    pub help: String,
    pub span: (usize, usize),
}

/// The words that start a rule or a field of a block: the text of the rule being written runs
/// from the last line that starts with one of them.
const RULE_STARTS: [&str; 20] = [
    "section",
    "define",
    "obligation",
    "right",
    "finding",
    "reject",
    "quote",
    "interpretation",
    "when",
    "amount",
    "due",
    "on",
    "from",
    "until",
    "obligor",
    "obligee",
    "exercisable",
    "fulfilled",
    "trading",
    "business",
];

/// What may start a section's item, and a declaration at the top of a file.
const SECTION_ITEMS: [&str; 10] = [
    "define",
    "obligation",
    "right",
    "finding",
    "reject",
    "quote",
    "interpretation",
    "not computable because",
    "trading days are market rows with",
    "business days are weekdays except the holidays in",
];
const DECLARATIONS: [&str; 10] = [
    "section",
    "document",
    "source",
    "use",
    "party",
    "enum",
    "facts",
    "records",
    "event",
    "market series",
];

/// The first recogniser that knows the mistake at `pos`, if any.
pub(super) fn recognise(text: &str, pos: usize, positives: &[Rule]) -> Option<Expectation> {
    let at = Site::new(text, pos, positives);
    // A type before a name: where a type is expected, `true` is not a type, whatever else it is.
    unclosed_quote(&at)
        .or_else(|| type_expected(&at))
        .or_else(|| keyword_as_name(&at))
        .or_else(|| window_days(&at))
        .or_else(|| window_anchor(&at))
        .or_else(|| count_unit(&at))
        .or_else(|| definition_header(&at))
        .or_else(|| rounding(&at))
        .or_else(|| lesser_greater(&at))
        .or_else(|| if_then_else(&at))
        .or_else(|| missing_value(&at))
        .or_else(|| section_item(&at))
        .or_else(|| missing_operator(&at))
        .or_else(|| declaration(&at))
}

/// Where the text leaves the grammar.
struct Site<'t> {
    text: &'t str,
    pos: usize,
    positives: &'t [Rule],
    /// The text of the rule being written, up to `pos`.
    rule: &'t str,
    /// The word (or the one sign) at `pos`, empty at the end of the file.
    found: &'t str,
}

impl<'t> Site<'t> {
    fn new(text: &'t str, pos: usize, positives: &'t [Rule]) -> Site<'t> {
        let before = text.get(..pos).unwrap_or_default();
        let mut start = 0;
        let mut line_start = before.len();
        for _ in 0..40 {
            let Some(prev) = before.get(..line_start.saturating_sub(1)) else {
                break;
            };
            let ls = prev.rfind('\n').map_or(0, |i| i + 1);
            let first = before
                .get(ls..)
                .and_then(|l| l.split_whitespace().next())
                .unwrap_or_default();
            if RULE_STARTS.contains(&first) {
                start = ls;
                break;
            }
            if ls == 0 || line_start == 0 {
                break;
            }
            line_start = ls;
        }
        let rest = text.get(pos..).unwrap_or_default();
        Site {
            text,
            pos,
            positives,
            rule: before.get(start..).unwrap_or_default(),
            found: first_token(rest),
        }
    }

    fn tried(&self, rule: Rule) -> bool {
        self.positives.contains(&rule)
    }

    /// The words of the rule being written, before `pos`.
    fn words(&self) -> Vec<&'t str> {
        self.rule.split_whitespace().collect()
    }

    /// The span of the token at `pos` (one character at the end of the file).
    fn found_span(&self) -> (usize, usize) {
        (self.pos, self.found.len())
    }

    /// Whether the token at `pos` is the first of its line.
    fn starts_line(&self) -> bool {
        let before = self.text.get(..self.pos).unwrap_or_default();
        before
            .rsplit('\n')
            .next()
            .is_none_or(|l| l.trim().is_empty())
    }

    fn found_label(&self) -> String {
        if self.found.is_empty() {
            "the file ends here".to_owned()
        } else {
            format!("found `{}`", self.found)
        }
    }
}

/// The word, number, quote or sign a text starts with.
pub(super) fn first_token(rest: &str) -> &str {
    let word_len = rest
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | ',' | '$' | '%')))
        .unwrap_or(rest.len());
    let len = if rest.starts_with("\"\"\"") {
        3
    } else if word_len > 0 {
        // A trailing `.` or `,` is punctuation, not part of the word.
        rest.get(..word_len)
            .map_or(word_len, |w| w.trim_end_matches(['.', ',']).len().max(1))
    } else {
        rest.chars().next().map_or(0, char::len_utf8)
    };
    rest.get(..len).unwrap_or_default()
}

/// `quote """The Conversion Price …` with no closing `"""`.
fn unclosed_quote(at: &Site) -> Option<Expectation> {
    let rest = at.text.get(at.pos..)?;
    let after = rest.strip_prefix("\"\"\"")?;
    if after.contains("\"\"\"") {
        return None;
    }
    Some(Expectation {
        expected: "`\"\"\"` to close the quoted text".to_owned(),
        label: "this quote is not closed".to_owned(),
        help: "the document's words run from `\"\"\"` to the next `\"\"\"`: `quote \"\"\"The \
               Conversion Price shall be …\"\"\"`"
            .to_owned(),
        span: (at.pos, 3),
    })
}

/// `(a: date)`: a word of the language where a name is expected.
fn keyword_as_name(at: &Site) -> Option<Expectation> {
    if !at.tried(Rule::ident) || at.found.is_empty() {
        return None;
    }
    let whole_word = ProvisoParser::parse(Rule::word, at.found)
        .ok()
        .and_then(|mut p| p.next())
        .is_some_and(|p| p.as_str() == at.found);
    let is_name = ProvisoParser::parse(Rule::ident, at.found)
        .ok()
        .and_then(|mut p| p.next())
        .is_some_and(|p| p.as_str() == at.found);
    if !whole_word || is_name {
        return None;
    }
    Some(Expectation {
        expected: "a name".to_owned(),
        label: format!("`{}` is a word of the language", at.found),
        help: "a keyword of the language cannot be a name: choose another, e.g. `(day: date)`, \
               `(conversion: conversion_notice)`, `each conversion_notice x …`"
            .to_owned(),
        span: at.found_span(),
    })
}

/// `the 30 days before d`: a window counts Trading Days.
fn window_days(at: &Site) -> Option<Expectation> {
    if !at.tried(Rule::kw_trading) {
        return None;
    }
    let words = at.words();
    let n = words.last()?;
    if words.len() < 2 || words.get(words.len() - 2) != Some(&"the") {
        return None;
    }
    Some(Expectation {
        expected: format!("`trading days` after the length of the window `the {n}`"),
        label: if at.found == "days" || at.found == "calendar" {
            "a window counts Trading Days".to_owned()
        } else {
            at.found_label()
        },
        help: format!(
            "a window of market days reads `the {n} trading days before d` (or `ending on d`); \
             a selection from a list, `the {n} lowest of …`"
        ),
        span: at.found_span(),
    })
}

/// `the 30 trading days d`: which day the window ends by.
fn window_anchor(at: &Site) -> Option<Expectation> {
    if !(at.tried(Rule::kw_before) && at.tried(Rule::kw_ending)) {
        return None;
    }
    let n = at
        .words()
        .iter()
        .rev()
        .find(|w| !matches!(**w, "days" | "day" | "trading"))
        .copied()
        .unwrap_or("30");
    Some(Expectation {
        expected: "`before` or `ending on` and the day the window ends by".to_owned(),
        label: at.found_label(),
        help: format!(
            "`the {n} trading days before d`: the Trading Days immediately prior to d; `the {n} \
             trading days ending on d`: d included when it is a Trading Day"
        ),
        span: at.found_span(),
    })
}

/// `3 after d`, `3 days after d`: a count of what.
fn count_unit(at: &Site) -> Option<Expectation> {
    if !(at.tried(Rule::duration_unit) || at.tried(Rule::month_unit)) {
        return None;
    }
    let n = at.words().last().copied()?;
    let (expected, label) = if at.found == "days" || at.found == "day" {
        (
            format!("`trading days`, `business days` or `calendar days`: which days `{n}` counts"),
            "Trading Days, Business Days or calendar days?".to_owned(),
        )
    } else {
        (
            format!(
                "the unit of `{n}`: `trading days`, `business days`, `calendar days`, `months` \
                 or `years`"
            ),
            format!("`{n}` of what?"),
        )
    };
    Some(Expectation {
        expected,
        label,
        help: format!(
            "a span of time says its unit: `{n} trading days after d`, `{n} business days \
             after d`, `{n} calendar days before d`, `{n} months after d`"
        ),
        span: at.found_span(),
    })
}

/// `define "A" = …` (no type), `define "A" : USD $1` (no `=`).
fn definition_header(at: &Site) -> Option<Expectation> {
    let words = at.words();
    if words.first() != Some(&"define") || words.contains(&"=") {
        return None;
    }
    let name = name_after(at.rule, "define").unwrap_or("Term");
    if at.tried(Rule::params) {
        return Some(Expectation {
            expected: format!("`:` and the type of `{name}`"),
            label: at.found_label(),
            help: format!(
                "a definition names its type before its formula: `define \"{name}\" : USD = \
                 …` (a type: `USD`, `USD per share`, `shares`, `percent`, `number`, `date`, \
                 `bool`, …); with parameters, `define \"{name}\" (conversion: \
                 conversion_notice) : USD = …`"
            ),
            span: at.found_span(),
        });
    }
    if at.tried(Rule::kw_notwithstanding) || at.tried(Rule::kw_subject) {
        return Some(Expectation {
            expected: format!("`=` and the formula of `{name}`"),
            label: at.found_label(),
            help: format!(
                "after its type, a definition gives its formula after `=`: `define \"{name}\" : \
                 USD = $1,000`"
            ),
            span: at.found_span(),
        });
    }
    None
}

/// `define "A" : = $1`, `(d: )`: a type.
fn type_expected(at: &Site) -> Option<Expectation> {
    if !(at.tried(Rule::kw_usd) && at.tried(Rule::kw_shares)) {
        return None;
    }
    Some(Expectation {
        expected: "a type".to_owned(),
        label: at.found_label(),
        help: "a type is `USD`, `USD per share`, `shares`, `percent`, `rate per annum`, \
               `number`, `date`, `datetime`, `time`, `bool`, `text`, `party`, `trading days`, \
               `calendar days`, `list of …` or a declared name (`conversion_notice`, `holder`): \
               `define \"Stated Value\" : USD = $1,000`"
            .to_owned(),
        span: at.found_span(),
    })
}

/// `round x to cent half up`: the comma before the mode, `to`, the precision.
fn rounding(at: &Site) -> Option<Expectation> {
    let start = at
        .rule
        .match_indices("round ")
        .map(|(i, _)| i)
        .filter(|&i| {
            at.rule
                .get(..i)
                .and_then(|b| b.chars().next_back())
                .is_none_or(|c| c.is_whitespace() || c == '(')
        })
        .last()?;
    // The rounding as written, to the end of its line.
    let line_end = at
        .text
        .get(at.pos..)
        .and_then(|r| r.find('\n'))
        .map_or(at.text.len(), |i| at.pos + i);
    let from = at.rule.len() - start;
    let begin = at.pos.checked_sub(from)?;
    let written = at.text.get(begin..line_end)?;
    let help = "write `round (x) to the nearest cent, half up`: the amount (in parentheses when \
                it is a formula), `to` and the precision (`the nearest cent`, `a whole share`, \
                `1/100th of a share`, an amount such as `$100`), a comma and the mode (`half \
                up`, `half even`, `down`, `up`)"
        .to_owned();
    let to = written.find(" to ");
    if to.is_some_and(|t| at.pos < begin + t) {
        return Some(Expectation {
            expected: "`to` after the amount to round".to_owned(),
            label: at.found_label(),
            help: format!("a formula to round goes in parentheses: `round (x × 2) to …`; {help}"),
            span: at.found_span(),
        });
    }
    // A mode written without its comma: point at the mode.
    let mut complete = false;
    let mut seen: Vec<usize> = Vec::new();
    for mode in ["half up", "half even", "down", "up"] {
        for (i, _) in written.match_indices(&format!(" {mode}")) {
            let after = written.get(i + 1 + mode.len()..).unwrap_or_default();
            let end = i + 1 + mode.len();
            if after.starts_with(|c: char| c.is_alphanumeric() || c == '_') || seen.contains(&end) {
                continue;
            }
            seen.push(end);
            let before_mode = written.get(..i)?.trim_end();
            if before_mode.ends_with(',') {
                complete = true;
            } else if before_mode.contains(" to ") {
                return Some(Expectation {
                    expected: "a comma between the precision and the rounding mode".to_owned(),
                    label: format!("`, {mode}`?"),
                    help,
                    span: (begin + i + 1, mode.len()),
                });
            }
        }
    }
    if complete {
        return None;
    }
    if to.is_none() {
        return Some(Expectation {
            expected: "`to` and the precision to round to".to_owned(),
            label: at.found_label(),
            help,
            span: at.found_span(),
        });
    }
    // Elsewhere in a rounding not yet complete: say how one is written.
    if at.pos >= begin {
        return Some(Expectation {
            expected: "the rest of a rounding: `to`, the precision, a comma and the mode"
                .to_owned(),
            label: at.found_label(),
            help,
            span: at.found_span(),
        });
    }
    None
}

/// `the lesser of a, b`: two values joined by `and`.
fn lesser_greater(at: &Site) -> Option<Expectation> {
    if !at.tried(Rule::kw_and) {
        return None;
    }
    let which = ["lesser of", "greater of"]
        .into_iter()
        .filter_map(|w| at.rule.rfind(w).map(|i| (i, w)))
        .max()?;
    if at.rule.get(which.0..)?.contains(" and ") {
        return None;
    }
    Some(Expectation {
        expected: format!("`and` between the two values of `the {}`", which.1),
        label: at.found_label(),
        help: format!(
            "`the {} \"Set Price\" and \"Discounted Average VWAP\"(conversion)`: two values \
             joined by `and`, each a defined term, a literal or a formula in parentheses",
            which.1
        ),
        span: at.found_span(),
    })
}

/// `if c $1 else $2`: `then`, `else`.
fn if_then_else(at: &Site) -> Option<Expectation> {
    let expected = if at.tried(Rule::kw_then) {
        "`then` after the condition of `if`"
    } else if at.tried(Rule::kw_else) {
        "`else` and the value when the condition of `if` does not hold"
    } else {
        return None;
    };
    Some(Expectation {
        expected: expected.to_owned(),
        label: at.found_label(),
        help: "a condition reads `if c then a else b`: `if \"Dividends Paid in Cash\" then $1 \
               else $0`"
            .to_owned(),
        span: at.found_span(),
    })
}

/// `85% ×` and nothing after: an operator without its right operand.
fn missing_value(at: &Site) -> Option<Expectation> {
    let starts_value = [Rule::money_amount, Rule::number, Rule::string];
    if !(starts_value.iter().all(|r| at.tried(*r)) || at.tried(Rule::expr)) {
        return None;
    }
    let before = at.text.get(..at.pos)?.trim_end();
    let op = [
        "×", "*", "/", "÷", "+", "-", "^", "=", "<=", ">=", "<>", "<", ">",
    ]
    .into_iter()
    .find(|op| before.ends_with(op))
    .or_else(|| {
        [
            "and",
            "or",
            "not",
            "otherwise",
            "of",
            "then",
            "else",
            "before",
            "after",
            "on",
        ]
        .into_iter()
        .find(|w| before.split_whitespace().next_back() == Some(*w))
    });
    let help =
        "a value is a literal (`85%`, `$1,000`, `100 shares`, `2002-06-03`), a defined term \
                in quotes (`\"Set Price\"`), a fact (`deal.original_issue_date`) or a formula in \
                parentheses: `85% × \"Average VWAP\"(conversion)`"
            .to_owned();
    Some(match op {
        Some(op) => Expectation {
            expected: format!("a value after `{op}`"),
            label: format!("nothing follows this `{op}`"),
            help,
            span: (before.len() - op.len(), op.len()),
        },
        None => Expectation {
            expected: "a value".to_owned(),
            label: at.found_label(),
            help,
            span: at.found_span(),
        },
    })
}

/// `$1 $2`: two values side by side, inside a formula.
fn missing_operator(at: &Site) -> Option<Expectation> {
    if !(at.tried(Rule::op_add) && at.tried(Rule::op_mul))
        || at.starts_line()
        || at.found.is_empty()
    {
        return None;
    }
    Some(Expectation {
        expected: "an operator, or the end of the formula".to_owned(),
        label: at.found_label(),
        help: "values are joined by an operator (`+`, `-`, `×`, `/`, `^`, `=`, `<`, `and`, `or`, \
               `otherwise`, `not less than`, …): `\"Stated Value\" × 4% per annum`; a new rule \
               starts a line"
            .to_owned(),
        span: at.found_span(),
    })
}

/// `rule "A" …` in a section: a word that starts no rule.
fn section_item(at: &Site) -> Option<Expectation> {
    if !(at.tried(Rule::kw_define) && at.tried(Rule::kw_obligation) && at.starts_line()) {
        return None;
    }
    let list = SECTION_ITEMS.map(|w| format!("`{w}`")).join(", ");
    let suggestion = nearest(at.found, &SECTION_ITEMS);
    Some(Expectation {
        expected: "a rule of the section".to_owned(),
        label: match suggestion {
            Some(s) => format!("`{s}`?"),
            None => at.found_label(),
        },
        help: format!(
            "a section holds {list}; e.g. `define \"Set Price\" : USD per share = $1.29`"
        ),
        span: at.found_span(),
    })
}

/// `sction "1" …` at the top of a file.
fn declaration(at: &Site) -> Option<Expectation> {
    if !(at.tried(Rule::file) || at.tried(Rule::kw_section)) {
        return None;
    }
    let list = DECLARATIONS.map(|w| format!("`{w}`")).join(", ");
    let suggestion = nearest(at.found, &DECLARATIONS);
    Some(Expectation {
        expected: "a declaration or a section".to_owned(),
        label: match suggestion {
            Some(s) => format!("`{s}`?"),
            None => at.found_label(),
        },
        help: format!(
            "a clause file holds {list}; e.g. `section \"5(c)(i)\" \"Conversion Price\" {{ … }}`"
        ),
        span: at.found_span(),
    })
}

/// The quoted name after `word` in `text`.
fn name_after<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let rest = text.get(text.find(word)? + word.len()..)?;
    let open = rest.find('"')?;
    let rest = rest.get(open + 1..)?;
    rest.get(..rest.find('"')?)
}

/// The candidate closest to `word` by edit distance, when it is a likely misspelling.
fn nearest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    if word.len() < 2 {
        return None;
    }
    candidates
        .iter()
        .map(|c| (c.split_whitespace().next().unwrap_or(c), c))
        .map(|(first, c)| (distance(word, first), *c))
        .filter(|(d, c)| *d <= 2 && *d < c.len() / 2 + 1)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance, by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let cost = usize::from(ca != *cb);
            let value = (prev + cost).min(above + 1).min(left + 1);
            prev = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// A number written in words (`five`), which a window's length or a count must give in digits.
pub(super) fn number_word(word: &str) -> Option<u32> {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let lower = word.to_ascii_lowercase();
    if let Some(i) = WORDS.iter().position(|w| *w == lower) {
        return u32::try_from(i).ok();
    }
    match lower.as_str() {
        "thirty" => Some(30),
        "forty" => Some(40),
        "fifty" => Some(50),
        "sixty" => Some(60),
        "ninety" => Some(90),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspellings_are_matched_to_the_nearest_keyword() {
        assert_eq!(nearest("defne", &SECTION_ITEMS), Some("define"));
        assert_eq!(nearest("sction", &DECLARATIONS), Some("section"));
        assert_eq!(nearest("xyzzy", &SECTION_ITEMS), None);
        assert_eq!(
            nearest("busines", &SECTION_ITEMS),
            Some("business days are weekdays except the holidays in")
        );
        assert_eq!(nearest("markt", &DECLARATIONS), Some("market series"));
    }

    #[test]
    fn tokens_are_words_quotes_or_one_sign() {
        assert_eq!(first_token("a: date"), "a");
        assert_eq!(first_token("\"\"\"The text"), "\"\"\"");
        assert_eq!(first_token(", $2"), ",");
        assert_eq!(first_token("$1, $2"), "$1");
        assert_eq!(first_token("cent, half"), "cent");
        assert_eq!(first_token(""), "");
    }

    #[test]
    fn numbers_in_words() {
        assert_eq!(number_word("five"), Some(5));
        assert_eq!(number_word("Thirty"), Some(30));
        assert_eq!(number_word("pricing"), None);
    }
}
