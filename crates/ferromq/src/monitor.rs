//! Socket monitoring (`zmq_socket_monitor`): events from the socket and its
//! I/O threads, sent as two-frame messages on an inproc PAIR socket the
//! monitored socket owns.
//!
//! Frame 1 is 6 bytes: the event (u16) and its value (u32), host byte
//! order; frame 2 is the endpoint. Events are sent without blocking: an
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

/// Where events go: the monitor's PAIR socket (implemented by the socket
/// layer, so this module depends on nothing above it).
pub(crate) trait EventSocket: Send {
    /// Sends one frame (`flags`: ZMQ_SNDMORE, ZMQ_DONTWAIT).
    fn send_frame(&mut self, msg: &mut Msg, flags: i32) -> Result<()>;
    /// Sets ZMQ_LINGER to 0: a stopped monitor never lingers.
    fn no_linger(&mut self);
}

struct Sink {
    socket: Box<dyn EventSocket>,
    events: u32,
}

/// A socket's monitor, shared with its sessions and listeners.
#[derive(Default)]
pub(crate) struct Monitor {
    sink: Mutex<Option<Sink>>,
    /// Events that could not be sent (nobody reading, queue full).
    dropped: AtomicU64,
}

impl Monitor {
    /// Reports an event if it is monitored.
    pub(crate) fn event(&self, event: u32, value: u32, endpoint: &str) {
        let mut g = self.sink.lock();
        if let Some(s) = g.as_mut() {
            if s.events & event != 0 && !send_event(s.socket.as_mut(), event, value, endpoint) {
                self.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// How many events were dropped because the monitor socket could not
    /// take them.
    pub(crate) fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Starts monitoring into `socket` (replacing a previous monitor).
    pub(crate) fn start(&self, socket: Box<dyn EventSocket>, events: u32) {
        let old = self.sink.lock().replace(Sink { socket, events });
        if let Some(mut old) = old {
            self.stopped(&mut old);
        }
    }

    /// Stops monitoring, reporting MONITOR_STOPPED if it was asked for.
    pub(crate) fn stop(&self) {
        let old = self.sink.lock().take();
        if let Some(mut old) = old {
            self.stopped(&mut old);
        }
    }

    fn stopped(&self, s: &mut Sink) {
        if s.events & ZMQ_EVENT_MONITOR_STOPPED != 0
            && !send_event(s.socket.as_mut(), ZMQ_EVENT_MONITOR_STOPPED, 0, "")
        {
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
fn send_event(socket: &mut dyn EventSocket, event: u32, value: u32, endpoint: &str) -> bool {
    let mut head = [0u8; 6];
    head[..2].copy_from_slice(&(event as u16).to_ne_bytes());
    head[2..].copy_from_slice(&value.to_ne_bytes());
    let mut m = Msg::from_slice(&head);
    if socket
        .send_frame(&mut m, ZMQ_SNDMORE | ZMQ_DONTWAIT)
        .is_err()
    {
        return false;
    }
    // The endpoint's own bytes (see `endpoint::text_of`).
    let mut e = Msg::from_slice(&crate::endpoint::bytes_of(endpoint));
    // The first frame went, so the second has room (messages are whole).
    socket.send_frame(&mut e, ZMQ_DONTWAIT).is_ok()
}
