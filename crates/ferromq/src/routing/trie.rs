//! Subscription tries (RFC 29): prefix matching of topics.
//!
//! [`Trie`] counts subscriptions per prefix (the SUB side, which filters
//! what it receives); [`MultiTrie`] records which pipes subscribed to each
//! prefix (the PUB side, which sends each message only to matching pipes).

use std::collections::BTreeMap;

use crate::socket::pipes::PipeId;

#[derive(Default, Debug)]
struct Node<V> {
    value: V,
    children: BTreeMap<u8, Node<V>>,
}

impl<V: Default> Node<V> {
    fn find(&self, key: &[u8]) -> Option<&Node<V>> {
        let mut n = self;
        for b in key {
            n = n.children.get(b)?;
        }
        Some(n)
    }

    fn find_or_insert(&mut self, key: &[u8]) -> &mut Node<V> {
        let mut n = self;
        for b in key {
            n = n.children.entry(*b).or_default();
        }
        n
    }

    /// Removes empty branches along `key`.
    fn prune(&mut self, key: &[u8], is_empty: &impl Fn(&V) -> bool) -> bool {
        if let Some((first, rest)) = key.split_first() {
            if let Some(child) = self.children.get_mut(first) {
                if child.prune(rest, is_empty) {
                    self.children.remove(first);
                }
            }
        }
        is_empty(&self.value) && self.children.is_empty()
    }
}

/// Reference-counted prefixes.
#[derive(Default, Debug)]
pub(crate) struct Trie {
    root: Node<u32>,
    count: usize,
}

impl Trie {
    /// Adds a prefix; true if it is new.
    pub(crate) fn add(&mut self, prefix: &[u8]) -> bool {
        let n = self.root.find_or_insert(prefix);
        n.value += 1;
        if n.value == 1 {
            self.count += 1;
            true
        } else {
            false
        }
    }

    /// Removes one reference; true if the prefix is now gone. Removing a
    /// prefix that is not there returns false.
    pub(crate) fn remove(&mut self, prefix: &[u8]) -> bool {
        let Some(n) = self.find_mut(prefix) else {
            return false;
        };
        if n.value == 0 {
            return false;
        }
        n.value -= 1;
        let gone = n.value == 0;
        if gone {
            self.count -= 1;
            self.root.prune(prefix, &|v: &u32| *v == 0);
        }
        gone
    }

    fn find_mut(&mut self, key: &[u8]) -> Option<&mut Node<u32>> {
        let mut n = &mut self.root;
        for b in key {
            n = n.children.get_mut(b)?;
        }
        Some(n)
    }

    /// Whether some subscribed prefix is a prefix of `data`.
    pub(crate) fn matches(&self, data: &[u8]) -> bool {
        let mut n = &self.root;
        if n.value > 0 {
            return true;
        }
        for b in data {
            match n.children.get(b) {
                Some(c) => n = c,
                None => return false,
            }
            if n.value > 0 {
                return true;
            }
        }
        false
    }

    /// Every subscribed prefix (for resending after a reconnect).
    pub(crate) fn prefixes(&self) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let mut key = Vec::new();
        walk(&self.root, &mut key, &mut |k, v: &u32| {
            if *v > 0 {
                out.push(k.to_vec());
            }
        });
        out
    }
}

fn walk<V>(n: &Node<V>, key: &mut Vec<u8>, f: &mut impl FnMut(&[u8], &V)) {
    f(key, &n.value);
    for (b, c) in &n.children {
        key.push(*b);
        walk(c, key, f);
        key.pop();
    }
}

/// Prefixes with the set of pipes subscribed to each.
#[derive(Default, Debug)]
pub(crate) struct MultiTrie {
    root: Node<Vec<PipeId>>,
    count: usize,
}

impl MultiTrie {
    /// Subscribes `pipe` to `prefix`; true if no pipe had it before.
    pub(crate) fn add(&mut self, prefix: &[u8], pipe: PipeId) -> bool {
        let n = self.root.find_or_insert(prefix);
        let first = n.value.is_empty();
        if !n.value.contains(&pipe) {
            n.value.push(pipe);
        }
        if first {
            self.count += 1;
        }
        first
    }

    /// Unsubscribes `pipe`; true if no pipe has the prefix any more.
    pub(crate) fn remove(&mut self, prefix: &[u8], pipe: PipeId) -> bool {
        let mut n = &mut self.root;
        for b in prefix {
            match n.children.get_mut(b) {
                Some(c) => n = c,
                None => return false,
            }
        }
        let Some(i) = n.value.iter().position(|&p| p == pipe) else {
            return false;
        };
        n.value.swap_remove(i);
        let gone = n.value.is_empty();
        if gone {
            self.count -= 1;
            self.root.prune(prefix, &|v: &Vec<PipeId>| v.is_empty());
        }
        gone
    }

    /// Removes `pipe` everywhere; calls `on_gone` for each prefix no pipe
    /// has any more.
    pub(crate) fn remove_pipe(&mut self, pipe: PipeId, mut on_gone: impl FnMut(&[u8])) {
        let mut prefixes = Vec::new();
        let mut key = Vec::new();
        walk(&self.root, &mut key, &mut |k, v: &Vec<PipeId>| {
            if v.contains(&pipe) {
                prefixes.push(k.to_vec());
            }
        });
        for p in prefixes {
            if self.remove(&p, pipe) {
                on_gone(&p);
            }
        }
    }

    /// Removes `pipe` everywhere; calls `on_removed` for every prefix the
    /// pipe had (XPUB_VERBOSER reports all of them).
    pub(crate) fn remove_pipe_all(&mut self, pipe: PipeId, mut on_removed: impl FnMut(&[u8])) {
        let mut prefixes = Vec::new();
        let mut key = Vec::new();
        walk(&self.root, &mut key, &mut |k, v: &Vec<PipeId>| {
            if v.contains(&pipe) {
                prefixes.push(k.to_vec());
            }
        });
        for p in prefixes {
            self.remove(&p, pipe);
            on_removed(&p);
        }
    }

    /// Collects into `out` every pipe subscribed to a prefix of `data`
    /// (each once).
    pub(crate) fn matching(&self, data: &[u8], out: &mut Vec<PipeId>) {
        out.clear();
        let mut n = &self.root;
        extend_unique(out, &n.value);
        for b in data {
            match n.children.get(b) {
                Some(c) => n = c,
                None => break,
            }
            extend_unique(out, &n.value);
        }
    }

    /// Whether `pipe` is subscribed to exactly `prefix`.
    pub(crate) fn has(&self, prefix: &[u8], pipe: PipeId) -> bool {
        self.root
            .find(prefix)
            .is_some_and(|n| n.value.contains(&pipe))
    }
}

fn extend_unique(out: &mut Vec<PipeId>, v: &[PipeId]) {
    for &p in v {
        if !out.contains(&p) {
            out.push(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trie_counts_and_matches() {
        let mut t = Trie::default();
        assert!(!t.matches(b"abc"));
        assert!(t.add(b"ab"));
        assert!(!t.add(b"ab"));
        assert!(t.matches(b"abc"));
        assert!(t.matches(b"ab"));
        assert!(!t.matches(b"a"));
        assert!(!t.remove(b"ab"));
        assert!(t.matches(b"abc"));
        assert!(t.remove(b"ab"));
        assert!(!t.matches(b"abc"));
        assert!(!t.remove(b"zz"));
        assert!(t.add(b""));
        assert!(t.matches(b"anything"));
        assert_eq!(t.prefixes(), vec![b"".to_vec()]);
    }

    #[test]
    fn multitrie() {
        let mut m = MultiTrie::default();
        assert!(m.add(b"a", 1));
        assert!(!m.add(b"a", 2));
        assert!(m.add(b"abc", 3));
        let mut out = Vec::new();
        m.matching(b"abcd", &mut out);
        out.sort();
        assert_eq!(out, vec![1, 2, 3]);
        m.matching(b"b", &mut out);
        assert!(out.is_empty());
        let mut gone = Vec::new();
        m.remove_pipe(1, |p| gone.push(p.to_vec()));
        assert!(gone.is_empty());
        m.remove_pipe(2, |p| gone.push(p.to_vec()));
        assert_eq!(gone, vec![b"a".to_vec()]);
        assert!(m.has(b"abc", 3));
    }
}
