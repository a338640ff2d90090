//! PUSH (RFC 30): load-balances messages to connected PULL sockets and
//! blocks when none can take one.

use super::Protocol;
use crate::error::Result;
use crate::msg::Msg;
use crate::options::Options;
use crate::pipe::set::{PipeId, Pipes};
use crate::routing::lb::LoadBalancer;

#[derive(Default)]
pub(crate) struct Push {
    lb: LoadBalancer,
}

impl Protocol for Push {
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
        self.lb.send(p, msg).map(|_| ())
    }

    fn has_out(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        self.lb.has_out(p)
    }
}
