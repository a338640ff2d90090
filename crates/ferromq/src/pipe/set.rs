//! A socket's pipes: a slab indexed by [`PipeId`], with the peer's routing
//! id and metadata learnt from the session, and the lists of pipes that
//! died or were identified during an operation (handled by the socket
//! afterwards, so routing code never removes entries under its own feet).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use super::direct::DirectRead;
use super::{NoFrame, PipeEnd, Read};
use crate::msg::{self, Metadata, Msg};

/// Index of a pipe in its socket's table.
pub(crate) type PipeId = usize;

pub(crate) struct Slot {
    pub(crate) end: PipeEnd,
    /// Endpoint the pipe belongs to (for disconnect/unbind).
    pub(crate) endpoint: String,
    /// The routing id the peer announced (empty if none).
    pub(crate) peer_id: Vec<u8>,
    /// The peer's connection metadata (tcp/ipc only).
    pub(crate) meta: Option<Arc<Metadata>>,
    /// How many times the peer identified itself (>1 after a reconnect).
    pub(crate) infos: u32,
    /// The routing id chosen with ZMQ_CONNECT_ROUTING_ID for this pipe.
    pub(crate) assigned_rid: Option<Vec<u8>>,
    /// The connection's session (tcp/ipc), for direct reads.
    pub(crate) direct: Option<Arc<dyn DirectRead>>,
    dead: bool,
}

#[derive(Default)]
pub(crate) struct Pipes {
    slots: Vec<Option<Slot>>,
    gens: Vec<u32>,
    free: Vec<usize>,
    /// Pipes that reached end-of-stream or were terminated.
    pub(crate) dead: Vec<PipeId>,
    /// Pipes whose peer identified itself since the last check.
    pub(crate) identified: Vec<PipeId>,
    count: usize,
    /// `count`, for the socket's sessions (direct writes are for sockets
    /// with one pipe).
    pub(crate) shared_count: Arc<AtomicUsize>,
    /// Messages not delivered to a peer because its pipe was at the
    /// high-water mark (one per message and pipe): the ferromq extension
    /// ZMQ_FERROMQ_HWM_DROPPED. Counted on the drop branch only.
    pub(crate) hwm_dropped: u64,
}

impl Pipes {
    /// Adds a pipe, returning its id and the wake token to give it.
    pub(crate) fn insert(&mut self, end: PipeEnd, endpoint: String) -> PipeId {
        let slot = Slot {
            end,
            endpoint,
            peer_id: Vec::new(),
            meta: None,
            infos: 0,
            assigned_rid: None,
            direct: None,
            dead: false,
        };
        let id = match self.free.pop() {
            Some(i) => {
                self.slots[i] = Some(slot);
                self.gens[i] = self.gens[i].wrapping_add(1);
                i
            }
            None => {
                self.slots.push(Some(slot));
                self.gens.push(0);
                self.slots.len() - 1
            }
        };
        self.count += 1;
        self.shared_count.store(self.count, Ordering::Relaxed);
        let token = (u64::from(self.gens[id]) << 32) | id as u64;
        if let Some(s) = &self.slots[id] {
            s.end.set_token(token);
        }
        self.absorb_info(id);
        id
    }

    /// The session of the socket's only pipe, if it has exactly one and it
    /// is a tcp/ipc connection.
    pub(crate) fn sole_direct(&self) -> Option<Arc<dyn DirectRead>> {
        if self.count != 1 {
            return None;
        }
        self.slots.iter().flatten().find_map(|s| s.direct.clone())
    }

    /// Whether the socket's only pipe is a tcp/ipc connection.
    pub(crate) fn has_sole_direct(&self) -> bool {
        self.count == 1 && self.slots.iter().flatten().any(|s| s.direct.is_some())
    }

    /// Resolves a wake token to a live pipe (stale tokens give None).
    pub(crate) fn resolve(&self, token: u64) -> Option<PipeId> {
        let id = (token & 0xFFFF_FFFF) as usize;
        let gen = (token >> 32) as u32;
        (self.gens.get(id) == Some(&gen) && self.slots.get(id).is_some_and(|s| s.is_some()))
            .then_some(id)
    }

    /// Removes a pipe (terminating it if still open).
    pub(crate) fn remove(&mut self, id: PipeId) -> Option<Slot> {
        let s = self.slots.get_mut(id)?.take()?;
        self.free.push(id);
        self.count -= 1;
        self.shared_count.store(self.count, Ordering::Relaxed);
        Some(s)
    }

    pub(crate) fn get(&self, id: PipeId) -> Option<&Slot> {
        self.slots.get(id).and_then(|s| s.as_ref())
    }

    pub(crate) fn get_mut(&mut self, id: PipeId) -> Option<&mut Slot> {
        self.slots.get_mut(id).and_then(|s| s.as_mut())
    }

    /// Ids of every live pipe.
    pub(crate) fn ids(&self) -> Vec<PipeId> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_ref().map(|_| i))
            .collect()
    }

    fn mark_dead(&mut self, id: PipeId) {
        if let Some(s) = self.get_mut(id) {
            if !s.dead {
                s.dead = true;
                self.dead.push(id);
            }
        }
    }

    /// Terminates a pipe from our side; it is removed after the operation.
    pub(crate) fn terminate(&mut self, id: PipeId) {
        if let Some(s) = self.get_mut(id) {
            s.end.terminate();
        }
        self.mark_dead(id);
    }

    /// Consumes identity messages at the head of the pipe.
    pub(crate) fn absorb_info(&mut self, id: PipeId) {
        while let Some(m) = self.get_mut(id).and_then(|s| s.end.take_info()) {
            self.apply_info(id, m);
        }
    }

    fn apply_info(&mut self, id: PipeId, m: Msg) {
        if let Some(s) = self.get_mut(id) {
            s.peer_id = m.as_slice().to_vec();
            s.meta = m.metadata().cloned();
            s.infos += 1;
            self.identified.push(id);
        }
    }

    /// Reads a frame from pipe `id`, attaching the peer's metadata.
    #[inline]
    pub(crate) fn read(&mut self, id: PipeId) -> Read {
        let mut m = Msg::new();
        match self.read_into(id, &mut m) {
            Ok(()) => Read::Msg(m),
            Err(NoFrame::Empty) => Read::Empty,
            Err(NoFrame::Eof) => Read::Eof,
        }
    }

    /// Like [`Pipes::read`], into `out` (its old content is dropped when a
    /// frame arrives; untouched otherwise). The frame is swapped out of the
    /// queue slot where it lies instead of being moved through wrappers.
    #[inline]
    pub(crate) fn read_into(&mut self, id: PipeId, out: &mut Msg) -> Result<(), NoFrame> {
        loop {
            let Some(s) = self.get_mut(id) else {
                return Err(NoFrame::Eof);
            };
            let mut info = None;
            let meta = &s.meta;
            let r = s.end.read_with(|m| {
                if m.flags() & msg::PEER_INFO != 0 {
                    info = Some(std::mem::take(m));
                } else {
                    std::mem::swap(out, m);
                    // `m` now holds what `out` held: a receive loop into
                    // one message hands its reference to the connection's
                    // metadata on (no atomic increment and decrement).
                    if let Some(meta) = meta {
                        out.attach_metadata(meta, m);
                    }
                }
            });
            match r {
                Ok(()) => match info {
                    Some(m) => self.apply_info(id, m),
                    None => return Ok(()),
                },
                Err(NoFrame::Empty) => return Err(NoFrame::Empty),
                Err(NoFrame::Eof) => {
                    self.mark_dead(id);
                    return Err(NoFrame::Eof);
                }
            }
        }
    }

    /// Whether a frame can be read from `id` (registers the reader asleep
    /// when not). End-of-stream marks the pipe dead and reads as false.
    pub(crate) fn check_read(&mut self, id: PipeId) -> bool {
        self.absorb_info(id);
        let Some(s) = self.get_mut(id) else {
            return false;
        };
        if s.dead {
            return false;
        }
        if s.end.has_pending_in() {
            return true;
        }
        if s.end.check_read() {
            // Only end-of-stream is left.
            if s.end.peer_closed() && !s.end.has_pending_in() {
                self.mark_dead(id);
                return false;
            }
            return true;
        }
        false
    }

    /// Whether a new message may be written to `id` now.
    #[inline]
    pub(crate) fn check_write(&mut self, id: PipeId) -> bool {
        match self.get_mut(id) {
            Some(s) if !s.dead => s.end.check_write(),
            _ => false,
        }
    }

    /// Whether pipe `id` is gone or its reader went away (its death may
    /// not have been reported to the socket yet).
    pub(crate) fn gone(&self, id: PipeId) -> bool {
        !matches!(self.get(id), Some(s) if !s.dead && !s.end.peer_gone())
    }

    /// Writes a frame (see [`PipeEnd::write`]).
    #[inline]
    pub(crate) fn write(&mut self, id: PipeId, m: Msg) {
        if let Some(s) = self.get_mut(id) {
            s.end.write(m);
        }
    }

    #[inline]
    pub(crate) fn flush(&mut self, id: PipeId) {
        if let Some(s) = self.get_mut(id) {
            s.end.flush();
        }
    }

    pub(crate) fn rollback(&mut self, id: PipeId) {
        if let Some(s) = self.get_mut(id) {
            s.end.rollback();
        }
    }

    /// After a wake-up: is the pipe finished (peer closed, nothing left)?
    pub(crate) fn check_finished(&mut self, id: PipeId) -> bool {
        let Some(s) = self.get_mut(id) else {
            return true;
        };
        if s.end.peer_closed() && !s.end.has_pending_in() {
            self.mark_dead(id);
            return true;
        }
        false
    }

    /// The peer's routing id.
    pub(crate) fn peer_id(&self, id: PipeId) -> &[u8] {
        self.get(id).map_or(&[], |s| s.peer_id.as_slice())
    }
}
