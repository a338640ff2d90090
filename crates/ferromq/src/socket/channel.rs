//! CHANNEL (RFC 52, draft): PAIR's exclusive connection to one peer
//! (further peers are refused), single-part messages only: sending one
//! with more to follow is EINVAL, and a multipart one arriving is dropped
//! whole.

use super::pair::Pair;
use super::Protocol;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::options::Options;
use crate::pipe::set::{PipeId, Pipes};
use crate::routing::read_single;

#[derive(Default)]
pub(crate) struct Channel {
    pair: Pair,
}

impl Protocol for Channel {
    fn attach(&mut self, p: &mut Pipes, id: PipeId, o: &Options) {
        self.pair.attach(p, id, o);
    }

    fn terminated(&mut self, p: &mut Pipes, id: PipeId) {
        self.pair.terminated(p, id);
    }

    fn send(&mut self, p: &mut Pipes, msg: &mut Msg, o: &Options) -> Result<()> {
        if msg.more() {
            return Err(Error::Inval);
        }
        self.pair.send(p, msg, o)
    }

    fn recv_into(&mut self, p: &mut Pipes, o: &Options, out: &mut Msg) -> Result<()> {
        read_single(out, |m| self.pair.recv_into(p, o, m))
    }

    fn has_in(&mut self, p: &mut Pipes, o: &Options) -> bool {
        self.pair.has_in(p, o)
    }

    fn has_out(&mut self, p: &mut Pipes, o: &Options) -> bool {
        self.pair.has_out(p, o)
    }
}
