//! DGRAM (draft): raw UDP datagrams. Every message has two frames, the
//! peer's address (`ip:port`) with MORE, then the body: on receive the
//! sender's address, on send the destination. libzmq's rules: a first
//! frame without MORE, or a second frame with MORE, is EINVAL. One pipe
//! only (its single udp:// bind); further ones are refused.

use super::Protocol;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::options::Options;
use crate::pipe::set::{PipeId, Pipes};

#[derive(Default)]
pub(crate) struct Dgram {
    pipe: Option<PipeId>,
    more_out: bool,
}

impl Protocol for Dgram {
    fn attach(&mut self, p: &mut Pipes, id: PipeId, _o: &Options) {
        if self.pipe.is_none() {
            self.pipe = Some(id);
        } else {
            p.terminate(id);
        }
    }

    fn terminated(&mut self, _p: &mut Pipes, id: PipeId) {
        if self.pipe == Some(id) {
            self.pipe = None;
            self.more_out = false;
        }
    }

    fn send(&mut self, p: &mut Pipes, msg: &mut Msg, _o: &Options) -> Result<()> {
        let Some(id) = self.pipe else {
            // libzmq drops the message and fails with whatever errno was
            // left over; nothing is bound, so there is no one to send to.
            msg.clear();
            return Err(Error::Os(libc::ENOTCONN));
        };
        if self.more_out == msg.more() {
            // First frame without MORE, or a second frame with MORE.
            return Err(Error::Inval);
        }
        if !self.more_out && !p.check_write(id) {
            return Err(Error::Again);
        }
        let more = msg.more();
        p.write(id, std::mem::take(msg));
        if !more {
            p.flush(id);
        }
        self.more_out = !self.more_out;
        Ok(())
    }

    fn recv_into(&mut self, p: &mut Pipes, _o: &Options, out: &mut Msg) -> Result<()> {
        let Some(id) = self.pipe else {
            return Err(Error::Again);
        };
        p.read_into(id, out).map_err(|_| Error::Again)
    }

    fn has_in(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        self.pipe.is_some_and(|id| p.check_read(id))
    }

    fn has_out(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        self.pipe.is_some_and(|id| p.check_write(id))
    }
}
