//! SUB (RFC 29): an XSUB that filters what it receives by its
//! subscriptions, set with ZMQ_SUBSCRIBE / ZMQ_UNSUBSCRIBE. Sending is not
//! supported.

use super::xpub::subscription;
use super::xsub::XSub;
use super::Protocol;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::opt::*;
use crate::options::Options;
use crate::pipe::set::{PipeId, Pipes};

pub(crate) struct Sub {
    x: XSub,
}

impl Sub {
    pub(crate) fn new() -> Sub {
        let mut x = XSub::default();
        x.filter = true;
        Sub { x }
    }
}

impl Protocol for Sub {
    fn attach(&mut self, p: &mut Pipes, id: PipeId, o: &Options) {
        self.x.attach(p, id, o);
    }

    fn identified(&mut self, p: &mut Pipes, id: PipeId, o: &Options) {
        self.x.identified(p, id, o);
    }

    fn terminated(&mut self, p: &mut Pipes, id: PipeId) {
        self.x.terminated(p, id);
    }

    fn read_activated(&mut self, p: &mut Pipes, id: PipeId) {
        self.x.read_activated(p, id);
    }

    fn recv_into(&mut self, p: &mut Pipes, o: &Options, out: &mut Msg) -> Result<()> {
        self.x.recv_into(p, o, out)
    }

    fn has_in(&mut self, p: &mut Pipes, o: &Options) -> bool {
        self.x.has_in(p, o)
    }

    fn get_option(&self, opt: i32, out: &mut [u8]) -> Option<Result<usize>> {
        self.x.get_option(opt, out)
    }

    fn set_option(
        &mut self,
        opt: i32,
        val: Option<&[u8]>,
        p: &mut Pipes,
        _o: &Options,
    ) -> Option<Result<()>> {
        let subscribe = match opt {
            ZMQ_SUBSCRIBE => true,
            ZMQ_UNSUBSCRIBE => false,
            _ => return None,
        };
        let topic = val.unwrap_or(&[]);
        // The message first: its copy of the caller's topic is the one
        // allocation that can fail (ENOMEM) before anything changed.
        let mut m = match subscription(subscribe, topic) {
            Ok(m) => m,
            Err(e) => return Some(Err(e)),
        };
        let send = if subscribe {
            self.x.subs.add(topic);
            true
        } else {
            self.x.subs.remove(topic)
        };
        if send {
            self.x.send_upstream(p, &mut m);
        }
        Some(Ok(()))
    }

    fn send(&mut self, _p: &mut Pipes, _msg: &mut Msg, _o: &Options) -> Result<()> {
        Err(Error::NotSup)
    }
}
