//! Typed ids and the arenas they index, as rust-analyzer's `la_arena` does: an `Id<Term>` is
//! made only by the `Arena<Term>` it indexes, so `arena[id]` cannot miss and no lookup needs a
//! fallback. An id of one kind cannot be used for another (a `TermId` is not an `EventId`).
//! `arena.at(id)` is the lookup (the crate's lints keep `[…]` for nothing but this module).
//! `ArenaMap` keeps values beside an arena's items (the facts given for each fact table).

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

/// The id of a `T` in its `Arena<T>`.
pub struct Id<T> {
    index: u32,
    of: PhantomData<fn() -> T>,
}

impl<T> Id<T> {
    fn new(index: usize) -> Id<T> {
        Id {
            index: u32::try_from(index).unwrap_or(u32::MAX),
            of: PhantomData,
        }
    }

    /// Its position in the arena, in declaration order (for ids shown to people and tools).
    pub fn index(self) -> usize {
        self.index as usize
    }
}

impl<T> Clone for Id<T> {
    fn clone(&self) -> Id<T> {
        *self
    }
}

impl<T> Copy for Id<T> {}

impl<T> PartialEq for Id<T> {
    fn eq(&self, o: &Id<T>) -> bool {
        self.index == o.index
    }
}

impl<T> Eq for Id<T> {}

impl<T> PartialOrd for Id<T> {
    fn partial_cmp(&self, o: &Id<T>) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

impl<T> Ord for Id<T> {
    fn cmp(&self, o: &Id<T>) -> std::cmp::Ordering {
        self.index.cmp(&o.index)
    }
}

impl<T> Hash for Id<T> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.index.hash(h);
    }
}

impl<T> fmt::Debug for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = std::any::type_name::<T>().rsplit("::").next().unwrap_or("");
        write!(f, "{kind}#{}", self.index)
    }
}

/// Items of one kind, each with its id.
#[derive(Clone, PartialEq, Eq)]
pub struct Arena<T> {
    items: Vec<T>,
}

impl<T> Default for Arena<T> {
    fn default() -> Arena<T> {
        Arena { items: Vec::new() }
    }
}

impl<T: fmt::Debug> fmt::Debug for Arena<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.items).finish()
    }
}

impl<T> Arena<T> {
    /// Add an item; its id.
    pub fn alloc(&mut self, item: T) -> Id<T> {
        self.items.push(item);
        Id::new(self.items.len() - 1)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Each item with its id, in the order they were added.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = (Id<T>, &T)> + ExactSizeIterator {
        self.items.iter().enumerate().map(|(i, t)| (Id::new(i), t))
    }

    /// The items, in the order they were added.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// The items, in the order they were added.
    pub fn values(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// Every id, in the order the items were added.
    pub fn ids(&self) -> impl Iterator<Item = Id<T>> + use<T> {
        (0..self.items.len()).map(Id::new)
    }

    /// The id of the first item that satisfies `f`.
    pub fn position(&self, f: impl Fn(&T) -> bool) -> Option<Id<T>> {
        self.items.iter().position(f).map(Id::new)
    }

    /// The item of an id of this arena.
    pub fn at(&self, id: Id<T>) -> &T {
        &self[id]
    }

    pub fn at_mut(&mut self, id: Id<T>) -> &mut T {
        &mut self[id]
    }

    /// The item of an id that may come from another arena of the same kind (an id a library
    /// caller made with a second program): `None` when it is out of range.
    pub fn get(&self, id: Id<T>) -> Option<&T> {
        self.items.get(id.index())
    }
}

impl<'a, T> IntoIterator for &'a Arena<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[expect(
    clippy::indexing_slicing,
    reason = "an id is made only by the arena it indexes, so it is in range"
)]
impl<T> Index<Id<T>> for Arena<T> {
    type Output = T;

    fn index(&self, id: Id<T>) -> &T {
        &self.items[id.index()]
    }
}

#[expect(
    clippy::indexing_slicing,
    reason = "an id is made only by the arena it indexes, so it is in range"
)]
impl<T> IndexMut<Id<T>> for Arena<T> {
    fn index_mut(&mut self, id: Id<T>) -> &mut T {
        &mut self.items[id.index()]
    }
}

/// A value for each item of an arena, made from the arena (so every id has one).
#[derive(Debug, Clone, PartialEq)]
pub struct ArenaMap<T, V> {
    values: Vec<V>,
    of: PhantomData<fn() -> T>,
}

impl<T, V> Default for ArenaMap<T, V> {
    fn default() -> ArenaMap<T, V> {
        ArenaMap {
            values: Vec::new(),
            of: PhantomData,
        }
    }
}

impl<T, V> ArenaMap<T, V> {
    /// A value for each item of `arena`.
    pub fn from_arena(arena: &Arena<T>, mut f: impl FnMut(Id<T>, &T) -> V) -> ArenaMap<T, V> {
        ArenaMap {
            values: arena.entries().map(|(id, t)| f(id, t)).collect(),
            of: PhantomData,
        }
    }

    /// The value of an id of the arena the map was made from.
    pub fn at(&self, id: Id<T>) -> &V {
        &self[id]
    }

    pub fn at_mut(&mut self, id: Id<T>) -> &mut V {
        &mut self[id]
    }

    /// The value of an id of another arena of the same kind: `None` when it is out of range.
    pub fn get(&self, id: Id<T>) -> Option<&V> {
        self.values.get(id.index())
    }

    /// Each value with its id.
    pub fn iter(&self) -> impl Iterator<Item = (Id<T>, &V)> {
        self.values.iter().enumerate().map(|(i, v)| (Id::new(i), v))
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl Iterator<Item = Id<T>> + use<T, V> {
        (0..self.values.len()).map(Id::new)
    }

    /// Another value for each id.
    pub fn map<W>(&self, mut f: impl FnMut(Id<T>, &V) -> W) -> ArenaMap<T, W> {
        ArenaMap {
            values: self.iter().map(|(id, v)| f(id, v)).collect(),
            of: PhantomData,
        }
    }
}

#[expect(
    clippy::indexing_slicing,
    reason = "a map is made from its arena, so it has a value for each of its ids"
)]
impl<T, V> Index<Id<T>> for ArenaMap<T, V> {
    type Output = V;

    fn index(&self, id: Id<T>) -> &V {
        &self.values[id.index()]
    }
}

#[expect(
    clippy::indexing_slicing,
    reason = "a map is made from its arena, so it has a value for each of its ids"
)]
impl<T, V> IndexMut<Id<T>> for ArenaMap<T, V> {
    fn index_mut(&mut self, id: Id<T>) -> &mut V {
        &mut self.values[id.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_index_their_arena() {
        let mut a: Arena<&str> = Arena::default();
        let x = a.alloc("x");
        let y = a.alloc("y");
        assert_eq!((a[x], a[y]), ("x", "y"));
        assert_eq!(a.position(|s| *s == "y"), Some(y));
        let m = ArenaMap::from_arena(&a, |id, s| format!("{}{}", s, id.index()));
        assert_eq!(m[y], "y1");
        assert_eq!(format!("{x:?}"), "&str#0");
    }
}
