//! A bound tcp or ipc endpoint: accepts connections and starts a session
//! for each.
//!
//! Out of descriptors (EMFILE, ENFILE) or memory (ENOBUFS, ENOMEM), accept
//! fails while connections wait in the backlog: the listener reports
//! ZMQ_EVENT_ACCEPT_FAILED with the errno, as libzmq does, then stops
//! accepting and tries again after a back-off (`RETRY_MIN_MS` doubling up
//! to `RETRY_MAX_MS`), ignoring readiness meanwhile. Retrying at once
//! would spin: the backlog stays readable (libzmq, level-triggered, spins
//! on it). There is no event for "a descriptor was freed", so a peer waits
//! at most `RETRY_MAX_MS` after one is.

use std::os::fd::{AsRawFd, OwnedFd};
use std::sync::Arc;

use super::session::{Session, SocketLink};
use super::{Io, Object, Status};
use crate::monitor::Ep;
use crate::opt::*;
use crate::sys::{epoll, net};

/// First retry after accept ran out of a resource, in ms.
const RETRY_MIN_MS: u64 = 10;
/// The retry interval doubles up to this, in ms.
const RETRY_MAX_MS: u64 = 200;
/// The one timer kind of a listener.
const T_RETRY: u32 = 1;

/// Descriptors adopted with ZMQ_USE_FD by a live listener: a second bind
/// with the same descriptor (same or another socket) fails with
/// EADDRINUSE instead of two listeners owning, and closing, one
/// descriptor (libzmq adds it twice and aborts or double-closes).
static ADOPTED: parking_lot::Mutex<Vec<i32>> = parking_lot::Mutex::new(Vec::new());

/// ZMQ_USE_FD at bind: takes over the application's listening socket
/// `use_fd` (tcp or ipc) and returns it with its ZMQ_LAST_ENDPOINT, which,
/// as in libzmq, is where the descriptor is bound (the bind address is
/// not used).
pub(crate) fn adopt(use_fd: i32, tcp: bool) -> crate::error::Result<(OwnedFd, String)> {
    let mut adopted = ADOPTED.lock();
    if adopted.contains(&use_fd) {
        return Err(crate::error::Error::AddrInUse);
    }
    let resolved = match net::local_addr(use_fd)? {
        net::SockAddr::Inet(a) if tcp => crate::endpoint::tcp_uri(&a),
        net::SockAddr::UnixPath(p) if !tcp => {
            format!("ipc://{}", crate::endpoint::text_of(&p))
        }
        net::SockAddr::UnixAbstract(n) if !tcp => {
            format!("ipc://@{}", crate::endpoint::text_of(&n))
        }
        _ => return Err(crate::error::Error::Inval),
    };
    let fd = net::adopt_listener(use_fd, tcp)?;
    adopted.push(use_fd);
    Ok((fd, resolved))
}

/// Forgets an adopted descriptor once closed (any other is not listed).
fn release_adopted(fd: i32) {
    ADOPTED.lock().retain(|&a| a != fd);
}

pub(crate) struct Listener {
    id: u64,
    link: Arc<SocketLink>,
    fd: Option<OwnedFd>,
    /// The resolved endpoint (ZMQ_LAST_ENDPOINT form).
    endpoint: String,
    is_tcp: bool,
    /// For `ipc://*`: the generated socket path and its private directory.
    wildcard: Option<(Vec<u8>, String)>,
    /// ws://: accepted connections start with the WebSocket upgrade; the
    /// bound path (for the names of accepted connections).
    ws: Option<String>,
    /// wss://: the TLS configuration of accepted connections.
    tls: Option<Arc<rustls::ServerConfig>>,
    /// The current back-off after accept ran out of a resource (0: none).
    retry_ms: u64,
    /// A retry timer is set: readiness is ignored until it fires.
    waiting: bool,
}

impl Listener {
    pub(crate) fn new(
        id: u64,
        link: Arc<SocketLink>,
        fd: OwnedFd,
        endpoint: String,
        is_tcp: bool,
        wildcard: Option<(Vec<u8>, String)>,
    ) -> Listener {
        Listener {
            id,
            link,
            fd: Some(fd),
            endpoint,
            is_tcp,
            wildcard,
            ws: None,
            tls: None,
            retry_ms: 0,
            waiting: false,
        }
    }

    /// Makes the listener a ws:// one (before it starts).
    pub(crate) fn set_ws(&mut self, path: String, tls: Option<Arc<rustls::ServerConfig>>) {
        self.ws = Some(path);
        self.tls = tls;
    }

    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    pub(crate) fn owner(&self) -> u64 {
        self.link.socket_id
    }

    pub(crate) fn start(&mut self, io: &mut Io<'_>) -> Status {
        let Some(fd) = &self.fd else {
            return Status::Remove;
        };
        if io
            .epoll
            .add(fd.as_raw_fd(), self.id, epoll::READ | epoll::EDGE)
            .is_err()
        {
            return Status::Remove;
        }
        Status::Keep
    }

    pub(crate) fn on_event(&mut self, _flags: u32, io: &mut Io<'_>) -> Status {
        if self.waiting {
            // Backing off: the timer drains the backlog.
            return Status::Keep;
        }
        self.accept_all(io)
    }

    /// The back-off timer fired: try again.
    pub(crate) fn on_timer(&mut self, kind: u32, io: &mut Io<'_>) -> Status {
        if kind != T_RETRY || !self.waiting {
            return Status::Keep;
        }
        self.waiting = false;
        self.accept_all(io)
    }

    fn accept_all(&mut self, io: &mut Io<'_>) -> Status {
        let Some(lfd) = &self.fd else {
            return Status::Remove;
        };
        // Accept everything pending (edge-triggered), a bounded number per
        // round so a connection storm cannot starve established peers.
        for _ in 0..256 {
            match net::accept(lfd.as_raw_fd()) {
                Ok(fd) => {
                    self.retry_ms = 0;
                    let raw = fd.as_raw_fd();
                    if !self.accept_allowed(raw) {
                        continue;
                    }
                    // libzmq names an accepted tcp connection by its own
                    // local address (tcp://127.0.0.1:P for a 0.0.0.0 bind).
                    let endpoint = match net::local_addr(raw) {
                        Ok(net::SockAddr::Inet(a)) if self.is_tcp => match &self.ws {
                            Some(path) => crate::endpoint::ws_uri(&a, path, self.tls.is_some()),
                            None => crate::endpoint::tcp_uri(&a),
                        },
                        _ => self.endpoint.clone(),
                    };
                    let remote = if self.link.monitor.is_v2() {
                        crate::endpoint::uri_of(net::peer_addr(raw).ok())
                    } else {
                        String::new()
                    };
                    let ep = Ep {
                        ident: &endpoint,
                        local: &endpoint,
                        remote: &remote,
                    };
                    self.link.monitor.event(ZMQ_EVENT_ACCEPTED, raw as u32, ep);
                    let s =
                        Session::accepted(self.link.clone(), self.id, endpoint, fd, self.is_tcp);
                    if self.ws.is_some() {
                        s.lock().set_ws(crate::io::ws::WsRole::Server {
                            tls: self.tls.clone(),
                        });
                    }
                    io.spawn(Object::Session(s));
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return Status::Keep,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let errno = e.raw_os_error().unwrap_or(0);
                    self.link.monitor.event(
                        ZMQ_EVENT_ACCEPT_FAILED,
                        errno as u32,
                        Ep::bind(&self.endpoint),
                    );
                    if matches!(errno, libc::ECONNABORTED | libc::EPROTO | libc::EPERM) {
                        // That connection is gone (or refused by a
                        // firewall rule); the next may be fine.
                        continue;
                    }
                    // Out of descriptors or memory (or worse): back off
                    // rather than spin on a backlog that stays readable.
                    self.retry_ms = if self.retry_ms == 0 {
                        RETRY_MIN_MS
                    } else {
                        (self.retry_ms * 2).min(RETRY_MAX_MS)
                    };
                    self.waiting = true;
                    io.add_timer(self.id, self.retry_ms, T_RETRY);
                    return Status::Keep;
                }
            }
        }
        io.run_again(self.id);
        Status::Keep
    }

    /// Applies ZMQ_TCP_ACCEPT_FILTER and the IPC credential filters.
    fn accept_allowed(&self, fd: i32) -> bool {
        let o = &self.link.opts;
        if self.is_tcp {
            if o.tcp_accept_filters.is_empty() {
                return true;
            }
            let Ok(net::SockAddr::Inet(peer)) = net::peer_addr(fd) else {
                return false;
            };
            o.tcp_accept_filters.iter().any(|f| {
                crate::endpoint::parse_accept_filter(f, true)
                    .map(|(net_ip, bits)| ip_in(peer.ip(), net_ip, bits))
                    .unwrap_or(false)
            })
        } else {
            if o.ipc_filter_uid.is_empty()
                && o.ipc_filter_gid.is_empty()
                && o.ipc_filter_pid.is_empty()
            {
                return true;
            }
            let Ok((pid, uid, gid)) = net::peer_cred(fd) else {
                return false;
            };
            o.ipc_filter_uid.contains(&uid)
                || o.ipc_filter_gid.contains(&gid)
                || o.ipc_filter_pid.contains(&pid)
        }
    }

    pub(crate) fn close(&mut self, io: &mut Io<'_>) -> Status {
        if let Some(fd) = self.fd.take() {
            io.epoll.delete(fd.as_raw_fd());
            let raw = fd.as_raw_fd();
            drop(fd);
            release_adopted(raw);
            if let Some((path, dir)) = self.wildcard.take() {
                let _ = net::unlink(&path);
                net::rmdir(&dir);
            }
            self.link
                .monitor
                .event(ZMQ_EVENT_CLOSED, raw as u32, Ep::bind(&self.endpoint));
        }
        Status::Remove
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(fd) = self.fd.take() {
            let raw = fd.as_raw_fd();
            drop(fd);
            release_adopted(raw);
        }
    }
}

fn ip_in(ip: std::net::IpAddr, net_ip: std::net::IpAddr, bits: u8) -> bool {
    use std::net::IpAddr;
    let (a, b, max): (u128, u128, u32) = match (ip, net_ip) {
        (IpAddr::V4(a), IpAddr::V4(b)) => (u32::from(a).into(), u32::from(b).into(), 32),
        (IpAddr::V6(a), IpAddr::V6(b)) => (u128::from(a), u128::from(b), 128),
        (IpAddr::V6(a), IpAddr::V4(b)) => match a.to_ipv4_mapped() {
            Some(a4) => (u32::from(a4).into(), u32::from(b).into(), 32),
            None => return false,
        },
        (IpAddr::V4(a), IpAddr::V6(b)) => (u128::from(a.to_ipv6_mapped()), u128::from(b), 128),
    };
    let bits = u32::from(bits).min(max);
    if bits == 0 {
        return true;
    }
    let shift = max - bits;
    (a >> shift) == (b >> shift)
}
