//! Sockets: the part every type shares (blocking rules, timeouts, commands
//! from other threads, endpoints, options) around a `Protocol`, the part
//! that is each type's own (one module per type). Endpoints (bind, connect,
//! unbind, disconnect) are in `endpoints`, blocking waits in `wait`,
//! `zmq_socket_monitor` in `monitor`.

mod channel;
mod client;
mod dealer;
mod dgram;
mod dish;
mod endpoints;
mod ext;
mod gather;
mod groups;
mod monitor;
mod pair;
mod peer;
mod pub_;
mod pull;
mod push;
mod radio;
mod rep;
mod req;
mod router;
mod scatter;
mod server;
mod stream;
mod sub;
mod threadsafe;
mod udp_ep;
mod wait;
mod ws_endpoints;
mod xpub;
mod xsub;

pub use threadsafe::{SharedGuard, SharedSocket};

use std::os::fd::RawFd;
use std::sync::Arc;

use ferromq_zmtp::SocketType;

use crate::command::{Attach, Command};
use crate::endpoint::{self};
use crate::error::{Error, Result};
use crate::ids::next_id;
use crate::io::{Ack, IoCmd, IoThread};
use crate::mailbox::Mailbox;
use crate::monitor::Monitor;
use crate::msg::Msg;
use crate::opt::*;
use crate::options::{put_bytes, put_string, Options};
use crate::pipe::set::{PipeId, Pipes};
use crate::pipe::WakeKind;
use crate::runtime::Runtime;
use crate::sockopt::{OptionValue, SocketOption};
use crate::sys::{self};

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
    /// Joins a group (DISH, `zmq_join`); other types: ENOTSUP.
    fn join(&mut self, _p: &mut Pipes, _group: &[u8]) -> Result<()> {
        Err(Error::NotSup)
    }
    /// Leaves a group (DISH, `zmq_leave`); other types: ENOTSUP.
    fn leave(&mut self, _p: &mut Pipes, _group: &[u8]) -> Result<()> {
        Err(Error::NotSup)
    }
    /// Reads a type-specific option; None if the option is not ours.
    fn get_option(&self, _opt: i32, _out: &mut [u8]) -> Option<Result<usize>> {
        None
    }
    /// `zmq_socket_get_peer_state`: ZMQ_POLLOUT if the peer known by
    /// routing id `rid` can take a message now (EHOSTUNREACH if there is
    /// none); ENOTSUP for types that do not route by id.
    fn peer_state(&mut self, _p: &mut Pipes, _rid: &[u8]) -> Result<i16> {
        Err(Error::NotSup)
    }
    /// The routing id given to the pipe attached last (SERVER, PEER).
    fn last_routing_id(&self) -> u32 {
        0
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
        SocketType::Radio => Box::new(radio::Radio::default()),
        SocketType::Dish => Box::new(dish::Dish::default()),
        SocketType::Dgram => Box::new(dgram::Dgram::default()),
        SocketType::Server | SocketType::Peer => Box::new(server::Server::default()),
        SocketType::Client => Box::new(client::Client::default()),
        SocketType::Scatter => Box::new(scatter::Scatter::default()),
        SocketType::Gather => Box::new(gather::Gather::default()),
        SocketType::Channel => Box::new(channel::Channel::default()),
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
    ctx: Arc<Runtime>,
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
    /// A zmq_disconnect or zmq_unbind succeeded (for
    /// ZMQ_RECONNECT_STOP_AFTER_DISCONNECT, shared with the sessions).
    disconnected: Arc<std::sync::atomic::AtomicBool>,
    /// `pipes.hwm_dropped` as last reported to the monitor.
    hwm_reported: u64,
    /// Commands handled so far (not counting pokes): a thread-safe socket
    /// wakes its other waiting threads when this moves (threadsafe.rs).
    cmd_seen: u64,
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
    /// A new socket of `ty` in the context `ctx` (`zmq_socket`).
    pub(crate) fn open(ctx: &Arc<Runtime>, ty: SocketType) -> Result<Socket> {
        let d = ctx.admit()?;
        let sock = Socket::new(ctx.clone(), ty, d.blocky, d.ipv6)?;
        if let Err(e) = ctx.register(sock.id, sock.mailbox()) {
            sock.close();
            return Err(e);
        }
        Ok(sock)
    }

    fn new(ctx: Arc<Runtime>, ty: SocketType, blocky: bool, ipv6: bool) -> Result<Socket> {
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
            disconnected: Arc::default(),
            hwm_reported: 0,
            cmd_seen: 0,
        })
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

    /// Handles the commands waiting in the mailbox, if any (one atomic
    /// load when none: this runs on every send and receive).
    #[inline]
    fn process_commands(&mut self) -> Result<()> {
        if self.mailbox.has_pending() {
            self.take_commands();
        }
        self.reap();
        self.check_term()
    }

    /// The slow part of [`Socket::process_commands`].
    #[inline(never)]
    fn take_commands(&mut self) {
        let mut cmds = std::mem::take(&mut self.scratch);
        if self.ty.is_thread_safe() {
            // The eventfd's signal stays for a poller in another
            // thread (threadsafe.rs); `events` clears it.
            self.mailbox.take_keep_signal(&mut cmds);
        } else {
            self.mailbox.take(&mut cmds);
        }
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
            self.cmd_seen = self.cmd_seen.wrapping_add(1);
            self.attach(*a);
        }
        self.scratch = cmds;
    }

    fn handle(&mut self, c: Command) {
        if !matches!(c, Command::Poke) {
            self.cmd_seen = self.cmd_seen.wrapping_add(1);
        }
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
    /// Inline, with the work out of line: it runs a few times per message
    /// and almost always finds nothing (callgrind: a full call each time
    /// was ~50 instructions of the ~690 a 64 B zmq_msg_send costs).
    #[inline]
    fn reap(&mut self) {
        if !self.pipes.identified.is_empty() || !self.pipes.dead.is_empty() {
            self.reap_pipes();
        }
    }

    #[cold]
    #[inline(never)]
    fn reap_pipes(&mut self) {
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
                    if self.pipes.hwm_dropped != self.hwm_reported {
                        self.report_hwm_drops();
                    }
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
        if self.ty.is_thread_safe() {
            // Before the state is read: a command another thread handled
            // is in the state, one still to come signals again.
            self.mailbox.settle();
        } else {
            self.mailbox.settle_if_stale();
        }
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

    /// The state of the peer whose routing id is `rid`
    /// (`zmq_socket_get_peer_state`, ROUTER and REP): ZMQ_POLLOUT if a
    /// message to it would not block now, EHOSTUNREACH for an unknown peer,
    /// ENOTSUP for other types. Like libzmq, it looks at the peers as the
    /// socket last saw them (it processes no pending commands).
    pub fn peer_state(&mut self, rid: &[u8]) -> Result<i16> {
        self.proto.peer_state(&mut self.pipes, rid)
    }

    // ---- endpoints ----

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
            // A thread-safe socket has no ZMQ_FD, as in libzmq.
            ZMQ_FD if self.ty.is_thread_safe() => Err(Error::Inval),
            ZMQ_FD => int(out, self.fd()),
            ZMQ_EVENTS => {
                let ev = self.events()?;
                int(out, i32::from(ev))
            }
            ZMQ_LAST_ENDPOINT => put_string(out, &endpoint::bytes_of(&self.last_endpoint)),
            ZMQ_THREAD_SAFE => int(out, i32::from(self.ty.is_thread_safe())),
            ZMQ_FERROMQ_HWM_DROPPED => put_bytes(out, &self.pipes.hwm_dropped.to_ne_bytes()),
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
        // monitor.rs. A closed thread-safe socket stays in memory until its
        // handle is reused, so it lets go of its share now.
        self.monitor = Arc::new(Monitor::default());
        self.ctx.unregister(self.id);
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.close_inner();
    }
}
