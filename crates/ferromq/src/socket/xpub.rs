//! XPUB (RFC 29): distributes messages to the subscribers whose
//! subscriptions match, and passes subscriptions up to the application as
//! `\x01topic` / `\x00topic` messages. PUB is XPUB without the latter.

use std::collections::VecDeque;

use super::Protocol;
use crate::error::{Error, Result};
use crate::msg::{self, Msg};
use crate::opt::*;
use crate::options::{int_of, Options};
use crate::pipe::set::{PipeId, Pipes};
use crate::pipe::Read;
use crate::routing::dist::Distributor;
use crate::routing::trie::MultiTrie;

pub(crate) struct XPub {
    dist: Distributor,
    subs: MultiTrie,
    /// Subscriptions the application will receive (XPUB only).
    pending: VecDeque<(Msg, Option<PipeId>)>,
    is_pub: bool,
    verbose_subs: bool,
    verbose_unsubs: bool,
    manual: bool,
    send_last_pipe: bool,
    lossy: bool,
    only_first_subscribe: bool,
    welcome: Option<Vec<u8>>,
    manual_subs: MultiTrie,
    last_pipe: Option<PipeId>,
    more_send: bool,
    more_recv: bool,
    process_subscribe: bool,
    targets: Vec<PipeId>,
}

impl Default for XPub {
    fn default() -> XPub {
        XPub {
            dist: Distributor::default(),
            subs: MultiTrie::default(),
            pending: VecDeque::new(),
            is_pub: false,
            verbose_subs: false,
            verbose_unsubs: false,
            manual: false,
            send_last_pipe: false,
            lossy: true,
            only_first_subscribe: false,
            welcome: None,
            manual_subs: MultiTrie::default(),
            last_pipe: None,
            more_send: false,
            more_recv: false,
            process_subscribe: false,
            targets: Vec::new(),
        }
    }
}

impl XPub {
    pub(crate) fn new_pub() -> XPub {
        XPub {
            is_pub: true,
            ..XPub::default()
        }
    }

    /// Queues a subscription notification for the application; dropped if
    /// its copy of the topic (a peer's size) cannot be allocated.
    fn notify(&mut self, subscribe: bool, topic: &[u8], meta: Option<&Msg>, pipe: Option<PipeId>) {
        let Ok(data) = sub_body(subscribe, topic) else {
            return;
        };
        let mut m = Msg::from(data);
        if let Some(src) = meta {
            m.set_metadata(src.metadata().cloned());
        }
        self.pending.push_back((m, pipe));
    }

    /// Reads subscriptions (and, for XPUB, upstream messages) from a pipe.
    fn read_subscriptions(&mut self, p: &mut Pipes, id: PipeId) {
        loop {
            let m = match p.read(id) {
                Read::Msg(m) => m,
                Read::Empty | Read::Eof => return,
            };
            let first_part = !self.more_recv;
            self.more_recv = m.more();
            let data = m.as_slice();
            let mut sub = None;
            if (first_part || self.process_subscribe)
                && !data.is_empty()
                && (data[0] == 0 || data[0] == 1)
            {
                sub = Some(data[0] == 1);
            }
            if first_part {
                self.process_subscribe = !self.only_first_subscribe || sub.is_some();
            }
            match sub {
                Some(subscribe) => {
                    let topic = &data[1..];
                    let notify = if self.manual {
                        if subscribe {
                            self.manual_subs.add(topic, id);
                        } else {
                            self.manual_subs.remove(topic, id);
                        }
                        true
                    } else if subscribe {
                        let first = self.subs.add(topic, id);
                        first || self.verbose_subs
                    } else {
                        let had = self.subs.has(topic, id);
                        let gone = self.subs.remove(topic, id);
                        // libzmq notifies unless other pipes still hold it
                        // (a removal of something absent notifies too).
                        gone || !had || self.verbose_unsubs
                    };
                    if !self.is_pub && (self.manual || notify) {
                        self.notify(subscribe, topic, Some(&m), Some(id));
                    }
                }
                None if !self.is_pub => self.pending.push_back((m, None)),
                None => {}
            }
        }
    }
}

impl Protocol for XPub {
    fn attach(&mut self, p: &mut Pipes, id: PipeId, _o: &Options) {
        self.dist.attach(id);
        if let Some(w) = &self.welcome {
            p.write(id, Msg::from_slice(w));
            p.flush(id);
        }
        self.read_subscriptions(p, id);
    }

    fn terminated(&mut self, _p: &mut Pipes, id: PipeId) {
        let is_pub = self.is_pub;
        let mut gone = Vec::new();
        if self.manual {
            // One unsubscription per topic of this pipe, even where other
            // pipes still hold the topic: the application confirmed each
            // pipe's subscription on its own (libzmq removes the pipe from
            // its manual trie with call_on_uniq = false).
            self.manual_subs
                .remove_pipe_all(id, |t| gone.push(t.to_vec()));
            self.subs.remove_pipe(id, |_| {});
            if self.last_pipe == Some(id) {
                self.last_pipe = None;
            }
        } else if self.verbose_unsubs {
            // Report every topic of the pipe, not only the last holders.
            let mut all = Vec::new();
            self.subs.remove_pipe_all(id, |t| all.push(t.to_vec()));
            gone = all;
        } else {
            self.subs.remove_pipe(id, |t| gone.push(t.to_vec()));
        }
        if !is_pub {
            for t in gone {
                self.notify(false, &t, None, None);
            }
        }
        self.dist.terminated(id);
        for e in self.pending.iter_mut() {
            if e.1 == Some(id) {
                e.1 = None;
            }
        }
    }

    fn read_activated(&mut self, p: &mut Pipes, id: PipeId) {
        self.read_subscriptions(p, id);
    }

    fn send(&mut self, p: &mut Pipes, msg: &mut Msg, o: &Options) -> Result<()> {
        let more = msg.more();
        if !self.more_send {
            if self.manual && self.send_last_pipe && self.last_pipe.is_some() {
                let lp = self.last_pipe.take().unwrap_or_default();
                self.subs.matching(msg.as_slice(), &mut self.targets);
                self.targets.retain(|&t| t == lp);
            } else {
                self.subs.matching(msg.as_slice(), &mut self.targets);
            }
            if o.invert_matching {
                let matched = std::mem::take(&mut self.targets);
                self.targets = self
                    .dist
                    .pipes()
                    .iter()
                    .copied()
                    .filter(|id| !matched.contains(id))
                    .collect();
            }
            if !self.lossy && !Distributor::all_writable(p, &self.targets) {
                return Err(Error::Again);
            }
        }
        let targets = std::mem::take(&mut self.targets);
        self.dist.send(p, msg, &targets);
        self.targets = targets;
        self.more_send = more;
        Ok(())
    }

    fn recv(&mut self, _p: &mut Pipes, _o: &Options) -> Result<Msg> {
        if self.is_pub {
            return Err(Error::NotSup);
        }
        let (m, pipe) = self.pending.pop_front().ok_or(Error::Again)?;
        if self.manual {
            self.last_pipe = pipe;
        }
        Ok(m)
    }

    fn has_in(&mut self, _p: &mut Pipes, _o: &Options) -> bool {
        !self.is_pub && !self.pending.is_empty()
    }

    fn has_out(&mut self, _p: &mut Pipes, _o: &Options) -> bool {
        true
    }

    fn get_option(&self, opt: i32, out: &mut [u8]) -> Option<Result<usize>> {
        (opt == ZMQ_TOPICS_COUNT)
            .then(|| crate::options::put_bytes(out, &topics(self.subs.len()).to_ne_bytes()))
    }

    fn set_option(
        &mut self,
        opt: i32,
        val: Option<&[u8]>,
        _p: &mut Pipes,
        _o: &Options,
    ) -> Option<Result<()>> {
        let flag = || match val.and_then(int_of) {
            Some(i) if i >= 0 => Ok(i != 0),
            _ => Err(Error::Inval),
        };
        Some(match opt {
            ZMQ_XPUB_VERBOSE => flag().map(|b| {
                self.verbose_subs = b;
                self.verbose_unsubs = false;
            }),
            ZMQ_XPUB_VERBOSER => flag().map(|b| {
                self.verbose_subs = b;
                self.verbose_unsubs = b;
            }),
            ZMQ_XPUB_MANUAL_LAST_VALUE => flag().map(|b| {
                self.manual = b;
                self.send_last_pipe = b;
            }),
            ZMQ_XPUB_NODROP => flag().map(|b| self.lossy = !b),
            ZMQ_XPUB_MANUAL => flag().map(|b| self.manual = b),
            ZMQ_ONLY_FIRST_SUBSCRIBE => flag().map(|b| self.only_first_subscribe = b),
            ZMQ_SUBSCRIBE if self.manual => {
                if let Some(lp) = self.last_pipe {
                    self.subs.add(val.unwrap_or(&[]), lp);
                }
                Ok(())
            }
            ZMQ_UNSUBSCRIBE if self.manual => {
                if let Some(lp) = self.last_pipe {
                    self.subs.remove(val.unwrap_or(&[]), lp);
                }
                Ok(())
            }
            ZMQ_XPUB_WELCOME_MSG => match val.filter(|v| !v.is_empty()).map(crate::msg::try_copy) {
                Some(Err(e)) => Err(e),
                Some(Ok(v)) => {
                    self.welcome = Some(v);
                    Ok(())
                }
                None => {
                    self.welcome = None;
                    Ok(())
                }
            },
            _ => return None,
        })
    }
}

/// Marks a message as an upstream subscription for the engine (ZMTP 3.1
/// peers get a SUBSCRIBE/CANCEL command). ENOMEM if the copy of the topic
/// cannot be allocated.
pub(crate) fn subscription(subscribe: bool, topic: &[u8]) -> Result<Msg> {
    let mut m = Msg::from(sub_body(subscribe, topic)?);
    m.set_flag(if subscribe {
        msg::SUBSCRIBE
    } else {
        msg::CANCEL
    });
    Ok(m)
}

/// `[1, topic...]` (subscribe) or `[0, topic...]`, allocated fallibly.
fn sub_body(subscribe: bool, topic: &[u8]) -> Result<Vec<u8>> {
    let mut data = Vec::new();
    data.try_reserve_exact(topic.len() + 1)
        .map_err(|_| Error::NoMem)?;
    data.push(u8::from(subscribe));
    data.extend_from_slice(topic);
    Ok(data)
}

/// A topic count as ZMQ_TOPICS_COUNT's int.
pub(crate) fn topics(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}
