//! Socket monitoring (`zmq_socket_monitor`): events from the socket and its
//! I/O threads, sent as two-frame messages on an inproc PAIR socket the
//! monitored socket owns.
//!
//! Version 1 (`zmq_socket_monitor`): frame 1 is 6 bytes, the event (u16)
//! and its value (u32), host byte order; frame 2 is the endpoint.
//! Version 2 (`zmq_socket_monitor_versioned`): the event (u64), the number
//! of values N (u64), N values (u64 each), the local endpoint and the
//! remote endpoint; see [`Ep`] for what they hold. Events are sent without blocking: an
//! event nobody is there to read is dropped (libzmq would block the
//! connection's I/O thread instead) and counted
//! (`Socket::monitor_events_dropped`).
//!
//! Monitoring ends with `zmq_socket_monitor(s, NULL, 0)`, or once the
//! socket is closed and the last of its connections is gone (the
//! `Monitor` is dropped): events of connections still finishing their
//! handshake or lingering after the close are reported, as libzmq reports
//! them until its socket object is destroyed.

use std::sync::atomic::{AtomicU64, Ordering};

use parking_lot::Mutex;

use crate::error::Result;
use crate::msg::Msg;
use crate::opt::{ZMQ_DONTWAIT, ZMQ_EVENT_MONITOR_STOPPED, ZMQ_SNDMORE};

/// Where events go: the monitor's socket (implemented by the socket
/// layer, so this module depends on nothing above it).
pub(crate) trait EventSocket: Send {
    /// Sends one frame (`flags`: ZMQ_SNDMORE, ZMQ_DONTWAIT).
    fn send_frame(&mut self, msg: &mut Msg, flags: i32) -> Result<()>;
    /// Sets ZMQ_LINGER to 0: a stopped monitor never lingers.
    fn no_linger(&mut self);
}

/// The endpoints of an event, as libzmq's endpoint pair: `ident` is what
/// version 1 reports; version 2 reports `local` and `remote`. Before a
/// connection exists a connect-side event has local "" and the connect
/// endpoint as remote, a bind-side event the bound endpoint as local and
/// remote ""; events of a connection carry both of its addresses.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ep<'a> {
    pub(crate) ident: &'a str,
    pub(crate) local: &'a str,
    pub(crate) remote: &'a str,
}

impl<'a> Ep<'a> {
    /// A bind-side event without a connection (LISTENING, CLOSED, ...).
    pub(crate) fn bind(endpoint: &'a str) -> Ep<'a> {
        Ep {
            ident: endpoint,
            local: endpoint,
            remote: "",
        }
    }

    /// A connect-side event without a connection (CONNECT_DELAYED, ...).
    pub(crate) fn connect(endpoint: &'a str) -> Ep<'a> {
        Ep {
            ident: endpoint,
            local: "",
            remote: endpoint,
        }
    }
}

struct Sink {
    socket: Box<dyn EventSocket>,
    events: u64,
    version: i32,
}

/// A socket's monitor, shared with its sessions and listeners.
#[derive(Default)]
pub(crate) struct Monitor {
    sink: Mutex<Option<Sink>>,
    /// Events that could not be sent (nobody reading, queue full).
    dropped: AtomicU64,
    /// The events monitored (0 when not monitoring), readable without the
    /// lock.
    mask: AtomicU64,
    /// The event format version (2 or 1), while monitoring.
    version: AtomicU64,
}

impl Monitor {
    /// Reports an event with one value if it is monitored.
    pub(crate) fn event(&self, event: u32, value: u32, ep: Ep<'_>) {
        self.emit(u64::from(event), &[u64::from(value)], ep);
    }

    /// Whether `event` is monitored now.
    #[inline]
    pub(crate) fn wants(&self, event: u64) -> bool {
        self.mask.load(Ordering::Relaxed) & event != 0
    }

    /// Whether events are sent in the version 2 format (then the local and
    /// remote addresses of connections are worth working out).
    pub(crate) fn is_v2(&self) -> bool {
        self.mask.load(Ordering::Relaxed) != 0 && self.version.load(Ordering::Relaxed) == 2
    }

    /// Reports an event with its values (version 1 takes one) if it is
    /// monitored.
    pub(crate) fn emit(&self, event: u64, values: &[u64], ep: Ep<'_>) {
        if !self.wants(event) {
            return;
        }
        let mut g = self.sink.lock();
        if let Some(s) = g.as_mut() {
            if s.events & event != 0 && !send_event(s, event, values, ep) {
                self.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// How many events were dropped because the monitor socket could not
    /// take them.
    pub(crate) fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Starts monitoring `events` into `socket` in format `version`
    /// (replacing a previous monitor).
    pub(crate) fn start(&self, socket: Box<dyn EventSocket>, events: u64, version: i32) {
        let old = {
            let mut g = self.sink.lock();
            self.version.store(version as u64, Ordering::Relaxed);
            self.mask.store(events, Ordering::Relaxed);
            g.replace(Sink {
                socket,
                events,
                version,
            })
        };
        if let Some(mut old) = old {
            self.stopped(&mut old);
        }
    }

    /// Stops monitoring, reporting MONITOR_STOPPED if it was asked for.
    pub(crate) fn stop(&self) {
        let old = {
            let mut g = self.sink.lock();
            self.mask.store(0, Ordering::Relaxed);
            g.take()
        };
        if let Some(mut old) = old {
            self.stopped(&mut old);
        }
    }

    fn stopped(&self, s: &mut Sink) {
        let ev = u64::from(ZMQ_EVENT_MONITOR_STOPPED);
        if s.events & ev != 0 && !send_event(s, ev, &[0], Ep::bind("")) {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
        let dropped = self.dropped();
        if dropped > 0 && std::env::var_os("FERROMQ_LOG_MONITOR_DROPS").is_some() {
            // Opt-in: a C program has no accessor for the count.
            eprintln!("ferromq: socket monitor stopped; {dropped} events dropped");
        }
        // The monitor socket never lingers.
        s.socket.no_linger();
    }
}

impl Drop for Monitor {
    /// The socket is closed and its last connection gone.
    fn drop(&mut self) {
        self.stop();
    }
}

/// Sends one event; false if the monitor socket could not take it.
fn send_event(s: &mut Sink, event: u64, values: &[u64], ep: Ep<'_>) -> bool {
    let socket = s.socket.as_mut();
    if s.version == 1 {
        let mut head = [0u8; 6];
        head[..2].copy_from_slice(&(event as u16).to_ne_bytes());
        let value = values.first().copied().unwrap_or(0) as u32;
        head[2..].copy_from_slice(&value.to_ne_bytes());
        let mut m = Msg::from_slice(&head);
        if socket
            .send_frame(&mut m, ZMQ_SNDMORE | ZMQ_DONTWAIT)
            .is_err()
        {
            return false;
        }
        // The endpoint's own bytes (see `endpoint::text_of`).
        let mut e = Msg::from_slice(&crate::endpoint::bytes_of(ep.ident));
        // The first frame went, so the second has room (messages are whole).
        return socket.send_frame(&mut e, ZMQ_DONTWAIT).is_ok();
    }
    let mut m = Msg::from_slice(&event.to_ne_bytes());
    if socket
        .send_frame(&mut m, ZMQ_SNDMORE | ZMQ_DONTWAIT)
        .is_err()
    {
        return false;
    }
    // The first frame went, so the others have room (messages are whole).
    let mut ok = true;
    let mut n = Msg::from_slice(&(values.len() as u64).to_ne_bytes());
    ok &= socket
        .send_frame(&mut n, ZMQ_SNDMORE | ZMQ_DONTWAIT)
        .is_ok();
    for v in values {
        let mut m = Msg::from_slice(&v.to_ne_bytes());
        ok &= socket
            .send_frame(&mut m, ZMQ_SNDMORE | ZMQ_DONTWAIT)
            .is_ok();
    }
    let mut l = Msg::from_slice(&crate::endpoint::bytes_of(ep.local));
    ok &= socket
        .send_frame(&mut l, ZMQ_SNDMORE | ZMQ_DONTWAIT)
        .is_ok();
    let mut r = Msg::from_slice(&crate::endpoint::bytes_of(ep.remote));
    ok &= socket.send_frame(&mut r, ZMQ_DONTWAIT).is_ok();
    ok
}
