//! GATHER (RFC 49, draft): fair-queued input from SCATTER peers,
//! single-part messages only (a multipart one is dropped whole); it cannot
//! send (ENOTSUP).

use super::Protocol;
use crate::error::Result;
use crate::msg::Msg;
use crate::options::Options;
use crate::pipe::set::{PipeId, Pipes};
use crate::routing::fq::FairQueue;

#[derive(Default)]
pub(crate) struct Gather {
    fq: FairQueue,
}

impl Protocol for Gather {
    fn attach(&mut self, _p: &mut Pipes, id: PipeId, _o: &Options) {
        self.fq.attach(id);
    }

    fn terminated(&mut self, _p: &mut Pipes, id: PipeId) {
        self.fq.terminated(id);
    }

    fn read_activated(&mut self, _p: &mut Pipes, id: PipeId) {
        self.fq.activated(id);
    }

    fn recv_into(&mut self, p: &mut Pipes, _o: &Options, out: &mut Msg) -> Result<()> {
        self.fq.recv_single_into(p, out).map(drop)
    }

    fn has_in(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        self.fq.has_in(p)
    }
}
