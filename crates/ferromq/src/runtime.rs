//! What the sockets of one context share while it runs: its I/O threads,
//! the registry of live sockets (so termination can stop them and wait for
//! them), the inproc endpoints, and the context options.
//!
//! [`crate::Context`] is the public handle over it; sockets hold it too, so
//! it lives until the last handle and the last socket are gone.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use parking_lot::{Condvar, Mutex};

use crate::command::Command;
use crate::error::{Error, Result};
use crate::inproc::Registry;
use crate::io::{IoThread, ThreadSched};
use crate::mailbox::Mailbox;
use crate::opt::*;

/// libzmq's hard ceiling on ZMQ_MAX_SOCKETS (ZMQ_SOCKET_LIMIT).
const SOCKET_LIMIT: i32 = 65535;

struct State {
    io_threads: i32,
    max_sockets: i32,
    ipv6: bool,
    blocky: bool,
    thread_priority: i32,
    thread_sched_policy: i32,
    max_msgsz: i32,
    zero_copy: bool,
    /// ZMQ_THREAD_NAME_PREFIX: bytes, as set (an int is set as its
    /// decimal digits).
    thread_name_prefix: Vec<u8>,
    affinity: Vec<i32>,
    /// ZMQ_MAX_SOCKETS as it was when the first socket was made (libzmq
    /// sizes its tables then; later changes show in `get` only).
    socket_cap: i32,
    sockets: HashMap<u64, Arc<Mailbox<Command>>>,
    terminating: bool,
    started: bool,
    io: Vec<Arc<IoThread>>,
}

/// A context's shared state.
pub(crate) struct Runtime {
    state: Mutex<State>,
    cv: Condvar,
    /// The inproc endpoints (shared weakly with sessions, for ZAP).
    pub(crate) inproc: Arc<Registry>,
    rr: AtomicUsize,
}

/// What a new socket inherits from its context.
pub(crate) struct SocketDefaults {
    pub(crate) blocky: bool,
    pub(crate) ipv6: bool,
}

impl Runtime {
    /// A context with libzmq's defaults (one I/O thread, started with the
    /// first socket).
    pub(crate) fn new() -> Runtime {
        Runtime {
            state: Mutex::new(State {
                io_threads: 1,
                max_sockets: 1023,
                ipv6: false,
                blocky: true,
                thread_priority: -1,
                thread_sched_policy: -1,
                max_msgsz: i32::MAX,
                zero_copy: true,
                thread_name_prefix: Vec::new(),
                affinity: Vec::new(),
                socket_cap: 0,
                sockets: HashMap::new(),
                terminating: false,
                started: false,
                io: Vec::new(),
            }),
            cv: Condvar::new(),
            inproc: Arc::new(Registry::default()),
            rr: AtomicUsize::new(0),
        }
    }

    /// Admits one more socket: starts the I/O threads with the first one,
    /// refuses once terminating (ETERM) or at ZMQ_MAX_SOCKETS (EMFILE).
    pub(crate) fn admit(&self) -> Result<SocketDefaults> {
        let mut st = self.state.lock();
        if st.terminating {
            return Err(Error::Term);
        }
        if !st.started {
            st.started = true;
            st.socket_cap = st.max_sockets;
            let sched = ThreadSched {
                policy: st.thread_sched_policy,
                priority: st.thread_priority,
                cpus: st.affinity.clone(),
            };
            for i in 0..st.io_threads {
                // libzmq: "ZMQbg/IO/0", or "<prefix>/ZMQbg/IO/0" (the
                // kernel keeps 15 bytes of a thread name).
                let name = match st.thread_name_prefix.as_slice() {
                    [] => format!("ZMQbg/IO/{i}"),
                    p => {
                        // Up to a NUL, as libzmq formats it (a C string).
                        let p = p.split(|&b| b == 0).next().unwrap_or_default();
                        format!("{}/ZMQbg/IO/{i}", String::from_utf8_lossy(p))
                    }
                };
                let t = IoThread::spawn(name, sched.clone()).map_err(Error::from)?;
                st.io.push(Arc::new(t));
            }
        }
        if st.sockets.len() >= st.socket_cap as usize {
            return Err(Error::MFile);
        }
        Ok(SocketDefaults {
            blocky: st.blocky,
            ipv6: st.ipv6,
        })
    }

    /// Records a new socket so that termination can stop it and wait for
    /// it; ETERM if termination began since `admit`.
    pub(crate) fn register(&self, id: u64, mailbox: Arc<Mailbox<Command>>) -> Result<()> {
        let mut st = self.state.lock();
        if st.terminating {
            return Err(Error::Term);
        }
        st.sockets.insert(id, mailbox);
        Ok(())
    }

    /// Forgets a closed socket, waking `term`.
    pub(crate) fn unregister(&self, id: u64) {
        let mut st = self.state.lock();
        st.sockets.remove(&id);
        if st.sockets.is_empty() {
            self.cv.notify_all();
        }
    }

    /// An I/O thread for a new connection or listener (round robin), or
    /// EMTHREAD if the context has none.
    pub(crate) fn choose_io(&self) -> Result<Arc<IoThread>> {
        let st = self.state.lock();
        if st.io.is_empty() {
            return Err(Error::MThread);
        }
        let i = self.rr.fetch_add(1, Ordering::Relaxed) % st.io.len();
        Ok(st.io[i].clone())
    }

    /// Sets a context option (`zmq_ctx_set`), validated as libzmq does.
    pub(crate) fn set(&self, option: i32, value: i32) -> Result<()> {
        let mut st = self.state.lock();
        match option {
            ZMQ_MAX_SOCKETS if value >= 1 => st.max_sockets = value,
            ZMQ_IO_THREADS if value >= 0 => st.io_threads = value,
            ZMQ_IPV6_CTX if value >= 0 => st.ipv6 = value != 0,
            ZMQ_BLOCKY if value >= 0 => st.blocky = value != 0,
            ZMQ_MAX_MSGSZ if value >= 0 => st.max_msgsz = value,
            ZMQ_ZERO_COPY_RECV if value >= 0 => st.zero_copy = value != 0,
            // Shares its number with ZMQ_SOCKET_LIMIT, which is read-only.
            ZMQ_THREAD_PRIORITY if value >= 0 => st.thread_priority = value,
            ZMQ_THREAD_SCHED_POLICY if value >= 0 => st.thread_sched_policy = value,
            ZMQ_THREAD_AFFINITY_CPU_ADD if value >= 0 => {
                if !st.affinity.contains(&value) {
                    st.affinity.push(value);
                }
            }
            ZMQ_THREAD_AFFINITY_CPU_REMOVE if value >= 0 => {
                let before = st.affinity.len();
                st.affinity.retain(|&c| c != value);
                if st.affinity.len() == before {
                    return Err(Error::Inval);
                }
            }
            ZMQ_THREAD_NAME_PREFIX => st.thread_name_prefix = value.to_string().into_bytes(),
            _ => return Err(Error::Inval),
        }
        Ok(())
    }

    /// Reads a context option (`zmq_ctx_get`).
    pub(crate) fn get(&self, option: i32) -> Result<i32> {
        let st = self.state.lock();
        Ok(match option {
            ZMQ_IO_THREADS => st.io_threads,
            ZMQ_MAX_SOCKETS => st.max_sockets,
            ZMQ_SOCKET_LIMIT => SOCKET_LIMIT,
            ZMQ_IPV6_CTX => i32::from(st.ipv6),
            ZMQ_BLOCKY => i32::from(st.blocky),
            ZMQ_MAX_MSGSZ => st.max_msgsz,
            ZMQ_MSG_T_SIZE => 64,
            ZMQ_ZERO_COPY_RECV => i32::from(st.zero_copy),
            ZMQ_THREAD_SCHED_POLICY => st.thread_sched_policy,
            ZMQ_THREAD_NAME_PREFIX => atoi(&st.thread_name_prefix),
            _ => return Err(Error::Inval),
        })
    }

    /// Sets a context option from bytes (`zmq_ctx_set_ext`): a value of
    /// exactly an int's size is an int (`set`), whatever the option;
    /// otherwise only ZMQ_THREAD_NAME_PREFIX takes one, a string of 1 to
    /// 16 bytes. As libzmq.
    pub(crate) fn set_ext(&self, option: i32, value: &[u8]) -> Result<()> {
        if let Ok(int) = <[u8; 4]>::try_from(value) {
            return self.set(option, i32::from_ne_bytes(int));
        }
        match option {
            ZMQ_THREAD_NAME_PREFIX if (1..=16).contains(&value.len()) => {
                self.state.lock().thread_name_prefix = value.to_vec();
                Ok(())
            }
            _ => Err(Error::Inval),
        }
    }

    /// Reads a context option into `out` (`zmq_ctx_get_ext`): an int if
    /// `out` is exactly an int's size; otherwise only
    /// ZMQ_THREAD_NAME_PREFIX, whose bytes are copied if they fit (without
    /// a NUL added; `out`'s size is not what is reported back, as libzmq).
    pub(crate) fn get_ext(&self, option: i32, out: &mut [u8]) -> Result<()> {
        if out.len() == 4 {
            out.copy_from_slice(&self.get(option)?.to_ne_bytes());
            return Ok(());
        }
        let st = self.state.lock();
        match option {
            ZMQ_THREAD_NAME_PREFIX if out.len() >= st.thread_name_prefix.len() => {
                out[..st.thread_name_prefix.len()].copy_from_slice(&st.thread_name_prefix);
                Ok(())
            }
            _ => Err(Error::Inval),
        }
    }

    /// Interrupts every blocking call with ETERM and refuses new sockets.
    pub(crate) fn shutdown(&self) {
        let mut st = self.state.lock();
        if !st.terminating {
            st.terminating = true;
            for mb in st.sockets.values() {
                mb.send(Command::Stop);
            }
        }
    }

    /// Shuts down, waits until every socket is closed and every lingering
    /// message is sent (or its linger expired), then stops the I/O threads.
    pub(crate) fn term(&self) {
        self.shutdown();
        let io = {
            let mut st = self.state.lock();
            while !st.sockets.is_empty() {
                self.cv.wait(&mut st);
            }
            std::mem::take(&mut st.io)
        };
        for t in io {
            t.stop_and_join();
        }
        self.inproc.lock().pending.clear();
        crate::bufpool::trim();
    }
}

impl Drop for Runtime {
    /// The last context handle and the last socket are gone: terminate as
    /// `term` would (no socket is left to wait for), unless `term` already
    /// did. The I/O threads hold no reference to the context, so this runs
    /// on an application thread.
    fn drop(&mut self) {
        let st = self.state.get_mut();
        st.terminating = true;
        for t in std::mem::take(&mut st.io) {
            t.stop_and_join();
        }
        self.inproc.lock().pending.clear();
        crate::bufpool::trim();
    }
}

/// C's `atoi`: optional blanks and sign, then digits up to the first
/// non-digit; 0 if none (how libzmq reads a string prefix back as an int).
fn atoi(s: &[u8]) -> i32 {
    let mut it = s
        .iter()
        .copied()
        .skip_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
        .peekable();
    let neg = match it.peek() {
        Some(b'-') => {
            it.next();
            true
        }
        Some(b'+') => {
            it.next();
            false
        }
        _ => false,
    };
    let mut v: i64 = 0;
    for b in it.take_while(u8::is_ascii_digit) {
        v = (v * 10 + i64::from(b - b'0')).min(i64::from(i32::MAX) + 1);
    }
    let v = if neg { -v } else { v };
    v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

#[cfg(test)]
mod atoi_tests {
    use super::atoi;

    #[test]
    fn reads_like_c() {
        assert_eq!(atoi(b""), 0);
        assert_eq!(atoi(b"7"), 7);
        assert_eq!(atoi(b" -12ab"), -12);
        assert_eq!(atoi(b"MyApp"), 0);
        assert_eq!(atoi(b"42\0"), 42);
    }
}
