//! `zmq_socket_monitor`: a PAIR socket bound to an inproc endpoint that
//! receives the socket's events (see [`crate::monitor`]).

use ferromq_zmtp::SocketType;

use super::Socket;
use crate::endpoint::{self, Endpoint};
use crate::error::{Error, Result};
use crate::monitor::EventSocket;
use crate::msg::Msg;
use crate::opt::*;

impl Socket {
    /// Starts (or with `None`, stops) monitoring into a PAIR socket bound to
    /// the inproc endpoint `uri` (`zmq_socket_monitor`).
    pub fn monitor(&mut self, uri: Option<&str>, events: i32) -> Result<()> {
        self.monitor_bytes(uri.map(str::as_bytes), events)
    }

    /// How many monitor events were dropped because the monitor socket
    /// could not take them (nobody connected to it, or its reader fell
    /// behind by its high-water mark). libzmq blocks the connection's I/O
    /// thread instead; we never block, and count (Rust API only: libzmq's C
    /// API has no such call).
    pub fn monitor_events_dropped(&self) -> u64 {
        self.monitor.dropped()
    }

    /// Like [`Socket::monitor`], with the endpoint as bytes (as in C).
    pub fn monitor_bytes(&mut self, uri: Option<&[u8]>, events: i32) -> Result<()> {
        let uri = uri.map(endpoint::text_of);
        let uri = uri.as_deref();
        self.check_term()?;
        // Version 1 events fit in 16 bits.
        if (events as u32) >> 16 != 0 {
            return Err(Error::Inval);
        }
        let Some(uri) = uri else {
            self.monitor.stop();
            return Ok(());
        };
        match endpoint::parse(uri, SocketType::Pair)? {
            Endpoint::Inproc(_) => {}
            _ => return Err(Error::ProtoNoSupport),
        }
        let mut s = Socket::open(&self.ctx, SocketType::Pair)?;
        s.set_option(ZMQ_LINGER, Some(&0i32.to_ne_bytes()))?;
        s.bind_text(uri)?;
        self.monitor.start(Box::new(s), events as u32);
        Ok(())
    }
}

impl EventSocket for Socket {
    fn send_frame(&mut self, msg: &mut Msg, flags: i32) -> Result<()> {
        self.send(msg, flags)
    }

    fn no_linger(&mut self) {
        let _ = self.set_option(ZMQ_LINGER, Some(&0i32.to_ne_bytes()));
    }
}
