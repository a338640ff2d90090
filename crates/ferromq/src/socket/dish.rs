//! DISH (draft, RFC 48): receives the messages of the groups it joined
//! (`zmq_join` / `zmq_leave`, exact match, at most 255 bytes), fair-queued
//! from its RADIO peers. Never sends. Joins and leaves go to every peer
//! as messages flagged [`msg::JOIN`] / [`msg::LEAVE`] (ZMTP JOIN/LEAVE
//! commands on the wire); a new or reconnected peer gets every group
//! joined so far. Messages of other groups are dropped here too (a udp://
//! endpoint delivers every group).

use std::collections::BTreeSet;

use super::Protocol;
use crate::error::{Error, Result};
use crate::msg::{self, Msg, GROUP_MAX_LENGTH};
use crate::options::Options;
use crate::pipe::set::{PipeId, Pipes};
use crate::routing::dist::Distributor;
use crate::routing::fq::FairQueue;

#[derive(Default)]
pub(crate) struct Dish {
    fq: FairQueue,
    dist: Distributor,
    groups: BTreeSet<Vec<u8>>,
    /// A message fetched by `has_in`, returned by the next `recv`.
    prefetched: Option<Msg>,
}

/// A JOIN or LEAVE message for `group`.
fn group_cmd(flag: u8, group: &[u8]) -> Result<Msg> {
    let mut m = Msg::new();
    m.set_group(group)?;
    m.set_flag(flag);
    Ok(m)
}

impl Dish {
    fn send_joins(&self, p: &mut Pipes, id: PipeId) {
        for g in &self.groups {
            // Out of memory the join is not sent (rather than aborting).
            if let Ok(m) = group_cmd(msg::JOIN, g) {
                p.write(id, m);
            }
        }
        p.flush(id);
    }

    fn send_all(&mut self, p: &mut Pipes, flag: u8, group: &[u8]) -> Result<()> {
        let mut m = group_cmd(flag, group)?;
        let all = self.dist.pipes().to_vec();
        self.dist.send(p, &mut m, &all);
        Ok(())
    }

    fn fetch_into(&mut self, p: &mut Pipes, out: &mut Msg) -> Result<()> {
        loop {
            self.fq.recv_into(p, out)?;
            if self.groups.contains(out.group().to_bytes()) {
                return Ok(());
            }
            out.clear();
        }
    }
}

impl Protocol for Dish {
    fn attach(&mut self, p: &mut Pipes, id: PipeId, _o: &Options) {
        self.fq.attach(id);
        self.dist.attach(id);
        self.send_joins(p, id);
    }

    fn identified(&mut self, p: &mut Pipes, id: PipeId, _o: &Options) {
        // A reconnection: the new connection needs every group.
        if p.get(id).is_some_and(|s| s.infos > 1) {
            self.send_joins(p, id);
        }
    }

    fn terminated(&mut self, _p: &mut Pipes, id: PipeId) {
        self.fq.terminated(id);
        self.dist.terminated(id);
    }

    fn read_activated(&mut self, _p: &mut Pipes, id: PipeId) {
        self.fq.activated(id);
    }

    fn send(&mut self, _p: &mut Pipes, _msg: &mut Msg, _o: &Options) -> Result<()> {
        Err(Error::NotSup)
    }

    fn recv_into(&mut self, p: &mut Pipes, _o: &Options, out: &mut Msg) -> Result<()> {
        if let Some(m) = self.prefetched.take() {
            *out = m;
            return Ok(());
        }
        self.fetch_into(p, out)
    }

    fn has_in(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        if self.prefetched.is_some() {
            return true;
        }
        let mut m = Msg::new();
        match self.fetch_into(p, &mut m) {
            Ok(()) => {
                self.prefetched = Some(m);
                true
            }
            Err(_) => false,
        }
    }

    fn has_out(&mut self, _p: &mut Pipes, _o: &Options) -> bool {
        true
    }

    fn join(&mut self, p: &mut Pipes, group: &[u8]) -> Result<()> {
        if group.len() > GROUP_MAX_LENGTH {
            return Err(Error::Inval);
        }
        if self.groups.contains(group) {
            return Err(Error::Inval);
        }
        let mut g = Vec::new();
        g.try_reserve_exact(group.len()).map_err(|_| Error::NoMem)?;
        g.extend_from_slice(group);
        self.groups.insert(g);
        self.send_all(p, msg::JOIN, group)
    }

    fn leave(&mut self, p: &mut Pipes, group: &[u8]) -> Result<()> {
        if group.len() > GROUP_MAX_LENGTH {
            return Err(Error::Inval);
        }
        if !self.groups.remove(group) {
            return Err(Error::Inval);
        }
        self.send_all(p, msg::LEAVE, group)
    }
}
