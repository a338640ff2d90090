//! DEALER (RFC 28): load-balanced output, fair-queued input, no envelope
//! handling. With ZMQ_PROBE_ROUTER it greets each new peer with an empty
//! message.

use super::Protocol;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::opt::ZMQ_PROBE_ROUTER;
use crate::options::{int_of, Options};
use crate::pipe::set::{PipeId, Pipes};
use crate::routing::fq::FairQueue;
use crate::routing::lb::LoadBalancer;

#[derive(Default)]
pub(crate) struct Dealer {
    pub(crate) lb: LoadBalancer,
    pub(crate) fq: FairQueue,
    probe_router: bool,
}

impl Dealer {
    /// Sends and reports the pipe used (REQ needs it).
    pub(crate) fn send_pipe(&mut self, p: &mut Pipes, msg: &mut Msg) -> Result<Option<PipeId>> {
        self.lb.send(p, msg)
    }

    /// Receives and reports the pipe it came from.
    pub(crate) fn recv_pipe(&mut self, p: &mut Pipes) -> Result<(Msg, PipeId)> {
        self.fq.recv(p)
    }
}

impl Protocol for Dealer {
    fn attach(&mut self, p: &mut Pipes, id: PipeId, _o: &Options) {
        if self.probe_router {
            p.write(id, Msg::new());
            p.flush(id);
        }
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
        self.lb.send(p, msg).map(|_| ())
    }

    fn recv_into(&mut self, p: &mut Pipes, _o: &Options, out: &mut Msg) -> Result<()> {
        self.fq.recv_into(p, out).map(drop)
    }

    fn has_in(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        self.fq.has_in(p)
    }

    fn has_out(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        self.lb.has_out(p)
    }

    fn set_option(
        &mut self,
        opt: i32,
        val: Option<&[u8]>,
        _p: &mut Pipes,
        _o: &Options,
    ) -> Option<Result<()>> {
        match opt {
            ZMQ_PROBE_ROUTER => Some(match val.and_then(int_of) {
                Some(v) if v >= 0 => {
                    self.probe_router = v != 0;
                    Ok(())
                }
                _ => Err(Error::Inval),
            }),
            _ => None,
        }
    }
}
