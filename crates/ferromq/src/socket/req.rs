//! REQ (RFC 28): strict request-reply. Each request is prefixed with an
//! empty delimiter (and, with ZMQ_REQ_CORRELATE, a request id); only the
//! reply to the last request, from the peer it went to, is delivered.

use super::dealer::Dealer;
use super::Protocol;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::opt::*;
use crate::options::{int_of, Options};
use crate::pipe::set::{PipeId, Pipes};

pub(crate) struct Req {
    dealer: Dealer,
    receiving_reply: bool,
    message_begins: bool,
    reply_pipe: Option<PipeId>,
    request_id: u32,
    correlate: bool,
    strict: bool,
}

impl Default for Req {
    fn default() -> Req {
        Req {
            dealer: Dealer::default(),
            receiving_reply: false,
            message_begins: true,
            reply_pipe: None,
            request_id: crate::ids::random_u32(),
            correlate: false,
            strict: true,
        }
    }
}

impl Req {
    /// Receives a frame from the pipe the request went to, dropping frames
    /// from any other peer.
    fn recv_reply_pipe(&mut self, p: &mut Pipes) -> Result<Msg> {
        loop {
            let (m, id) = self.dealer.recv_pipe(p)?;
            if self.reply_pipe.is_none() || self.reply_pipe == Some(id) {
                return Ok(m);
            }
        }
    }

    fn skip_rest(&mut self, p: &mut Pipes, mut m: Msg) -> Result<()> {
        while m.more() {
            m = self.recv_reply_pipe(p)?;
        }
        Ok(())
    }
}

impl Protocol for Req {
    fn attach(&mut self, p: &mut Pipes, id: PipeId, o: &Options) {
        self.dealer.attach(p, id, o);
    }

    fn terminated(&mut self, p: &mut Pipes, id: PipeId) {
        if self.reply_pipe == Some(id) {
            self.reply_pipe = None;
        }
        self.dealer.terminated(p, id);
    }

    fn read_activated(&mut self, p: &mut Pipes, id: PipeId) {
        self.dealer.read_activated(p, id);
    }

    fn write_activated(&mut self, p: &mut Pipes, id: PipeId) {
        self.dealer.write_activated(p, id);
    }

    fn send(&mut self, p: &mut Pipes, msg: &mut Msg, _o: &Options) -> Result<()> {
        if self.receiving_reply {
            if self.strict {
                return Err(Error::Fsm);
            }
            self.receiving_reply = false;
            self.message_begins = true;
        }
        if self.message_begins {
            self.reply_pipe = None;
            if self.correlate {
                let next = self.request_id.wrapping_add(1);
                let mut idm = Msg::from_slice(&next.to_ne_bytes());
                idm.set_more(true);
                self.reply_pipe = self.dealer.send_pipe(p, &mut idm)?;
                self.request_id = next;
            }
            let mut bottom = Msg::new();
            bottom.set_more(true);
            let used = self.dealer.send_pipe(p, &mut bottom)?;
            if self.reply_pipe.is_none() {
                self.reply_pipe = used;
            }
            self.message_begins = false;
            // Drop replies that arrived for earlier requests.
            while self.dealer.recv_pipe(p).is_ok() {}
        }
        let more = msg.more();
        self.dealer.send_pipe(p, msg)?;
        if !more {
            self.receiving_reply = true;
            self.message_begins = true;
        }
        Ok(())
    }

    fn recv(&mut self, p: &mut Pipes, _o: &Options) -> Result<Msg> {
        if !self.receiving_reply {
            return Err(Error::Fsm);
        }
        while self.message_begins {
            if self.correlate {
                let m = self.recv_reply_pipe(p)?;
                let ok = m.more() && m.as_slice() == self.request_id.to_ne_bytes();
                if !ok {
                    self.skip_rest(p, m)?;
                    continue;
                }
            }
            let m = self.recv_reply_pipe(p)?;
            if !(m.more() && m.is_empty()) {
                self.skip_rest(p, m)?;
                continue;
            }
            self.message_begins = false;
        }
        let m = self.recv_reply_pipe(p)?;
        if !m.more() {
            self.receiving_reply = false;
            self.message_begins = true;
        }
        Ok(m)
    }

    fn has_in(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        self.receiving_reply && self.dealer.has_in(p, _o)
    }

    fn has_out(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        if self.receiving_reply && self.strict {
            return false;
        }
        self.dealer.has_out(p, _o)
    }

    fn set_option(
        &mut self,
        opt: i32,
        val: Option<&[u8]>,
        p: &mut Pipes,
        o: &Options,
    ) -> Option<Result<()>> {
        let v = val.and_then(int_of);
        match opt {
            ZMQ_REQ_CORRELATE => Some(match v {
                Some(i) if i >= 0 => {
                    self.correlate = i != 0;
                    Ok(())
                }
                _ => Err(Error::Inval),
            }),
            ZMQ_REQ_RELAXED => Some(match v {
                Some(i) if i >= 0 => {
                    self.strict = i == 0;
                    Ok(())
                }
                _ => Err(Error::Inval),
            }),
            _ => self.dealer.set_option(opt, val, p, o),
        }
    }
}
