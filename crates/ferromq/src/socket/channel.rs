//! CHANNEL (RFC 52, draft): PAIR's exclusive connection to one peer
//! (further peers are refused), single-part messages only (a multipart one
//! arriving is dropped whole).

use super::Protocol;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::options::Options;
use crate::pipe::set::{PipeId, Pipes};

#[derive(Default)]
pub(crate) struct Channel {
    pipe: Option<PipeId>,
}

impl Protocol for Channel {
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
        if msg.more() {
            return Err(Error::Inval);
        }
        let Some(id) = self.pipe else {
            return Err(Error::Again);
        };
        if !p.check_write(id) {
            return Err(Error::Again);
        }
        p.write(id, std::mem::take(msg));
        p.flush(id);
        Ok(())
    }

    fn recv_into(&mut self, p: &mut Pipes, _o: &Options, out: &mut Msg) -> Result<()> {
        let Some(id) = self.pipe else {
            return Err(Error::Again);
        };
        p.read_into(id, out).map_err(|_| Error::Again)?;
        while out.more() {
            // Drop the rest of a multipart message, then take the next.
            while out.more() {
                if p.read_into(id, out).is_err() {
                    out.clear();
                    return Err(Error::Again);
                }
            }
            if p.read_into(id, out).is_err() {
                out.clear();
                return Err(Error::Again);
            }
        }
        Ok(())
    }

    fn has_in(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        self.pipe.is_some_and(|id| p.check_read(id))
    }

    fn has_out(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        self.pipe.is_some_and(|id| p.check_write(id))
    }
}
