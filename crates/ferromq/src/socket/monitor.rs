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
        self.monitor_versioned_bytes(uri, u64::from(events as u32), 1, ZMQ_PAIR_TYPE)
    }

    /// `zmq_socket_monitor_versioned`: monitors `events` in format
    /// `version` (1 or 2) into a socket of type `ty` (PAIR, PUB or PUSH)
    /// bound to the inproc endpoint `uri` (None stops monitoring).
    /// Version 1 takes only the first 16 event bits (EINVAL otherwise).
    /// libzmq accepts any other version and then sends nothing; we refuse
    /// it (EINVAL).
    pub fn monitor_versioned_bytes(
        &mut self,
        uri: Option<&[u8]>,
        events: u64,
        version: i32,
        ty: i32,
    ) -> Result<()> {
        let uri = uri.map(endpoint::text_of);
        let uri = uri.as_deref();
        self.check_term()?;
        if version == 1 && events >> 16 != 0 {
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
        if version != 1 && version != 2 {
            return Err(Error::Inval);
        }
        let ty = match ty {
            0 => SocketType::Pair,
            1 => SocketType::Pub,
            8 => SocketType::Push,
            _ => return Err(Error::Inval),
        };
        let mut s = Socket::open(&self.ctx, ty)?;
        s.set_option(ZMQ_LINGER, Some(&0i32.to_ne_bytes()))?;
        s.bind_text(uri)?;
        self.monitor.start(Box::new(s), events, version);
        Ok(())
    }

    /// `zmq_socket_monitor_pipes_stats`: one ZMQ_EVENT_PIPES_STATS event
    /// per pipe with its queued messages (outbound, inbound) and the
    /// endpoints of its connection. EINVAL unless PIPES_STATS is
    /// monitored; EAGAIN without pipes. libzmq asks each pipe's peer and
    /// reports when the answers come back; we read both sides' counters
    /// and report at once.
    pub fn monitor_pipes_stats(&mut self) -> Result<()> {
        self.check_term()?;
        if !self.monitor.wants(ZMQ_EVENT_PIPES_STATS) {
            return Err(Error::Inval);
        }
        self.process_commands()?;
        let ids = self.pipes.ids();
        if ids.is_empty() {
            return Err(Error::Again);
        }
        for id in ids {
            let Some(slot) = self.pipes.get(id) else {
                continue;
            };
            let (out, inn) = slot.end.queued();
            match &slot.direct {
                Some(d) => {
                    let (local, remote) = d.endpoints();
                    let ep = crate::monitor::Ep {
                        ident: &remote,
                        local: &local,
                        remote: &remote,
                    };
                    self.monitor.emit(ZMQ_EVENT_PIPES_STATS, &[out, inn], ep);
                }
                // inproc: the endpoint as connected or bound.
                None => {
                    let ep = crate::monitor::Ep::connect(&slot.endpoint);
                    self.monitor.emit(ZMQ_EVENT_PIPES_STATS, &[out, inn], ep);
                }
            }
        }
        Ok(())
    }

    /// Messages dropped at a high-water mark so far (the ferromq option
    /// ZMQ_FERROMQ_HWM_DROPPED; see [`crate::opt::ZMQ_FERROMQ_HWM_DROPPED`]).
    pub fn hwm_dropped(&self) -> u64 {
        self.pipes.hwm_dropped
    }

    /// Reports drops since the last report (ZMQ_FERROMQ_EVENT_HWM_DROPPED:
    /// values [dropped since the last event, total]). Called after a
    /// send that dropped.
    #[cold]
    pub(super) fn report_hwm_drops(&mut self) {
        let total = self.pipes.hwm_dropped;
        let new = total - self.hwm_reported;
        self.hwm_reported = total;
        let ev = ZMQ_FERROMQ_EVENT_HWM_DROPPED;
        if self.monitor.wants(ev) {
            let ep = crate::monitor::Ep::bind("");
            self.monitor.emit(ev, &[new, total], ep);
        }
    }
}

/// ZMQ_PAIR, the type of a version 1 monitor socket.
const ZMQ_PAIR_TYPE: i32 = 0;

impl EventSocket for Socket {
    fn send_frame(&mut self, msg: &mut Msg, flags: i32) -> Result<()> {
        self.send(msg, flags)
    }

    fn no_linger(&mut self) {
        let _ = self.set_option(ZMQ_LINGER, Some(&0i32.to_ne_bytes()));
    }
}
