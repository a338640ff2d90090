//! XSUB (RFC 29): receives from publishers (fair-queued, unfiltered) and
//! sends subscription messages (`\x01topic`, `\x00topic`) to all of them,
//! re-sending every subscription to a publisher it (re)connects to. SUB is
//! XSUB with filtering and subscriptions set through options.

use super::xpub::{subscription, topics};
use super::Protocol;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::opt::*;
use crate::options::{int_of, Options};
use crate::pipe::set::{PipeId, Pipes};
use crate::routing::dist::Distributor;
use crate::routing::fq::FairQueue;
use crate::routing::trie::Trie;

#[derive(Default)]
pub(crate) struct XSub {
    fq: FairQueue,
    dist: Distributor,
    pub(crate) subs: Trie,
    /// SUB: drop messages that match no subscription.
    pub(crate) filter: bool,
    more_send: bool,
    more_recv: bool,
    process_subscribe: bool,
    only_first_subscribe: bool,
    /// ZMQ_XSUB_VERBOSE_UNSUBSCRIBE: pass on every unsubscription.
    verbose_unsubs: bool,
    /// A message fetched by `has_in`, returned by the next `recv`.
    prefetched: Option<Msg>,
}

impl XSub {
    fn send_all_subscriptions(&self, p: &mut Pipes, id: PipeId) {
        for prefix in self.subs.prefixes() {
            // Out of memory the subscription is not resent (rather than
            // aborting the process).
            if let Ok(m) = subscription(true, &prefix) {
                p.write(id, m);
            }
        }
        p.flush(id);
    }

    fn matches(&self, m: &Msg, o: &Options) -> bool {
        self.subs.matches(m.as_slice()) != o.invert_matching
    }

    /// Sends to every publisher (subscriptions are never blocked).
    pub(crate) fn send_upstream(&mut self, p: &mut Pipes, msg: &mut Msg) {
        let all = self.dist.pipes().to_vec();
        self.dist.send(p, msg, &all);
    }

    fn fetch(&mut self, p: &mut Pipes, o: &Options) -> Result<Msg> {
        let mut m = Msg::new();
        self.fetch_into(p, o, &mut m)?;
        Ok(m)
    }

    /// Receives the next message that passes the subscriptions into `out`,
    /// dropping the others whole. On error `out` is untouched, or empty if
    /// a rejected message passed through it.
    fn fetch_into(&mut self, p: &mut Pipes, o: &Options, out: &mut Msg) -> Result<()> {
        loop {
            self.fq.recv_into(p, out)?;
            if self.more_recv || !self.filter || self.matches(out, o) {
                self.more_recv = out.more();
                return Ok(());
            }
            let mut more = out.more();
            out.clear();
            while more {
                self.fq.recv_into(p, out)?;
                more = out.more();
                out.clear();
            }
        }
    }
}

impl Protocol for XSub {
    fn attach(&mut self, p: &mut Pipes, id: PipeId, _o: &Options) {
        self.fq.attach(id);
        self.dist.attach(id);
        self.send_all_subscriptions(p, id);
    }

    fn identified(&mut self, p: &mut Pipes, id: PipeId, _o: &Options) {
        // A reconnection: the new connection needs every subscription.
        if p.get(id).is_some_and(|s| s.infos > 1) {
            self.send_all_subscriptions(p, id);
        }
    }

    fn terminated(&mut self, _p: &mut Pipes, id: PipeId) {
        self.fq.terminated(id);
        self.dist.terminated(id);
    }

    fn read_activated(&mut self, _p: &mut Pipes, id: PipeId) {
        self.fq.activated(id);
    }

    fn send(&mut self, p: &mut Pipes, msg: &mut Msg, _o: &Options) -> Result<()> {
        let first_part = !self.more_send;
        self.more_send = msg.more();
        if first_part {
            self.process_subscribe = !self.only_first_subscribe;
        } else if !self.process_subscribe {
            self.send_upstream(p, msg);
            return Ok(());
        }
        let data = msg.as_slice();
        match data.first() {
            Some(1) => {
                self.subs.add(&data[1..]);
                self.process_subscribe = true;
                self.send_upstream(p, msg);
            }
            Some(0) => {
                self.process_subscribe = true;
                if self.subs.remove(&data[1..]) || self.verbose_unsubs {
                    self.send_upstream(p, msg);
                } else {
                    msg.clear();
                }
            }
            _ => self.send_upstream(p, msg),
        }
        Ok(())
    }

    fn recv_into(&mut self, p: &mut Pipes, o: &Options, out: &mut Msg) -> Result<()> {
        if let Some(m) = self.prefetched.take() {
            self.more_recv = m.more();
            *out = m;
            return Ok(());
        }
        self.fetch_into(p, o, out)
    }

    fn has_in(&mut self, p: &mut Pipes, o: &Options) -> bool {
        if self.more_recv || self.prefetched.is_some() {
            return true;
        }
        match self.fetch(p, o) {
            Ok(m) => {
                self.more_recv = false;
                self.prefetched = Some(m);
                true
            }
            Err(_) => false,
        }
    }

    fn has_out(&mut self, _p: &mut Pipes, _o: &Options) -> bool {
        true
    }

    fn get_option(&self, opt: i32, out: &mut [u8]) -> Option<Result<usize>> {
        (opt == ZMQ_TOPICS_COUNT)
            .then(|| crate::options::put_bytes(out, &topics(self.subs.refs()).to_ne_bytes()))
    }

    fn set_option(
        &mut self,
        opt: i32,
        val: Option<&[u8]>,
        _p: &mut Pipes,
        _o: &Options,
    ) -> Option<Result<()>> {
        match opt {
            ZMQ_XSUB_VERBOSE_UNSUBSCRIBE => Some(match val.and_then(int_of) {
                Some(i) => {
                    self.verbose_unsubs = i != 0;
                    Ok(())
                }
                None => Err(Error::Inval),
            }),
            ZMQ_ONLY_FIRST_SUBSCRIBE => Some(match val.and_then(int_of) {
                Some(i) if i >= 0 => {
                    self.only_first_subscribe = i != 0;
                    Ok(())
                }
                _ => Err(Error::Inval),
            }),
            _ => None,
        }
    }
}
