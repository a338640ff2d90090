//! ROUTER (RFC 28): every received message is prefixed with the routing id
//! of the peer it came from; the first frame of a sent message names the
//! peer to send to. Peers without an announced id get a generated one
//! (5 bytes: 0x00 and a 32-bit counter).

use std::collections::{HashMap, HashSet};

use super::Protocol;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::opt::*;
use crate::options::{int_of, Options};
use crate::pipe::set::{PipeId, Pipes};
use crate::routing::fq::FairQueue;

pub(crate) struct Router {
    fq: FairQueue,
    /// Routing id → pipe.
    out: HashMap<Vec<u8>, PipeId>,
    /// Pipe → routing id.
    ids: HashMap<PipeId, Vec<u8>>,
    /// Attached but not yet identified (or refused as duplicates).
    anonymous: HashSet<PipeId>,
    /// Where the frames of the message being sent go (None: dropped).
    current_out: Option<PipeId>,
    more_out: bool,
    /// Frames of the message being received remain.
    more_in: bool,
    /// The first data frame, held back while the id frame is returned.
    prefetch: Option<Msg>,
    next_id: u32,
    mandatory: bool,
    handover: bool,
    probe: bool,
    /// ZMQ_CONNECT_ROUTING_ID for the next outgoing connection.
    connect_rid: Option<Vec<u8>>,
    /// ZMQ_ROUTER_RAW: peers are raw TCP connections.
    raw: bool,
}

impl Default for Router {
    fn default() -> Router {
        Router {
            fq: FairQueue::default(),
            out: HashMap::new(),
            ids: HashMap::new(),
            anonymous: HashSet::new(),
            current_out: None,
            more_out: false,
            more_in: false,
            prefetch: None,
            next_id: crate::ids::random_u32(),
            mandatory: false,
            handover: false,
            probe: false,
            connect_rid: None,
            raw: false,
        }
    }
}

impl Router {
    /// Gives the pipe a routing id. False if the peer's id is taken and
    /// handover is off (the peer is then ignored, as libzmq does).
    fn identify(&mut self, p: &mut Pipes, id: PipeId) -> bool {
        if let Some(rid) = p.get(id).and_then(|s| s.assigned_rid.clone()) {
            if !self.out.contains_key(&rid) {
                self.out.insert(rid.clone(), id);
                self.ids.insert(id, rid);
                return true;
            }
        }
        // Raw peers announce nothing; they always get a generated id.
        let announced = if self.raw {
            Vec::new()
        } else {
            p.peer_id(id).to_vec()
        };
        let rid = if announced.is_empty() {
            loop {
                let mut v = vec![0u8];
                v.extend_from_slice(&self.next_id.to_be_bytes());
                self.next_id = self.next_id.wrapping_add(1);
                if !self.out.contains_key(&v) {
                    break v;
                }
            }
        } else if let Some(&old) = self.out.get(&announced) {
            if !self.handover {
                return false;
            }
            // The new connection takes over the id; the old one is closed.
            self.ids.remove(&old);
            self.out.remove(&announced);
            self.fq.terminated(old);
            if self.current_out == Some(old) {
                self.current_out = None;
            }
            p.terminate(old);
            announced
        } else {
            announced
        };
        self.out.insert(rid.clone(), id);
        self.ids.insert(id, rid);
        true
    }

    fn try_identify(&mut self, p: &mut Pipes, id: PipeId) {
        if self.identify(p, id) {
            self.anonymous.remove(&id);
            self.fq.attach(id);
        }
    }

    /// Discards frames staged for the current reply (REP's envelope on a
    /// malformed request).
    pub(crate) fn rollback(&mut self, p: &mut Pipes) {
        if let Some(id) = self.current_out.take() {
            p.rollback(id);
        }
        self.more_out = false;
    }
}

impl Protocol for Router {
    fn attach(&mut self, p: &mut Pipes, id: PipeId, _o: &Options) {
        if self.probe {
            p.write(id, Msg::new());
            p.flush(id);
        }
        self.anonymous.insert(id);
        if p.get(id)
            .is_some_and(|s| s.infos > 0 || s.assigned_rid.is_some())
        {
            self.try_identify(p, id);
        }
    }

    fn identified(&mut self, p: &mut Pipes, id: PipeId, _o: &Options) {
        // After a reconnection the peer is assumed to keep its id.
        if self.anonymous.contains(&id) {
            self.try_identify(p, id);
        }
    }

    fn terminated(&mut self, _p: &mut Pipes, id: PipeId) {
        self.anonymous.remove(&id);
        self.fq.terminated(id);
        if let Some(rid) = self.ids.remove(&id) {
            self.out.remove(&rid);
        }
        if self.current_out == Some(id) {
            self.current_out = None;
        }
    }

    fn take_connect_rid(&mut self) -> Option<Vec<u8>> {
        self.connect_rid.take()
    }

    fn read_activated(&mut self, p: &mut Pipes, id: PipeId) {
        if self.anonymous.contains(&id) {
            self.try_identify(p, id);
        } else {
            self.fq.activated(id);
        }
    }

    fn send(&mut self, p: &mut Pipes, msg: &mut Msg, _o: &Options) -> Result<()> {
        if !self.more_out {
            // The routing id frame.
            if msg.more() {
                match self.out.get(msg.as_slice()).copied() {
                    Some(id) => {
                        if p.check_write(id) {
                            self.current_out = Some(id);
                        } else if p.gone(id) {
                            // The peer left and we have not read its pipe
                            // to the end yet (what it sent is still for
                            // us to receive): unreachable now, not full.
                            if self.mandatory {
                                return Err(Error::HostUnreach);
                            }
                            self.current_out = None;
                        } else if self.mandatory {
                            return Err(Error::Again);
                        } else {
                            // At its high-water mark: dropped.
                            p.hwm_dropped += 1;
                            self.current_out = None;
                        }
                    }
                    None if self.mandatory => return Err(Error::HostUnreach),
                    None => self.current_out = None,
                }
                self.more_out = true;
            }
            // A lone id frame (no more) is silently ignored, as in libzmq.
            msg.clear();
            return Ok(());
        }
        self.more_out = msg.more();
        if self.raw {
            // Raw: one data frame per id; an empty one closes the peer.
            self.more_out = false;
            msg.set_more(false);
            if let Some(id) = self.current_out.take() {
                if msg.is_empty() {
                    p.terminate(id);
                    msg.clear();
                    return Ok(());
                }
                p.write(id, std::mem::take(msg));
                p.flush(id);
            } else {
                msg.clear();
            }
            return Ok(());
        }
        match self.current_out {
            Some(id) => {
                p.write(id, std::mem::take(msg));
                if !self.more_out {
                    p.flush(id);
                    self.current_out = None;
                }
            }
            None => msg.clear(),
        }
        Ok(())
    }

    fn recv(&mut self, p: &mut Pipes, _o: &Options) -> Result<Msg> {
        if let Some(m) = self.prefetch.take() {
            self.more_in = m.more();
            return Ok(m);
        }
        let (m, id) = self.fq.recv(p)?;
        if self.more_in {
            self.more_in = m.more();
            return Ok(m);
        }
        let rid = self.ids.get(&id).cloned().unwrap_or_default();
        let mut idm = Msg::from_slice(&rid);
        idm.set_more(true);
        idm.set_metadata(m.metadata().cloned());
        self.prefetch = Some(m);
        self.more_in = true;
        Ok(idm)
    }

    fn has_in(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        self.prefetch.is_some() || self.more_in || self.fq.has_in(p)
    }

    fn peer_state(&mut self, p: &mut Pipes, rid: &[u8]) -> Result<i16> {
        let id = self.out.get(rid).copied().ok_or(Error::HostUnreach)?;
        Ok(if p.check_write(id) { ZMQ_POLLOUT } else { 0 })
    }

    fn has_out(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        if !self.mandatory {
            return true;
        }
        let ids: Vec<PipeId> = self.ids.keys().copied().collect();
        ids.into_iter().any(|id| p.check_write(id))
    }

    fn set_option(
        &mut self,
        opt: i32,
        val: Option<&[u8]>,
        _p: &mut Pipes,
        _o: &Options,
    ) -> Option<Result<()>> {
        let flag = |v: Option<&[u8]>| match v.and_then(int_of) {
            Some(i) if i >= 0 => Ok(i != 0),
            _ => Err(Error::Inval),
        };
        Some(match opt {
            ZMQ_ROUTER_MANDATORY => flag(val).map(|b| self.mandatory = b),
            ZMQ_ROUTER_HANDOVER => flag(val).map(|b| self.handover = b),
            ZMQ_PROBE_ROUTER => flag(val).map(|b| self.probe = b),
            ZMQ_ROUTER_RAW => flag(val).map(|b| self.raw = b),
            ZMQ_CONNECT_ROUTING_ID => match val {
                Some(v) if !v.is_empty() && v.len() <= 255 => {
                    self.connect_rid = Some(v.to_vec());
                    Ok(())
                }
                _ => Err(Error::Inval),
            },
            _ => return None,
        })
    }
}
