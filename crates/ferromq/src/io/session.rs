//! A session: one connection's lifecycle. On the connect side it connects,
//! reconnects with back-off and keeps the socket's pipe across
//! reconnections; on the bind side it serves one accepted connection. Once
//! the handshake completes it hands the peer's identity and metadata to the
//! socket through the pipe and lets the engine move frames.
//!
//! Direct I/O. A session lives behind a mutex (`SessionCell`) so that the
//! thread using the socket can do two things itself instead of handing them
//! to the I/O thread and waiting for a wake-up across CPUs:
//! * write: when the socket commits a message and the session's end of the
//!   pipe was asleep (the connection idle), `SessionWake` takes the session
//!   with `try_lock` and writes the message out (at most once per
//!   `DIRECT_GAP_NS`; bursts are left to the I/O thread, which batches);
//! * read: a socket blocked on its only pipe, a tcp/ipc connection, takes
//!   the read side (`begin_direct_read` switches the I/O thread's read
//!   interest off), polls the connection with its mailbox, and reads what
//!   arrives (`direct_input`) before giving it back.
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
//! Errors met on the socket's thread are left in `direct_failed` for the
//! I/O thread, which alone tears connections down; when it does so while
//! the socket's thread polls the connection it pokes that thread awake.

use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Weak};

use ferromq_zmtp::mechanism::{ZapReply, ZapRequest};

use parking_lot::Mutex;

use ferromq_zmtp::{ProtocolError, SocketType};

mod heartbeat;

use super::engine::{Engine, EngineConfig, EngineError, Progress};
use super::security::{Security, ZapClient, ZAP_TOKEN};
use super::{Io, IoCmd, Status};
use crate::command::{Attach, Command};
use crate::ctx::CtxInner;
use crate::endpoint::{self, TcpConnect};
use crate::mailbox::Mailbox;
use crate::monitor::Monitor;
use crate::msg::{self, Metadata, Msg};
use crate::opt::*;
use crate::options::Options;
use crate::pipe::{self, PipeEnd, Read, WakeKind};
use crate::sys::{self, epoll, net};

/// What a session needs from its socket, fixed at bind/connect time.
pub(crate) struct SocketLink {
    pub(crate) socket_id: u64,
    pub(crate) mailbox: Arc<Mailbox<Command>>,
    pub(crate) socket_type: SocketType,
    pub(crate) opts: Options,
    pub(crate) monitor: Arc<Monitor>,
    /// How many pipes the socket has.
    pub(crate) pipe_count: Arc<AtomicUsize>,
    /// The context, for the ZAP handler's inproc endpoint.
    pub(crate) ctx: Weak<CtxInner>,
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
}

/// A session, shared by its I/O thread and (for the direct paths) the
/// thread using its socket.
pub(crate) type SessionCell = Mutex<Session>;

/// No two direct writes on one connection within this many nanoseconds:
/// a burst is left to the I/O thread, which batches it.
const DIRECT_GAP_NS: u64 = 5_000;

/// Within this long of the last direct write, another one is made only if
/// the connection brought input in between (request-reply). A stream of
/// sends with nothing coming back is a burst, however slow: on one CPU the
/// receiver runs between two sends, and writing each message alone would
/// cost a system call and a context switch per message.
const DIRECT_IDLE_NS: u64 = 200_000;

/// Wake target of a session's pipe end. When the socket commits a message
/// and the session's reader was asleep (the connection idle), the thread
/// that sent it writes it out itself, if it can take the session at once;
/// otherwise, and for every other wake-up, the I/O thread is woken.
pub(crate) struct SessionWake {
    cell: Weak<SessionCell>,
    io: Arc<Mailbox<IoCmd>>,
    last_direct: AtomicU64,
}

impl SessionWake {
    pub(crate) fn new(cell: Weak<SessionCell>, io: Arc<Mailbox<IoCmd>>) -> Arc<SessionWake> {
        Arc::new(SessionWake {
            cell,
            io,
            last_direct: AtomicU64::new(0),
        })
    }

    fn try_direct(&self) -> bool {
        let now = sys::now_ns();
        if now.saturating_sub(self.last_direct.load(Ordering::Relaxed)) < DIRECT_GAP_NS {
            return false;
        }
        let Some(cell) = self.cell.upgrade() else {
            return false;
        };
        let Some(mut s) = cell.try_lock() else {
            return false;
        };
        let idle = now.saturating_sub(self.last_direct.load(Ordering::Relaxed)) >= DIRECT_IDLE_NS;
        // Fan-out (a send wakes many sessions) is the I/O thread's work.
        if !(idle || s.input_seen) || s.link.pipe_count.load(Ordering::Relaxed) != 1 {
            return false;
        }
        s.input_seen = false;
        self.last_direct.store(now, Ordering::Relaxed);
        s.direct_output()
    }
}

impl pipe::Wake for SessionWake {
    fn wake(&self, token: u64, kind: WakeKind) {
        if kind == WakeKind::Read && self.try_direct() {
            return;
        }
        self.io.send(IoCmd::Wake(token, kind));
    }
}

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
            let mut s = Session::base(crate::ctx::next_id(), link, endpoint, is_tcp, me);
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
        }
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

    fn start_connecting(&mut self, io: &mut Io<'_>) -> Status {
        self.gen = self.gen.wrapping_add(1);
        let resolved = match self.target.as_ref() {
            Some(Target::Tcp(t)) => endpoint::resolve_tcp_connect(t, self.link.opts.ipv6),
            Some(Target::Ipc(a)) => Ok((a.clone(), None)),
            None => return Status::Remove,
        };
        let (addr, src) = match resolved {
            Ok(a) => a,
            Err(_) => return self.schedule_reconnect(io),
        };
        if let net::SockAddr::Inet(a) = &addr {
            self.resolved = Some(crate::endpoint::tcp_uri(a));
        }
        match net::connect(&addr, src.as_ref()) {
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
                    self.connected_event(&fd);
                    self.connected(fd, io)
                } else {
                    self.link.monitor.event(
                        ZMQ_EVENT_CONNECT_DELAYED,
                        libc::EINPROGRESS as u32,
                        &self.endpoint,
                    );
                    self.state = State::Connecting(fd);
                    let ct = self.link.opts.connect_timeout;
                    if ct > 0 {
                        self.timer(io, ct as u64, T_CONNECT);
                    }
                    Status::Keep
                }
            }
            Err(_) => self.schedule_reconnect(io),
        }
    }

    fn connected_event(&self, fd: &OwnedFd) {
        self.link
            .monitor
            .event(ZMQ_EVENT_CONNECTED, fd.as_raw_fd() as u32, &self.endpoint);
    }

    fn peer_address(&self, fd: &OwnedFd) -> String {
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
    fn connected(&mut self, fd: OwnedFd, io: &mut Io<'_>) -> Status {
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

    /// The connection is going away: a socket thread polling it is woken.
    fn release_direct(&mut self) {
        if std::mem::take(&mut self.app_reading) {
            // The socket's thread polls this connection: wake it.
            self.link.mailbox.send(Command::Poke);
        }
        self.direct_failed = None;
    }

    /// Writes what the socket queued, on the socket's own thread (see
    /// SessionWake). False if the I/O thread must take over.
    fn direct_output(&mut self) -> bool {
        if self.closing || self.direct_failed.is_some() {
            return false;
        }
        let State::Active(engine) = &mut self.state else {
            return false;
        };
        if engine.handshaking() {
            return false;
        }
        if let Err(e) = engine
            .output(self.pipe.as_mut())
            .and_then(|()| self.sync_interest())
        {
            self.direct_failed = Some(e);
            return false;
        }
        // A pipe the socket let go of is for the I/O thread to close.
        !self
            .pipe
            .as_ref()
            .is_some_and(|p| p.peer_closed() || p.peer_gone())
    }

    /// Hands reading the connection to the socket's thread, which is about
    /// to block for input: the I/O thread stops watching for it. Returns
    /// the descriptor to poll, or None if the socket must wait as usual.
    pub(crate) fn begin_direct_read(&mut self) -> Option<RawFd> {
        if self.closing || self.direct_failed.is_some() || self.app_reading {
            return None;
        }
        let State::Active(engine) = &self.state else {
            return None;
        };
        if engine.handshaking() || engine.in_blocked() {
            return None;
        }
        let fd = engine.raw_fd();
        self.app_reading = true;
        if self.sync_interest().is_err() {
            // Registration unchanged: the I/O thread keeps reading.
            self.app_reading = false;
            return None;
        }
        Some(fd)
    }

    /// Reads the connection on the socket's thread (after begin_direct_read
    /// and a poll that saw it readable).
    pub(crate) fn direct_input(&mut self) {
        if !self.app_reading || self.direct_failed.is_some() {
            return;
        }
        let State::Active(engine) = &mut self.state else {
            return;
        };
        self.input_seen = true;
        // Progress::Again needs nothing: end_direct_read re-arms the read
        // interest, and epoll reports what is still unread.
        let r = engine.input(self.pipe.as_mut());
        let ttl = engine.has_peer_ttl();
        if let Err(e) = r.map(drop).and_then(|()| self.sync_interest()) {
            self.direct_failed = Some(e);
            if let Some(m) = &self.io_mailbox {
                m.send(IoCmd::Wake(self.id, WakeKind::Read));
            }
        } else if ttl {
            // A PING's TTL is armed by the I/O thread (its timers).
            if let Some(m) = &self.io_mailbox {
                m.send(IoCmd::Wake(self.id, WakeKind::Read));
            }
        }
    }

    /// Gives reading back to the I/O thread.
    pub(crate) fn end_direct_read(&mut self) {
        if !std::mem::take(&mut self.app_reading) {
            return;
        }
        // Re-arming read interest reports input already waiting.
        if let Err(e) = self.sync_interest() {
            if let Some(m) = &self.io_mailbox {
                self.direct_failed = Some(e);
                m.send(IoCmd::Wake(self.id, WakeKind::Read));
            }
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
                let failed = match net::take_error(fd.as_raw_fd()) {
                    Ok(None) => flags & (epoll::ERR | epoll::HUP) != 0 && flags & epoll::WRITE == 0,
                    _ => true,
                };
                let State::Connecting(fd) = std::mem::replace(&mut self.state, State::Idle) else {
                    return Status::Keep;
                };
                if failed {
                    io.epoll.delete(fd.as_raw_fd());
                    self.link.monitor.event(
                        ZMQ_EVENT_CLOSED,
                        fd.as_raw_fd() as u32,
                        &self.endpoint,
                    );
                    drop(fd);
                    return self.schedule_reconnect(io);
                }
                self.connected_event(&fd);
                self.connected(fd, io)
            }
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

    /// Sends the handshake's ZAP request to the handler, or, with none
    /// bound, tells the mechanism so at once. Returns Some(status) if the
    /// session must stop processing.
    fn start_zap(&mut self, req: ZapRequest, io: &mut Io<'_>) -> Option<Status> {
        let State::Active(engine) = &self.state else {
            return Some(Status::Keep);
        };
        let o = &self.link.opts;
        let frames = ferromq_zmtp::zap::request_frames(
            &o.zap_domain,
            engine.peer_address().as_bytes(),
            &o.routing_id,
            &req,
        );
        match ZapClient::send(
            &self.link.ctx,
            self.id | ZAP_TOKEN,
            io.mailbox.clone(),
            frames,
        ) {
            // Reading once registers us for the handler's wake-up.
            Some(mut z) => match z.poll() {
                Ok(None) => {
                    self.zap = Some(z);
                    None
                }
                Ok(Some(reply)) => self.zap_answer(Some(reply), io),
                Err(e) => Some(self.engine_failed(EngineError::Protocol(e), io)),
            },
            None => self.zap_answer(None, io),
        }
    }

    /// Hands the handler's answer (None: no handler) to the handshake.
    fn zap_answer(&mut self, reply: Option<ZapReply>, io: &mut Io<'_>) -> Option<Status> {
        let State::Active(engine) = &mut self.state else {
            return Some(Status::Keep);
        };
        match engine.zap_reply(reply) {
            Ok(Some(peer)) => self.ready(Some(&peer), io),
            Ok(None) => None,
            Err(e) => Some(self.engine_failed(e, io)),
        }
    }

    /// The ZAP handler's socket wrote to our ZAP pipe.
    pub(crate) fn on_zap_wake(&mut self, io: &mut Io<'_>) -> Status {
        let st = self.handle_zap_wake(io);
        self.settle(st, io)
    }

    fn handle_zap_wake(&mut self, io: &mut Io<'_>) -> Status {
        let Some(z) = self.zap.as_mut() else {
            return Status::Keep;
        };
        let reply = match z.poll() {
            Ok(None) => return Status::Keep,
            Ok(Some(r)) => r,
            Err(e) => {
                self.zap = None;
                return self.engine_failed(EngineError::Protocol(e), io);
            }
        };
        self.zap = None;
        match self.zap_answer(Some(reply), io) {
            Some(st) => st,
            // Handshake replies are out; input may already be waiting.
            None => self.do_input(io),
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
        if peer.is_some() {
            self.link
                .monitor
                .event(ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, &self.endpoint);
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
        let (meta, identity): (Arc<Metadata>, Vec<u8>) = match peer {
            Some(p) => (engine.metadata(p), p.identity.clone()),
            None => (engine.raw_metadata(), Vec::new()),
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
        info.set_metadata(Some(meta));
        p.write(info);
        if self.link.opts.raw && self.link.opts.stream_notify {
            // STREAM tells the application a peer connected: [id, ""].
            p.write(Msg::new());
        }
        p.flush();
        if let Some(end) = attach {
            self.link.mailbox.send(Command::Attach(Box::new(Attach {
                end,
                endpoint: self.uri.clone(),
                direct: self.me.upgrade(),
                seq: self.id,
            })));
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
                if let State::Connecting(fd) = std::mem::replace(&mut self.state, State::Idle) {
                    io.epoll.delete(fd.as_raw_fd());
                    self.link.monitor.event(
                        ZMQ_EVENT_CLOSED,
                        fd.as_raw_fd() as u32,
                        &self.endpoint,
                    );
                    return self.schedule_reconnect(io);
                }
                Status::Keep
            }
            _ => Status::Keep,
        }
    }

    fn schedule_reconnect(&mut self, io: &mut Io<'_>) -> Status {
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
            let jitter = (super::random_u32() % o.reconnect_ivl as u32) as i32;
            self.cur_ivl.saturating_add(jitter)
        };
        self.link
            .monitor
            .event(ZMQ_EVENT_CONNECT_RETRIED, ivl as u32, &self.endpoint);
        self.state = State::Waiting;
        self.gen = self.gen.wrapping_add(1);
        self.timer(io, ivl as u64, T_RECONNECT);
        Status::Keep
    }

    fn engine_failed(&mut self, e: EngineError, io: &mut Io<'_>) -> Status {
        let State::Active(engine) = std::mem::replace(&mut self.state, State::Idle) else {
            return Status::Keep;
        };
        let fd = engine.raw_fd();
        io.epoll.delete(fd);
        self.release_direct();
        self.zap = None;
        if engine.handshaking() {
            self.handshake_failed_event(&e);
        }
        self.link
            .monitor
            .event(ZMQ_EVENT_DISCONNECTED, fd as u32, &self.endpoint);
        if let Some(r) = &self.resolved {
            self.endpoint = r.clone();
        }
        // Remove half-done messages from the pipe, both ways.
        if let Some(p) = self.pipe.as_mut() {
            p.rollback();
            if self.link.opts.raw && self.link.opts.stream_notify {
                // STREAM tells the application the peer left: [id, ""].
                p.write(Msg::new());
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
        let accepted = self.target.is_none();
        // A protocol error, or an ERROR from the peer, ends a connect-side
        // endpoint for good (libzmq's protocol_error); a lost connection
        // is retried.
        let fatal = matches!(e, EngineError::Protocol(_));
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
                self.link.monitor.event(ev, value, &self.endpoint);
                return;
            }
            EngineError::Io(errno) => {
                let ev = ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL;
                self.link.monitor.event(ev, *errno as u32, &self.endpoint);
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
            self.link.monitor.event(event, value, &self.endpoint);
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
