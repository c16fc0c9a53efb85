//! A least-recently-used cache bounded by item count and by bytes, with keys that must stay
//! (what is on screen, what is about to be) protected from eviction.

use std::collections::HashMap;
use std::hash::Hash;

pub struct Lru<K, V> {
    entries: HashMap<K, Entry<V>>,
    max_items: usize,
    max_bytes: usize,
    bytes: usize,
    clock: u64,
}

struct Entry<V> {
    value: V,
    bytes: usize,
    used: u64,
}

impl<K: Eq + Hash + Clone, V> Lru<K, V> {
    pub fn new(max_items: usize, max_bytes: usize) -> Self {
        Self { entries: HashMap::new(), max_items: max_items.max(1), max_bytes, bytes: 0, clock: 0 }
    }

    /// The value for `key`, marking it used.
    pub fn get(&mut self, key: &K) -> Option<&V> {
        self.clock += 1;
        let e = self.entries.get_mut(key)?;
        e.used = self.clock;
        Some(&e.value)
    }

    /// The value for `key`, leaving its age alone.
    pub fn peek(&self, key: &K) -> Option<&V> {
        self.entries.get(key).map(|e| &e.value)
    }

    /// Inserts (or replaces) and then evicts least-recently-used entries not in `keep` until
    /// both bounds hold again, or only protected entries are left. Returns the evicted keys.
    pub fn insert(&mut self, key: K, value: V, bytes: usize, keep: &[&K]) -> Vec<K> {
        self.clock += 1;
        if let Some(old) = self.entries.insert(key.clone(), Entry { value, bytes, used: self.clock }) {
            self.bytes -= old.bytes;
        }
        self.bytes += bytes;
        let mut evicted = Vec::new();
        while self.entries.len() > self.max_items || self.bytes > self.max_bytes {
            let victim = self
                .entries
                .iter()
                .filter(|(k, _)| **k != key && !keep.contains(k))
                .min_by_key(|(_, e)| e.used)
                .map(|(k, _)| k.clone());
            let Some(victim) = victim else { break };
            self.remove(&victim);
            evicted.push(victim);
        }
        evicted
    }

    pub fn remove(&mut self, key: &K) -> Option<V> {
        let e = self.entries.remove(key)?;
        self.bytes -= e.bytes;
        Some(e.value)
    }

    /// Keeps only the entries `f` approves.
    pub fn retain(&mut self, mut f: impl FnMut(&K, &V) -> bool) {
        let mut freed = 0;
        self.entries.retain(|k, e| {
            let keep = f(k, &e.value);
            if !keep {
                freed += e.bytes;
            }
            keep
        });
        self.bytes -= freed;
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_the_least_recently_used_beyond_the_item_bound() {
        let mut c = Lru::new(3, usize::MAX);
        for k in 1..=3 {
            assert!(c.insert(k, k * 10, 1, &[]).is_empty());
        }
        c.get(&1); // 2 is now the oldest
        assert_eq!(c.insert(4, 40, 1, &[]), vec![2]);
        assert_eq!((c.peek(&1), c.peek(&2), c.len()), (Some(&10), None, 3));
    }

    #[test]
    fn evicts_by_bytes_but_never_what_is_kept() {
        let mut c = Lru::new(100, 10);
        c.insert("shown", (), 4, &[]);
        c.insert("old", (), 4, &[]);
        assert_eq!(c.insert("next", (), 4, &[&"shown"]), vec!["old"]);
        assert_eq!(c.bytes(), 8);
        // Over budget with only protected entries left: kept (the screen needs them).
        assert!(c.insert("big", (), 20, &[&"shown", &"next"]).is_empty());
        assert_eq!((c.len(), c.bytes()), (3, 28));
    }

    #[test]
    fn replacing_and_retaining_keep_the_byte_count_right() {
        let mut c = Lru::new(10, 100);
        c.insert(1, 'a', 30, &[]);
        c.insert(1, 'b', 10, &[]);
        c.insert(2, 'c', 20, &[]);
        assert_eq!((c.bytes(), c.peek(&1)), (30, Some(&'b')));
        c.retain(|k, _| *k == 2);
        assert_eq!((c.bytes(), c.len()), (20, 1));
        assert_eq!(c.remove(&2), Some('c'));
        assert!(c.is_empty() && c.bytes() == 0);
    }
}
