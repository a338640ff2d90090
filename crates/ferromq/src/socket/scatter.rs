//! SCATTER (RFC 49, draft): load-balanced output to GATHER peers,
//! single-part messages only; it cannot receive (ENOTSUP).

use super::Protocol;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::options::Options;
use crate::pipe::set::{PipeId, Pipes};
use crate::routing::lb::LoadBalancer;

#[derive(Default)]
pub(crate) struct Scatter {
    lb: LoadBalancer,
}

impl Protocol for Scatter {
    fn attach(&mut self, _p: &mut Pipes, id: PipeId, _o: &Options) {
        self.lb.attach(id);
    }

    fn terminated(&mut self, _p: &mut Pipes, id: PipeId) {
        self.lb.terminated(id);
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

    fn has_out(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        self.lb.has_out(p)
    }
}
