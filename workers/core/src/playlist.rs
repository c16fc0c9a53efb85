//! The playlist: which photo comes next, and which came before.
//!
//! Shuffle mode deals every item once per cycle before any repeats (items that arrive during a
//! cycle are dealt into its unplayed part), and a new cycle never starts with the photo just
//! shown. Stable mode plays items in sorted order. A bounded history supports "previous"; after
//! stepping back, "next" walks forward through the history again before drawing new items.

use crate::rng::Rng;
use std::collections::{HashSet, VecDeque};
use std::hash::Hash;

/// The original's `queue.history_size` default.
pub const DEFAULT_HISTORY: usize = 50;

#[derive(Debug, Clone)]
pub struct Playlist<T> {
    /// The current cycle's order; `order[..pos]` were dealt this cycle.
    order: Vec<T>,
    pos: usize,
    /// Everything in `order`, for O(1) duplicate checks on folders of 100,000 files.
    members: HashSet<T>,
    shuffle: bool,
    rng: Rng,
    /// Shown items, oldest first; the last one is on screen.
    history: VecDeque<T>,
    history_cap: usize,
    /// Items stepped back over with `previous`, most recent last.
    forward: Vec<T>,
    cycles: u64,
}

impl<T: Clone + Eq + Hash + Ord> Playlist<T> {
    pub fn new(shuffle: bool, history_cap: usize, rng: Rng) -> Self {
        Self {
            order: Vec::new(),
            pos: 0,
            members: HashSet::new(),
            shuffle,
            rng,
            history: VecDeque::new(),
            history_cap: history_cap.max(2),
            forward: Vec::new(),
            cycles: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// How many times the items were dealt anew (after the first pass).
    pub fn cycles(&self) -> u64 {
        self.cycles
    }

    /// Adds items (duplicates of present items are ignored). In shuffle mode each lands at a
    /// random place in the unplayed part of this cycle; in stable mode at its sorted place (an
    /// item sorting before the last one dealt waits for the next cycle). O(1) per item in
    /// shuffle mode, one near-linear sort per batch in stable mode.
    pub fn add(&mut self, items: impl IntoIterator<Item = T>) {
        let before = self.order.len();
        for item in items {
            if !self.members.insert(item.clone()) {
                continue;
            }
            self.order.push(item);
            if self.shuffle {
                let last = self.order.len() - 1;
                let slot = self.pos + self.rng.below(last - self.pos + 1);
                self.order.swap(slot, last);
            }
        }
        if !self.shuffle && self.order.len() != before {
            let last_dealt = self.pos.checked_sub(1).map(|i| self.order[i].clone());
            self.order.sort_unstable();
            self.pos = match last_dealt {
                Some(item) => self.order.partition_point(|x| *x <= item),
                None => 0,
            };
        }
    }

    /// Records `item` as already shown, first (the photo a start opens on before its folders
    /// are scanned): it is dealt in this cycle, so it does not come again until the next one.
    pub fn begin_with(&mut self, item: T) {
        if self.members.contains(&item) {
            return;
        }
        self.members.insert(item.clone());
        self.order.insert(self.pos, item.clone());
        self.pos += 1;
        if !self.shuffle {
            self.order.sort_unstable();
            self.pos = self.order.partition_point(|x| *x <= item);
        }
        self.push_history(item);
    }

    /// Removes an item everywhere (a photo that failed to decode, a deleted file).
    pub fn remove(&mut self, item: &T) {
        if !self.members.remove(item) {
            return;
        }
        if let Some(i) = self.order.iter().position(|x| x == item) {
            self.order.remove(i);
            if i < self.pos {
                self.pos -= 1;
            }
        }
        self.history.retain(|x| x != item);
        self.forward.retain(|x| x != item);
    }

    /// What [`advance`](Self::advance) will return, without advancing.
    pub fn peek(&mut self) -> Option<T> {
        if let Some(item) = self.forward.last() {
            return Some(item.clone());
        }
        self.ensure_cycle();
        self.order.get(self.pos).cloned()
    }

    /// The next `n` items that [`advance`](Self::advance) would return, for prefetching.
    pub fn peek_many(&mut self, n: usize) -> Vec<T> {
        let mut out: Vec<T> = self.forward.iter().rev().take(n).cloned().collect();
        self.ensure_cycle();
        let rest = n - out.len();
        out.extend(self.order.iter().skip(self.pos).take(rest).cloned());
        out
    }

    /// Advances to the next item and records it in the history.
    pub fn advance(&mut self) -> Option<T> {
        let item = match self.forward.pop() {
            Some(item) => item,
            None => {
                self.ensure_cycle();
                let item = self.order.get(self.pos)?.clone();
                self.pos += 1;
                item
            }
        };
        self.push_history(item.clone());
        Some(item)
    }

    /// Like [`advance`](Self::advance), but takes the first of the next `lookahead` items that
    /// `prefer` accepts (moved forward in this cycle's order), or the next one if none does.
    pub fn advance_preferring(&mut self, lookahead: usize, prefer: impl Fn(&T) -> bool) -> Option<T> {
        if self.forward.is_empty() {
            self.ensure_cycle();
            let end = (self.pos + lookahead).min(self.order.len());
            if let Some(k) = (self.pos..end).find(|&i| prefer(&self.order[i])) {
                self.order.swap(self.pos, k);
            }
        }
        self.advance()
    }

    /// Steps back to the previously shown item; `None` when there is nothing before the current.
    pub fn previous(&mut self) -> Option<T> {
        if self.history.len() < 2 {
            return None;
        }
        let current = self.history.pop_back()?;
        self.forward.push(current);
        self.history.back().cloned()
    }

    /// Shown items, oldest first.
    pub fn history(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.history.iter()
    }

    fn push_history(&mut self, item: T) {
        self.history.push_back(item);
        while self.history.len() > self.history_cap {
            self.history.pop_front();
        }
    }

    /// Starts a new cycle when the current one is used up.
    fn ensure_cycle(&mut self) {
        if self.pos < self.order.len() || self.order.is_empty() {
            return;
        }
        self.pos = 0;
        self.cycles += 1;
        if self.shuffle {
            self.rng.shuffle(&mut self.order);
            // Never show the same photo twice in a row across the cycle boundary.
            if self.order.len() > 1 && self.history.back() == self.order.first() {
                let j = 1 + self.rng.below(self.order.len() - 1);
                self.order.swap(0, j);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_begun_with_is_not_dealt_again_this_cycle_in_either_mode() {
        for shuffle in [true, false] {
            let mut p = Playlist::new(shuffle, 50, Rng::new(3));
            p.begin_with(4);
            p.add([1, 2, 3, 4, 5, 6]);
            let dealt: Vec<i32> = (0..5).filter_map(|_| p.advance()).collect();
            assert!(!dealt.contains(&4), "shuffle={shuffle}: {dealt:?}");
            let mut sorted = dealt.clone();
            sorted.sort();
            assert_eq!(sorted, [1, 2, 3, 5, 6], "shuffle={shuffle}: every other item once");
            if !shuffle {
                assert_eq!(dealt, [5, 6, 1, 2, 3], "stable order goes on after the item begun with");
            }
            assert_eq!(p.history().next(), Some(&4), "it is the first in the history");
        }
    }

    #[test]
    fn advance_preferring_takes_the_first_acceptable_within_the_lookahead() {
        let mut p = Playlist::new(false, 50, Rng::new(1));
        p.add([1, 2, 3, 4, 5, 6]);
        assert_eq!(p.advance_preferring(15, |x| x % 2 == 0), Some(2));
        assert_eq!(p.advance_preferring(2, |x| *x == 6), Some(1), "6 is beyond the lookahead: the next one");
        assert_eq!(p.advance_preferring(15, |_| false), Some(3));
        let rest: Vec<i32> = (0..3).filter_map(|_| p.advance()).collect();
        assert_eq!(rest.len(), 3, "nothing was lost: {rest:?}");
    }
    use std::collections::HashSet;

    fn shuffled(n: u32, seed: u64) -> Playlist<u32> {
        let mut p = Playlist::new(true, DEFAULT_HISTORY, Rng::new(seed));
        p.add(0..n);
        p
    }

    #[test]
    fn shuffle_shows_every_item_once_per_cycle() {
        let mut p = shuffled(100, 1);
        for cycle in 0..3 {
            let seen: HashSet<u32> = (0..100).map(|_| p.advance().unwrap()).collect();
            assert_eq!(seen.len(), 100, "cycle {cycle} repeated an item");
        }
    }

    #[test]
    fn shuffle_differs_between_cycles_and_never_repeats_across_the_boundary() {
        for seed in 0..50 {
            let mut p = shuffled(5, seed);
            let mut last = None;
            for _ in 0..40 {
                let item = p.advance();
                assert_ne!(item, last, "seed {seed}: same photo twice in a row");
                last = item;
            }
        }
        let mut p = shuffled(30, 9);
        let first: Vec<u32> = (0..30).map(|_| p.advance().unwrap()).collect();
        let second: Vec<u32> = (0..30).map(|_| p.advance().unwrap()).collect();
        assert_ne!(first, second);
    }

    #[test]
    fn items_added_mid_cycle_play_in_that_cycle() {
        let mut p = shuffled(10, 4);
        for _ in 0..5 {
            p.advance();
        }
        p.add(100..105);
        let rest: HashSet<u32> = (0..10).map(|_| p.advance().unwrap()).collect();
        assert!((100..105).all(|i| rest.contains(&i)), "late arrivals not dealt: {rest:?}");
        assert_eq!(p.cycles(), 0, "all 15 items were dealt without starting a new cycle");
    }

    #[test]
    fn stable_order_is_sorted_and_repeats() {
        let mut p = Playlist::new(false, DEFAULT_HISTORY, Rng::new(0));
        p.add([3, 1, 2]);
        let got: Vec<u32> = (0..6).map(|_| p.advance().unwrap()).collect();
        assert_eq!(got, vec![1, 2, 3, 1, 2, 3]);
    }

    #[test]
    fn stable_late_arrival_before_position_waits_for_next_cycle() {
        let mut p = Playlist::new(false, DEFAULT_HISTORY, Rng::new(0));
        p.add([10, 20, 30]);
        assert_eq!(p.advance(), Some(10));
        assert_eq!(p.advance(), Some(20));
        p.add([5, 25]);
        assert_eq!(p.advance(), Some(25));
        assert_eq!(p.advance(), Some(30));
        assert_eq!(p.advance(), Some(5));
    }

    #[test]
    fn previous_and_next_walk_history() {
        let mut p = Playlist::new(false, DEFAULT_HISTORY, Rng::new(0));
        p.add(0..10);
        assert_eq!(p.previous(), None, "nothing shown yet");
        assert_eq!(p.advance(), Some(0));
        assert_eq!(p.previous(), None, "needs two entries");
        assert_eq!(p.advance(), Some(1));
        assert_eq!(p.advance(), Some(2));
        assert_eq!(p.previous(), Some(1));
        assert_eq!(p.previous(), Some(0));
        assert_eq!(p.peek(), Some(1));
        assert_eq!(p.advance(), Some(1));
        assert_eq!(p.advance(), Some(2));
        assert_eq!(p.advance(), Some(3), "forward exhausted: new items again");
    }

    #[test]
    fn history_is_bounded() {
        let mut p = shuffled(200, 2);
        for _ in 0..120 {
            p.advance();
        }
        assert_eq!(p.history().count(), DEFAULT_HISTORY);
        let mut steps = 0;
        while p.previous().is_some() {
            steps += 1;
        }
        assert_eq!(steps, DEFAULT_HISTORY - 1);
    }

    #[test]
    fn peek_matches_next_and_remove_works() {
        let mut p = shuffled(20, 5);
        for _ in 0..45 {
            let peeked = p.peek();
            let many = p.peek_many(3);
            assert_eq!(many.first(), peeked.as_ref());
            assert_eq!(p.advance(), peeked);
        }
        let gone = p.peek().unwrap();
        p.remove(&gone);
        assert_eq!(p.len(), 19);
        for _ in 0..40 {
            assert_ne!(p.advance(), Some(gone));
        }
    }

    #[test]
    fn empty_playlist_gives_nothing() {
        let mut p: Playlist<u32> = Playlist::new(true, 50, Rng::new(0));
        assert_eq!(p.advance(), None);
        assert_eq!(p.peek(), None);
        assert!(p.peek_many(3).is_empty());
    }
}
