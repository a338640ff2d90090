//! Distribution: a message to every matching pipe (publish-subscribe).
//! A pipe at its high-water mark misses the message (PUB drops); all
//! frames of one message go to the same set of pipes.

use crate::msg::Msg;
use crate::pipe::set::{PipeId, Pipes};

#[derive(Default, Debug)]
pub(crate) struct Distributor {
    all: Vec<PipeId>,
    /// The pipes taking the message currently being sent.
    sending: Vec<PipeId>,
    more: bool,
}

impl Distributor {
    pub(crate) fn attach(&mut self, id: PipeId) {
        self.all.push(id);
    }

    pub(crate) fn terminated(&mut self, id: PipeId) {
        self.all.retain(|&p| p != id);
        self.sending.retain(|&p| p != id);
    }

    /// Every attached pipe.
    pub(crate) fn pipes(&self) -> &[PipeId] {
        &self.all
    }

    /// Whether every pipe in `targets` has room for a new message (for
    /// XPUB_NODROP).
    pub(crate) fn all_writable(pipes: &mut Pipes, targets: &[PipeId]) -> bool {
        targets.iter().all(|&id| pipes.check_write(id))
    }

    /// Sends a frame to those of `targets` with room (targets are only
    /// consulted at the first frame; later frames follow the same pipes).
    pub(crate) fn send(&mut self, pipes: &mut Pipes, msg: &mut Msg, targets: &[PipeId]) {
        if !self.more {
            self.sending.clear();
            for &id in targets {
                if pipes.check_write(id) {
                    self.sending.push(id);
                } else if !pipes.gone(id) {
                    // At its high-water mark: this peer misses the message.
                    pipes.hwm_dropped += 1;
                }
            }
        }
        let more = msg.more();
        let mut m = std::mem::take(msg);
        if self.sending.len() == 1 {
            let id = self.sending[0];
            pipes.write(id, m);
            if !more {
                pipes.flush(id);
            }
        } else if !self.sending.is_empty() {
            let shared = m.share();
            for &id in &self.sending {
                pipes.write(id, shared.clone());
                if !more {
                    pipes.flush(id);
                }
            }
        }
        self.more = more;
    }
}
