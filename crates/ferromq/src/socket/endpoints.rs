//! A socket's endpoints: bind and connect (tcp, ipc, inproc), unbind and
//! disconnect.

use std::os::fd::AsRawFd;
use std::sync::Arc;

use ferromq_zmtp::SocketType;

use super::{EndpointEntry, EpKind, Socket};
use crate::command::{Attach, Command};
use crate::endpoint::{self, Endpoint};
use crate::error::{Error, Result};
use crate::ids::next_id;
use crate::inproc::{Inproc, InprocBinding, PendingConnect};
use crate::io::listener::Listener;
use crate::io::session::{Session, SocketLink, Target};
use crate::io::{Ack, IoCmd, IoThread};
use crate::monitor::Ep;
use crate::msg::{self, Msg};
use crate::opt::*;
use crate::pipe;
use crate::pipe::direct::DirectRead;
use crate::sys::net;

impl Socket {
    pub(super) fn link(&self) -> Arc<SocketLink> {
        Arc::new(SocketLink {
            socket_id: self.id,
            mailbox: self.mailbox.clone(),
            socket_type: self.ty,
            opts: self.opts.clone(),
            monitor: self.monitor.clone(),
            pipe_count: self.pipes.shared_count.clone(),
            inproc: Arc::downgrade(&self.ctx.inproc),
            disconnected: self.disconnected.clone(),
        })
    }

    /// Binds to an endpoint (bytes, as in C: ipc paths and inproc names
    /// need not be UTF-8).
    pub fn bind<E: AsRef<[u8]> + ?Sized>(&mut self, uri: &E) -> Result<()> {
        self.bind_text(&endpoint::text_of(uri.as_ref()))
    }

    /// Binds to an endpoint in its text form (see [`endpoint::text_of`]).
    pub(super) fn bind_text(&mut self, uri: &str) -> Result<()> {
        self.check_term()?;
        self.process_commands()?;
        match endpoint::parse(uri, self.ty)? {
            Endpoint::Inproc(name) => self.bind_inproc(uri, &name),
            Endpoint::Udp(addr) => self.bind_udp(uri, &addr),
            Endpoint::Tcp(addr) => {
                let io = self.ctx.choose_io()?;
                if self.opts.use_fd != -1 {
                    return self.bind_adopted(io, uri, &addr, true);
                }
                let sa = match endpoint::resolve_tcp_bind(&addr, self.opts.ipv6) {
                    Ok(sa) => sa,
                    Err(e) => return Err(self.bind_failed(&addr, e)),
                };
                let fd = self.listen(&net::SockAddr::Inet(sa), &addr)?;
                let _ = net::tune_buffers(fd.as_raw_fd(), self.opts.sndbuf, self.opts.rcvbuf);
                let local = match net::local_addr(fd.as_raw_fd()).map_err(Error::from)? {
                    net::SockAddr::Inet(a) => a,
                    _ => return Err(Error::Inval),
                };
                let resolved = endpoint::tcp_uri(&local);
                self.add_listener(io, uri, resolved, fd, true, None);
                Ok(())
            }
            Endpoint::Ws(addr) => self.bind_ws(uri, &addr, false),
            Endpoint::Wss(addr) => self.bind_ws(uri, &addr, true),
            Endpoint::Ipc(path) => {
                let io = self.ctx.choose_io()?;
                if self.opts.use_fd != -1 {
                    // The address must be valid, but is not used.
                    endpoint::ipc_addr(&path)?;
                    return self.bind_adopted(io, uri, &path, false);
                }
                let (path, wildcard) = if path == "*" {
                    let base = std::env::var("TMPDIR")
                        .or_else(|_| std::env::var("TEMPDIR"))
                        .or_else(|_| std::env::var("TMP"))
                        .unwrap_or_else(|_| "/tmp".to_string());
                    let dir = net::mkdtemp(&format!("{base}/tmpXXXXXX")).map_err(Error::from)?;
                    let p = format!("{dir}/socket");
                    (p.clone(), Some((p.into_bytes(), dir)))
                } else {
                    (path, None)
                };
                let addr = endpoint::ipc_addr(&path)?;
                if let net::SockAddr::UnixPath(p) = &addr {
                    // A second binder takes over the path, as in libzmq.
                    let _ = net::unlink(p);
                }
                let fd = self.listen(&addr, &path)?;
                let resolved = format!("ipc://{path}");
                self.add_listener(io, uri, resolved, fd, false, wildcard);
                Ok(())
            }
        }
    }

    /// ZMQ_USE_FD: listens on the application's descriptor instead of a
    /// new one (see io::listener::adopt).
    fn bind_adopted(
        &mut self,
        io: Arc<IoThread>,
        uri: &str,
        address: &str,
        is_tcp: bool,
    ) -> Result<()> {
        let (fd, resolved) = match crate::io::listener::adopt(self.opts.use_fd, is_tcp) {
            Ok(r) => r,
            Err(e) => return Err(self.bind_failed(address, e)),
        };
        self.add_listener(io, uri, resolved, fd, is_tcp, None);
        Ok(())
    }

    /// Reports a failed bind as libzmq does (BIND_FAILED, endpoint without
    /// the scheme) and returns the error.
    pub(super) fn bind_failed(&self, address: &str, e: Error) -> Error {
        self.monitor
            .event(ZMQ_EVENT_BIND_FAILED, e.errno() as u32, Ep::bind(address));
        e
    }

    /// Creates, binds and listens; on failure after the socket exists,
    /// reports CLOSED for it first, as libzmq's listener does.
    pub(super) fn listen(
        &self,
        addr: &net::SockAddr,
        address: &str,
    ) -> Result<std::os::fd::OwnedFd> {
        let fd = match net::stream_socket(addr) {
            Ok(fd) => fd,
            Err(e) => return Err(self.bind_failed(address, e.into())),
        };
        if matches!(addr, net::SockAddr::Inet(_)) && !self.opts.bindtodevice.is_empty() {
            // As libzmq: set when the socket is opened, closed without a
            // CLOSED event if refused (ENODEV for no such interface).
            if let Err(e) = net::bind_to_device(fd.as_raw_fd(), &self.opts.bindtodevice) {
                return Err(self.bind_failed(address, e.into()));
            }
        }
        match net::bind_listen(&fd, addr, self.opts.backlog, self.opts.ipv6) {
            Ok(()) => Ok(fd),
            Err(e) => {
                self.monitor
                    .event(ZMQ_EVENT_CLOSED, fd.as_raw_fd() as u32, Ep::bind(""));
                drop(fd);
                Err(self.bind_failed(address, e.into()))
            }
        }
    }

    pub(super) fn add_listener(
        &mut self,
        io: Arc<IoThread>,
        uri: &str,
        resolved: String,
        fd: std::os::fd::OwnedFd,
        is_tcp: bool,
        wildcard: Option<(Vec<u8>, String)>,
    ) {
        self.add_listener_with(io, uri, resolved, fd, is_tcp, wildcard, None);
    }

    /// `add_listener`; with `ws_path`, a ws:// listener bound with that path.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn add_listener_with(
        &mut self,
        io: Arc<IoThread>,
        uri: &str,
        resolved: String,
        fd: std::os::fd::OwnedFd,
        is_tcp: bool,
        wildcard: Option<(Vec<u8>, String)>,
        ws_path: Option<(String, Option<Arc<rustls::ServerConfig>>)>,
    ) {
        let id = next_id();
        self.monitor.event(
            ZMQ_EVENT_LISTENING,
            fd.as_raw_fd() as u32,
            Ep::bind(&resolved),
        );
        let mut l = Listener::new(id, self.link(), fd, resolved.clone(), is_tcp, wildcard);
        if let Some((path, tls)) = ws_path {
            l.set_ws(path, tls);
        }
        io.mailbox.send(IoCmd::AddListener(Box::new(l)));
        self.last_endpoint = resolved.clone();
        self.endpoints.push(EndpointEntry {
            uri: uri.to_string(),
            resolved,
            kind: EpKind::Listener { io, id },
        });
    }

    pub(super) fn bind_inproc(&mut self, uri: &str, name: &str) -> Result<()> {
        let pending = {
            let mut reg = self.ctx.inproc.lock();
            if reg.bound.contains_key(name) {
                return Err(Error::AddrInUse);
            }
            reg.bound.insert(
                name.to_string(),
                InprocBinding {
                    socket_id: self.id,
                    mailbox: self.mailbox.clone(),
                    sndhwm: self.opts.sndhwm,
                    rcvhwm: self.opts.rcvhwm,
                    routing_id: self.opts.routing_id.clone(),
                    hello: self.opts.hello().map(<[u8]>::to_vec),
                    disconnect: self.opts.disconnect().map(<[u8]>::to_vec),
                },
            );
            reg.pending.remove(name).unwrap_or_default()
        };
        for mut pc in pending {
            // Now both sides' limits are known.
            let out = inproc_hwm(self.opts.sndhwm, pc.rcvhwm);
            let inn = inproc_hwm(pc.sndhwm, self.opts.rcvhwm);
            pc.end.set_boosts(pc.rcvhwm, self.opts.rcvhwm);
            pc.end.set_hwms(out, inn);
            let me: Arc<dyn pipe::Wake> = self.mailbox.clone();
            pc.end.set_wake_target(me);
            let mut info = Msg::from_slice(&self.opts.routing_id);
            info.set_flag(msg::PEER_INFO);
            pc.end.write(info);
            if let Some(h) = self.opts.hello() {
                pc.end.write(Msg::from_slice(h));
            }
            if let Some(d) = self.opts.disconnect() {
                pc.end.set_peer_farewell(Msg::from_slice(d));
            }
            pc.end.flush();
            self.attach(Attach {
                end: pc.end,
                endpoint: pc.endpoint,
                direct: None,
                seq: next_id(),
            });
        }
        self.last_endpoint = uri.to_string();
        self.endpoints.push(EndpointEntry {
            uri: uri.to_string(),
            resolved: uri.to_string(),
            kind: EpKind::InprocBound(name.to_string()),
        });
        Ok(())
    }

    /// Connects to an endpoint (asynchronously for tcp and ipc; bytes, as
    /// for [`Socket::bind`]).
    pub fn connect<E: AsRef<[u8]> + ?Sized>(&mut self, uri: &E) -> Result<()> {
        self.connect_text(&endpoint::text_of(uri.as_ref()))
    }

    pub(super) fn connect_text(&mut self, uri: &str) -> Result<()> {
        self.check_term()?;
        self.process_commands()?;
        let ep = endpoint::parse(uri, self.ty)?;
        // libzmq ignores a repeated connect to the same endpoint for these
        // types rather than opening a second connection.
        if matches!(
            self.ty,
            SocketType::Dealer | SocketType::Sub | SocketType::Pub | SocketType::Req
        ) && self.endpoints.iter().any(|e| {
            e.uri == uri && !matches!(e.kind, EpKind::Listener { .. } | EpKind::InprocBound(_))
        }) {
            return Ok(());
        }
        match ep {
            Endpoint::Inproc(name) => self.connect_inproc(uri, &name),
            Endpoint::Udp(addr) => self.connect_udp(uri, &addr),
            Endpoint::Tcp(addr) => {
                let target = Target::Tcp(endpoint::parse_tcp_connect(&addr)?);
                self.connect_session(uri, target)
            }
            Endpoint::Ws(addr) => self.connect_ws(uri, &addr, false),
            Endpoint::Wss(addr) => self.connect_ws(uri, &addr, true),
            Endpoint::Ipc(path) => {
                if path == "*" {
                    return Err(Error::Inval);
                }
                let target = Target::Ipc(endpoint::ipc_addr(&path)?);
                self.connect_session(uri, target)
            }
        }
    }

    pub(super) fn connect_session(&mut self, uri: &str, target: Target) -> Result<()> {
        self.connect_session_with(uri, target, None)
    }

    /// `connect_session`; with `ws`, the connection is a ws:// one.
    pub(super) fn connect_session_with(
        &mut self,
        uri: &str,
        target: Target,
        ws: Option<crate::io::ws::WsRole>,
    ) -> Result<()> {
        let io = self.ctx.choose_io()?;
        let id = next_id();
        let pipe_hwm = (!self.opts.immediate).then(|| {
            (
                hwm(self.opts.sndhwm),
                hwm(self.opts.rcvhwm),
                self.opts.effective_conflate(),
            )
        });
        let (cell, sock_end) = Session::connect(
            id,
            self.link(),
            uri.to_string(),
            target,
            io.mailbox.clone(),
            pipe_hwm,
        );
        if let Some(end) = sock_end {
            let rid = self.proto.take_connect_rid();
            self.attach_with(
                Attach {
                    end,
                    endpoint: uri.to_string(),
                    direct: Some(cell.clone() as Arc<dyn DirectRead>),
                    seq: next_id(),
                },
                rid,
            );
        }
        if let Some(role) = ws {
            cell.lock().set_ws(role);
        }
        io.mailbox.send(IoCmd::AddSession(cell));
        self.last_endpoint = uri.to_string();
        self.endpoints.push(EndpointEntry {
            uri: uri.to_string(),
            resolved: uri.to_string(),
            kind: EpKind::Session { io, id },
        });
        Ok(())
    }

    pub(super) fn connect_inproc(&mut self, uri: &str, name: &str) -> Result<()> {
        let mut reg = self.ctx.inproc.lock();
        let wake_me: Arc<dyn pipe::Wake> = self.mailbox.clone();
        let my_info = {
            let mut m = Msg::from_slice(&self.opts.routing_id);
            m.set_flag(msg::PEER_INFO);
            m
        };
        let Inproc { bound, pending } = &mut *reg;
        match bound.get(name) {
            Some(b) => {
                let wake_peer: Arc<dyn pipe::Wake> = b.mailbox.clone();
                let (mut mine, mut theirs) = pipe::pipe(
                    inproc_hwm(self.opts.sndhwm, b.rcvhwm),
                    inproc_hwm(b.sndhwm, self.opts.rcvhwm),
                    wake_me,
                    Some(wake_peer),
                    self.opts.effective_conflate(),
                );
                // Each direction's limit is the sender's SNDHWM plus the
                // receiver's RCVHWM as of now (libzmq's boosts).
                mine.set_boosts(b.rcvhwm, self.opts.rcvhwm);
                mine.write(my_info);
                if let Some(h) = self.opts.hello() {
                    mine.write(Msg::from_slice(h));
                }
                mine.flush();
                let mut peer_info = Msg::from_slice(&b.routing_id);
                peer_info.set_flag(msg::PEER_INFO);
                theirs.write(peer_info);
                if let Some(h) = &b.hello {
                    theirs.write(Msg::from_slice(h));
                }
                if let Some(d) = &b.disconnect {
                    theirs.set_peer_farewell(Msg::from_slice(d));
                }
                theirs.flush();
                let binder = b.mailbox.clone();
                let _ = b.socket_id;
                drop(reg);
                binder.send(Command::Attach(Box::new(Attach {
                    end: theirs,
                    endpoint: uri.to_string(),
                    direct: None,
                    seq: next_id(),
                })));
                let rid = self.proto.take_connect_rid();
                self.attach_with(
                    Attach {
                        end: mine,
                        endpoint: uri.to_string(),
                        direct: None,
                        seq: next_id(),
                    },
                    rid,
                );
            }
            None => {
                // Queue for the binder, whose wake target is set when it
                // binds (and attaches the pipe).
                let (mut mine, theirs) = pipe::pipe(
                    hwm(self.opts.sndhwm),
                    hwm(self.opts.rcvhwm),
                    wake_me,
                    None,
                    self.opts.effective_conflate(),
                );
                mine.write(my_info);
                if let Some(h) = self.opts.hello() {
                    mine.write(Msg::from_slice(h));
                }
                mine.flush();
                pending
                    .entry(name.to_string())
                    .or_default()
                    .push(PendingConnect {
                        end: theirs,
                        endpoint: uri.to_string(),
                        sndhwm: self.opts.sndhwm,
                        rcvhwm: self.opts.rcvhwm,
                    });
                drop(reg);
                let rid = self.proto.take_connect_rid();
                self.attach_with(
                    Attach {
                        end: mine,
                        endpoint: uri.to_string(),
                        direct: None,
                        seq: next_id(),
                    },
                    rid,
                );
            }
        }
        self.last_endpoint = uri.to_string();
        self.endpoints.push(EndpointEntry {
            uri: uri.to_string(),
            resolved: uri.to_string(),
            kind: EpKind::InprocConnected,
        });
        Ok(())
    }

    /// Removes a bound endpoint (`zmq_unbind`).
    pub fn unbind<E: AsRef<[u8]> + ?Sized>(&mut self, uri: &E) -> Result<()> {
        self.term_endpoint(&endpoint::text_of(uri.as_ref()))
    }

    /// Removes a connected endpoint (`zmq_disconnect`).
    pub fn disconnect<E: AsRef<[u8]> + ?Sized>(&mut self, uri: &E) -> Result<()> {
        self.term_endpoint(&endpoint::text_of(uri.as_ref()))
    }

    pub(super) fn term_endpoint(&mut self, uri: &str) -> Result<()> {
        self.check_term()?;
        self.process_commands()?;
        // A wildcard (a tcp port of * or 0, the ipc path *) names no bound
        // endpoint: only the resolved one does (ENOENT, as libzmq, whose
        // endpoints are keyed by the resolved address).
        let wildcard = uri.ends_with(":*") || uri.ends_with(":0") || uri == "ipc://*";
        let (gone, keep): (Vec<EndpointEntry>, Vec<EndpointEntry>) =
            std::mem::take(&mut self.endpoints)
                .into_iter()
                .partition(|e| e.resolved == uri || (e.uri == uri && !wildcard));
        self.endpoints = keep;
        if gone.is_empty() {
            return Err(Error::NoEnt);
        }
        if self.opts.reconnect_stop & ZMQ_RECONNECT_STOP_AFTER_DISCONNECT != 0 {
            self.disconnected
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
        for e in gone {
            match e.kind {
                EpKind::Listener { io, id } => {
                    let ack = Ack::new();
                    io.mailbox.send(IoCmd::Close {
                        id,
                        ack: Some(ack.clone()),
                    });
                    ack.wait(5000);
                }
                EpKind::Session { io, id } => {
                    self.terminate_pipes_of(&e.uri);
                    io.mailbox.send(IoCmd::Close { id, ack: None });
                }
                EpKind::InprocBound(name) => {
                    let mut reg = self.ctx.inproc.lock();
                    if reg.bound.get(&name).is_some_and(|b| b.socket_id == self.id) {
                        reg.bound.remove(&name);
                    }
                }
                EpKind::InprocConnected => self.terminate_pipes_of(&e.uri),
            }
        }
        self.reap();
        Ok(())
    }

    pub(super) fn terminate_pipes_of(&mut self, uri: &str) {
        for id in self.pipes.ids() {
            if self.pipes.get(id).is_some_and(|s| s.endpoint == uri) {
                self.pipes.terminate(id);
            }
        }
    }
}

fn hwm(v: i32) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// The limit of an inproc channel: the sender's SNDHWM plus the
/// receiver's RCVHWM, or none if either is unlimited (as in libzmq).
fn inproc_hwm(snd: i32, rcv: i32) -> u64 {
    if snd == 0 || rcv == 0 {
        0
    } else {
        hwm(snd) + hwm(rcv)
    }
}
