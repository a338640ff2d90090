//! GATHER (RFC 49, draft): PULL's fair-queued input from SCATTER peers,
//! single-part messages only (a multipart one is dropped whole); it cannot
//! send (ENOTSUP).

use super::pull::Pull;
use super::Protocol;
use crate::error::Result;
use crate::msg::Msg;
use crate::options::Options;
use crate::pipe::set::{PipeId, Pipes};
use crate::routing::read_single;

#[derive(Default)]
pub(crate) struct Gather {
    pull: Pull,
}

impl Protocol for Gather {
    fn attach(&mut self, p: &mut Pipes, id: PipeId, o: &Options) {
        self.pull.attach(p, id, o);
    }

    fn terminated(&mut self, p: &mut Pipes, id: PipeId) {
        self.pull.terminated(p, id);
    }

    fn read_activated(&mut self, p: &mut Pipes, id: PipeId) {
        self.pull.read_activated(p, id);
    }

    fn recv_into(&mut self, p: &mut Pipes, o: &Options, out: &mut Msg) -> Result<()> {
        read_single(out, |m| self.pull.recv_into(p, o, m))
    }

    fn has_in(&mut self, p: &mut Pipes, o: &Options) -> bool {
        self.pull.has_in(p, o)
    }
}
