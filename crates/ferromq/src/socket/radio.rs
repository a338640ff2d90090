//! RADIO (draft, RFC 48): sends each message to the DISH peers that
//! joined its group (exact match), and to every udp:// endpoint. Never
//! receives. Multipart messages are refused (EINVAL); a peer at its
//! high-water mark misses the message unless ZMQ_XPUB_NODROP is set.
//!
//! A DISH's JOIN and LEAVE arrive through its pipe as messages flagged
//! [`msg::JOIN`] / [`msg::LEAVE`] carrying the group (the engine turns
//! the ZMTP JOIN/LEAVE commands into them); the set of groups is kept per
//! pipe and forgotten with the pipe (a reconnecting DISH joins again).

use std::collections::{HashMap, HashSet};

use super::Protocol;
use crate::error::{Error, Result};
use crate::msg::{self, Msg};
use crate::opt::*;
use crate::options::{int_of, Options};
use crate::pipe::set::{PipeId, Pipes};
use crate::pipe::Read;
use crate::routing::dist::Distributor;

pub(crate) struct Radio {
    dist: Distributor,
    /// Group -> the pipes that joined it.
    groups: HashMap<Vec<u8>, HashSet<PipeId>>,
    /// udp:// pipes: they take every message.
    udp: Vec<PipeId>,
    lossy: bool,
    targets: Vec<PipeId>,
}

impl Default for Radio {
    fn default() -> Radio {
        Radio {
            dist: Distributor::default(),
            groups: HashMap::new(),
            udp: Vec::new(),
            lossy: true,
            targets: Vec::new(),
        }
    }
}

/// Whether a pipe belongs to a udp:// endpoint.
pub(crate) fn is_udp_pipe(p: &Pipes, id: PipeId) -> bool {
    p.get(id).is_some_and(|s| s.endpoint.starts_with("udp://"))
}

impl Radio {
    fn read_joins(&mut self, p: &mut Pipes, id: PipeId) {
        loop {
            let m = match p.read(id) {
                Read::Msg(m) => m,
                Read::Empty | Read::Eof => return,
            };
            let f = m.flags();
            let group = m.group().to_bytes();
            if f & msg::JOIN != 0 {
                self.groups.entry(group.to_vec()).or_default().insert(id);
            } else if f & msg::LEAVE != 0 {
                if let Some(set) = self.groups.get_mut(group) {
                    set.remove(&id);
                    if set.is_empty() {
                        self.groups.remove(group);
                    }
                }
            }
            // Anything else a peer sends is dropped, as libzmq does.
        }
    }
}

impl Protocol for Radio {
    fn attach(&mut self, p: &mut Pipes, id: PipeId, _o: &Options) {
        self.dist.attach(id);
        if is_udp_pipe(p, id) {
            self.udp.push(id);
        } else {
            self.read_joins(p, id);
        }
    }

    fn terminated(&mut self, _p: &mut Pipes, id: PipeId) {
        self.groups.retain(|_, set| {
            set.remove(&id);
            !set.is_empty()
        });
        self.udp.retain(|&u| u != id);
        self.dist.terminated(id);
    }

    fn read_activated(&mut self, p: &mut Pipes, id: PipeId) {
        self.read_joins(p, id);
    }

    fn send(&mut self, p: &mut Pipes, msg: &mut Msg, _o: &Options) -> Result<()> {
        if msg.more() {
            return Err(Error::Inval);
        }
        self.targets.clear();
        if let Some(set) = self.groups.get(msg.group().to_bytes()) {
            // In attach order, as the distributor has them.
            self.targets
                .extend(self.dist.pipes().iter().filter(|id| set.contains(id)));
        }
        self.targets.extend(self.udp.iter().copied());
        if !self.lossy && !Distributor::all_writable(p, &self.targets) {
            return Err(Error::Again);
        }
        let targets = std::mem::take(&mut self.targets);
        self.dist.send(p, msg, &targets);
        // Sent, or dropped where no peer took it: either way consumed.
        msg.clear();
        self.targets = targets;
        Ok(())
    }

    fn recv(&mut self, _p: &mut Pipes, _o: &Options) -> Result<Msg> {
        Err(Error::NotSup)
    }

    fn has_out(&mut self, _p: &mut Pipes, _o: &Options) -> bool {
        true
    }

    fn set_option(
        &mut self,
        opt: i32,
        val: Option<&[u8]>,
        _p: &mut Pipes,
        _o: &Options,
    ) -> Option<Result<()>> {
        match opt {
            ZMQ_XPUB_NODROP => Some(match val.filter(|v| v.len() == 4).and_then(int_of) {
                Some(i) if i >= 0 => {
                    self.lossy = i == 0;
                    Ok(())
                }
                _ => Err(Error::Inval),
            }),
            _ => None,
        }
    }
}
