//! `zmq_connect_peer`: a PEER connects and learns at once the routing id
//! of the new connection's pipe, usable for sends before the connection is
//! up (messages wait in the pipe). PEER's protocol is SERVER's (server.rs).

use ferromq_zmtp::SocketType;

use super::Socket;
use crate::endpoint;
use crate::error::{Error, Result};

impl Socket {
    /// Connects a PEER socket to `uri` and returns the routing id of the
    /// connection (`zmq_connect_peer`). ENOTSUP for other types, EFAULT
    /// with ZMQ_IMMEDIATE set (no pipe would exist yet), as libzmq.
    pub fn connect_peer<E: AsRef<[u8]> + ?Sized>(&mut self, uri: &E) -> Result<u32> {
        if self.ty != SocketType::Peer {
            return Err(Error::NotSup);
        }
        if self.opts.immediate {
            return Err(Error::Fault);
        }
        self.connect_text(&endpoint::text_of(uri.as_ref()))?;
        Ok(self.proto.last_routing_id())
    }
}
