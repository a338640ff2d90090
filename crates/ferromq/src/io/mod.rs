//! I/O threads: each runs one reactor over epoll and owns the listeners
//! and connections (sessions) assigned to it.
//!
//! Sockets talk to an I/O thread through its mailbox ([`IoCmd`]); pipes
//! wake a session through the same mailbox. The reactor never blocks
//! except in `epoll_wait`.

pub(crate) mod engine;
mod groups;
pub(crate) mod listener;
mod outbuf;
pub(crate) mod security;
pub(crate) mod session;
mod socks;
pub(crate) mod tls;
pub(crate) mod udp;
pub(crate) mod ws;

#[cfg(test)]
mod flow_tests;
#[cfg(test)]
mod limits_tests;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::sync::Arc;
use std::thread::JoinHandle;

use parking_lot::Mutex;

use crate::bufpool;
use crate::mailbox::Mailbox;
use crate::pipe::{Wake, WakeKind};
use crate::sys::{self, epoll};
use listener::Listener;
use session::SessionCell;

/// Commands to an I/O thread.
pub(crate) enum IoCmd {
    /// Start accepting on a bound listener.
    AddListener(Box<Listener>),
    /// Start a connection (connect side).
    AddSession(Arc<SessionCell>),
    /// Start a udp:// endpoint.
    AddUdp(Box<udp::UdpEngine>),
    /// Close one object (unbind: a listener and the connections it
    /// accepted; disconnect: a session). `ack` is signalled when done.
    Close { id: u64, ack: Option<Arc<Ack>> },
    /// The socket closed: close its objects, sessions lingering up to
    /// `linger` ms (the socket's ZMQ_LINGER at close time; -1 = forever).
    SocketClosed {
        socket: u64,
        linger: i32,
        ack: Option<Arc<Ack>>,
    },
    /// A pipe end owned by object `id` needs attention.
    Wake(u64, WakeKind),
    /// The context is terminating: finish lingering, then exit.
    Stop,
}

impl Wake for Mailbox<IoCmd> {
    fn wake(&self, token: u64, kind: WakeKind) {
        self.send(IoCmd::Wake(token, kind));
    }
}

/// A one-shot completion signal.
#[derive(Default)]
pub(crate) struct Ack {
    done: Mutex<bool>,
    cv: parking_lot::Condvar,
}

impl Ack {
    pub(crate) fn new() -> Arc<Ack> {
        Arc::new(Ack::default())
    }

    pub(crate) fn signal(&self) {
        *self.done.lock() = true;
        self.cv.notify_all();
    }

    /// Waits for the signal, at most `ms` milliseconds.
    pub(crate) fn wait(&self, ms: u64) {
        let mut d = self.done.lock();
        let deadline = std::time::Instant::now() + std::time::Duration::from_millis(ms);
        while !*d {
            if self.cv.wait_until(&mut d, deadline).timed_out() {
                break;
            }
        }
    }
}

/// What an object asks of the reactor after handling an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Keep,
    Remove,
}

pub(crate) enum Object {
    Listener(Box<Listener>),
    Session(Arc<SessionCell>),
    Udp(Box<udp::UdpEngine>),
}

impl Object {
    fn id(&self) -> u64 {
        match self {
            Object::Listener(l) => l.id(),
            Object::Session(s) => s.lock().id(),
            Object::Udp(u) => u.id(),
        }
    }

    fn owner(&self) -> u64 {
        match self {
            Object::Listener(l) => l.owner(),
            Object::Session(s) => s.lock().owner(),
            Object::Udp(u) => u.owner(),
        }
    }
}

/// Timer kinds, interpreted by the object that set them.
pub(crate) type TimerKind = u32;

/// The reactor services available to objects while they handle an event.
pub(crate) struct Io<'a> {
    pub(crate) epoll: &'a Arc<epoll::Epoll>,
    pub(crate) mailbox: &'a Arc<Mailbox<IoCmd>>,
    timers: &'a mut BinaryHeap<Reverse<(u64, u64, TimerKind)>>,
    spawned: &'a mut Vec<Object>,
    again: &'a mut VecDeque<u64>,
}

impl Io<'_> {
    /// Calls `on_timer(kind)` on object `id` after `ms` milliseconds.
    pub(crate) fn add_timer(&mut self, id: u64, ms: u64, kind: TimerKind) {
        self.timers.push(Reverse((sys::now_ms() + ms, id, kind)));
    }

    /// Adds a new object (a session accepted by a listener).
    pub(crate) fn spawn(&mut self, obj: Object) {
        self.spawned.push(obj);
    }

    /// Asks for `on_again` on object `id` after other ready objects ran
    /// (used to stay fair when one connection has endless input).
    pub(crate) fn run_again(&mut self, id: u64) {
        self.again.push_back(id);
    }
}

const MAILBOX_TOKEN: u64 = 0;

/// How long an I/O thread waits with nothing to do before it empties the
/// buffer pool.
const IDLE_TRIM_MS: i32 = 1000;

struct Reactor {
    epoll: Arc<epoll::Epoll>,
    mailbox: Arc<Mailbox<IoCmd>>,
    objects: HashMap<u64, Object>,
    timers: BinaryHeap<Reverse<(u64, u64, TimerKind)>>,
    again: VecDeque<u64>,
    stopping: bool,
}

/// How an I/O thread is scheduled: the context's ZMQ_THREAD_SCHED_POLICY,
/// ZMQ_THREAD_PRIORITY (-1: not set) and ZMQ_THREAD_AFFINITY_CPU_* set.
#[derive(Clone, Debug, Default)]
pub(crate) struct ThreadSched {
    pub(crate) policy: i32,
    pub(crate) priority: i32,
    pub(crate) cpus: Vec<i32>,
}

impl ThreadSched {
    /// Applies the settings to the calling thread, best effort (libzmq
    /// aborts when the system refuses a policy; we keep the default).
    ///
    /// With neither policy nor priority set, the thread keeps the default
    /// policy, as in libzmq, with one exception: when it may only run on
    /// one CPU (the application pinned itself with `taskset` or
    /// `sched_setaffinity` before its first socket), it runs under
    /// `SCHED_BATCH`. There the I/O thread and the application thread
    /// always share the CPU, and a woken `SCHED_OTHER` I/O thread preempts
    /// the sender at once, drains a few messages and sleeps again: 65,000
    /// context switches for 400,000 1 KiB messages, where libzmq settles
    /// into ~2,000. Under `SCHED_BATCH` it waits until the sender blocks or
    /// its slice ends and takes the burst as one batch (tcp 1 KiB: 0.75x ->
    /// 1.75x libzmq, half the sender's CPU). Not by default on more CPUs:
    /// with busy threads on the same CPU a batch thread waits for their
    /// slice (a REQ round trip through the I/O thread measured 2-8 ms
    /// against 0.1-0.15 ms), and there the I/O thread usually finds
    /// another CPU anyway.
    fn apply(&self) {
        if self.policy < 0 && self.priority < 0 {
            if sys::allowed_cpus() == Some(1) {
                let _ = sys::set_sched(libc::SCHED_BATCH, 0);
            }
        } else {
            let policy = if self.policy >= 0 {
                self.policy
            } else {
                libc::SCHED_OTHER
            };
            let _ = sys::set_sched(policy, self.priority.max(0));
        }
        if !self.cpus.is_empty() {
            let _ = sys::set_affinity(&self.cpus);
        }
    }
}

/// A running I/O thread.
pub(crate) struct IoThread {
    pub(crate) mailbox: Arc<Mailbox<IoCmd>>,
    handle: Mutex<Option<JoinHandle<()>>>,
}

impl IoThread {
    pub(crate) fn spawn(name: String, sched: ThreadSched) -> std::io::Result<IoThread> {
        let mailbox = Arc::new(Mailbox::new()?);
        let epoll = Arc::new(epoll::Epoll::new()?);
        epoll.add(mailbox.export(), MAILBOX_TOKEN, epoll::READ)?;
        let mut r = Reactor {
            epoll,
            mailbox: mailbox.clone(),
            objects: HashMap::new(),
            timers: BinaryHeap::new(),
            again: VecDeque::new(),
            stopping: false,
        };
        let handle = std::thread::Builder::new().spawn(move || {
            // Named once its policy is applied: whoever finds the thread
            // by name sees its final scheduling.
            sched.apply();
            sys::set_thread_name(&name);
            r.run()
        })?;
        Ok(IoThread {
            mailbox,
            handle: Mutex::new(Some(handle)),
        })
    }

    /// Asks the thread to finish (after lingering objects) and waits,
    /// unless called on that thread itself (then it just ends later).
    pub(crate) fn stop_and_join(&self) {
        self.mailbox.send(IoCmd::Stop);
        if let Some(h) = self.handle.lock().take() {
            if h.thread().id() != std::thread::current().id() {
                let _ = h.join();
            }
        }
    }
}

macro_rules! io_of {
    ($r:ident, $spawned:ident) => {
        Io {
            epoll: &$r.epoll,
            mailbox: &$r.mailbox,
            timers: &mut $r.timers,
            spawned: $spawned,
            again: &mut $r.again,
        }
    };
}

impl Reactor {
    fn run(&mut self) {
        let mut events = Vec::with_capacity(256);
        let mut cmds = Vec::new();
        let mut spawned = Vec::new();
        loop {
            let mut timeout = if !self.again.is_empty() {
                0
            } else {
                match self.timers.peek() {
                    Some(Reverse((t, _, _))) => {
                        t.saturating_sub(sys::now_ms()).min(i32::MAX as u64) as i32
                    }
                    None => -1,
                }
            };
            // Nothing to wait for but events: if the buffer pool holds
            // memory, give it back after a second without any.
            let idle_trim = timeout == -1 && bufpool::holds_memory();
            if idle_trim {
                timeout = IDLE_TRIM_MS;
            }
            if self.epoll.wait(&mut events, timeout).is_err() {
                // epoll_wait only fails on programming errors; back off.
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            if idle_trim && events.is_empty() {
                bufpool::trim();
            }
            for ev in events.iter() {
                if ev.token == MAILBOX_TOKEN {
                    self.mailbox.take(&mut cmds);
                    for cmd in cmds.drain(..) {
                        self.command(cmd, &mut spawned);
                    }
                } else {
                    self.dispatch(ev.token, &mut spawned, |obj, io| match obj {
                        Object::Listener(l) => l.on_event(ev.flags, io),
                        Object::Session(s) => s.lock().on_event(ev.flags, io),
                        Object::Udp(u) => u.on_event(ev.flags, io),
                    });
                }
            }
            // Timers.
            let now = sys::now_ms();
            while let Some(&Reverse((t, id, kind))) = self.timers.peek() {
                if t > now {
                    break;
                }
                self.timers.pop();
                self.dispatch(id, &mut spawned, |obj, io| match obj {
                    Object::Session(s) => s.lock().on_timer(kind, io),
                    Object::Listener(l) => l.on_timer(kind, io),
                    Object::Udp(_) => Status::Keep,
                });
            }
            // Objects that yielded with work left.
            for _ in 0..self.again.len() {
                let Some(id) = self.again.pop_front() else {
                    break;
                };
                self.dispatch(id, &mut spawned, |obj, io| match obj {
                    Object::Session(s) => s.lock().on_again(io),
                    Object::Listener(l) => l.on_event(epoll::READ, io),
                    Object::Udp(u) => u.on_again(io),
                });
            }
            self.adopt(&mut spawned);
            if self.stopping && self.objects.is_empty() {
                return;
            }
        }
    }

    fn adopt(&mut self, spawned: &mut Vec<Object>) {
        // In the order they were spawned: the connections a listener
        // accepted start in the order the kernel queued them.
        let mut queue: VecDeque<Object> = spawned.drain(..).collect();
        while let Some(obj) = queue.pop_front() {
            let id = obj.id();
            self.objects.insert(id, obj);
            let mut more = Vec::new();
            self.dispatch(id, &mut more, |obj, io| match obj {
                Object::Session(s) => s.lock().start(io),
                Object::Listener(l) => l.start(io),
                Object::Udp(u) => u.start(io),
            });
            queue.extend(more);
        }
    }

    fn dispatch(
        &mut self,
        id: u64,
        spawned: &mut Vec<Object>,
        f: impl FnOnce(&mut Object, &mut Io<'_>) -> Status,
    ) {
        let r = &mut *self;
        let Some(obj) = r.objects.get_mut(&id) else {
            return;
        };
        let mut io = io_of!(r, spawned);
        if f(obj, &mut io) == Status::Remove {
            r.objects.remove(&id);
        }
    }

    fn command(&mut self, cmd: IoCmd, spawned: &mut Vec<Object>) {
        match cmd {
            IoCmd::AddListener(l) => {
                spawned.push(Object::Listener(l));
                self.adopt(spawned);
            }
            IoCmd::AddSession(s) => {
                spawned.push(Object::Session(s));
                self.adopt(spawned);
            }
            IoCmd::AddUdp(u) => {
                spawned.push(Object::Udp(u));
                self.adopt(spawned);
            }
            IoCmd::Wake(id, _) if id & security::ZAP_TOKEN != 0 => {
                self.dispatch(id & !security::ZAP_TOKEN, spawned, |obj, io| match obj {
                    Object::Session(s) => s.lock().on_zap_wake(io),
                    Object::Listener(_) | Object::Udp(_) => Status::Keep,
                })
            }
            IoCmd::Wake(id, kind) => self.dispatch(id, spawned, |obj, io| match obj {
                Object::Session(s) => s.lock().on_wake(kind, io),
                Object::Udp(u) => u.on_wake(kind, io),
                Object::Listener(_) => Status::Keep,
            }),
            IoCmd::Close { id, ack } => {
                let children: Vec<u64> = self
                    .objects
                    .values()
                    .filter_map(|o| match o {
                        Object::Session(s) if s.lock().listener() == Some(id) => {
                            Some(s.lock().id())
                        }
                        _ => None,
                    })
                    .collect();
                for c in children.into_iter().chain(std::iter::once(id)) {
                    self.dispatch(c, spawned, |obj, io| match obj {
                        Object::Session(s) => s.lock().close(None, io),
                        Object::Listener(l) => l.close(io),
                        Object::Udp(u) => u.close(None, io),
                    });
                }
                if let Some(a) = ack {
                    a.signal();
                }
            }
            IoCmd::SocketClosed {
                socket,
                linger,
                ack,
            } => {
                let ids: Vec<u64> = self
                    .objects
                    .values()
                    .filter(|o| o.owner() == socket)
                    .map(|o| o.id())
                    .collect();
                for id in ids {
                    self.dispatch(id, spawned, |obj, io| match obj {
                        Object::Session(s) => s.lock().close(Some(linger), io),
                        Object::Listener(l) => l.close(io),
                        Object::Udp(u) => u.close(Some(linger), io),
                    });
                }
                if let Some(a) = ack {
                    a.signal();
                }
            }
            IoCmd::Stop => {
                self.stopping = true;
                let ids: Vec<u64> = self.objects.keys().copied().collect();
                for id in ids {
                    // Sessions of closed sockets keep lingering; anything
                    // else (there should be nothing) closes now.
                    self.dispatch(id, spawned, |obj, io| match obj {
                        Object::Session(s) if s.lock().is_closing() => Status::Keep,
                        Object::Session(s) => s.lock().close(None, io),
                        Object::Listener(l) => l.close(io),
                        Object::Udp(u) => u.close(None, io),
                    });
                }
            }
        }
    }
}
