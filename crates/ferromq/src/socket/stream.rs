//! STREAM: raw TCP to non-ZeroMQ peers. Each received chunk arrives as
//! [routing id, data]; a connection and a disconnection each arrive as
//! [routing id, ""] (ZMQ_STREAM_NOTIFY). Sending [id, data] writes the data
//! raw; sending [id, ""] closes that connection.

use std::collections::HashMap;

use super::Protocol;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::opt::{ZMQ_CONNECT_ROUTING_ID, ZMQ_ROUTING_ID};
use crate::options::Options;
use crate::pipe::set::{PipeId, Pipes};
use crate::routing::fq::FairQueue;

pub(crate) struct Stream {
    fq: FairQueue,
    out: HashMap<Vec<u8>, PipeId>,
    ids: HashMap<PipeId, Vec<u8>>,
    current_out: Option<PipeId>,
    more_out: bool,
    prefetch: Option<Msg>,
    next_id: u32,
    connect_rid: Option<Vec<u8>>,
    /// libzmq's STREAM overwrites ZMQ_ROUTING_ID with each new peer's id.
    last_rid: Option<Vec<u8>>,
}

impl Default for Stream {
    fn default() -> Stream {
        Stream {
            fq: FairQueue::default(),
            out: HashMap::new(),
            ids: HashMap::new(),
            current_out: None,
            more_out: false,
            prefetch: None,
            next_id: crate::ids::random_u32(),
            connect_rid: None,
            last_rid: None,
        }
    }
}

impl Protocol for Stream {
    fn attach(&mut self, p: &mut Pipes, id: PipeId, _o: &Options) {
        let assigned = p.get(id).and_then(|s| s.assigned_rid.clone());
        let rid = match assigned.filter(|r| !self.out.contains_key(r)) {
            Some(r) => r,
            None => loop {
                let mut v = vec![0u8];
                v.extend_from_slice(&self.next_id.to_be_bytes());
                self.next_id = self.next_id.wrapping_add(1);
                if !self.out.contains_key(&v) {
                    break v;
                }
            },
        };
        self.out.insert(rid.clone(), id);
        self.last_rid = Some(rid.clone());
        self.ids.insert(id, rid);
        self.fq.attach(id);
    }

    fn terminated(&mut self, _p: &mut Pipes, id: PipeId) {
        self.fq.terminated(id);
        if let Some(rid) = self.ids.remove(&id) {
            self.out.remove(&rid);
        }
        if self.current_out == Some(id) {
            self.current_out = None;
        }
    }

    fn read_activated(&mut self, _p: &mut Pipes, id: PipeId) {
        self.fq.activated(id);
    }

    fn take_connect_rid(&mut self) -> Option<Vec<u8>> {
        self.connect_rid.take()
    }

    fn send(&mut self, p: &mut Pipes, msg: &mut Msg, _o: &Options) -> Result<()> {
        if !self.more_out {
            if msg.more() {
                match self.out.get(msg.as_slice()).copied() {
                    Some(id) if p.check_write(id) => self.current_out = Some(id),
                    Some(_) => return Err(Error::Again),
                    None => return Err(Error::HostUnreach),
                }
            }
            self.more_out = true;
            msg.clear();
            return Ok(());
        }
        // The data frame: MORE is ignored.
        self.more_out = false;
        let mut m = std::mem::take(msg);
        m.set_more(false);
        if let Some(id) = self.current_out.take() {
            if m.is_empty() {
                // An empty frame closes the connection.
                p.terminate(id);
            } else {
                p.write(id, m);
                p.flush(id);
            }
        }
        Ok(())
    }

    fn recv(&mut self, p: &mut Pipes, _o: &Options) -> Result<Msg> {
        if let Some(m) = self.prefetch.take() {
            return Ok(m);
        }
        let (m, id) = self.fq.recv(p)?;
        let rid = self.ids.get(&id).cloned().unwrap_or_default();
        let mut idm = Msg::from_slice(&rid);
        idm.set_more(true);
        idm.set_metadata(m.metadata().cloned());
        self.prefetch = Some(m);
        Ok(idm)
    }

    fn has_in(&mut self, p: &mut Pipes, _o: &Options) -> bool {
        self.prefetch.is_some() || self.fq.has_in(p)
    }

    fn has_out(&mut self, _p: &mut Pipes, _o: &Options) -> bool {
        true
    }

    fn get_option(&self, opt: i32, out: &mut [u8]) -> Option<Result<usize>> {
        match (opt, &self.last_rid) {
            (ZMQ_ROUTING_ID, Some(rid)) => Some(crate::options::put_bytes(out, rid)),
            _ => None,
        }
    }

    fn set_option(
        &mut self,
        opt: i32,
        val: Option<&[u8]>,
        _p: &mut Pipes,
        _o: &Options,
    ) -> Option<Result<()>> {
        match opt {
            ZMQ_CONNECT_ROUTING_ID => Some(match val {
                Some(v) if !v.is_empty() && v.len() <= 255 => {
                    self.connect_rid = Some(v.to_vec());
                    Ok(())
                }
                _ => Err(Error::Inval),
            }),
            _ => None,
        }
    }
}
