//! Routing strategies shared by the socket types (RFC 28–31): fair-queued
//! input, load-balanced output, distribution to many, and the subscription
//! tries of publish-subscribe.

pub(crate) mod dist;
pub(crate) mod fq;
pub(crate) mod lb;
pub(crate) mod trie;

use crate::error::Result;
use crate::msg::Msg;
use crate::pipe::set::PipeId;

/// Reads the next single-part message with `read`, dropping multipart ones
/// whole (the draft types take only single-part messages, as libzmq does).
/// Returns what `read` returned for the message kept. On error `out` is
/// left empty when frames were dropped.
pub(crate) fn read_single<T>(
    out: &mut Msg,
    mut read: impl FnMut(&mut Msg) -> Result<T>,
) -> Result<T> {
    let mut got = read(out)?;
    while out.more() {
        // The rest of this message (it arrived whole).
        while out.more() {
            if let Err(e) = read(out) {
                out.clear();
                return Err(e);
            }
        }
        match read(out) {
            Ok(v) => got = v,
            Err(e) => {
                out.clear();
                return Err(e);
            }
        }
    }
    Ok(got)
}

/// An ordered set of pipes with an "active" prefix: `items[..active]` are
/// the pipes currently usable (readable or writable).
#[derive(Default, Debug)]
pub(crate) struct ActiveSet {
    items: Vec<PipeId>,
    active: usize,
}

impl ActiveSet {
    pub(crate) fn active(&self) -> usize {
        self.active
    }

    pub(crate) fn get(&self, i: usize) -> PipeId {
        self.items[i]
    }

    fn index(&self, id: PipeId) -> Option<usize> {
        self.items.iter().position(|&p| p == id)
    }

    /// Adds a pipe as active.
    pub(crate) fn push_active(&mut self, id: PipeId) {
        self.items.push(id);
        let last = self.items.len() - 1;
        self.items.swap(self.active, last);
        self.active += 1;
    }

    /// Removes a pipe; returns its former index.
    pub(crate) fn remove(&mut self, id: PipeId) -> Option<usize> {
        let i = self.index(id)?;
        if i < self.active {
            self.active -= 1;
            self.items.swap(i, self.active);
            let last = self.items.len() - 1;
            self.items.swap(self.active, last);
        } else {
            let last = self.items.len() - 1;
            self.items.swap(i, last);
        }
        self.items.pop();
        Some(i)
    }

    /// Moves the pipe at index `i` (< active) out of the active prefix.
    pub(crate) fn deactivate_at(&mut self, i: usize) {
        debug_assert!(i < self.active);
        self.active -= 1;
        self.items.swap(i, self.active);
    }

    /// Moves a pipe into the active prefix (no-op if already active).
    pub(crate) fn activate(&mut self, id: PipeId) {
        if let Some(i) = self.index(id) {
            if i >= self.active {
                self.items.swap(i, self.active);
                self.active += 1;
            }
        }
    }
}
