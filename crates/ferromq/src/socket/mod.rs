//! Sockets: the part every type shares (blocking rules, timeouts, commands
//! from other threads, endpoints, options) around a [`Protocol`], the part
//! that is each type's own (one module per type).

pub(crate) mod pipes;

mod dealer;
mod pair;
mod pub_;
mod pull;
mod push;
mod rep;
mod req;
mod router;
mod stream;
mod sub;
mod xpub;
mod xsub;

use std::os::fd::{AsRawFd, RawFd};
use std::sync::Arc;

use ferromq_zmtp::SocketType;

use crate::command::{Attach, Command};
use crate::ctx::{next_id, CtxInner, Inproc, InprocBinding, PendingConnect};
use crate::endpoint::{self, Endpoint};
use crate::error::{Error, Result};
use crate::io::listener::Listener;
use crate::io::session::{Session, SessionCell, SocketLink, Target};
use crate::io::{Ack, IoCmd, IoThread};
use crate::mailbox::{Mailbox, WaitResult};
use crate::monitor::Monitor;
use crate::msg::{self, Msg};
use crate::opt::*;
use crate::options::{put_bytes, put_string, Options};
use crate::pipe::{self, WakeKind};
use crate::sockopt::{OptionValue, SocketOption};
use crate::sys::{self, net};
use pipes::{PipeId, Pipes};

/// How long a blocking call watches its mailbox before sleeping (see
/// Socket::spin).
const SPIN_NS: u64 = 20_000;

/// What each socket type implements. Sends and receives are non-blocking
/// here (`Err(Again)` when they would block); the socket adds blocking,
/// timeouts and termination.
pub(crate) trait Protocol: Send {
    /// A new pipe joined.
    fn attach(&mut self, p: &mut Pipes, id: PipeId, opts: &Options);
    /// A pipe is gone; forget it.
    fn terminated(&mut self, p: &mut Pipes, id: PipeId);
    /// A pipe has messages again.
    fn read_activated(&mut self, _p: &mut Pipes, _id: PipeId) {}
    /// A pipe has room again.
    fn write_activated(&mut self, _p: &mut Pipes, _id: PipeId) {}
    /// The peer of a pipe told us its routing id (after each handshake).
    fn identified(&mut self, _p: &mut Pipes, _id: PipeId, _opts: &Options) {}
    /// Sends a frame; on success `msg` is left empty.
    fn send(&mut self, _p: &mut Pipes, _msg: &mut Msg, _opts: &Options) -> Result<()> {
        Err(Error::NotSup)
    }
    /// Receives a frame. Only reached through the default `recv_into`:
    /// a type implements one of the two.
    fn recv(&mut self, _p: &mut Pipes, _opts: &Options) -> Result<Msg> {
        Err(Error::NotSup)
    }
    /// Receives a frame into `out` (on error untouched, or empty); what the
    /// socket calls. Types on the throughput path implement it directly to
    /// skip moves of the message.
    fn recv_into(&mut self, p: &mut Pipes, opts: &Options, out: &mut Msg) -> Result<()> {
        *out = self.recv(p, opts)?;
        Ok(())
    }
    /// Whether `recv` would succeed now.
    fn has_in(&mut self, _p: &mut Pipes, _o: &Options) -> bool {
        false
    }
    /// Whether `send` would succeed now.
    fn has_out(&mut self, _p: &mut Pipes, _o: &Options) -> bool {
        false
    }
    /// Handles a type-specific option; None if the option is not ours.
    fn set_option(
        &mut self,
        _opt: i32,
        _val: Option<&[u8]>,
        _p: &mut Pipes,
        _opts: &Options,
    ) -> Option<Result<()>> {
        None
    }
    /// The routing id (ZMQ_CONNECT_ROUTING_ID) for the pipe of the connect
    /// being made, consumed by that connect (ROUTER, STREAM).
    fn take_connect_rid(&mut self) -> Option<Vec<u8>> {
        None
    }
    /// Reads a type-specific option; None if the option is not ours.
    fn get_option(&self, _opt: i32, _out: &mut [u8]) -> Option<Result<usize>> {
        None
    }
}

fn make_protocol(ty: SocketType) -> Result<Box<dyn Protocol>> {
    Ok(match ty {
        SocketType::Pair => Box::new(pair::Pair::default()),
        SocketType::Pub => Box::new(pub_::Pub::new()),
        SocketType::Sub => Box::new(sub::Sub::new()),
        SocketType::Req => Box::new(req::Req::default()),
        SocketType::Rep => Box::new(rep::Rep::default()),
        SocketType::Dealer => Box::new(dealer::Dealer::default()),
        SocketType::Router => Box::new(router::Router::default()),
        SocketType::Pull => Box::new(pull::Pull::default()),
        SocketType::Push => Box::new(push::Push::default()),
        SocketType::XPub => Box::new(xpub::XPub::default()),
        SocketType::XSub => Box::new(xsub::XSub::default()),
        SocketType::Stream => Box::new(stream::Stream::default()),
        _ => return Err(Error::Inval),
    })
}

enum EpKind {
    Listener { io: Arc<IoThread>, id: u64 },
    Session { io: Arc<IoThread>, id: u64 },
    InprocBound(String),
    InprocConnected,
}

struct EndpointEntry {
    /// As the user wrote it.
    uri: String,
    /// The resolved form (ZMQ_LAST_ENDPOINT after bind).
    resolved: String,
    kind: EpKind,
}

/// A ZeroMQ socket. Not thread-safe (use from one thread at a time), but
/// may move between threads.
pub struct Socket {
    id: u64,
    ctx: Arc<CtxInner>,
    ty: SocketType,
    opts: Options,
    mailbox: Arc<Mailbox<Command>>,
    pipes: Pipes,
    proto: Box<dyn Protocol>,
    endpoints: Vec<EndpointEntry>,
    last_endpoint: String,
    ctx_terminated: bool,
    rcvmore: bool,
    monitor: Arc<Monitor>,
    scratch: Vec<Command>,
    /// Spinning back-off (see `spin`).
    spin_fails: u32,
    spin_skip: u32,
    closed: bool,
}

impl std::fmt::Debug for Socket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Socket")
            .field("type", &self.ty)
            .field("id", &self.id)
            .finish()
    }
}

/// Deadline in monotonic milliseconds for a timeout option (-1 = none).
fn deadline(timeout_ms: i32) -> Option<u64> {
    (timeout_ms >= 0).then(|| sys::now_ms() + timeout_ms as u64)
}

impl Socket {
    pub(crate) fn new(
        ctx: Arc<CtxInner>,
        ty: SocketType,
        blocky: bool,
        ipv6: bool,
    ) -> Result<Socket> {
        let proto = make_protocol(ty)?;
        let mut opts = Options::new(ty.raw());
        opts.ipv6 = ipv6;
        if !blocky || matches!(ty, SocketType::Sub | SocketType::XSub | SocketType::Dish) {
            opts.linger = 0;
        }
        Ok(Socket {
            id: next_id(),
            ctx,
            ty,
            opts,
            mailbox: Arc::new(Mailbox::new().map_err(Error::from)?),
            pipes: Pipes::default(),
            proto,
            endpoints: Vec::new(),
            last_endpoint: String::new(),
            ctx_terminated: false,
            rcvmore: false,
            monitor: Arc::new(Monitor::default()),
            scratch: Vec::new(),
            spin_fails: 0,
            spin_skip: 0,
            closed: false,
        })
    }

    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    pub(crate) fn mailbox(&self) -> Arc<Mailbox<Command>> {
        self.mailbox.clone()
    }

    /// The socket type.
    pub fn socket_type(&self) -> SocketType {
        self.ty
    }

    /// The file descriptor that signals pending events (ZMQ_FD).
    pub fn fd(&self) -> RawFd {
        self.mailbox.export()
    }

    fn check_term(&self) -> Result<()> {
        if self.ctx_terminated {
            Err(Error::Term)
        } else {
            Ok(())
        }
    }

    // ---- commands ----

    fn process_commands(&mut self) -> Result<()> {
        if self.mailbox.has_pending() {
            let mut cmds = std::mem::take(&mut self.scratch);
            self.mailbox.take(&mut cmds);
            // New pipes that arrived together attach in the order their
            // connections began (Attach::seq), after the other commands.
            let mut attaches = Vec::new();
            for c in cmds.drain(..) {
                match c {
                    Command::Attach(a) => attaches.push(a),
                    c => self.handle(c),
                }
            }
            attaches.sort_by_key(|a| a.seq);
            for a in attaches {
                self.attach(*a);
            }
            self.scratch = cmds;
        }
        self.reap();
        self.check_term()
    }

    fn handle(&mut self, c: Command) {
        match c {
            Command::Activate(token, kind) => {
                let Some(id) = self.pipes.resolve(token) else {
                    return;
                };
                match kind {
                    WakeKind::Read => {
                        self.pipes.absorb_info(id);
                        if !self.pipes.check_finished(id) {
                            self.proto.read_activated(&mut self.pipes, id);
                        }
                    }
                    WakeKind::Write => {
                        if !self.pipes.check_finished(id) {
                            self.proto.write_activated(&mut self.pipes, id);
                        }
                    }
                }
            }
            Command::Attach(a) => self.attach(*a),
            Command::Stop => self.ctx_terminated = true,
            Command::Poke => {}
            Command::EndpointGone(id) => self
                .endpoints
                .retain(|e| !matches!(e.kind, EpKind::Session { id: i, .. } if i == id)),
        }
    }

    fn attach(&mut self, a: Attach) {
        self.attach_with(a, None);
    }

    fn attach_with(&mut self, a: Attach, rid: Option<Vec<u8>>) {
        let id = self.pipes.insert(a.end, a.endpoint);
        if let Some(s) = self.pipes.get_mut(id) {
            s.assigned_rid = rid;
            s.direct = a.direct;
        }
        self.proto.attach(&mut self.pipes, id, &self.opts);
        // A fresh pipe's reader is not registered asleep yet: look at it
        // once, so the next message (the peer's identity, for a pipe made
        // before its connection) wakes us.
        self.pipes.check_read(id);
        self.reap();
    }

    /// Handles pipes that were identified or died during an operation.
    #[inline]
    fn reap(&mut self) {
        while let Some(id) = self.pipes.identified.pop() {
            if self.pipes.get(id).is_some() {
                self.proto.identified(&mut self.pipes, id, &self.opts);
            }
        }
        while let Some(id) = self.pipes.dead.pop() {
            if self.pipes.get(id).is_some() {
                self.proto.terminated(&mut self.pipes, id);
                self.pipes.remove(id);
            }
        }
    }

    /// Waits for a command until `deadline`; Ok(false) on timeout.
    fn wait(&mut self, deadline: Option<u64>) -> Result<bool> {
        let timeout = match deadline {
            None => -1,
            Some(d) => {
                let now = sys::now_ms();
                if now >= d {
                    return Ok(false);
                }
                (d - now).min(i32::MAX as u64) as i32
            }
        };
        if !self.mailbox.has_pending() && self.spin(deadline) {
            return self.process_commands().map(|()| true);
        }
        if !self.mailbox.has_pending() {
            if let Some(cell) = self.pipes.sole_direct() {
                if let Some(r) = self.wait_direct(&cell, timeout) {
                    return r;
                }
            }
        }
        match self.mailbox.wait(timeout) {
            WaitResult::Ready => {}
            WaitResult::Timeout => return Ok(false),
            WaitResult::Interrupted => return Err(Error::Intr),
        }
        self.process_commands()?;
        Ok(true)
    }

    /// Watches the mailbox for a moment before sleeping: when the answer
    /// comes from a thread running on another CPU (inproc, or an I/O
    /// thread), it usually arrives within microseconds, and catching it
    /// awake saves the sleep and the wake-up (~10 us across CPUs here).
    /// True if a command arrived. Spinning that does not pay (the other
    /// thread shares our CPU, or the socket waits long) backs off: after n
    /// failures in a row, the next 2^n waits (at most 1024) do not spin.
    /// Not for sockets whose only pipe is read directly.
    fn spin(&mut self, deadline: Option<u64>) -> bool {
        if self.spin_skip > 0 {
            self.spin_skip -= 1;
            return false;
        }
        if deadline.is_some_and(|d| d <= sys::now_ms()) || self.pipes.has_sole_direct() {
            return false;
        }
        let start = sys::now_ns();
        loop {
            for _ in 0..32 {
                std::hint::spin_loop();
            }
            if self.mailbox.has_pending() {
                self.spin_fails = 0;
                return true;
            }
            if sys::now_ns().saturating_sub(start) > SPIN_NS {
                self.spin_fails = (self.spin_fails + 1).min(10);
                self.spin_skip = 1 << self.spin_fails;
                return false;
            }
        }
    }

    /// Waits on a socket with one tcp/ipc connection by reading the
    /// connection on this thread, which saves the hop through the I/O
    /// thread when the answer arrives. None if the session cannot hand the
    /// connection over right now (the caller waits as usual).
    fn wait_direct(&mut self, cell: &Arc<SessionCell>, timeout: i32) -> Option<Result<bool>> {
        let fd = cell.try_lock()?.begin_direct_read()?;
        let Some(efd) = self.mailbox.begin_poll() else {
            cell.lock().end_direct_read();
            return Some(self.process_commands().map(|()| true));
        };
        let mut fds = [
            libc::pollfd {
                fd: efd,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        let r = sys::poll(&mut fds, timeout);
        // Awake again before reading: messages decoded below wake us
        // through the mailbox, which must not signal the eventfd for them.
        self.mailbox.end_poll(fds[0].revents != 0);
        {
            let mut s = cell.lock();
            if fds[1].revents != 0 {
                s.direct_input();
            }
            s.end_direct_read();
        }
        Some(match r {
            Ok(0) => Ok(false),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Err(Error::Intr),
            _ => self.process_commands().map(|()| true),
        })
    }

    // ---- messages ----

    /// Sends a frame (`flags`: ZMQ_SNDMORE, ZMQ_DONTWAIT). On success the
    /// message is taken (left empty); on failure it is left as it was.
    pub fn send(&mut self, msg: &mut Msg, flags: i32) -> Result<()> {
        self.check_term()?;
        self.process_commands()?;
        msg.set_more(flags & ZMQ_SNDMORE != 0);
        let mut until = None;
        loop {
            match self.proto.send(&mut self.pipes, msg, &self.opts) {
                Ok(()) => {
                    self.reap();
                    return Ok(());
                }
                Err(Error::Again) => {}
                Err(e) => {
                    self.reap();
                    return Err(e);
                }
            }
            self.reap();
            if flags & ZMQ_DONTWAIT != 0 || self.opts.sndtimeo == 0 {
                return Err(Error::Again);
            }
            if until.is_none() {
                until = Some(deadline(self.opts.sndtimeo));
            }
            if !self.wait(until.flatten())? {
                return Err(Error::Again);
            }
        }
    }

    /// Receives a frame (`flags`: ZMQ_DONTWAIT).
    pub fn recv(&mut self, flags: i32) -> Result<Msg> {
        let mut m = Msg::new();
        self.recv_into(&mut m, flags)?;
        Ok(m)
    }

    /// Like [`Socket::recv`], into `out`, whose old content is dropped on
    /// success. On error `out` is untouched, or left empty when messages
    /// were read and discarded (SUB filtering). Saves moves of the message
    /// on the hot path of `zmq_msg_recv`.
    pub fn recv_into(&mut self, out: &mut Msg, flags: i32) -> Result<()> {
        self.check_term()?;
        self.process_commands()?;
        let mut until = None;
        loop {
            match self.proto.recv_into(&mut self.pipes, &self.opts, out) {
                Ok(()) => {
                    self.rcvmore = out.more();
                    self.reap();
                    return Ok(());
                }
                Err(Error::Again) => {}
                Err(e) => {
                    self.reap();
                    return Err(e);
                }
            }
            self.reap();
            if flags & ZMQ_DONTWAIT != 0 || self.opts.rcvtimeo == 0 {
                return Err(Error::Again);
            }
            if until.is_none() {
                until = Some(deadline(self.opts.rcvtimeo));
            }
            if !self.wait(until.flatten())? {
                return Err(Error::Again);
            }
        }
    }

    /// ZMQ_EVENTS: ZMQ_POLLIN / ZMQ_POLLOUT as of now.
    pub fn events(&mut self) -> Result<i16> {
        self.process_commands()?;
        self.mailbox.settle_if_stale();
        let mut ev = 0;
        if self.proto.has_in(&mut self.pipes, &self.opts) {
            ev |= ZMQ_POLLIN;
        }
        if self.proto.has_out(&mut self.pipes, &self.opts) {
            ev |= ZMQ_POLLOUT;
        }
        self.reap();
        Ok(ev)
    }

    // ---- endpoints ----

    fn link(&self) -> Arc<SocketLink> {
        Arc::new(SocketLink {
            socket_id: self.id,
            mailbox: self.mailbox.clone(),
            socket_type: self.ty,
            opts: self.opts.clone(),
            monitor: self.monitor.clone(),
            pipe_count: self.pipes.shared_count.clone(),
            ctx: Arc::downgrade(&self.ctx),
        })
    }

    /// Binds to an endpoint (bytes, as in C: ipc paths and inproc names
    /// need not be UTF-8).
    pub fn bind<E: AsRef<[u8]> + ?Sized>(&mut self, uri: &E) -> Result<()> {
        self.bind_text(&endpoint::text_of(uri.as_ref()))
    }

    /// Binds to an endpoint in its text form (see [`endpoint::text_of`]).
    fn bind_text(&mut self, uri: &str) -> Result<()> {
        self.check_term()?;
        self.process_commands()?;
        match endpoint::parse(uri, self.ty)? {
            Endpoint::Inproc(name) => self.bind_inproc(uri, &name),
            Endpoint::Tcp(addr) => {
                let io = self.ctx.choose_io()?;
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
            Endpoint::Ipc(path) => {
                let io = self.ctx.choose_io()?;
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

    /// Reports a failed bind as libzmq does (BIND_FAILED, endpoint without
    /// the scheme) and returns the error.
    fn bind_failed(&self, address: &str, e: Error) -> Error {
        self.monitor
            .event(ZMQ_EVENT_BIND_FAILED, e.errno() as u32, address);
        e
    }

    /// Creates, binds and listens; on failure after the socket exists,
    /// reports CLOSED for it first, as libzmq's listener does.
    fn listen(&self, addr: &net::SockAddr, address: &str) -> Result<std::os::fd::OwnedFd> {
        let fd = match net::stream_socket(addr) {
            Ok(fd) => fd,
            Err(e) => return Err(self.bind_failed(address, e.into())),
        };
        match net::bind_listen(&fd, addr, self.opts.backlog, self.opts.ipv6) {
            Ok(()) => Ok(fd),
            Err(e) => {
                self.monitor
                    .event(ZMQ_EVENT_CLOSED, fd.as_raw_fd() as u32, "");
                drop(fd);
                Err(self.bind_failed(address, e.into()))
            }
        }
    }

    fn add_listener(
        &mut self,
        io: Arc<IoThread>,
        uri: &str,
        resolved: String,
        fd: std::os::fd::OwnedFd,
        is_tcp: bool,
        wildcard: Option<(Vec<u8>, String)>,
    ) {
        let id = next_id();
        self.monitor
            .event(ZMQ_EVENT_LISTENING, fd.as_raw_fd() as u32, &resolved);
        let l = Listener::new(id, self.link(), fd, resolved.clone(), is_tcp, wildcard);
        io.mailbox.send(IoCmd::AddListener(Box::new(l)));
        self.last_endpoint = resolved.clone();
        self.endpoints.push(EndpointEntry {
            uri: uri.to_string(),
            resolved,
            kind: EpKind::Listener { io, id },
        });
    }

    fn bind_inproc(&mut self, uri: &str, name: &str) -> Result<()> {
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

    fn connect_text(&mut self, uri: &str) -> Result<()> {
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
            Endpoint::Tcp(addr) => {
                let target = Target::Tcp(endpoint::parse_tcp_connect(&addr)?);
                self.connect_session(uri, target)
            }
            Endpoint::Ipc(path) => {
                if path == "*" {
                    return Err(Error::Inval);
                }
                let target = Target::Ipc(endpoint::ipc_addr(&path)?);
                self.connect_session(uri, target)
            }
        }
    }

    fn connect_session(&mut self, uri: &str, target: Target) -> Result<()> {
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
                    direct: Some(cell.clone()),
                    seq: next_id(),
                },
                rid,
            );
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

    fn connect_inproc(&mut self, uri: &str, name: &str) -> Result<()> {
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
                mine.flush();
                let mut peer_info = Msg::from_slice(&b.routing_id);
                peer_info.set_flag(msg::PEER_INFO);
                theirs.write(peer_info);
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

    fn term_endpoint(&mut self, uri: &str) -> Result<()> {
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

    fn terminate_pipes_of(&mut self, uri: &str) {
        for id in self.pipes.ids() {
            if self.pipes.get(id).is_some_and(|s| s.endpoint == uri) {
                self.pipes.terminate(id);
            }
        }
    }

    // ---- options ----

    /// Sets an option (`zmq_setsockopt`); `val` is None for a NULL pointer.
    pub fn set_option(&mut self, opt: i32, val: Option<&[u8]>) -> Result<()> {
        self.check_term()?;
        if opt == ZMQ_ROUTER_RAW && matches!(self.ty, SocketType::Router | SocketType::Rep) {
            // Raw TCP for connections made from now on, as libzmq does.
            let v = val
                .and_then(crate::options::int_of)
                .filter(|&v| v >= 0)
                .ok_or(Error::Inval)?;
            self.opts.raw = v != 0;
        }
        if let Some(r) = self.proto.set_option(opt, val, &mut self.pipes, &self.opts) {
            self.reap();
            return r;
        }
        self.opts.set(opt, val)?;
        if opt == ZMQ_SNDHWM || opt == ZMQ_RCVHWM {
            // As libzmq, the new limits apply to the pipes that exist
            // (those attached so far), on both of their sides.
            for id in self.pipes.ids() {
                if let Some(s) = self.pipes.get(id) {
                    s.end.apply_hwms(self.opts.sndhwm, self.opts.rcvhwm);
                }
            }
        }
        Ok(())
    }

    /// Reads an option (`zmq_getsockopt`) into `out` (whose length is the
    /// caller's buffer size); returns the length of the value.
    pub fn get_option(&mut self, opt: i32, out: &mut [u8]) -> Result<usize> {
        self.check_term()?;
        // The options libzmq's socket_base answers itself take any buffer
        // that holds an int (the rest is zeroed, the length becomes 4),
        // unlike those kept in its options_t (exactly an int).
        let int = |out: &mut [u8], v: i32| put_bytes(out, &v.to_ne_bytes());
        match opt {
            ZMQ_RCVMORE => int(out, i32::from(self.rcvmore)),
            ZMQ_FD => int(out, self.fd()),
            ZMQ_EVENTS => {
                let ev = self.events()?;
                int(out, i32::from(ev))
            }
            ZMQ_LAST_ENDPOINT => put_string(out, &endpoint::bytes_of(&self.last_endpoint)),
            ZMQ_THREAD_SAFE => int(out, 0),
            _ => match self.proto.get_option(opt, out) {
                Some(r) => r,
                None => self.opts.get(opt, out),
            },
        }
    }

    /// The socket's option values.
    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// Sets a typed option (see [`crate::sockopt`]).
    pub fn set<T: OptionValue>(&mut self, opt: SocketOption<T>, value: T) -> Result<()> {
        self.set_option(opt.id(), Some(&value.encode()))
    }

    /// Reads a typed option (see [`crate::sockopt`]).
    pub fn get<T: OptionValue>(&mut self, opt: SocketOption<T>) -> Result<T> {
        let mut buf = vec![0u8; T::capacity()];
        let n = self.get_option(opt.id(), &mut buf)?;
        T::decode(&buf[..n])
    }

    /// Sends `data` as one frame (flags: [`crate::DONTWAIT`], [`crate::SNDMORE`]).
    pub fn send_bytes(&mut self, data: &[u8], flags: i32) -> Result<()> {
        let mut m = Msg::from_slice(data);
        self.send(&mut m, flags)
    }

    /// Sends the frames of one message.
    pub fn send_multipart<I, B>(&mut self, frames: I, flags: i32) -> Result<()>
    where
        I: IntoIterator<Item = B>,
        B: AsRef<[u8]>,
    {
        let mut it = frames.into_iter().peekable();
        while let Some(f) = it.next() {
            let more = if it.peek().is_some() { ZMQ_SNDMORE } else { 0 };
            self.send_bytes(f.as_ref(), flags | more)?;
        }
        Ok(())
    }

    /// Receives one frame's bytes.
    pub fn recv_bytes(&mut self, flags: i32) -> Result<Vec<u8>> {
        Ok(self.recv(flags)?.as_slice().to_vec())
    }

    /// Receives every frame of one message.
    pub fn recv_multipart(&mut self, flags: i32) -> Result<Vec<Vec<u8>>> {
        let mut frames = vec![self.recv_bytes(flags)?];
        while self.rcvmore {
            frames.push(self.recv_bytes(0)?);
        }
        Ok(frames)
    }

    /// Whether the last frame received has more parts (ZMQ_RCVMORE).
    pub fn rcvmore(&self) -> bool {
        self.rcvmore
    }

    // ---- monitor ----

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
        let ctx = crate::ctx::Context {
            inner: self.ctx.clone(),
        };
        let mut s = ctx.socket(SocketType::Pair)?;
        s.set_option(ZMQ_LINGER, Some(&0i32.to_ne_bytes()))?;
        s.bind_text(uri)?;
        self.monitor.start(s, events as u32);
        Ok(())
    }

    /// Closes the socket: queued messages are still sent for up to
    /// ZMQ_LINGER milliseconds by the I/O threads.
    pub fn close(mut self) {
        self.close_inner();
    }

    fn close_inner(&mut self) {
        if self.closed {
            return;
        }
        self.closed = true;
        let _ = self.process_commands();
        for id in self.pipes.ids() {
            if let Some(mut s) = self.pipes.remove(id) {
                s.end.terminate();
            }
        }
        {
            let mut reg = self.ctx.inproc.lock();
            reg.bound.retain(|_, b| b.socket_id != self.id);
        }
        let mut acks = Vec::new();
        let mut threads: Vec<Arc<IoThread>> = Vec::new();
        for e in &self.endpoints {
            if let EpKind::Listener { io, .. } | EpKind::Session { io, .. } = &e.kind {
                if !threads.iter().any(|t| Arc::ptr_eq(t, io)) {
                    threads.push(io.clone());
                }
            }
        }
        for io in threads {
            let ack = Ack::new();
            io.mailbox.send(IoCmd::SocketClosed {
                socket: self.id,
                linger: self.opts.linger,
                ack: Some(ack.clone()),
            });
            acks.push(ack);
        }
        for a in acks {
            a.wait(5000);
        }
        self.endpoints.clear();
        // A pipe that reached us after the close is let go (its Attach
        // holds its session, and through it the monitor).
        let mut late = Vec::new();
        self.mailbox.take(&mut late);
        for c in late {
            if let Command::Attach(mut a) = c {
                a.end.terminate();
            }
        }
        // The monitor stops (MONITOR_STOPPED, after the listeners' CLOSED)
        // when the last connection still lingering lets go of it: see
        // monitor.rs.
        self.ctx.unregister(self.id);
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.close_inner();
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
