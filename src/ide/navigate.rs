//! Go to definition and find references: the occurrences of the symbol under the cursor.

use std::path::Path;

use super::index::Symbol;
use super::{Analysis, Location};

impl Analysis {
    /// Where the name at `offset` is declared: a term's defining rules, a field in its
    /// `facts`/`records`/`event` block, a section's number, a party, an enum or its value, a
    /// local's parameter. Empty when the name is not one the folder declares.
    pub fn definition(&self, path: &Path, offset: usize) -> Vec<Location> {
        let Some(symbol) = self.symbol_at(path, offset) else {
            return Vec::new();
        };
        self.index
            .of(symbol)
            .filter(|o| o.def)
            .filter_map(|o| self.location(o.span))
            .collect()
    }

    /// Every place the name at `offset` is written, with its declarations or without.
    pub fn references(&self, path: &Path, offset: usize, declarations: bool) -> Vec<Location> {
        let Some(symbol) = self.symbol_at(path, offset) else {
            return Vec::new();
        };
        self.index
            .of(symbol)
            .filter(|o| declarations || !o.def)
            .filter_map(|o| self.location(o.span))
            .collect()
    }

    /// What the name at `offset` stands for.
    pub fn symbol_at(&self, path: &Path, offset: usize) -> Option<&Symbol> {
        let file = self.file_id(path)?;
        self.index.at(file, offset).map(|o| &o.symbol)
    }
}
