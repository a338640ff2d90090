//! Typed socket options for the Rust API.
//!
//! ```
//! use ferromq::{sockopt, Context, SocketType};
//! let ctx = Context::new();
//! let mut s = ctx.socket(SocketType::Dealer).unwrap();
//! s.set(sockopt::SNDHWM, 10).unwrap();
//! s.set(sockopt::ROUTING_ID, b"worker-1".to_vec()).unwrap();
//! assert_eq!(s.get(sockopt::SNDHWM).unwrap(), 10);
//! assert_eq!(s.get(sockopt::TYPE).unwrap(), SocketType::Dealer.raw());
//! # s.close();
//! ```
//!
//! Each constant carries the option's value type; values are checked
//! exactly as `zmq_setsockopt` checks them (errors are libzmq's errno).

use std::marker::PhantomData;

use crate::error::{Error, Result};
use crate::opt;

/// A socket option whose value is a `T`.
#[derive(Debug)]
pub struct SocketOption<T> {
    id: i32,
    _t: PhantomData<fn() -> T>,
}

impl<T> Clone for SocketOption<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for SocketOption<T> {}

impl<T> SocketOption<T> {
    const fn new(id: i32) -> SocketOption<T> {
        SocketOption {
            id,
            _t: PhantomData,
        }
    }

    /// libzmq's option number.
    pub fn id(self) -> i32 {
        self.id
    }
}

/// A type an option value can have, and its C encoding.
pub trait OptionValue: Sized {
    /// The bytes `zmq_setsockopt` would be given.
    fn encode(&self) -> Vec<u8>;
    /// The size of buffer to read the value into.
    fn capacity() -> usize;
    /// Decodes what `zmq_getsockopt` wrote.
    fn decode(b: &[u8]) -> Result<Self>;
}

impl OptionValue for i32 {
    fn encode(&self) -> Vec<u8> {
        self.to_ne_bytes().to_vec()
    }
    fn capacity() -> usize {
        4
    }
    fn decode(b: &[u8]) -> Result<i32> {
        <[u8; 4]>::try_from(b)
            .map(i32::from_ne_bytes)
            .map_err(|_| Error::Inval)
    }
}

impl OptionValue for bool {
    fn encode(&self) -> Vec<u8> {
        i32::from(*self).encode()
    }
    fn capacity() -> usize {
        4
    }
    fn decode(b: &[u8]) -> Result<bool> {
        i32::decode(b).map(|v| v != 0)
    }
}

impl OptionValue for i64 {
    fn encode(&self) -> Vec<u8> {
        self.to_ne_bytes().to_vec()
    }
    fn capacity() -> usize {
        8
    }
    fn decode(b: &[u8]) -> Result<i64> {
        <[u8; 8]>::try_from(b)
            .map(i64::from_ne_bytes)
            .map_err(|_| Error::Inval)
    }
}

impl OptionValue for u64 {
    fn encode(&self) -> Vec<u8> {
        self.to_ne_bytes().to_vec()
    }
    fn capacity() -> usize {
        8
    }
    fn decode(b: &[u8]) -> Result<u64> {
        <[u8; 8]>::try_from(b)
            .map(u64::from_ne_bytes)
            .map_err(|_| Error::Inval)
    }
}

/// Binary values (routing ids, subscriptions, welcome messages).
impl OptionValue for Vec<u8> {
    fn encode(&self) -> Vec<u8> {
        self.clone()
    }
    fn capacity() -> usize {
        256
    }
    fn decode(b: &[u8]) -> Result<Vec<u8>> {
        Ok(b.to_vec())
    }
}

/// Text values (endpoints, ZAP domain, PLAIN credentials), without the
/// NUL terminator C sees.
impl OptionValue for String {
    fn encode(&self) -> Vec<u8> {
        self.as_bytes().to_vec()
    }
    fn capacity() -> usize {
        4096
    }
    fn decode(b: &[u8]) -> Result<String> {
        let b = b.strip_suffix(&[0]).unwrap_or(b);
        String::from_utf8(b.to_vec()).map_err(|_| Error::Inval)
    }
}

macro_rules! options {
    ($($(#[$doc:meta])* $name:ident: $t:ty = $id:expr;)*) => {
        $( $(#[$doc])* pub const $name: SocketOption<$t> = SocketOption::new($id); )*
    };
}

options! {
    /// I/O thread affinity bitmask for new connections.
    AFFINITY: u64 = opt::ZMQ_AFFINITY;
    /// Routing id announced to ROUTER peers (1–255 bytes).
    ROUTING_ID: Vec<u8> = opt::ZMQ_ROUTING_ID;
    /// SUB: add a prefix filter.
    SUBSCRIBE: Vec<u8> = opt::ZMQ_SUBSCRIBE;
    /// SUB: remove one prefix filter.
    UNSUBSCRIBE: Vec<u8> = opt::ZMQ_UNSUBSCRIBE;
    /// Kernel send buffer size (-1: OS default).
    SNDBUF: i32 = opt::ZMQ_SNDBUF;
    /// Kernel receive buffer size (-1: OS default).
    RCVBUF: i32 = opt::ZMQ_RCVBUF;
    /// Whether the last received frame has more parts (read-only).
    RCVMORE: bool = opt::ZMQ_RCVMORE;
    /// ZMQ_POLLIN / ZMQ_POLLOUT now (read-only).
    EVENTS: i32 = opt::ZMQ_EVENTS;
    /// Socket type (read-only).
    TYPE: i32 = opt::ZMQ_TYPE;
    /// Milliseconds to keep unsent messages after close (-1: forever).
    LINGER: i32 = opt::ZMQ_LINGER;
    /// Reconnect delay in ms (-1: never reconnect).
    RECONNECT_IVL: i32 = opt::ZMQ_RECONNECT_IVL;
    /// listen() backlog.
    BACKLOG: i32 = opt::ZMQ_BACKLOG;
    /// Maximum reconnect delay for exponential back-off (0: fixed).
    RECONNECT_IVL_MAX: i32 = opt::ZMQ_RECONNECT_IVL_MAX;
    /// Largest inbound frame; larger drops the connection (-1: none).
    MAXMSGSIZE: i64 = opt::ZMQ_MAXMSGSIZE;
    /// Outbound queue limit in messages (0: none).
    SNDHWM: i32 = opt::ZMQ_SNDHWM;
    /// Inbound queue limit in messages (0: none).
    RCVHWM: i32 = opt::ZMQ_RCVHWM;
    /// Receive timeout in ms (-1: forever).
    RCVTIMEO: i32 = opt::ZMQ_RCVTIMEO;
    /// Send timeout in ms (-1: forever).
    SNDTIMEO: i32 = opt::ZMQ_SNDTIMEO;
    /// Resolved endpoint of the last bind or connect (read-only).
    LAST_ENDPOINT: String = opt::ZMQ_LAST_ENDPOINT;
    /// ROUTER: unroutable messages fail with EHOSTUNREACH.
    ROUTER_MANDATORY: bool = opt::ZMQ_ROUTER_MANDATORY;
    /// TCP keepalive override (-1: OS default).
    TCP_KEEPALIVE: i32 = opt::ZMQ_TCP_KEEPALIVE;
    /// Queue messages only on completed connections.
    IMMEDIATE: bool = opt::ZMQ_IMMEDIATE;
    /// XPUB: pass every subscription upstream.
    XPUB_VERBOSE: bool = opt::ZMQ_XPUB_VERBOSE;
    /// Enable IPv6 on tcp sockets.
    IPV6: bool = opt::ZMQ_IPV6;
    /// Security mechanism in use (read-only).
    MECHANISM: i32 = opt::ZMQ_MECHANISM;
    /// REQ/DEALER/ROUTER: greet each new peer with an empty message.
    PROBE_ROUTER: bool = opt::ZMQ_PROBE_ROUTER;
    /// REQ: match replies to requests by id.
    REQ_CORRELATE: bool = opt::ZMQ_REQ_CORRELATE;
    /// REQ: allow a new request before the reply.
    REQ_RELAXED: bool = opt::ZMQ_REQ_RELAXED;
    /// Keep only the newest message (DEALER, PULL, PUSH, PUB, SUB).
    CONFLATE: bool = opt::ZMQ_CONFLATE;
    /// ROUTER: a new peer with a known id takes the id over.
    ROUTER_HANDOVER: bool = opt::ZMQ_ROUTER_HANDOVER;
    /// ROUTER/STREAM: routing id for the next connect.
    CONNECT_ROUTING_ID: Vec<u8> = opt::ZMQ_CONNECT_ROUTING_ID;
    /// Milliseconds to complete a handshake (0: no limit).
    HANDSHAKE_IVL: i32 = opt::ZMQ_HANDSHAKE_IVL;
    /// XPUB: fail with EAGAIN at the high-water mark instead of dropping.
    XPUB_NODROP: bool = opt::ZMQ_XPUB_NODROP;
    /// XPUB: the application applies subscriptions itself.
    XPUB_MANUAL: bool = opt::ZMQ_XPUB_MANUAL;
    /// XPUB: message sent to every new subscriber.
    XPUB_WELCOME_MSG: Vec<u8> = opt::ZMQ_XPUB_WELCOME_MSG;
    /// STREAM: report connects and disconnects as [id, ""].
    STREAM_NOTIFY: bool = opt::ZMQ_STREAM_NOTIFY;
    /// Deliver only messages that match no subscription.
    INVERT_MATCHING: bool = opt::ZMQ_INVERT_MATCHING;
    /// XPUB: pass subscriptions and unsubscriptions upstream.
    XPUB_VERBOSER: bool = opt::ZMQ_XPUB_VERBOSER;
    /// tcp connect timeout in ms (0: OS default).
    CONNECT_TIMEOUT: i32 = opt::ZMQ_CONNECT_TIMEOUT;
    /// Whether the socket is thread-safe (read-only; always false here).
    THREAD_SAFE: bool = opt::ZMQ_THREAD_SAFE;
    /// XPUB: manual mode where only the last subscriber gets the next message.
    XPUB_MANUAL_LAST_VALUE: bool = opt::ZMQ_XPUB_MANUAL_LAST_VALUE;
    /// ROUTER: deliver [id, ""] on connect (1) and/or disconnect (2).
    ROUTER_NOTIFY: i32 = opt::ZMQ_ROUTER_NOTIFY;
    /// Bytes read from a connection at a time (reads 8192 until set).
    IN_BATCH_SIZE: i32 = opt::ZMQ_IN_BATCH_SIZE;
    /// Bytes batched before a write (reads 8192 until set).
    OUT_BATCH_SIZE: i32 = opt::ZMQ_OUT_BATCH_SIZE;
    /// ROUTER/DEALER: message sent first to each new peer (set only).
    HELLO_MSG: Vec<u8> = opt::ZMQ_HELLO_MSG;
    /// ROUTER: message received as [id, msg] when a peer leaves (set only).
    DISCONNECT_MSG: Vec<u8> = opt::ZMQ_DISCONNECT_MSG;
    /// DEALER: message received when a connection it made drops (set only).
    HICCUP_MSG: Vec<u8> = opt::ZMQ_HICCUP_MSG;
    /// SO_PRIORITY of tcp connections (0: not set).
    PRIORITY: i32 = opt::ZMQ_PRIORITY;
    /// SO_BUSY_POLL of tcp connections (0: not set).
    BUSY_POLL: i32 = opt::ZMQ_BUSY_POLL;
    /// XSUB: pass every unsubscription upstream (set only).
    XSUB_VERBOSE_UNSUBSCRIBE: bool = opt::ZMQ_XSUB_VERBOSE_UNSUBSCRIBE;
    /// PUB/SUB/XPUB/XSUB: subscriptions held (read-only).
    TOPICS_COUNT: i32 = opt::ZMQ_TOPICS_COUNT;
    /// When to stop reconnecting (ZMQ_RECONNECT_STOP_* bits).
    RECONNECT_STOP: i32 = opt::ZMQ_RECONNECT_STOP;
    /// ferromq extension: messages dropped at a high-water mark (read-only).
    HWM_DROPPED: u64 = opt::ZMQ_FERROMQ_HWM_DROPPED;
}

/// ZMQ_FD: the descriptor that signals pending events (read-only).
pub const FD: SocketOption<i32> = SocketOption::new(opt::ZMQ_FD);
