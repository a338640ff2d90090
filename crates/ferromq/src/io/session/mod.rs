//! A session: one connection's lifecycle. On the connect side it connects,
//! reconnects with back-off and keeps the socket's pipe across
//! reconnections; on the bind side it serves one accepted connection. Once
//! the handshake completes it hands the peer's identity and metadata to the
//! socket through the pipe and lets the engine move frames.
//!
//! Interest. A connection is one descriptor, registered once, edge-
//! triggered, and its interest follows what the session needs (see
//! [`Session::wanted_interest`]): readability unless the socket's thread
//! is reading it, writability only while output waits for room (a write
//! came back short). Changes are made with `EPOLL_CTL_MOD`, which reports
//! readiness that is already there, so nothing is lost across a switch,
//! and an idle writable connection wakes nobody (a unix socket reports
//! writability each time its peer reads, a tcp socket when ACKs free
//! room). libzmq also asks for writability only while it has output.
//!
//! Direct I/O (the socket's thread reading or writing the connection
//! itself) is in [`direct`]; connecting and reconnecting in `connect`; the
//! ZAP exchange of a handshake in `zap`.

use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Weak};

use parking_lot::Mutex;

use ferromq_zmtp::{ProtocolError, SocketType};

mod connect;
mod direct;
mod heartbeat;
mod zap;

use super::engine::{Engine, EngineError, Progress};
use super::security::ZapClient;
use super::socks::{self, SocksConn};
use super::ws::WsRole;
use super::{Io, IoCmd, Status};
use crate::command::{Attach, Command};
use crate::endpoint::TcpConnect;
use crate::inproc::Registry;
use crate::mailbox::Mailbox;
use crate::monitor::{Ep, Monitor};
use crate::msg::{self, Metadata, Msg};
use crate::opt::*;
use crate::options::Options;
use crate::pipe::direct::DirectRead;
use crate::pipe::{self, PipeEnd, Read, WakeKind};
use crate::sys::{epoll, net};
pub(crate) use direct::SessionWake;

/// What a session needs from its socket, fixed at bind/connect time.
pub(crate) struct SocketLink {
    pub(crate) socket_id: u64,
    pub(crate) mailbox: Arc<Mailbox<Command>>,
    pub(crate) socket_type: SocketType,
    pub(crate) opts: Options,
    pub(crate) monitor: Arc<Monitor>,
    /// How many pipes the socket has.
    pub(crate) pipe_count: Arc<AtomicUsize>,
    /// The context's inproc endpoints, for the ZAP handler's.
    pub(crate) inproc: Weak<Registry>,
    /// The socket had a zmq_disconnect (ZMQ_RECONNECT_STOP_AFTER_DISCONNECT).
    pub(crate) disconnected: Arc<std::sync::atomic::AtomicBool>,
}

/// Where a connect-side session connects to.
pub(crate) enum Target {
    Tcp(TcpConnect),
    Ipc(net::SockAddr),
}

enum State {
    /// Not connected, no timer (just created, or given up).
    Idle,
    /// A non-blocking connect is in progress.
    Connecting(OwnedFd),
    /// Connected: handshaking or exchanging messages.
    Active(Box<Engine>),
    /// Waiting to reconnect.
    Waiting,
    /// Connected to the SOCKS proxy, talking to it (ZMQ_SOCKS_PROXY).
    Socks(Box<SocksConn>),
}

/// A session, shared by its I/O thread and (for the direct paths) the
/// thread using its socket.
pub(crate) type SessionCell = Mutex<Session>;

const T_RECONNECT: u32 = 1;
const T_HANDSHAKE: u32 = 2;
const T_LINGER: u32 = 3;
const T_CONNECT: u32 = 4;
/// (5 to 7: heartbeat.rs.)
const T_GRACE: u32 = 8;

/// A connection still in its handshake when its socket closes (ZMQ_LINGER
/// not 0) gets this long to finish it, so its HANDSHAKE_SUCCEEDED is
/// reported. libzmq's close is asynchronous and its handshakes usually win
/// that race; a stalled peer delays the end of the connection by this much
/// at most (libzmq cuts it as soon as the close reaches it).
const HANDSHAKE_GRACE_MS: u64 = 200;

pub(crate) struct Session {
    id: u64,
    link: Arc<SocketLink>,
    /// The endpoint the socket knows this session by (bind or connect uri).
    uri: String,
    /// The endpoint monitor events name: the uri, until a connection made
    /// to a host name is lost; reconnects then name the resolved address,
    /// as libzmq's fresh connecter does.
    endpoint: String,
    /// The address the last connect resolved to (tcp).
    resolved: Option<String>,
    listener: Option<u64>,
    target: Option<Target>,
    pipe: Option<PipeEnd>,
    state: State,
    closing: bool,
    /// The socket closed with a finite ZMQ_LINGER and its timer is set.
    /// (`closing` alone cannot tell: the socket letting go of the pipe
    /// may set it before the close command with the linger arrives.)
    linger_armed: bool,
    cur_ivl: i32,
    gen: u32,
    is_tcp: bool,
    accepted_fd: Option<OwnedFd>,
    /// Ourselves, for the wake target of a pipe made later (bind side).
    me: Weak<SessionCell>,
    /// The I/O thread's epoll and mailbox, known once started.
    epoll: Option<Arc<epoll::Epoll>>,
    io_mailbox: Option<Arc<Mailbox<IoCmd>>>,
    /// The interest the connection's descriptor is registered with
    /// (epoll flags; meaningful while connecting or connected).
    interest: u32,
    /// An error met by a direct operation, for the I/O thread to handle.
    direct_failed: Option<EngineError>,
    /// The socket's thread is reading the connection itself.
    app_reading: bool,
    /// The connection brought input since the last direct write.
    input_seen: bool,
    /// The ZAP request of the handshake in progress, waiting for its reply.
    zap: Option<ZapClient>,
    /// Heartbeats of the current connection (heartbeat.rs).
    hb: heartbeat::Heartbeat,
    /// Closing with the handshake under way: HANDSHAKE_GRACE_MS runs.
    /// `None` until closing starts.
    handshake_grace: Option<bool>,
    /// The local and remote addresses of the connection, for monitor v2
    /// events (worked out only while a v2 monitor runs).
    conn_local: String,
    conn_remote: String,
    /// ws://: this end of the WebSocket upgrade (io/ws.rs).
    ws: Option<WsRole>,
}

impl Session {
    /// A connect-side session. With `pipe_hwm` (None with ZMQ_IMMEDIATE)
    /// a pipe is made now: its socket end is returned for the socket to
    /// attach, so messages queue before the connection exists.
    pub(crate) fn connect(
        id: u64,
        link: Arc<SocketLink>,
        endpoint: String,
        target: Target,
        io: Arc<Mailbox<IoCmd>>,
        pipe_hwm: Option<(u64, u64, bool)>,
    ) -> (Arc<SessionCell>, Option<PipeEnd>) {
        let is_tcp = matches!(target, Target::Tcp(_));
        let mut sock_end = None;
        let cell = Arc::new_cyclic(|me: &Weak<SessionCell>| {
            let pipe = pipe_hwm.map(|(out, inn, conflate)| {
                let wake_socket: Arc<dyn pipe::Wake> = link.mailbox.clone();
                let wake_sess: Arc<dyn pipe::Wake> = SessionWake::new(me.clone(), io.clone());
                let (a, b) = pipe::pipe(out, inn, wake_socket, Some(wake_sess), conflate);
                sock_end = Some(a);
                b
            });
            let mut s = Session::base(id, link, endpoint, is_tcp, me);
            s.target = Some(target);
            s.pipe = pipe;
            Mutex::new(s)
        });
        (cell, sock_end)
    }

    /// A bind-side session for an accepted connection.
    pub(crate) fn accepted(
        link: Arc<SocketLink>,
        listener: u64,
        endpoint: String,
        fd: OwnedFd,
        is_tcp: bool,
    ) -> Arc<SessionCell> {
        Arc::new_cyclic(|me: &Weak<SessionCell>| {
            let mut s = Session::base(crate::ids::next_id(), link, endpoint, is_tcp, me);
            s.listener = Some(listener);
            s.accepted_fd = Some(fd);
            Mutex::new(s)
        })
    }

    fn base(
        id: u64,
        link: Arc<SocketLink>,
        endpoint: String,
        is_tcp: bool,
        me: &Weak<SessionCell>,
    ) -> Session {
        Session {
            id,
            link,
            uri: endpoint.clone(),
            endpoint,
            resolved: None,
            listener: None,
            target: None,
            pipe: None,
            state: State::Idle,
            closing: false,
            linger_armed: false,
            cur_ivl: -1,
            gen: 0,
            is_tcp,
            accepted_fd: None,
            me: me.clone(),
            epoll: None,
            io_mailbox: None,
            interest: 0,
            direct_failed: None,
            app_reading: false,
            input_seen: false,
            zap: None,
            hb: heartbeat::Heartbeat::default(),
            handshake_grace: None,
            conn_local: String::new(),
            conn_remote: String::new(),
            ws: None,
        }
    }

    /// The endpoints of this session's monitor events (see `Ep`).
    pub(super) fn ep(&self) -> Ep<'_> {
        if self.target.is_none() {
            let local = if self.conn_local.is_empty() {
                &self.endpoint
            } else {
                &self.conn_local
            };
            Ep {
                ident: &self.endpoint,
                local,
                remote: &self.conn_remote,
            }
        } else {
            Ep {
                ident: &self.endpoint,
                local: &self.conn_local,
                remote: &self.endpoint,
            }
        }
    }

    /// The endpoint pair of this session's pipe (pipe statistics), as
    /// libzmq sets it: a pipe made with its connection (bind side, or
    /// ZMQ_IMMEDIATE) has the connection's local and remote addresses; a
    /// pipe made at zmq_connect keeps ("", the endpoint connected to).
    pub(super) fn endpoint_pair(&self) -> (String, String) {
        let accepted = self.target.is_none();
        if accepted || self.link.opts.immediate {
            if let State::Active(engine) = &self.state {
                let fd = engine.raw_fd();
                let local = crate::endpoint::uri_of(net::local_addr(fd).ok());
                let remote = if accepted {
                    crate::endpoint::uri_of(net::peer_addr(fd).ok())
                } else {
                    self.endpoint.clone()
                };
                return (local, remote);
            }
        }
        (String::new(), self.uri.clone())
    }

    /// Notes the addresses of a new connection for monitor v2 events.
    pub(super) fn note_addrs(&mut self, fd: RawFd) {
        if self.link.monitor.is_v2() {
            self.conn_local = crate::endpoint::uri_of(net::local_addr(fd).ok());
            self.conn_remote = crate::endpoint::uri_of(net::peer_addr(fd).ok());
        }
    }

    /// Makes the connection a ws:// one (before it starts).
    pub(crate) fn set_ws(&mut self, role: WsRole) {
        self.ws = Some(role);
    }

    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    pub(crate) fn owner(&self) -> u64 {
        self.link.socket_id
    }

    pub(crate) fn listener(&self) -> Option<u64> {
        self.listener
    }

    fn timer(&mut self, io: &mut Io<'_>, ms: u64, kind: u32) {
        io.add_timer(self.id, ms, (self.gen << 4) | kind);
    }

    pub(crate) fn start(&mut self, io: &mut Io<'_>) -> Status {
        self.epoll = Some(io.epoll.clone());
        self.io_mailbox = Some(io.mailbox.clone());
        if let Some(p) = &self.pipe {
            p.set_token(self.id);
        }
        let st = if let Some(fd) = self.accepted_fd.take() {
            self.note_addrs(fd.as_raw_fd());
            // Writability is asked for once output waits for room.
            let interest = epoll::READ | epoll::EDGE;
            if io.epoll.add(fd.as_raw_fd(), self.id, interest).is_err() {
                return Status::Remove;
            }
            self.interest = interest;
            self.connected(fd, io)
        } else {
            self.start_connecting(io)
        };
        self.settle(st, io)
    }

    /// The interest the connection needs now: readability unless the
    /// socket's thread reads it (direct read), writability while output
    /// waits for room. None when there is no connection.
    fn wanted_interest(&self) -> Option<(RawFd, u32)> {
        let State::Active(engine) = &self.state else {
            return None;
        };
        let mut want = epoll::EDGE;
        if !self.app_reading {
            want |= epoll::READ;
        }
        if engine.wants_writable() {
            want |= epoll::WRITE;
        }
        Some((engine.raw_fd(), want))
    }

    /// Registers the interest the connection needs, if it changed. Called
    /// under the session's lock by whichever thread changed it.
    fn sync_interest(&mut self) -> Result<(), EngineError> {
        let Some((fd, want)) = self.wanted_interest() else {
            return Ok(());
        };
        if want == self.interest {
            return Ok(());
        }
        let Some(ep) = &self.epoll else {
            return Ok(());
        };
        ep.modify(fd, self.id, want)?;
        self.interest = want;
        Ok(())
    }

    /// The end of every I/O-thread entry point: brings the registration up
    /// to date; if that fails the connection is dropped.
    fn settle(&mut self, st: Status, io: &mut Io<'_>) -> Status {
        if st == Status::Remove {
            return st;
        }
        self.hb_settle(io);
        match self.sync_interest() {
            Ok(()) => st,
            Err(e) => self.engine_failed(e, io),
        }
    }

    pub(crate) fn on_event(&mut self, flags: u32, io: &mut Io<'_>) -> Status {
        let st = self.handle_event(flags, io);
        self.settle(st, io)
    }

    fn handle_event(&mut self, flags: u32, io: &mut Io<'_>) -> Status {
        if let Some(e) = self.direct_failed.take() {
            return self.engine_failed(e, io);
        }
        match &mut self.state {
            State::Connecting(fd) => {
                let mut errno = None;
                let failed = match net::take_error(fd.as_raw_fd()) {
                    Ok(None) => flags & (epoll::ERR | epoll::HUP) != 0 && flags & epoll::WRITE == 0,
                    Ok(Some(e)) => {
                        errno = e.raw_os_error();
                        true
                    }
                    Err(_) => true,
                };
                let State::Connecting(fd) = std::mem::replace(&mut self.state, State::Idle) else {
                    return Status::Keep;
                };
                if failed {
                    io.epoll.delete(fd.as_raw_fd());
                    self.link
                        .monitor
                        .event(ZMQ_EVENT_CLOSED, fd.as_raw_fd() as u32, self.ep());
                    drop(fd);
                    if let Some(st) = self.refused(errno, io) {
                        return st;
                    }
                    return self.schedule_reconnect(io);
                }
                if self.is_tcp && socks::proxy_of(&self.link.opts).is_some() {
                    return self.start_socks(fd, io);
                }
                self.connected_event(&fd);
                self.connected(fd, io)
            }
            State::Socks(_) => self.drive_socks(io),
            State::Active(engine) => {
                if flags & epoll::WRITE != 0 {
                    if let Err(e) = engine.on_writable(self.pipe.as_mut()) {
                        return self.engine_failed(e, io);
                    }
                    if self.closing && self.drained() {
                        return self.finish(io);
                    }
                }
                if flags & (epoll::READ | epoll::HUP | epoll::ERR) != 0 {
                    return self.do_input(io);
                }
                self.keep_or_finish(io)
            }
            _ => Status::Keep,
        }
    }

    pub(crate) fn on_again(&mut self, io: &mut Io<'_>) -> Status {
        let st = self.do_input(io);
        self.settle(st, io)
    }

    fn do_input(&mut self, io: &mut Io<'_>) -> Status {
        self.input_seen = true;
        loop {
            let State::Active(engine) = &mut self.state else {
                return Status::Keep;
            };
            match engine.input(self.pipe.as_mut()) {
                Ok(Progress::Idle) => return self.keep_or_finish(io),
                Ok(Progress::Again) => {
                    io.run_again(self.id);
                    return Status::Keep;
                }
                Ok(Progress::WsUpgraded) => {
                    self.link
                        .monitor
                        .event(ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, self.ep());
                }
                Ok(Progress::Handshaked(peer)) => {
                    if let Some(st) = self.ready(Some(&peer), io) {
                        return st;
                    }
                }
                Ok(Progress::Zap(req)) => {
                    if let Some(st) = self.start_zap(req, io) {
                        return st;
                    }
                }
                Err(e) => return self.engine_failed(e, io),
            }
        }
    }

    /// The connection is ready for messages: after the handshake, or at
    /// once for raw (STREAM) connections (`peer` None). Returns
    /// Some(status) if the session must stop processing.
    fn ready(
        &mut self,
        peer: Option<&ferromq_zmtp::handshake::Peer>,
        io: &mut Io<'_>,
    ) -> Option<Status> {
        self.gen = self.gen.wrapping_add(1); // cancels the handshake timer
        self.cur_ivl = -1;
        // libzmq reports no handshake for an old (ZMTP 1.0/2.0) peer.
        if peer.is_some_and(|p| p.legacy().is_none()) {
            if self.conn_local.is_empty() {
                // A v2 monitor started since the connection came up.
                if let State::Active(engine) = &self.state {
                    let fd = engine.raw_fd();
                    self.note_addrs(fd);
                }
            }
            self.link
                .monitor
                .event(ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, self.ep());
            if self.closing && self.pipe.is_none() {
                // The socket closed during the handshake: nothing to
                // attach to, nothing to send.
                return Some(self.finish(io));
            }
            self.hb_start(io);
        }
        let State::Active(engine) = &mut self.state else {
            return Some(Status::Keep);
        };
        let (meta, identity): (Option<Arc<Metadata>>, Vec<u8>) = match peer {
            Some(p) => (engine.metadata(p), p.identity.clone()),
            None => (Some(engine.raw_metadata()), Vec::new()),
        };
        let mut attach = None;
        if self.pipe.is_none() {
            let o = &self.link.opts;
            let wake_socket: Arc<dyn pipe::Wake> = self.link.mailbox.clone();
            let wake_io: Arc<dyn pipe::Wake> =
                SessionWake::new(self.me.clone(), io.mailbox.clone());
            let (sock_end, sess_end) = pipe::pipe(
                hwm(o.sndhwm),
                hwm(o.rcvhwm),
                wake_socket,
                Some(wake_io),
                o.effective_conflate(),
            );
            sess_end.set_token(self.id);
            self.pipe = Some(sess_end);
            attach = Some(sock_end);
        }
        let p = self.pipe.as_mut()?;
        let mut info = Msg::from_slice(&identity);
        info.set_flag(msg::PEER_INFO);
        info.set_metadata(meta);
        p.write(info);
        if self.link.opts.raw && self.link.opts.stream_notify {
            // STREAM tells the application a peer connected: [id, ""].
            p.write(Msg::new());
        }
        if self.link.opts.router_notify & ZMQ_NOTIFY_CONNECT != 0 {
            // ZMQ_ROUTER_NOTIFY: the ROUTER receives [id, ""].
            p.write(Msg::new());
        }
        p.flush();
        if let Some(end) = attach {
            self.link.mailbox.send(Command::Attach(Box::new(Attach {
                end,
                endpoint: self.uri.clone(),
                direct: self.me.upgrade().map(|c| c as Arc<dyn DirectRead>),
                seq: self.id,
            })));
        }
        if let Some(hello) = self.link.opts.hello().filter(|_| peer.is_some()) {
            // ZMQ_HELLO_MSG goes first on every new connection.
            let mut m = Msg::from_slice(hello);
            if let Err(e) = engine.send_first(&mut m) {
                return Some(self.engine_failed(e, io));
            }
        }
        if let Err(e) = engine.output(self.pipe.as_mut()) {
            return Some(self.engine_failed(e, io));
        }
        None
    }

    pub(crate) fn on_wake(&mut self, kind: WakeKind, io: &mut Io<'_>) -> Status {
        let st = self.handle_wake(kind, io);
        self.settle(st, io)
    }

    fn handle_wake(&mut self, kind: WakeKind, io: &mut Io<'_>) -> Status {
        if let Some(e) = self.direct_failed.take() {
            return self.engine_failed(e, io);
        }
        let closed_by_socket = self
            .pipe
            .as_ref()
            .is_some_and(|p| p.peer_closed() || p.peer_gone());
        if let State::Active(engine) = &mut self.state {
            let r = match kind {
                WakeKind::Read => engine.output(self.pipe.as_mut()),
                WakeKind::Write => match self.pipe.as_mut() {
                    Some(p) => match engine.unblock(p) {
                        Ok(Progress::Again) => {
                            io.run_again(self.id);
                            Ok(())
                        }
                        Ok(_) => Ok(()),
                        Err(e) => Err(e),
                    },
                    None => Ok(()),
                },
            };
            if let Err(e) = r {
                return self.engine_failed(e, io);
            }
        }
        if closed_by_socket {
            // The socket let go of this pipe (closed, disconnected or
            // refused the peer): send what it queued, then hang up.
            self.start_closing(io);
        }
        self.keep_or_finish(io)
    }

    /// Keeps the session, unless it is lingering and everything was sent.
    fn keep_or_finish(&mut self, io: &mut Io<'_>) -> Status {
        if self.closing && self.drained() {
            return self.finish(io);
        }
        Status::Keep
    }

    /// Whether nothing the socket queued remains to be sent.
    fn drained(&mut self) -> bool {
        let engine_empty = match &self.state {
            State::Active(e) => !e.handshaking() && !e.has_unsent(),
            _ => true,
        };
        let pipe_empty = match self.pipe.as_mut() {
            None => true,
            Some(p) => !p.has_pending_in(),
        };
        if let State::Active(e) = &self.state {
            if e.handshaking() {
                // Queued messages wait for the handshake (bounded by the
                // linger and handshake timers); otherwise the handshake
                // gets its grace (see HANDSHAKE_GRACE_MS).
                return self.handshake_grace != Some(true)
                    && !self.pipe.as_mut().is_some_and(|p| p.has_pending_in());
            }
        }
        engine_empty && pipe_empty
    }

    pub(crate) fn on_timer(&mut self, kind: u32, io: &mut Io<'_>) -> Status {
        let st = self.handle_timer(kind, io);
        self.settle(st, io)
    }

    fn handle_timer(&mut self, kind: u32, io: &mut Io<'_>) -> Status {
        let k = kind & 0xF;
        if k == T_GRACE {
            self.handshake_grace = Some(false);
            return self.keep_or_finish(io);
        }
        if k == T_LINGER {
            return if self.closing {
                self.finish(io)
            } else {
                Status::Keep
            };
        }
        if kind >> 4 != self.gen {
            return Status::Keep; // stale
        }
        match k {
            T_RECONNECT => {
                if matches!(self.state, State::Waiting) {
                    self.state = State::Idle;
                    return self.start_connecting(io);
                }
                Status::Keep
            }
            T_HANDSHAKE => {
                if matches!(&self.state, State::Active(e) if e.handshaking()) {
                    // libzmq reports the timeout as EAGAIN.
                    return self.engine_failed(EngineError::Io(libc::EAGAIN), io);
                }
                Status::Keep
            }
            heartbeat::T_HB_IVL | heartbeat::T_HB_TIMEOUT | heartbeat::T_HB_TTL => {
                self.hb_on_timer(k, io)
            }
            T_CONNECT => {
                // Also bounds the SOCKS exchange after the connect (libzmq
                // has no timeout there).
                let fd = match std::mem::replace(&mut self.state, State::Idle) {
                    State::Connecting(fd) => fd,
                    State::Socks(c) => c.into_fd(),
                    other => {
                        self.state = other;
                        return Status::Keep;
                    }
                };
                io.epoll.delete(fd.as_raw_fd());
                self.link
                    .monitor
                    .event(ZMQ_EVENT_CLOSED, fd.as_raw_fd() as u32, self.ep());
                self.schedule_reconnect(io)
            }
            _ => Status::Keep,
        }
    }

    fn engine_failed(&mut self, e: EngineError, io: &mut Io<'_>) -> Status {
        let State::Active(engine) = std::mem::replace(&mut self.state, State::Idle) else {
            return Status::Keep;
        };
        let fd = engine.raw_fd();
        if self.conn_local.is_empty() {
            // A v2 monitor started since the connection came up.
            self.note_addrs(fd);
        }
        io.epoll.delete(fd);
        self.release_direct();
        self.zap = None;
        // libzmq: a lost connection to an old peer (no mechanism) is
        // reported as a failed handshake too.
        let lost = !matches!(e, EngineError::Protocol(_));
        if engine.handshaking() || (engine.is_legacy() && lost) {
            self.handshake_failed_event(&e);
        }
        self.link
            .monitor
            .event(ZMQ_EVENT_DISCONNECTED, fd as u32, self.ep());
        if !accepted_side(self) {
            // Reconnect attempts have no local address yet.
            self.conn_local.clear();
        }
        if let Some(r) = &self.resolved {
            self.endpoint = r.clone();
        }
        let accepted = self.target.is_none();
        let handshaked = !engine.handshaking();
        // Remove half-done messages from the pipe, both ways.
        if let Some(p) = self.pipe.as_mut() {
            p.rollback();
            let o = &self.link.opts;
            if o.raw && o.stream_notify {
                // STREAM tells the application the peer left: [id, ""].
                p.write(Msg::new());
            }
            if handshaked {
                if o.router_notify & ZMQ_NOTIFY_DISCONNECT != 0 {
                    // ZMQ_ROUTER_NOTIFY: the ROUTER receives [id, ""].
                    p.write(Msg::new());
                }
                // ZMQ_DISCONNECT_MSG for a peer that connected to us,
                // ZMQ_HICCUP_MSG for a connection we made.
                let local = if accepted { o.disconnect() } else { o.hiccup() };
                if let Some(m) = local {
                    p.write(Msg::from_slice(m));
                }
            }
            p.flush();
            if engine.out_more() {
                while let Read::Msg(m) = p.read() {
                    if !m.more() {
                        break;
                    }
                }
            }
        }
        drop(engine);
        // A protocol error, or an ERROR from the peer, ends a connect-side
        // endpoint for good (libzmq's protocol_error); a lost connection
        // is retried, unless it was lost during the handshake and
        // ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED is set.
        let fatal = matches!(e, EngineError::Protocol(_))
            || (!handshaked
                && self.link.opts.reconnect_stop & ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED != 0);
        if accepted
            || fatal
            || self
                .pipe
                .as_ref()
                .is_some_and(|p| p.peer_closed() || p.peer_gone())
        {
            return self.finish(io);
        }
        if self.link.opts.reconnect_ivl <= 0 {
            // No reconnection: libzmq's session asks the socket to end the
            // endpoint, which drops its pipe (nothing queues into it any
            // more) and lets a new connect to the same endpoint work.
            self.link.mailbox.send(Command::EndpointGone(self.id));
            return self.finish(io);
        }
        if self.link.opts.immediate {
            // The pipe lives only while connected.
            self.pipe = None;
        }
        self.schedule_reconnect(io)
    }

    /// The monitor event of a failed handshake, as libzmq reports it.
    fn handshake_failed_event(&self, e: &EngineError) {
        let p = match e {
            EngineError::Protocol(p) => p,
            // Lost (or timed out) before the handshake ended.
            EngineError::Closed => {
                let value = libc::EPIPE as u32;
                let ev = ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL;
                self.link.monitor.event(ev, value, self.ep());
                return;
            }
            EngineError::Io(errno) => {
                let ev = ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL;
                self.link.monitor.event(ev, *errno as u32, self.ep());
                return;
            }
        };
        let ev = if let Some(status) = p.auth_status() {
            Some((ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, u32::from(status)))
        } else if matches!(p, ProtocolError::NoZapHandler) {
            Some((ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, libc::EFAULT as u32))
        } else {
            p.monitor_code()
                .map(|code| (ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, code))
        };
        if let Some((event, value)) = ev {
            self.link.monitor.event(event, value, self.ep());
        }
    }

    /// Whether the session is lingering after its socket closed.
    pub(crate) fn is_closing(&self) -> bool {
        self.closing
    }

    /// Socket closed (`Some(linger ms)`) or endpoint removed (`None`: at
    /// once).
    pub(crate) fn close(&mut self, linger: Option<i32>, io: &mut Io<'_>) -> Status {
        let st = self.handle_close(linger, io);
        self.settle(st, io)
    }

    fn handle_close(&mut self, linger: Option<i32>, io: &mut Io<'_>) -> Status {
        let Some(linger) = linger.filter(|&l| l != 0) else {
            return self.finish(io);
        };
        self.start_closing(io);
        if linger > 0 && !self.linger_armed {
            self.linger_armed = true;
            io.add_timer(self.id, linger as u64, T_LINGER);
        }
        if let State::Active(engine) = &mut self.state {
            if let Err(e) = engine.output(self.pipe.as_mut()) {
                return self.engine_failed(e, io);
            }
        }
        if self.drained() {
            return self.finish(io);
        }
        Status::Keep
    }

    /// The socket closed or let go of the pipe: from now on the session
    /// ends once everything queued is sent. A handshake under way gets
    /// HANDSHAKE_GRACE_MS to finish first.
    fn start_closing(&mut self, io: &mut Io<'_>) {
        self.closing = true;
        if self.handshake_grace.is_none() {
            let handshaking = matches!(&self.state, State::Active(e) if e.handshaking());
            self.handshake_grace = Some(handshaking);
            if handshaking {
                io.add_timer(self.id, HANDSHAKE_GRACE_MS, T_GRACE);
            }
        }
    }

    /// Tears everything down.
    fn finish(&mut self, io: &mut Io<'_>) -> Status {
        self.release_direct();
        self.zap = None;
        match std::mem::replace(&mut self.state, State::Idle) {
            // Closing a connection ourselves reports nothing (libzmq's
            // DISCONNECTED is for connections that are lost).
            State::Active(engine) => io.epoll.delete(engine.raw_fd()),
            State::Connecting(fd) => io.epoll.delete(fd.as_raw_fd()),
            State::Socks(c) => io.epoll.delete(c.raw_fd()),
            _ => {}
        }
        if let Some(mut p) = self.pipe.take() {
            p.terminate();
        }
        Status::Remove
    }
}

fn hwm(v: i32) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn accepted_side(s: &Session) -> bool {
    s.target.is_none()
}
