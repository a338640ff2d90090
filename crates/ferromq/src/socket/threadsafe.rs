//! Thread-safe sockets (libzmq's DRAFT types SERVER, CLIENT, SCATTER,
//! GATHER, PEER, CHANNEL, RADIO, DISH): a [`Socket`] behind a lock, usable
//! from several threads at once.
//!
//! Every call holds the lock while it works. A blocking send or receive
//! releases it while it waits, so one thread blocked in `recv` does not
//! stop another's `send`. Waiting threads share the socket's mailbox this
//! way: one of them, the *driver*, sleeps on the mailbox (its single
//! owner, as the mailbox requires); the others sleep on a condition
//! variable. Nothing is lost in between:
//! - a command that arrives wakes the driver; when it wakes it gives up
//!   the driver's role and wakes the others, and each retries its call
//!   (whoever runs first handles the commands) and, if it must wait again,
//!   the first becomes the new driver;
//! - a thread whose call handled commands while others wait wakes them
//!   (the condition variable; the driver through a `Poke` command, since
//!   what it slept for may have been handled by that call), but a call
//!   that handled only pokes wakes nobody, so waiting threads do not wake
//!   each other in a loop;
//! - a poller in another thread (`zmq_poll` watches the mailbox's
//!   eventfd) is not robbed of its wake-up: taking commands leaves the
//!   eventfd signalled, and only a look at the socket's events clears it
//!   (before reading the state), so whatever another thread's call handled
//!   meanwhile is seen.
//!
//! Closing the socket from another thread wakes the threads blocked in it:
//! their calls fail with ETERM.
//! The other socket types never come here; what they pay is a branch on
//! the socket type in their C handle and when they take commands (no
//! difference measurable in PUSH/PULL 64-byte throughput, inproc or tcp).

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::time::Duration;

use ferromq_zmtp::SocketType;
use parking_lot::{Condvar, Mutex, MutexGuard};

use super::{deadline, Socket};
use crate::command::Command;
use crate::error::{Error, Result};
use crate::mailbox::{Mailbox, WaitResult};
use crate::msg::Msg;
use crate::opt::ZMQ_DONTWAIT;
use crate::sys;

struct Inner {
    sock: Socket,
    /// The socket's mailbox (a dead one after close, see `close`).
    mailbox: Arc<Mailbox<Command>>,
    closed: bool,
    /// A waiting thread sleeps on the mailbox.
    driver: bool,
    /// Threads waiting (the driver included).
    waiters: u32,
}

/// A socket that several threads may use at once (see the module notes).
pub struct SharedSocket {
    inner: Mutex<Inner>,
    cv: Condvar,
    ty: SocketType,
}

impl std::fmt::Debug for SharedSocket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedSocket")
            .field("type", &self.ty)
            .finish()
    }
}

impl From<Socket> for SharedSocket {
    fn from(sock: Socket) -> SharedSocket {
        SharedSocket::new(sock)
    }
}

impl SharedSocket {
    /// Makes `sock` usable from several threads.
    pub fn new(sock: Socket) -> SharedSocket {
        SharedSocket {
            ty: sock.socket_type(),
            inner: Mutex::new(Inner {
                mailbox: sock.mailbox(),
                sock,
                closed: false,
                driver: false,
                waiters: 0,
            }),
            cv: Condvar::new(),
        }
    }

    /// The socket type.
    pub fn socket_type(&self) -> SocketType {
        self.ty
    }

    /// Locks the socket for a call (ENOTSOCK once it is closed). The
    /// guard's `send`/`recv` release the lock while they wait; every other
    /// [`Socket`] method is reached through the guard.
    pub fn lock(&self) -> Result<SharedGuard<'_>> {
        let g = self.inner.lock();
        if g.closed {
            return Err(Error::NotSock);
        }
        let seen = g.sock.cmd_seen;
        Ok(SharedGuard { sh: self, g, seen })
    }

    /// Sends a frame (see [`Socket::send`]).
    pub fn send(&self, msg: &mut Msg, flags: i32) -> Result<()> {
        self.lock()?.send(msg, flags)
    }

    /// Sends `data` as one frame.
    pub fn send_bytes(&self, data: &[u8], flags: i32) -> Result<()> {
        let mut m = Msg::from_slice(data);
        self.send(&mut m, flags)
    }

    /// Receives a frame (see [`Socket::recv`]).
    pub fn recv(&self, flags: i32) -> Result<Msg> {
        self.lock()?.recv(flags)
    }

    /// Receives a frame into `out` (see [`Socket::recv_into`]).
    pub fn recv_into(&self, out: &mut Msg, flags: i32) -> Result<()> {
        self.lock()?.recv_into(out, flags)
    }

    /// Whether [`SharedSocket::close`] was called.
    pub fn is_closed(&self) -> bool {
        self.inner.lock().closed
    }

    /// Closes the socket (as [`Socket::close`]); threads blocked in it
    /// return ETERM, later calls fail with ENOTSOCK.
    pub fn close(&self) {
        let mut g = self.inner.lock();
        if g.closed {
            return;
        }
        g.closed = true;
        if g.waiters > 0 {
            self.cv.notify_all();
            if g.driver {
                g.mailbox.send(Command::Poke);
            }
        }
        g.sock.close_inner();
        // The closed socket stays in memory while other threads may still
        // hold it (a C handle keeps it until the handle is reused), but its
        // mailbox (an eventfd) goes as soon as the last of its other users
        // (a waking driver, lingering connections) lets go: the socket
        // keeps a shared dead one instead, which nothing ever signals.
        if let Some(dead) = dead_mailbox() {
            g.sock.mailbox = dead.clone();
            g.mailbox = dead;
        }
    }
}

/// One mailbox for every closed thread-safe socket (None if it cannot be
/// made: then closed sockets keep their own).
fn dead_mailbox() -> Option<Arc<Mailbox<Command>>> {
    static DEAD: std::sync::OnceLock<Option<Arc<Mailbox<Command>>>> = std::sync::OnceLock::new();
    DEAD.get_or_init(|| Mailbox::new().ok().map(Arc::new))
        .clone()
}

/// A locked [`SharedSocket`]: the socket for one call.
pub struct SharedGuard<'a> {
    sh: &'a SharedSocket,
    g: MutexGuard<'a, Inner>,
    /// `cmd_seen` when we last woke the others.
    seen: u64,
}

impl Deref for SharedGuard<'_> {
    type Target = Socket;
    fn deref(&self) -> &Socket {
        &self.g.sock
    }
}

impl DerefMut for SharedGuard<'_> {
    fn deref_mut(&mut self) -> &mut Socket {
        &mut self.g.sock
    }
}

impl Drop for SharedGuard<'_> {
    fn drop(&mut self) {
        self.wake_others();
    }
}

impl SharedGuard<'_> {
    /// Sends a frame, waiting (per ZMQ_DONTWAIT and ZMQ_SNDTIMEO) without
    /// the lock.
    pub fn send(&mut self, msg: &mut Msg, flags: i32) -> Result<()> {
        self.block(flags, true, |s, f| s.send(msg, f))
    }

    /// Receives a frame, waiting (per ZMQ_DONTWAIT and ZMQ_RCVTIMEO)
    /// without the lock.
    pub fn recv(&mut self, flags: i32) -> Result<Msg> {
        let mut m = Msg::new();
        self.recv_into(&mut m, flags)?;
        Ok(m)
    }

    /// Like [`SharedGuard::recv`], into `out`.
    pub fn recv_into(&mut self, out: &mut Msg, flags: i32) -> Result<()> {
        self.block(flags, false, |s, f| s.recv_into(out, f))
    }

    /// Wakes the other threads if commands were handled since we last did
    /// (see the module notes).
    fn wake_others(&mut self) {
        let seen = self.g.sock.cmd_seen;
        if seen == self.seen {
            return;
        }
        self.seen = seen;
        if self.g.waiters > 0 {
            self.sh.cv.notify_all();
            if self.g.driver {
                self.g.mailbox.send(Command::Poke);
            }
        }
    }

    fn block<R>(
        &mut self,
        flags: i32,
        sending: bool,
        mut op: impl FnMut(&mut Socket, i32) -> Result<R>,
    ) -> Result<R> {
        let mut until: Option<Option<u64>> = None;
        loop {
            if self.g.closed {
                return Err(Error::Term);
            }
            let r = op(&mut self.g.sock, flags | ZMQ_DONTWAIT);
            self.wake_others();
            match r {
                Err(Error::Again) => {}
                r => return r,
            }
            let opts = self.g.sock.options();
            let timeo = if sending {
                opts.sndtimeo
            } else {
                opts.rcvtimeo
            };
            if flags & ZMQ_DONTWAIT != 0 || timeo == 0 {
                return Err(Error::Again);
            }
            let until = *until.get_or_insert_with(|| deadline(timeo));
            let timeout_ms = match until {
                None => -1,
                Some(d) => {
                    let now = sys::now_ms();
                    if now >= d {
                        return Err(Error::Again);
                    }
                    (d - now).min(i32::MAX as u64) as i32
                }
            };
            self.g.waiters += 1;
            if !self.g.driver {
                self.g.driver = true;
                let mb = self.g.mailbox.clone();
                // A signal (EINTR) is a spurious wake-up here: libzmq's
                // thread-safe sockets wait on a condition variable, which
                // signals do not end, so their calls never fail with EINTR.
                let _: WaitResult = MutexGuard::unlocked(&mut self.g, || mb.wait(timeout_ms));
                drop(mb);
                self.g.driver = false;
                // Someone else drives from now on; all retry.
                self.sh.cv.notify_all();
            } else if timeout_ms < 0 {
                self.sh.cv.wait(&mut self.g);
            } else {
                let _ = self
                    .sh
                    .cv
                    .wait_for(&mut self.g, Duration::from_millis(timeout_ms as u64));
            }
            self.g.waiters -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opt::{ZMQ_RCVTIMEO, ZMQ_SNDHWM};
    use crate::Context;
    use std::collections::HashSet;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Instant;

    fn shared(ctx: &Context, ty: SocketType) -> Arc<SharedSocket> {
        Arc::new(SharedSocket::new(ctx.socket(ty).unwrap()))
    }

    fn set_int(s: &SharedSocket, opt: i32, v: i32) {
        s.lock()
            .unwrap()
            .set_option(opt, Some(&v.to_ne_bytes()))
            .unwrap();
    }

    /// Two senders and two receivers share one CLIENT and one SERVER;
    /// every message arrives exactly once.
    #[test]
    fn four_threads_on_one_socket() {
        const N: u32 = 5000;
        let ctx = Context::new();
        let server = shared(&ctx, SocketType::Server);
        let client = shared(&ctx, SocketType::Client);
        set_int(&server, ZMQ_RCVTIMEO, 100);
        server.lock().unwrap().bind("inproc://ts-four").unwrap();
        client.lock().unwrap().connect("inproc://ts-four").unwrap();
        let got = Arc::new(AtomicUsize::new(0));
        let senders: Vec<_> = (0..2u32)
            .map(|t| {
                let c = client.clone();
                std::thread::spawn(move || {
                    for i in 0..N {
                        c.send_bytes(&(t * N + i).to_be_bytes(), 0).unwrap();
                    }
                })
            })
            .collect();
        let receivers: Vec<_> = (0..2)
            .map(|_| {
                let s = server.clone();
                let got = got.clone();
                std::thread::spawn(move || {
                    let mut mine = Vec::new();
                    let until = Instant::now() + Duration::from_secs(60);
                    while got.load(Ordering::Acquire) < 2 * N as usize && Instant::now() < until {
                        match s.recv(0) {
                            Ok(m) => {
                                assert_ne!(m.routing_id(), 0);
                                mine.push(u32::from_be_bytes(m.as_slice().try_into().unwrap()));
                                got.fetch_add(1, Ordering::AcqRel);
                            }
                            Err(Error::Again) => {}
                            Err(e) => panic!("{e}"),
                        }
                    }
                    mine
                })
            })
            .collect();
        for s in senders {
            s.join().unwrap();
        }
        let mut all = HashSet::new();
        for r in receivers {
            for v in r.join().unwrap() {
                assert!(all.insert(v), "{v} received twice");
            }
        }
        assert_eq!(all.len(), 2 * N as usize);
    }

    /// A thread blocked in recv does not stop another thread's send on the
    /// same socket; the reply wakes the blocked thread.
    #[test]
    fn blocked_recv_does_not_block_send() {
        let ctx = Context::new();
        let server = shared(&ctx, SocketType::Server);
        let client = shared(&ctx, SocketType::Client);
        set_int(&server, ZMQ_RCVTIMEO, 5000);
        set_int(&client, ZMQ_RCVTIMEO, 5000);
        server.lock().unwrap().bind("inproc://ts-blocked").unwrap();
        client
            .lock()
            .unwrap()
            .connect("inproc://ts-blocked")
            .unwrap();
        let c = client.clone();
        let waiter = std::thread::spawn(move || c.recv(0).map(|m| m.as_slice().to_vec()));
        std::thread::sleep(Duration::from_millis(50));
        client.send_bytes(b"ping", 0).unwrap();
        let mut m = server.recv(0).unwrap();
        assert_eq!(m.as_slice(), b"ping");
        let rid = m.routing_id();
        m = Msg::from_slice(b"pong");
        m.set_routing_id(rid);
        server.send(&mut m, 0).unwrap();
        assert_eq!(waiter.join().unwrap().unwrap(), b"pong");
    }

    /// Closing from another thread wakes a blocked call with ETERM; later
    /// calls get ENOTSOCK.
    #[test]
    fn close_wakes_blocked_threads() {
        let ctx = Context::new();
        let client = shared(&ctx, SocketType::Client);
        set_int(&client, ZMQ_SNDHWM, 1);
        client
            .lock()
            .unwrap()
            .connect("inproc://ts-close-nobody")
            .unwrap();
        let blocked: Vec<_> = (0..3)
            .map(|_| {
                let c = client.clone();
                std::thread::spawn(move || c.recv(0).err())
            })
            .collect();
        std::thread::sleep(Duration::from_millis(50));
        client.close();
        for b in blocked {
            assert!(matches!(
                b.join().unwrap(),
                Some(Error::Term) | Some(Error::NotSock)
            ));
        }
        assert_eq!(client.send_bytes(b"x", 0), Err(Error::NotSock));
    }

    /// Ping-pong through a SERVER whose four threads all block in recv:
    /// each request must wake one of them (a lost wake-up stalls the
    /// client's recv until its timeout, failing the test). The replies are
    /// sent by the receiving threads, so sends run while others wait.
    #[test]
    fn every_message_wakes_a_waiter() {
        const ROUNDS: u32 = 2000;
        let ctx = Context::new();
        let server = shared(&ctx, SocketType::Server);
        let client = shared(&ctx, SocketType::Client);
        set_int(&server, ZMQ_RCVTIMEO, 200);
        set_int(&client, ZMQ_RCVTIMEO, 5000);
        server.lock().unwrap().bind("inproc://ts-wake").unwrap();
        client.lock().unwrap().connect("inproc://ts-wake").unwrap();
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let workers: Vec<_> = (0..4)
            .map(|_| {
                let s = server.clone();
                let stop = stop.clone();
                std::thread::spawn(move || {
                    let mut n = 0u32;
                    while !stop.load(Ordering::Acquire) {
                        match s.recv(0) {
                            Ok(mut m) => {
                                let rid = m.routing_id();
                                m.set_routing_id(rid);
                                s.send(&mut m, 0).unwrap();
                                n += 1;
                            }
                            Err(Error::Again) => {}
                            Err(e) => panic!("{e}"),
                        }
                    }
                    n
                })
            })
            .collect();
        for i in 0..ROUNDS {
            client.send_bytes(&i.to_be_bytes(), 0).unwrap();
            let m = client.recv(0).expect("a request woke nobody");
            assert_eq!(m.as_slice(), i.to_be_bytes());
        }
        stop.store(true, Ordering::Release);
        let total: u32 = workers.into_iter().map(|w| w.join().unwrap()).sum();
        assert_eq!(total, ROUNDS);
    }

    /// Four threads blocked in send at HWM on one CLIENT all complete as a
    /// reader makes room.
    #[test]
    fn blocked_senders_all_complete() {
        const EACH: u32 = 500;
        let ctx = Context::new();
        let server = shared(&ctx, SocketType::Server);
        let client = shared(&ctx, SocketType::Client);
        set_int(&client, ZMQ_SNDHWM, 1);
        set_int(&server, crate::opt::ZMQ_RCVHWM, 1);
        set_int(&client, crate::opt::ZMQ_SNDTIMEO, 10_000);
        set_int(&server, ZMQ_RCVTIMEO, 10_000);
        server.lock().unwrap().bind("inproc://ts-senders").unwrap();
        client
            .lock()
            .unwrap()
            .connect("inproc://ts-senders")
            .unwrap();
        let senders: Vec<_> = (0..4u32)
            .map(|t| {
                let c = client.clone();
                std::thread::spawn(move || {
                    for i in 0..EACH {
                        c.send_bytes(&(t * EACH + i).to_be_bytes(), 0).unwrap();
                    }
                })
            })
            .collect();
        let mut seen = HashSet::new();
        for _ in 0..4 * EACH {
            let m = server.recv(0).expect("a blocked sender was never woken");
            assert!(seen.insert(m.as_slice().to_vec()));
        }
        for s in senders {
            s.join().unwrap();
        }
    }
}
