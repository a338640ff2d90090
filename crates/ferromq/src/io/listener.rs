//! A bound tcp or ipc endpoint: accepts connections and starts a session
//! for each.

use std::os::fd::{AsRawFd, OwnedFd};
use std::sync::Arc;

use super::session::{Session, SocketLink};
use super::{Io, Object, Status};
use crate::opt::*;
use crate::sys::{epoll, net};

pub(crate) struct Listener {
    id: u64,
    link: Arc<SocketLink>,
    fd: Option<OwnedFd>,
    /// The resolved endpoint (ZMQ_LAST_ENDPOINT form).
    endpoint: String,
    is_tcp: bool,
    /// For `ipc://*`: the generated socket path and its private directory.
    wildcard: Option<(Vec<u8>, String)>,
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
        }
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
        let Some(lfd) = &self.fd else {
            return Status::Remove;
        };
        // Accept everything pending (edge-triggered), a bounded number per
        // round so a connection storm cannot starve established peers.
        for _ in 0..256 {
            match net::accept(lfd.as_raw_fd()) {
                Ok(fd) => {
                    let raw = fd.as_raw_fd();
                    if !self.accept_allowed(raw) {
                        continue;
                    }
                    // libzmq names an accepted tcp connection by its own
                    // local address (tcp://127.0.0.1:P for a 0.0.0.0 bind).
                    let endpoint = match net::local_addr(raw) {
                        Ok(net::SockAddr::Inet(a)) if self.is_tcp => crate::endpoint::tcp_uri(&a),
                        _ => self.endpoint.clone(),
                    };
                    self.link
                        .monitor
                        .event(ZMQ_EVENT_ACCEPTED, raw as u32, &endpoint);
                    let s =
                        Session::accepted(self.link.clone(), self.id, endpoint, fd, self.is_tcp);
                    io.spawn(Object::Session(s));
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return Status::Keep,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let errno = e.raw_os_error().unwrap_or(0);
                    self.link
                        .monitor
                        .event(ZMQ_EVENT_ACCEPT_FAILED, errno as u32, &self.endpoint);
                    // Out of descriptors or similar: try again soon rather
                    // than spinning on a level that will not clear.
                    io.run_again(self.id);
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
            if let Some((path, dir)) = self.wildcard.take() {
                let _ = net::unlink(&path);
                net::rmdir(&dir);
            }
            self.link
                .monitor
                .event(ZMQ_EVENT_CLOSED, raw as u32, &self.endpoint);
        }
        Status::Remove
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
