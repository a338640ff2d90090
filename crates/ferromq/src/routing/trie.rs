//! Subscription tries (RFC 29): prefix matching of topics.
//!
//! [`Trie`] counts subscriptions per prefix (the SUB side, which filters
//! what it receives); [`MultiTrie`] records which pipes subscribed to each
//! prefix (the PUB side, which sends each message only to matching pipes).

use std::collections::BTreeMap;

use crate::pipe::set::PipeId;

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

    /// Removes the branch along `key` that no longer holds anything: the
    /// chain of nodes below the deepest one that must stay (the root, a
    /// node with a value, or one with another child). Iterative: a key is
    /// as long as a peer's subscription.
    fn prune(&mut self, key: &[u8], is_empty: &impl Fn(&V) -> bool) {
        // cut: depth of the node whose child on the path goes.
        let mut cut = None;
        let mut n: &Node<V> = self;
        for (depth, b) in key.iter().enumerate() {
            if depth == 0 || !is_empty(&n.value) || n.children.len() > 1 {
                cut = Some(depth);
            }
            match n.children.get(b) {
                Some(c) => n = c,
                None => return,
            }
        }
        if !is_empty(&n.value) || !n.children.is_empty() {
            return;
        }
        let Some(cut) = cut else {
            return;
        };
        let mut n: &mut Node<V> = self;
        for b in &key[..cut] {
            match n.children.get_mut(b) {
                Some(c) => n = c,
                None => return,
            }
        }
        n.children.remove(&key[cut]);
    }
}

impl<V> Drop for Node<V> {
    /// Dismantles the subtree without recursing once per level (the
    /// default drop of the nested maps would).
    fn drop(&mut self) {
        let mut stack: Vec<Node<V>> = Vec::new();
        stack.extend(std::mem::take(&mut self.children).into_values());
        while let Some(mut n) = stack.pop() {
            stack.extend(std::mem::take(&mut n.children).into_values());
        }
    }
}

/// Reference-counted prefixes.
#[derive(Default, Debug)]
pub(crate) struct Trie {
    root: Node<u32>,
    count: usize,
    /// Subscriptions counting repeats (every add not yet removed).
    refs: usize,
}

impl Trie {
    /// How many subscriptions there are, a prefix subscribed twice
    /// counting twice (ZMQ_TOPICS_COUNT of SUB and XSUB, as libzmq's
    /// radix tree, which its draft builds use, counts them).
    pub(crate) fn refs(&self) -> usize {
        self.refs
    }

    /// Adds a prefix; true if it is new.
    pub(crate) fn add(&mut self, prefix: &[u8]) -> bool {
        let n = self.root.find_or_insert(prefix);
        n.value += 1;
        self.refs += 1;
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
        self.refs -= 1;
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

/// Calls `f(prefix, value)` for every node, parents before children and
/// children in byte order. Iterative: a key is as long as a peer's
/// subscription.
fn walk<V>(root: &Node<V>, key: &mut Vec<u8>, f: &mut impl FnMut(&[u8], &V)) {
    let base = key.len();
    // (length of the parent's key, the byte to it, the node)
    let mut stack: Vec<(usize, Option<u8>, &Node<V>)> = vec![(base, None, root)];
    while let Some((len, b, n)) = stack.pop() {
        key.truncate(len);
        if let Some(b) = b {
            key.push(b);
        }
        f(key, &n.value);
        let here = key.len();
        for (b, c) in n.children.iter().rev() {
            stack.push((here, Some(*b), c));
        }
    }
    key.truncate(base);
}

/// Prefixes with the set of pipes subscribed to each.
#[derive(Default, Debug)]
pub(crate) struct MultiTrie {
    root: Node<Vec<PipeId>>,
    count: usize,
}

impl MultiTrie {
    /// How many distinct prefixes some pipe subscribes to (ZMQ_TOPICS_COUNT).
    pub(crate) fn len(&self) -> usize {
        self.count
    }

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
    fn trie_refs_count_repeats() {
        let mut t = Trie::default();
        t.add(b"a");
        t.add(b"a");
        t.add(b"b");
        assert_eq!(t.refs(), 3);
        t.remove(b"a");
        assert_eq!(t.refs(), 2);
        // Removing what is not there changes nothing.
        t.remove(b"zz");
        t.remove(b"a");
        t.remove(b"a");
        assert_eq!(t.refs(), 1);
    }

    /// A peer's subscription is as long as it likes (a 200 KB topic in
    /// one SUBSCRIBE): adding, listing, removing and dropping it must not
    /// recurse once per byte (a stack overflow aborts the process).
    #[test]
    fn long_prefixes_do_not_recurse() {
        let key = vec![b'a'; 200_000];
        let mut m = MultiTrie::default();
        assert!(m.add(&key, 1));
        assert!(m.add(&key[..10], 2));
        let mut gone = Vec::new();
        m.remove_pipe(1, |p| gone.push(p.len()));
        assert_eq!(gone, vec![key.len()]);
        assert!(m.has(&key[..10], 2));
        assert!(!m.has(&key[..11], 2));
        m.add(&key, 3);
        drop(m);

        let mut t = Trie::default();
        assert!(t.add(&key));
        assert!(t.add(b"ab"));
        assert_eq!(t.prefixes().len(), 2);
        assert!(t.remove(&key));
        assert!(t.matches(b"abc"));
        assert!(!t.matches(b"aa"));
        t.add(&key);
        drop(t);
    }

    #[test]
    fn walk_order_and_pruning() {
        let mut t = Trie::default();
        for k in [&b"b"[..], b"ab", b"a", b"abd", b"abc", b""] {
            t.add(k);
        }
        let p: Vec<Vec<u8>> = t.prefixes();
        let want: Vec<&[u8]> = vec![b"", b"a", b"ab", b"abc", b"abd", b"b"];
        assert_eq!(p, want);
        // Removing "abc" keeps "abd" and "ab"; removing "abd" then prunes
        // nothing above "ab", which still counts.
        assert!(t.remove(b"abc"));
        assert!(t.remove(b"abd"));
        assert!(t.root.find(b"abc").is_none() && t.root.find(b"abd").is_none());
        assert!(t.root.find(b"ab").is_some());
        assert!(t.remove(b"ab") && t.remove(b"a"));
        assert!(t.root.find(b"a").is_none());
        assert!(t.root.find(b"b").is_some());
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
