//! An id → index lookup that stores only the indices: the ids themselves are read from the
//! elements they index (hubs, segments, specs), so a lookup over 3·10⁶ segments costs about
//! 9 bytes per segment instead of a second copy of every id string in a
//! `HashMap<String, usize>` (about 80 bytes each with the key's allocation).

use std::fmt;
use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

use super::model::FeatureId;

/// Indices keyed by the textual form of their element's [`FeatureId`] (so `5` and `"5"` are
/// the same key, as in [`FeatureId::as_key`]).
///
/// Every method takes `id_of`, which returns the id of the element at an index; the caller
/// must pass the same elements (in the same order) that the indices were inserted for.
#[derive(Clone, Default)]
pub(crate) struct IdIndex {
    table: HashTable<usize>,
    /// foldhash, seeded per index: ids come from files, not from an adversary who could
    /// choose colliding keys, and SipHash cost a sixth of an OSM import's id lookups.
    state: DefaultHashBuilder,
}

impl fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdIndex({} ids)", self.table.len())
    }
}

impl IdIndex {
    /// An empty index with room for `n` ids.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            table: HashTable::with_capacity(n),
            state: DefaultHashBuilder::default(),
        }
    }

    /// The index of ids `0..n` (`id_of(i)` for each); where an id repeats, the last index
    /// wins, as when collecting pairs into a map.
    pub fn of<'a>(n: usize, id_of: impl Fn(usize) -> &'a FeatureId) -> Self {
        let mut index = Self::with_capacity(n);
        for i in 0..n {
            index.replace(i, &id_of);
        }
        index
    }

    fn hash(&self, key: &str) -> u64 {
        self.state.hash_one(key)
    }

    /// The index stored for `key`, if any.
    pub fn get<'a>(&self, key: &str, id_of: impl Fn(usize) -> &'a FeatureId) -> Option<usize> {
        self.table
            .find(self.hash(key), |&i| id_of(i).with_key(|k| k == key))
            .copied()
    }

    /// The index stored for the id `id` (by its textual form), if any.
    pub fn get_id<'a>(
        &self,
        id: &FeatureId,
        id_of: impl Fn(usize) -> &'a FeatureId,
    ) -> Option<usize> {
        let hash = id.with_key(|k| self.hash(k));
        self.table.find(hash, |&i| id_of(i).same_key(id)).copied()
    }

    /// Stores index `i` under its id unless that id is stored already; returns the index
    /// stored before, if any (the index is then unchanged).
    pub fn insert_new<'a>(
        &mut self,
        i: usize,
        id_of: impl Fn(usize) -> &'a FeatureId,
    ) -> Option<usize> {
        let id = id_of(i);
        let hash = id.with_key(|k| self.hash(k));
        let state = &self.state;
        let hasher = |&j: &usize| id_of(j).with_key(|k| state.hash_one(k));
        match self.table.entry(hash, |&j| id_of(j).same_key(id), hasher) {
            hashbrown::hash_table::Entry::Occupied(e) => Some(*e.get()),
            hashbrown::hash_table::Entry::Vacant(e) => {
                e.insert(i);
                None
            }
        }
    }

    /// Stores index `i` under its id, replacing an index stored for that id before.
    fn replace<'a>(&mut self, i: usize, id_of: &impl Fn(usize) -> &'a FeatureId) {
        let id = id_of(i);
        let hash = id.with_key(|k| self.hash(k));
        let state = &self.state;
        let hasher = |&j: &usize| id_of(j).with_key(|k| state.hash_one(k));
        match self.table.entry(hash, |&j| id_of(j).same_key(id), hasher) {
            hashbrown::hash_table::Entry::Occupied(mut e) => *e.get_mut() = i,
            hashbrown::hash_table::Entry::Vacant(e) => {
                e.insert(i);
            }
        }
    }

    /// Number of ids stored.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.table.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_and_string_ids_share_their_textual_key() {
        let ids = [
            FeatureId::Int(5),
            FeatureId::from("a"),
            FeatureId::Int(-17),
            FeatureId::Int(i64::MIN),
        ];
        let index = IdIndex::of(ids.len(), |i| &ids[i]);
        assert_eq!(index.len(), 4);
        assert_eq!(index.get("5", |i| &ids[i]), Some(0));
        assert_eq!(index.get("a", |i| &ids[i]), Some(1));
        assert_eq!(index.get("-17", |i| &ids[i]), Some(2));
        assert_eq!(index.get(&i64::MIN.to_string(), |i| &ids[i]), Some(3));
        assert_eq!(index.get("05", |i| &ids[i]), None);
        assert_eq!(index.get_id(&FeatureId::from("5"), |i| &ids[i]), Some(0));
        assert_eq!(index.get_id(&FeatureId::Int(-17), |i| &ids[i]), Some(2));
        assert_eq!(index.get_id(&FeatureId::from("b"), |i| &ids[i]), None);
        assert_eq!(index.get("", |i| &ids[i]), None);
    }

    #[test]
    fn repeated_ids_keep_the_last_index_or_report_the_first() {
        let ids = [
            FeatureId::from("x"),
            FeatureId::Int(7),
            FeatureId::from("7"),
        ];
        let last = IdIndex::of(ids.len(), |i| &ids[i]);
        assert_eq!((last.len(), last.get("7", |i| &ids[i])), (2, Some(2)));
        let mut first = IdIndex::with_capacity(0);
        let found: Vec<_> = (0..ids.len())
            .map(|i| first.insert_new(i, |j| &ids[j]))
            .collect();
        assert_eq!(found, [None, None, Some(1)]);
        assert_eq!(first.get("7", |i| &ids[i]), Some(1));
    }

    #[test]
    fn many_ids_survive_growth() {
        let ids: Vec<FeatureId> = (0..10_000)
            .map(|i| {
                if i % 2 == 0 {
                    FeatureId::Int(i)
                } else {
                    FeatureId::Str(format!("s{i}"))
                }
            })
            .collect();
        let mut index = IdIndex::with_capacity(0);
        for i in 0..ids.len() {
            assert_eq!(index.insert_new(i, |j| &ids[j]), None);
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.get(&id.as_key(), |j| &ids[j]), Some(i));
        }
    }
}
