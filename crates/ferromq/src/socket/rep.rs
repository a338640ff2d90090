//! REP (RFC 28): receives a request, keeps its envelope (the routing ids up
//! to the empty delimiter), and sends the reply back along it.

use super::router::Router;
use super::Protocol;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::options::Options;
use crate::pipe::set::{PipeId, Pipes};

pub(crate) struct Rep {
    router: Router,
    sending_reply: bool,
    request_begins: bool,
}

impl Default for Rep {
    fn default() -> Rep {
        Rep {
            router: Router::default(),
            sending_reply: false,
            request_begins: true,
        }
    }
}

impl Protocol for Rep {
    fn attach(&mut self, p: &mut Pipes, id: PipeId, o: &Options) {
        self.router.attach(p, id, o);
    }

    fn identified(&mut self, p: &mut Pipes, id: PipeId, o: &Options) {
        self.router.identified(p, id, o);
    }

    fn terminated(&mut self, p: &mut Pipes, id: PipeId) {
        self.router.terminated(p, id);
    }

    fn read_activated(&mut self, p: &mut Pipes, id: PipeId) {
        self.router.read_activated(p, id);
    }

    fn take_connect_rid(&mut self) -> Option<Vec<u8>> {
        self.router.take_connect_rid()
    }

    fn peer_state(&mut self, p: &mut Pipes, rid: &[u8]) -> Result<i16> {
        // libzmq's REP is a ROUTER: it answers as one.
        self.router.peer_state(p, rid)
    }

    fn send(&mut self, p: &mut Pipes, msg: &mut Msg, o: &Options) -> Result<()> {
        if !self.sending_reply {
            return Err(Error::Fsm);
        }
        let more = msg.more();
        self.router.send(p, msg, o)?;
        if !more {
            self.sending_reply = false;
        }
        Ok(())
    }

    fn recv(&mut self, p: &mut Pipes, o: &Options) -> Result<Msg> {
        if self.sending_reply {
            return Err(Error::Fsm);
        }
        if self.request_begins {
            // Copy the envelope, up to the empty delimiter, to the reply
            // pipe; it is sent when the reply is.
            loop {
                let mut m = self.router.recv(p, o)?;
                if m.more() {
                    let bottom = m.is_empty();
                    self.router.send(p, &mut m, o)?;
                    if bottom {
                        break;
                    }
                } else {
                    // No delimiter: a malformed request. Forget it.
                    self.router.rollback(p);
                }
            }
            self.request_begins = false;
        }
        let m = self.router.recv(p, o)?;
        if !m.more() {
            self.sending_reply = true;
            self.request_begins = true;
        }
        Ok(m)
    }

    fn has_in(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        !self.sending_reply && self.router.has_in(p, _o)
    }

    fn has_out(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        self.sending_reply && self.router.has_out(p, _o)
    }

    fn set_option(
        &mut self,
        opt: i32,
        val: Option<&[u8]>,
        p: &mut Pipes,
        o: &Options,
    ) -> Option<Result<()>> {
        self.router.set_option(opt, val, p, o)
    }
}
