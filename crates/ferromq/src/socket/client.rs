//! CLIENT (RFC 41, draft): load-balanced output, fair-queued input,
//! single-part messages only (a multipart one arriving is dropped whole).

use super::Protocol;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::options::Options;
use crate::pipe::set::{PipeId, Pipes};
use crate::routing::fq::FairQueue;
use crate::routing::lb::LoadBalancer;

#[derive(Default)]
pub(crate) struct Client {
    lb: LoadBalancer,
    fq: FairQueue,
}

impl Protocol for Client {
    fn attach(&mut self, _p: &mut Pipes, id: PipeId, _o: &Options) {
        self.fq.attach(id);
        self.lb.attach(id);
    }

    fn terminated(&mut self, _p: &mut Pipes, id: PipeId) {
        self.fq.terminated(id);
        self.lb.terminated(id);
    }

    fn read_activated(&mut self, _p: &mut Pipes, id: PipeId) {
        self.fq.activated(id);
    }

    fn write_activated(&mut self, _p: &mut Pipes, id: PipeId) {
        self.lb.activated(id);
    }

    fn send(&mut self, p: &mut Pipes, msg: &mut Msg, _o: &Options) -> Result<()> {
        if msg.more() {
            return Err(Error::Inval);
        }
        self.lb.send(p, msg).map(drop)
    }

    fn recv_into(&mut self, p: &mut Pipes, _o: &Options, out: &mut Msg) -> Result<()> {
        self.fq.recv_single_into(p, out).map(drop)
    }

    fn has_in(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        self.fq.has_in(p)
    }

    fn has_out(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        self.lb.has_out(p)
    }
}
