//! Finding a quote in the document's text, and, when it is not there, the closest passage.
//!
//! A quote is cut at its omissions (`[...]`, also written `[…]` or `[. . .]`) into pieces; each
//! piece must be the document's words (by the rules of [`Normal`]) and the pieces must come in
//! the quote's order, each after the one before, within the part of the document searched — the
//! quoted section when the clause names one the document has. A piece that starts or ends with
//! a letter or a digit starts or ends on a word boundary. Square brackets with anything else in
//! them are not an omission: `[the Set Price]` is words the document does not have.
//!
//! The closest passage is found by the words the piece shares with the document: each run of
//! three words of the piece that the document also has votes for where the piece would start;
//! around the start most votes agree on, the piece is aligned word by word with the document
//! (every word of the piece, a stretch of the document: a semi-global alignment), which says
//! where they differ, and [`strsim`]'s Levenshtein distance over the words says how alike they
//! are.

use std::collections::HashMap;
use std::ops::Range;

use super::text::Normal;

/// A quote, cut at its omissions.
#[derive(Debug, Clone)]
pub struct Quote {
    /// The text between omissions, normalised, each keeping where it is in the clause file.
    pub pieces: Vec<Normal>,
}

const OMISSIONS: [&str; 3] = ["[...]", "[…]", "[. . .]"];

impl Quote {
    /// A quote as written in a clause file (`raw`, whose first byte is at `base` in the file).
    pub fn new(raw: &str, base: usize) -> Quote {
        let mut pieces = Vec::new();
        let mut from = 0;
        loop {
            let next = OMISSIONS
                .iter()
                .filter_map(|m| raw.get(from..)?.find(m).map(|p| (from + p, m.len())))
                .min();
            let until = next.map_or(raw.len(), |(p, _)| p);
            let piece = Normal::new(raw.get(from..until).unwrap_or(""), base + from, &[]);
            if !piece.is_empty() {
                pieces.push(piece);
            }
            match next {
                Some((p, len)) => from = p + len,
                None => break,
            }
        }
        Quote { pieces }
    }
}

/// Why a quote was not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Miss {
    /// The first piece that could not be placed.
    pub piece: usize,
    /// The piece is in the part searched, but not after the pieces before it.
    pub out_of_order: bool,
}

/// Find the pieces of `quote` in `doc` within the characters `within`, each after the one
/// before and, when `gap` is given, at most `gap` characters after it. The characters of the
/// document each piece is, in order.
pub fn find(
    doc: &Normal,
    quote: &Quote,
    within: Range<usize>,
    gap: Option<usize>,
) -> Result<Vec<Range<usize>>, Miss> {
    let Some((first, rest)) = quote.pieces.split_first() else {
        return Ok(Vec::new());
    };
    let mut reached = 0;
    let mut any = false;
    for start in occurrences(doc, first, within.clone()) {
        any = true;
        let mut found = Vec::with_capacity(quote.pieces.len());
        found.push(start..start + first.len());
        let mut pos = start + first.len();
        let mut placed = true;
        for (k, p) in rest.iter().enumerate() {
            let limit = gap.map_or(within.end, |g| (pos + g + p.len()).min(within.end));
            match occurrences(doc, p, pos..limit).next() {
                Some(s) => {
                    found.push(s..s + p.len());
                    pos = s + p.len();
                }
                None => {
                    reached = reached.max(k + 1);
                    placed = false;
                    break;
                }
            }
        }
        if placed {
            return Ok(found);
        }
    }
    if !any {
        return Err(Miss {
            piece: 0,
            out_of_order: false,
        });
    }
    let out_of_order = quote
        .pieces
        .get(reached)
        .is_some_and(|p| occurrences(doc, p, within.clone()).next().is_some());
    Err(Miss {
        piece: reached,
        out_of_order,
    })
}

/// Where `piece` is written in `doc` within `within`, on word boundaries.
pub fn occurrences<'a>(
    doc: &'a Normal,
    piece: &'a Normal,
    within: Range<usize>,
) -> impl Iterator<Item = usize> + 'a {
    let end = within.end.min(doc.len());
    let last = end.checked_sub(piece.len()).map(|l| l + 1).unwrap_or(0);
    (within.start..last.max(within.start)).filter(move |&s| {
        doc.matches_at(s, piece) && doc.at_word_boundaries(s, s + piece.len(), piece)
    })
}

/// The passage of the document closest to a piece that is not in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Closest {
    /// Characters of the document.
    pub passage: Range<usize>,
    /// How alike the piece and the passage are, from 0 to 1: one less the Levenshtein distance
    /// between their words over the longer's length.
    pub similarity: f64,
    /// The first place they differ.
    pub difference: Option<Difference>,
    /// In how many places they differ.
    pub differences: usize,
}

/// A place where a piece and the passage differ: characters of the piece and of the document.
/// Either may be empty (the quote leaves words out, or adds some); then it is the place between
/// two words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub quote: Range<usize>,
    pub source: Range<usize>,
}

/// Words of a piece compared at most: a longer piece is compared by its beginning.
const MAX_WORDS: usize = 600;

/// The passage of `doc` within `within` closest to `piece`, if they have words in common.
pub fn closest(doc: &Normal, piece: &Normal, within: Range<usize>) -> Option<Closest> {
    let dw = doc.words(within);
    let mut qw = piece.words(0..piece.len());
    qw.truncate(MAX_WORDS);
    if dw.is_empty() || qw.is_empty() {
        return None;
    }
    let key = |n: &Normal, ws: &[Range<usize>]| -> String {
        ws.iter()
            .map(|w| n.text(w.clone()).to_lowercase())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let size = if qw.len() >= 3 { 3 } else { 1 };
    let mut shingles: HashMap<String, Vec<usize>> = HashMap::new();
    for k in 0..=dw.len().saturating_sub(size) {
        if let Some(ws) = dw.get(k..k + size) {
            shingles.entry(key(doc, ws)).or_default().push(k);
        }
    }
    let mut votes: HashMap<i64, usize> = HashMap::new();
    for j in 0..=qw.len().saturating_sub(size) {
        let Some(ws) = qw.get(j..j + size) else {
            continue;
        };
        for &k in shingles.get(&key(piece, ws)).into_iter().flatten() {
            *votes.entry(offset(j, k)).or_default() += 1;
        }
    }
    let (&best, _) = votes
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
    // A window around where most shared words say the piece starts, wide enough for what the
    // quote leaves out or adds; the alignment finds the passage in it.
    let slack = i64::try_from(qw.len() / 2 + 20).unwrap_or(i64::MAX);
    let len = i64::try_from(qw.len()).unwrap_or(i64::MAX);
    let from = usize::try_from((best - slack).max(0))
        .unwrap_or(0)
        .min(dw.len());
    let to = usize::try_from((best + len + slack).max(0))
        .unwrap_or(usize::MAX)
        .min(dw.len());
    let window = dw.get(from..to.max(from))?;
    let steps = align(doc, window, piece, &qw);
    let (first, last) = (steps.first()?, steps.last()?);
    let passage_words = first.source.start..last.source.end;
    let hunks: Vec<&Step> = steps.iter().filter(|s| !s.same).collect();
    let chars = |ws: &[Range<usize>], r: Range<usize>| -> Range<usize> {
        match (
            ws.get(r.start),
            r.end.checked_sub(1).and_then(|e| ws.get(e)),
        ) {
            (Some(a), Some(b)) if r.end > r.start => a.start..b.end,
            (Some(a), _) => a.start..a.start,
            (None, _) => ws.last().map_or(0..0, |w| w.end..w.end),
        }
    };
    let qkeys: Vec<String> = qw.iter().map(|w| piece.text(w.clone())).collect();
    let skeys: Vec<String> = window
        .get(passage_words.clone())
        .unwrap_or(&[])
        .iter()
        .map(|w| doc.text(w.clone()))
        .collect();
    let distance = strsim::generic_levenshtein(&qkeys, &skeys);
    let longest = qkeys.len().max(skeys.len()).max(1);
    let similarity = 1.0 - distance as f64 / longest as f64;
    let difference = hunks.first().map(|h| Difference {
        quote: chars(&qw, h.quote.clone()),
        source: chars(window, h.source.clone()),
    });
    Some(Closest {
        passage: chars(window, passage_words),
        similarity,
        difference,
        differences: hunks.len(),
    })
}

fn offset(j: usize, k: usize) -> i64 {
    i64::try_from(k).unwrap_or(i64::MAX) - i64::try_from(j).unwrap_or(i64::MAX)
}

/// A run of the alignment: words of the piece and of the window that are the same (`same`), or
/// that differ (either side may be empty: the place between two words).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Step {
    same: bool,
    quote: Range<usize>,
    source: Range<usize>,
}

/// Align every word of the piece with a stretch of the window (semi-global alignment: the
/// window's words before and after the stretch are free). A word the same scores 2, a word
/// replaced, left out or added costs 1, so a stray match far from the passage does not pay for
/// the gap it would open. The alignment as runs of same and different words.
fn align(doc: &Normal, window: &[Range<usize>], piece: &Normal, qw: &[Range<usize>]) -> Vec<Step> {
    let (n, m) = (qw.len(), window.len());
    let same = |i: usize, k: usize| match (qw.get(i), window.get(k)) {
        (Some(q), Some(s)) => doc.same_word(s.clone(), piece, q.clone()),
        _ => false,
    };
    let width = m + 1;
    // score[i * width + k]: the best alignment of the piece's first i words ending at window
    // word k.
    let mut score = vec![0i64; (n + 1) * width];
    let at = |score: &[i64], i: usize, k: usize| score.get(i * width + k).copied().unwrap_or(0);
    for i in 1..=n {
        for k in 0..=m {
            let up = at(&score, i - 1, k) - 1;
            let v = if k == 0 {
                up
            } else {
                let diag = at(&score, i - 1, k - 1) + if same(i - 1, k - 1) { 2 } else { -1 };
                let left = at(&score, i, k - 1) - 1;
                diag.max(up).max(left)
            };
            if let Some(cell) = score.get_mut(i * width + k) {
                *cell = v;
            }
        }
    }
    let mut k = (0..=m)
        .max_by_key(|&k| (at(&score, n, k), std::cmp::Reverse(k)))
        .unwrap_or(m);
    let mut i = n;
    // Back from the end: (same, piece word, window word) per move, `None` for a side skipped.
    let mut moves: Vec<(bool, Option<usize>, Option<usize>)> = Vec::new();
    while i > 0 {
        let here = at(&score, i, k);
        if k > 0 {
            let s = same(i - 1, k - 1);
            if here == at(&score, i - 1, k - 1) + if s { 2 } else { -1 } {
                moves.push((s, Some(i - 1), Some(k - 1)));
                i -= 1;
                k -= 1;
                continue;
            }
            if here == at(&score, i, k - 1) - 1 {
                moves.push((false, None, Some(k - 1)));
                k -= 1;
                continue;
            }
        }
        moves.push((false, Some(i - 1), None));
        i -= 1;
    }
    moves.reverse();
    let mut steps: Vec<Step> = Vec::new();
    let (mut qi, mut sk) = (0, k);
    for (s, q, w) in moves {
        let (q_end, s_end) = (q.map_or(qi, |q| q + 1), w.map_or(sk, |w| w + 1));
        match steps.last_mut() {
            Some(last) if last.same == s => {
                last.quote.end = q_end;
                last.source.end = s_end;
            }
            _ => steps.push(Step {
                same: s,
                quote: qi..q_end,
                source: sk..s_end,
            }),
        }
        (qi, sk) = (q_end, s_end);
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Normal {
        Normal::new(text, 0, &[])
    }

    #[test]
    fn omissions_cut_a_quote_into_pieces_found_in_order() {
        let d = doc("The Company shall pay, at its option, in cash. Then the Holder may elect.");
        let q = Quote::new(
            "The Company shall pay, [...] in cash. [...]\n   Holder may",
            100,
        );
        assert_eq!(q.pieces.len(), 3);
        let found = find(&d, &q, 0..d.len(), None).unwrap();
        assert_eq!(found.len(), 3);
        let backwards = Quote::new("the Holder may [...] The Company", 0);
        let miss = find(&d, &backwards, 0..d.len(), None).unwrap_err();
        assert_eq!(
            miss,
            Miss {
                piece: 1,
                out_of_order: true
            }
        );
    }

    #[test]
    fn a_piece_does_not_cut_a_word() {
        let d = doc("the Stockholder agrees");
        assert!(find(&d, &Quote::new("Stock", 0), 0..d.len(), None).is_err());
        assert!(find(&d, &Quote::new("Stockholder", 0), 0..d.len(), None).is_ok());
    }

    #[test]
    fn brackets_with_words_are_not_an_omission() {
        let d = doc("the lesser of (A) 120% of the average and (B) 85% of the lowest");
        let q = Quote::new(
            "the lesser of (A) [the Set Price] and (B) 85% of the lowest",
            0,
        );
        assert!(find(&d, &q, 0..d.len(), None).is_err());
        let c = closest(&d, q.pieces.first().unwrap(), 0..d.len()).unwrap();
        let diff = c.difference.unwrap();
        assert_eq!(q.pieces[0].text(diff.quote), "[the Set Price]");
        assert_eq!(d.text(diff.source), "120% of the average");
        assert_eq!(c.differences, 1);
        assert!(c.similarity > 0.6 && c.similarity < 1.0, "{}", c.similarity);
    }
}
