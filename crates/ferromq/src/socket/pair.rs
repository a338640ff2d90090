//! PAIR (RFC 31): an exclusive connection to one peer. Further peers are
//! refused (their pipes are closed at once).

use super::Protocol;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::options::Options;
use crate::pipe::set::{PipeId, Pipes};

#[derive(Default)]
pub(crate) struct Pair {
    pipe: Option<PipeId>,
}

impl Protocol for Pair {
    fn attach(&mut self, p: &mut Pipes, id: PipeId, _o: &Options) {
        if self.pipe.is_some() {
            p.terminate(id);
        } else {
            self.pipe = Some(id);
        }
    }

    fn terminated(&mut self, _p: &mut Pipes, id: PipeId) {
        if self.pipe == Some(id) {
            self.pipe = None;
        }
    }

    fn send(&mut self, p: &mut Pipes, msg: &mut Msg, _o: &Options) -> Result<()> {
        let Some(id) = self.pipe else {
            return Err(Error::Again);
        };
        if !p.check_write(id) {
            return Err(Error::Again);
        }
        let more = msg.more();
        p.write(id, std::mem::take(msg));
        if !more {
            p.flush(id);
        }
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
