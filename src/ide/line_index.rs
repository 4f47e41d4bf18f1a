//! Byte offsets ↔ positions of editors: a line and a column counted in UTF-16 code units, as the
//! Language Server Protocol counts them. The one place the conversion is made.
//!
//! Invariants: an offset given back is on a char boundary of the text and within it; a position
//! past the end of its line is the end of the line, a line past the end is the end of the text.

/// Where each line of a text starts, to convert offsets and positions.
#[derive(Debug, Clone)]
pub struct LineIndex {
    text: std::sync::Arc<str>,
    /// The byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

/// A zero-based line and a column in UTF-16 code units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

impl LineIndex {
    pub fn new(text: impl Into<std::sync::Arc<str>>) -> LineIndex {
        let text = text.into();
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The position of a byte offset (an offset inside a char counts as the char's start).
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let before = self.text.get(start..offset).unwrap_or_else(|| {
            // Inside a char: count up to its start.
            let mut o = offset;
            while o > start && !self.text.is_char_boundary(o) {
                o -= 1;
            }
            self.text.get(start..o).unwrap_or("")
        });
        let character: usize = before.chars().map(char::len_utf16).sum();
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: u32::try_from(character).unwrap_or(u32::MAX),
        }
    }

    /// The byte offset of a position.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(self.text.len(), |&next| next.saturating_sub(1));
        let line = self.text.get(start..end).unwrap_or("");
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            if units >= position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }

    /// The positions of a byte range.
    pub fn range(&self, range: std::ops::Range<usize>) -> (Position, Position) {
        (self.position(range.start), self.position(range.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns() {
        // `§` is 2 bytes and 1 UTF-16 unit; `𝄞` is 4 bytes and 2 units.
        let index = LineIndex::new("ab\n§𝄞x\n");
        assert_eq!(
            index.position(0),
            Position {
                line: 0,
                character: 0
            }
        );
        assert_eq!(
            index.position(3),
            Position {
                line: 1,
                character: 0
            }
        );
        assert_eq!(
            index.position(5),
            Position {
                line: 1,
                character: 1
            }
        );
        assert_eq!(
            index.position(9),
            Position {
                line: 1,
                character: 3
            }
        );
        assert_eq!(
            index.offset(Position {
                line: 1,
                character: 3
            }),
            9
        );
        assert_eq!(
            index.offset(Position {
                line: 1,
                character: 1
            }),
            5
        );
        // Past the end of a line: its end; past the last line: the end of the text.
        assert_eq!(
            index.offset(Position {
                line: 0,
                character: 99
            }),
            2
        );
        assert_eq!(
            index.offset(Position {
                line: 9,
                character: 0
            }),
            11
        );
        // Inside a char: its start.
        assert_eq!(
            index.position(4),
            Position {
                line: 1,
                character: 0
            }
        );
    }
}
