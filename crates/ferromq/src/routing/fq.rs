//! Fair-queued input: read whole messages from each active pipe in turn.

use super::ActiveSet;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::pipe::set::{PipeId, Pipes};

#[derive(Default, Debug)]
pub(crate) struct FairQueue {
    set: ActiveSet,
    current: usize,
    /// Mid-message: the next frame must come from the same pipe.
    more: bool,
}

impl FairQueue {
    pub(crate) fn attach(&mut self, id: PipeId) {
        self.set.push_active(id);
    }

    pub(crate) fn activated(&mut self, id: PipeId) {
        self.set.activate(id);
    }

    pub(crate) fn terminated(&mut self, id: PipeId) {
        if let Some(i) = self.set.remove(id) {
            if i == self.current {
                self.more = false;
            }
            if self.current >= self.set.active().max(1) {
                self.current = 0;
            }
        }
    }

    /// Receives the next frame and the pipe it came from.
    pub(crate) fn recv(&mut self, pipes: &mut Pipes) -> Result<(Msg, PipeId)> {
        let mut m = Msg::new();
        let id = self.recv_into(pipes, &mut m)?;
        Ok((m, id))
    }

    /// Like [`FairQueue::recv`], into `out` (untouched on error).
    pub(crate) fn recv_into(&mut self, pipes: &mut Pipes, out: &mut Msg) -> Result<PipeId> {
        while self.set.active() > 0 {
            if self.current >= self.set.active() {
                self.current = 0;
            }
            let id = self.set.get(self.current);
            match pipes.read_into(id, out) {
                Ok(()) => {
                    self.more = out.more();
                    if !self.more {
                        self.current += 1;
                        if self.current >= self.set.active() {
                            self.current = 0;
                        }
                    }
                    return Ok(id);
                }
                Err(_) => {
                    // Messages arrive whole, so a pipe can only run dry
                    // between messages.
                    self.more = false;
                    self.set.deactivate_at(self.current);
                    if self.current >= self.set.active() {
                        self.current = 0;
                    }
                }
            }
        }
        Err(Error::Again)
    }

    /// Whether a message can be received now.
    pub(crate) fn has_in(&mut self, pipes: &mut Pipes) -> bool {
        if self.more {
            return true;
        }
        while self.set.active() > 0 {
            if self.current >= self.set.active() {
                self.current = 0;
            }
            let id = self.set.get(self.current);
            if pipes.check_read(id) {
                return true;
            }
            self.set.deactivate_at(self.current);
        }
        false
    }
}

impl FairQueue {
    /// Receives the next single-part message, dropping multipart ones
    /// whole (SERVER, CLIENT and PEER; see [`super::read_single`]). On
    /// error `out` is left empty when frames were dropped.
    pub(crate) fn recv_single_into(&mut self, pipes: &mut Pipes, out: &mut Msg) -> Result<PipeId> {
        super::read_single(out, |m| self.recv_into(pipes, m))
    }
}
