//! SERVER (RFC 41, draft): each peer pipe gets a 32-bit routing id (never
//! 0, counted from a random start, as libzmq); a received message carries
//! its sender's id (`Msg::routing_id`), a sent one goes to the pipe its id
//! names. Single-part messages only. PEER (RFC 51) is a SERVER that also
//! connects (`Socket::connect_peer`).

use std::collections::HashMap;

use super::Protocol;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::options::Options;
use crate::pipe::set::{PipeId, Pipes};
use crate::routing::fq::FairQueue;

pub(crate) struct Server {
    fq: FairQueue,
    /// Routing id → pipe.
    out: HashMap<u32, PipeId>,
    /// Pipe → routing id.
    ids: HashMap<PipeId, u32>,
    next_id: u32,
    /// The routing id of the pipe attached last (zmq_connect_peer).
    last_attached: u32,
}

impl Default for Server {
    fn default() -> Server {
        Server {
            fq: FairQueue::default(),
            out: HashMap::new(),
            ids: HashMap::new(),
            next_id: crate::ids::random_u32(),
            last_attached: 0,
        }
    }
}

impl Protocol for Server {
    fn attach(&mut self, _p: &mut Pipes, id: PipeId, _o: &Options) {
        let rid = loop {
            let r = self.next_id;
            self.next_id = self.next_id.wrapping_add(1);
            if r != 0 && !self.out.contains_key(&r) {
                break r;
            }
        };
        self.out.insert(rid, id);
        self.ids.insert(id, rid);
        self.fq.attach(id);
        self.last_attached = rid;
    }

    fn terminated(&mut self, _p: &mut Pipes, id: PipeId) {
        self.fq.terminated(id);
        if let Some(rid) = self.ids.remove(&id) {
            self.out.remove(&rid);
        }
    }

    fn read_activated(&mut self, _p: &mut Pipes, id: PipeId) {
        self.fq.activated(id);
    }

    fn send(&mut self, p: &mut Pipes, msg: &mut Msg, _o: &Options) -> Result<()> {
        if msg.more() {
            return Err(Error::Inval);
        }
        let Some(&id) = self.out.get(&msg.routing_id()) else {
            return Err(Error::HostUnreach);
        };
        if !p.check_write(id) {
            // A peer that left (its pipe not yet reaped) is unreachable;
            // a full pipe is EAGAIN (a blocking send waits for room).
            return Err(if p.gone(id) {
                Error::HostUnreach
            } else {
                Error::Again
            });
        }
        // The id is ours, not the peer's (inproc hands the message over).
        msg.set_routing_id(0);
        p.write(id, std::mem::take(msg));
        p.flush(id);
        Ok(())
    }

    fn recv_into(&mut self, p: &mut Pipes, _o: &Options, out: &mut Msg) -> Result<()> {
        let id = self.fq.recv_single_into(p, out)?;
        out.set_routing_id(self.ids.get(&id).copied().unwrap_or(0));
        Ok(())
    }

    fn has_in(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        self.fq.has_in(p)
    }

    fn has_out(&mut self, _p: &mut Pipes, _o: &Options) -> bool {
        // As libzmq: whether a send succeeds depends on its routing id.
        true
    }

    fn last_routing_id(&self) -> u32 {
        self.last_attached
    }
}
