//! Connecting: the connect side's attempts, the connection coming up
//! (accepted or connected), and reconnecting with back-off.

use std::os::fd::{AsRawFd, OwnedFd};

use super::{Session, State, Target, T_CONNECT, T_HANDSHAKE, T_RECONNECT};
use crate::command::Command;
use crate::endpoint;
use crate::io::engine::{Engine, EngineConfig};
use crate::io::security::Security;
use crate::io::socks::{self, SocksConn};
use crate::io::{Io, Status};
use crate::opt::*;
use crate::sys::{epoll, net};

impl Session {
    pub(super) fn start_connecting(&mut self, io: &mut Io<'_>) -> Status {
        self.gen = self.gen.wrapping_add(1);
        let proxy = socks::proxy_of(&self.link.opts).filter(|_| self.is_tcp);
        let resolved = match self.target.as_ref() {
            Some(Target::Tcp(_)) if proxy.is_some() => {
                // Through the proxy: connect to it, events name it.
                let p = proxy.as_deref().unwrap_or_default();
                self.endpoint = format!("tcp://{p}");
                endpoint::parse_tcp_connect(p)
                    .and_then(|c| endpoint::resolve_tcp_connect(&c, self.link.opts.ipv6))
            }
            Some(Target::Tcp(t)) => endpoint::resolve_tcp_connect(t, self.link.opts.ipv6),
            Some(Target::Ipc(a)) => Ok((a.clone(), None)),
            None => return Status::Remove,
        };
        let (addr, src) = match resolved {
            Ok(a) => a,
            Err(_) => return self.schedule_reconnect(io),
        };
        if let (net::SockAddr::Inet(a), None) = (&addr, &proxy) {
            self.resolved = Some(crate::endpoint::tcp_uri(a));
        }
        let link = self.link.clone();
        let device = self.is_tcp.then_some(link.opts.bindtodevice.as_slice());
        match net::connect(&addr, src.as_ref(), device) {
            Ok((fd, done)) => {
                if let Target::Tcp(_) = self
                    .target
                    .as_ref()
                    .map_or(&Target::Ipc(addr.clone()), |t| t)
                {
                    let _ = net::tune_buffers(
                        fd.as_raw_fd(),
                        self.link.opts.sndbuf,
                        self.link.opts.rcvbuf,
                    );
                }
                // Writability tells when the connect completes.
                let interest = epoll::READ | epoll::WRITE | epoll::EDGE;
                if io.epoll.add(fd.as_raw_fd(), self.id, interest).is_err() {
                    return self.schedule_reconnect(io);
                }
                self.interest = interest;
                if done {
                    if proxy.is_some() {
                        // CONNECT_TIMEOUT bounds the SOCKS exchange too.
                        let ct = self.link.opts.connect_timeout;
                        if ct > 0 {
                            self.timer(io, ct as u64, T_CONNECT);
                        }
                        return self.start_socks(fd, io);
                    }
                    self.connected_event(&fd);
                    self.connected(fd, io)
                } else {
                    self.link.monitor.event(
                        ZMQ_EVENT_CONNECT_DELAYED,
                        libc::EINPROGRESS as u32,
                        self.ep(),
                    );
                    self.state = State::Connecting(fd);
                    let ct = self.link.opts.connect_timeout;
                    if ct > 0 {
                        self.timer(io, ct as u64, T_CONNECT);
                    }
                    Status::Keep
                }
            }
            Err(e) => {
                if let Some(st) = self.refused(e.raw_os_error(), io) {
                    return st;
                }
                self.schedule_reconnect(io)
            }
        }
    }

    /// A connect failed with `errno`: ZMQ_RECONNECT_STOP decides whether
    /// to try again. Some(status) if not. As in libzmq: CONN_REFUSED ends
    /// a tcp endpoint refused by its peer (the socket forgets it, as
    /// after zmq_disconnect); AFTER_DISCONNECT leaves an ipc connect that
    /// is refused idle once the socket had a zmq_disconnect.
    pub(super) fn refused(&mut self, errno: Option<i32>, io: &mut Io<'_>) -> Option<Status> {
        if errno != Some(libc::ECONNREFUSED) || self.closing {
            return None;
        }
        let stop = self.link.opts.reconnect_stop;
        if self.is_tcp && stop & ZMQ_RECONNECT_STOP_CONN_REFUSED != 0 {
            self.link.mailbox.send(Command::EndpointGone(self.id));
            return Some(self.finish(io));
        }
        if !self.is_tcp
            && stop & ZMQ_RECONNECT_STOP_AFTER_DISCONNECT != 0
            && self
                .link
                .disconnected
                .load(std::sync::atomic::Ordering::Relaxed)
        {
            self.state = State::Idle;
            return Some(Status::Keep);
        }
        None
    }

    /// Connected to the SOCKS proxy: start the exchange.
    pub(super) fn start_socks(&mut self, fd: OwnedFd, io: &mut Io<'_>) -> Status {
        let Some(Target::Tcp(t)) = self.target.as_ref() else {
            return Status::Remove;
        };
        match SocksConn::start(fd, t, &self.link.opts) {
            Ok(c) => {
                self.state = State::Socks(Box::new(c));
                self.drive_socks(io)
            }
            Err((fd, _)) => self.socks_failed(fd, io),
        }
    }

    /// Moves the SOCKS exchange on; once the proxy reports success the
    /// connection is the target's.
    pub(super) fn drive_socks(&mut self, io: &mut Io<'_>) -> Status {
        let State::Socks(c) = &mut self.state else {
            return Status::Keep;
        };
        match c.advance() {
            Ok(false) => Status::Keep,
            Ok(true) => {
                let State::Socks(c) = std::mem::replace(&mut self.state, State::Idle) else {
                    return Status::Keep;
                };
                let fd = c.into_fd();
                self.connected_event(&fd);
                self.connected(fd, io)
            }
            Err(_) => {
                let State::Socks(c) = std::mem::replace(&mut self.state, State::Idle) else {
                    return Status::Keep;
                };
                self.socks_failed(c.into_fd(), io)
            }
        }
    }

    /// The proxy failed us: close, report, retry (as libzmq).
    fn socks_failed(&mut self, fd: OwnedFd, io: &mut Io<'_>) -> Status {
        io.epoll.delete(fd.as_raw_fd());
        self.link
            .monitor
            .event(ZMQ_EVENT_CLOSED, fd.as_raw_fd() as u32, self.ep());
        drop(fd);
        self.schedule_reconnect(io)
    }

    pub(super) fn connected_event(&mut self, fd: &OwnedFd) {
        self.note_addrs(fd.as_raw_fd());
        self.link
            .monitor
            .event(ZMQ_EVENT_CONNECTED, fd.as_raw_fd() as u32, self.ep());
    }

    pub(super) fn peer_address(&self, fd: &OwnedFd) -> String {
        if self.is_tcp {
            match net::peer_addr(fd.as_raw_fd()) {
                Ok(net::SockAddr::Inet(a)) => match a.ip() {
                    std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                        Some(v4) => v4.to_string(),
                        None => v6.to_string(),
                    },
                    ip => ip.to_string(),
                },
                _ => String::new(),
            }
        } else {
            match net::peer_cred(fd.as_raw_fd()) {
                Ok((pid, uid, gid)) => format!("localhost:{uid}:{gid}:{pid}"),
                Err(_) => String::new(),
            }
        }
    }

    /// A connection is up (accepted, or connect completed): start the
    /// engine and the handshake timer.
    pub(super) fn connected(&mut self, fd: OwnedFd, io: &mut Io<'_>) -> Status {
        let o = &self.link.opts;
        if self.is_tcp {
            let t = net::TcpTuning {
                sndbuf: o.sndbuf,
                rcvbuf: o.rcvbuf,
                keepalive: o.tcp_keepalive,
                keepalive_cnt: o.tcp_keepalive_cnt,
                keepalive_idle: o.tcp_keepalive_idle,
                keepalive_intvl: o.tcp_keepalive_intvl,
                maxrt: o.tcp_maxrt,
                tos: o.tos,
                priority: o.priority,
                busy_poll: o.busy_poll,
            };
            let _ = net::tune_tcp(fd.as_raw_fd(), &t);
        } else {
            let _ = net::tune_buffers(fd.as_raw_fd(), o.sndbuf, o.rcvbuf);
        }
        let cfg = EngineConfig {
            socket_type: self.link.socket_type,
            identity: o.routing_id.clone(),
            metadata: o.metadata.clone(),
            max_msg: o.max_msg_size(),
            raw: o.raw,
            security: Security::from_options(o),
            in_batch: o.in_batch_size,
            out_batch: o.out_batch_size,
            ws: self.ws.clone(),
        };
        let peer = self.peer_address(&fd);
        let mut engine = Box::new(Engine::new(fd, &cfg, peer));
        if let Err(e) = engine.flush() {
            self.state = State::Active(engine);
            return self.engine_failed(e, io);
        }
        self.state = State::Active(engine);
        self.gen = self.gen.wrapping_add(1);
        if self.link.opts.raw {
            if let Some(st) = self.ready(None, io) {
                return st;
            }
        } else {
            let hs = self.link.opts.handshake_ivl;
            if hs > 0 {
                self.timer(io, hs as u64, T_HANDSHAKE);
            }
        }
        // Data may already be waiting (edge-triggered: read it now).
        self.do_input(io)
    }

    pub(super) fn schedule_reconnect(&mut self, io: &mut Io<'_>) -> Status {
        let o = &self.link.opts;
        if self.closing && !self.pipe.as_mut().is_some_and(|p| p.has_pending_in()) {
            return self.finish(io);
        }
        if o.reconnect_ivl <= 0 {
            // libzmq gives up on the endpoint when reconnection is off.
            if self.closing {
                return self.finish(io);
            }
            self.state = State::Idle;
            return Status::Keep;
        }
        let ivl = if o.reconnect_ivl_max > 0 {
            let cand = if self.cur_ivl == -1 {
                o.reconnect_ivl
            } else if self.cur_ivl > i32::MAX / 2 {
                i32::MAX
            } else {
                self.cur_ivl * 2
            };
            self.cur_ivl = cand.min(o.reconnect_ivl_max.max(o.reconnect_ivl));
            self.cur_ivl
        } else {
            if self.cur_ivl == -1 {
                self.cur_ivl = o.reconnect_ivl;
            }
            let jitter = (crate::ids::random_u32() % o.reconnect_ivl as u32) as i32;
            self.cur_ivl.saturating_add(jitter)
        };
        self.link
            .monitor
            .event(ZMQ_EVENT_CONNECT_RETRIED, ivl as u32, self.ep());
        self.state = State::Waiting;
        self.gen = self.gen.wrapping_add(1);
        self.timer(io, ivl as u64, T_RECONNECT);
        Status::Keep
    }
}
