//! Load-balanced output: each message to the next pipe that has room,
//! round robin.

use super::ActiveSet;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::pipe::set::{PipeId, Pipes};

#[derive(Default, Debug)]
pub(crate) struct LoadBalancer {
    set: ActiveSet,
    current: usize,
    /// Mid-message: the next frame goes to the same pipe.
    more: bool,
    /// The pipe died mid-message: drop the rest of it.
    dropping: bool,
}

impl LoadBalancer {
    pub(crate) fn attach(&mut self, id: PipeId) {
        self.set.push_active(id);
    }

    pub(crate) fn activated(&mut self, id: PipeId) {
        self.set.activate(id);
    }

    pub(crate) fn terminated(&mut self, id: PipeId) {
        if let Some(i) = self.set.remove(id) {
            if i == self.current && self.more {
                self.dropping = true;
            }
            if self.current >= self.set.active().max(1) {
                self.current = 0;
            }
        }
    }

    /// Sends a frame; `Err(Again)` when no pipe can take a new message.
    /// On success `msg` is left empty. Returns the pipe used.
    pub(crate) fn send(&mut self, pipes: &mut Pipes, msg: &mut Msg) -> Result<Option<PipeId>> {
        if self.dropping {
            self.more = msg.more();
            self.dropping = self.more;
            msg.clear();
            return Ok(None);
        }
        while self.set.active() > 0 {
            if self.current >= self.set.active() {
                self.current = 0;
            }
            let id = self.set.get(self.current);
            if self.more || pipes.check_write(id) {
                let more = msg.more();
                pipes.write(id, std::mem::take(msg));
                self.more = more;
                if !more {
                    pipes.flush(id);
                    self.current += 1;
                    if self.current >= self.set.active() {
                        self.current = 0;
                    }
                }
                return Ok(Some(id));
            }
            self.set.deactivate_at(self.current);
            if self.current >= self.set.active() {
                self.current = 0;
            }
        }
        Err(Error::Again)
    }

    /// Whether a new message could be sent now.
    pub(crate) fn has_out(&mut self, pipes: &mut Pipes) -> bool {
        if self.more {
            return true;
        }
        while self.set.active() > 0 {
            if self.current >= self.set.active() {
                self.current = 0;
            }
            let id = self.set.get(self.current);
            if pipes.check_write(id) {
                return true;
            }
            self.set.deactivate_at(self.current);
        }
        false
    }
}
