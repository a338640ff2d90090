//! The API of the `zmq` crate (rust-zmq 0.10) over ferromq.
//!
//! rust-zmq binds the C libzmq (and by default builds its own copy of it).
//! This module offers the same types, functions and method signatures on
//! top of ferromq's pure-Rust engine, so a rust-zmq program switches with
//! one line of its Cargo.toml, through the `ferromq-zmq` crate (whose root
//! is this module):
//!
//! ```toml
//! [dependencies]
//! # zmq = "0.10"
//! zmq = { package = "ferromq-zmq", version = "0.1" }
//! ```
//!
//! ```
//! use ferromq::compat::zmq;
//!
//! let ctx = zmq::Context::new();
//! let rep = ctx.socket(zmq::REP).unwrap();
//! rep.bind("inproc://compat-doc").unwrap();
//! let req = ctx.socket(zmq::REQ).unwrap();
//! req.connect("inproc://compat-doc").unwrap();
//!
//! req.send("hello", 0).unwrap();
//! assert_eq!(rep.recv_string(0).unwrap().unwrap(), "hello");
//! rep.send("world", 0).unwrap();
//! let mut items = [req.as_poll_item(zmq::POLLIN)];
//! assert_eq!(zmq::poll(&mut items, 5000).unwrap(), 1);
//! assert!(items[0].is_readable());
//! assert_eq!(req.recv_bytes(0).unwrap(), b"world");
//! ```
//!
//! What differs from rust-zmq: there is no C socket behind a [`Socket`],
//! so the raw-pointer methods (`into_raw`, `as_mut_ptr`, `from_raw`) do not
//! exist; [`has`] answers for ferromq (`ipc` and `curve`); the GSSAPI
//! options fail with `EINVAL`, as in a libzmq built without GSSAPI.

mod message;

use std::cell::RefCell;
use std::fmt;
use std::os::fd::{AsRawFd, RawFd};
use std::result;

use crate::opt;
use crate::poll::{poll_with, Items};

pub use self::message::Message;
pub use self::SocketType::*;

/// rust-zmq's result type.
pub type Result<T> = result::Result<T, Error>;

/// Send/recv flag: do not block (`ZMQ_DONTWAIT`).
pub static DONTWAIT: i32 = opt::ZMQ_DONTWAIT;
/// Send flag: more frames follow (`ZMQ_SNDMORE`).
pub static SNDMORE: i32 = opt::ZMQ_SNDMORE;

/// Socket types; also importable as `zmq::REQ`, `zmq::PUB`, ...
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SocketType {
    /// `ZMQ_PAIR`
    PAIR,
    /// `ZMQ_PUB`
    PUB,
    /// `ZMQ_SUB`
    SUB,
    /// `ZMQ_REQ`
    REQ,
    /// `ZMQ_REP`
    REP,
    /// `ZMQ_DEALER`
    DEALER,
    /// `ZMQ_ROUTER`
    ROUTER,
    /// `ZMQ_PULL`
    PULL,
    /// `ZMQ_PUSH`
    PUSH,
    /// `ZMQ_XPUB`
    XPUB,
    /// `ZMQ_XSUB`
    XSUB,
    /// `ZMQ_STREAM`
    STREAM,
}

impl SocketType {
    fn native(self) -> crate::SocketType {
        use crate::SocketType as T;
        match self {
            PAIR => T::Pair,
            PUB => T::Pub,
            SUB => T::Sub,
            REQ => T::Req,
            REP => T::Rep,
            DEALER => T::Dealer,
            ROUTER => T::Router,
            PULL => T::Pull,
            PUSH => T::Push,
            XPUB => T::XPub,
            XSUB => T::XSub,
            STREAM => T::Stream,
        }
    }

    /// libzmq's number for the type.
    pub fn to_raw(self) -> i32 {
        self.native().raw()
    }

    /// The type of libzmq's number. Panics on an unknown number, as
    /// rust-zmq does.
    pub fn from_raw(raw: i32) -> SocketType {
        [
            PAIR, PUB, SUB, REQ, REP, DEALER, ROUTER, PULL, PUSH, XPUB, XSUB, STREAM,
        ]
        .into_iter()
        .find(|t| t.to_raw() == raw)
        .unwrap_or_else(|| panic!("socket type is out of range: {raw}"))
    }
}

/// Monitor events (`zmq_socket_monitor`), with libzmq's values.
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SocketEvent {
    /// `ZMQ_EVENT_CONNECTED`
    CONNECTED = 0x0001,
    /// `ZMQ_EVENT_CONNECT_DELAYED`
    CONNECT_DELAYED = 0x0002,
    /// `ZMQ_EVENT_CONNECT_RETRIED`
    CONNECT_RETRIED = 0x0004,
    /// `ZMQ_EVENT_LISTENING`
    LISTENING = 0x0008,
    /// `ZMQ_EVENT_BIND_FAILED`
    BIND_FAILED = 0x0010,
    /// `ZMQ_EVENT_ACCEPTED`
    ACCEPTED = 0x0020,
    /// `ZMQ_EVENT_ACCEPT_FAILED`
    ACCEPT_FAILED = 0x0040,
    /// `ZMQ_EVENT_CLOSED`
    CLOSED = 0x0080,
    /// `ZMQ_EVENT_CLOSE_FAILED`
    CLOSE_FAILED = 0x0100,
    /// `ZMQ_EVENT_DISCONNECTED`
    DISCONNECTED = 0x0200,
    /// `ZMQ_EVENT_MONITOR_STOPPED`
    MONITOR_STOPPED = 0x0400,
    /// `ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL`
    HANDSHAKE_FAILED_NO_DETAIL = 0x0800,
    /// `ZMQ_EVENT_HANDSHAKE_SUCCEEDED`
    HANDSHAKE_SUCCEEDED = 0x1000,
    /// `ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL`
    HANDSHAKE_FAILED_PROTOCOL = 0x2000,
    /// `ZMQ_EVENT_HANDSHAKE_FAILED_AUTH`
    HANDSHAKE_FAILED_AUTH = 0x4000,
    /// `ZMQ_EVENT_ALL`
    ALL = 0xffff,
}

impl SocketEvent {
    /// The event's number.
    pub fn to_raw(self) -> u16 {
        self as u16
    }

    /// The event of a number. Panics on an unknown one, as rust-zmq does.
    pub fn from_raw(raw: u16) -> SocketEvent {
        use SocketEvent::*;
        [
            CONNECTED,
            CONNECT_DELAYED,
            CONNECT_RETRIED,
            LISTENING,
            BIND_FAILED,
            ACCEPTED,
            ACCEPT_FAILED,
            CLOSED,
            CLOSE_FAILED,
            DISCONNECTED,
            MONITOR_STOPPED,
            HANDSHAKE_FAILED_NO_DETAIL,
            HANDSHAKE_SUCCEEDED,
            HANDSHAKE_FAILED_PROTOCOL,
            HANDSHAKE_FAILED_AUTH,
            ALL,
        ]
        .into_iter()
        .find(|e| e.to_raw() == raw)
        .unwrap_or_else(|| panic!("unknown event type {raw}"))
    }
}

/// Security mechanisms (`ZMQ_MECHANISM`).
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mechanism {
    /// No security.
    ZMQ_NULL,
    /// PLAIN.
    ZMQ_PLAIN,
    /// CURVE.
    ZMQ_CURVE,
    /// GSSAPI (never in use with ferromq).
    ZMQ_GSSAPI,
}

macro_rules! errors {
    ($($name:ident = $errno:expr, $text:literal,)*) => {
        /// Errors, named after their errno values as in rust-zmq.
        #[allow(clippy::upper_case_acronyms)]
        #[derive(Clone, Copy, Eq, PartialEq)]
        pub enum Error {
            $(
                #[doc = concat!("`", stringify!($name), "`")]
                $name,
            )*
        }

        impl Error {
            /// The errno value.
            pub fn to_raw(self) -> i32 {
                match self {
                    $(Error::$name => $errno,)*
                }
            }

            /// The error of an errno value. rust-zmq panics on a value it
            /// has no name for; here it becomes `EINVAL` (ferromq reports
            /// only named values).
            pub fn from_raw(raw: i32) -> Error {
                match raw {
                    $(x if x == $errno => Error::$name,)*
                    _ => Error::EINVAL,
                }
            }

            /// The error's description, as `zmq_strerror` gives it.
            pub fn message(self) -> &'static str {
                match self {
                    $(Error::$name => $text,)*
                }
            }
        }
    };
}

errors! {
    EACCES = libc::EACCES, "Permission denied",
    EADDRINUSE = libc::EADDRINUSE, "Address already in use",
    EAGAIN = libc::EAGAIN, "Resource temporarily unavailable",
    EBUSY = libc::EBUSY, "Device or resource busy",
    ECONNREFUSED = libc::ECONNREFUSED, "Connection refused",
    EFAULT = libc::EFAULT, "Bad address",
    EINTR = libc::EINTR, "Interrupted system call",
    EHOSTUNREACH = libc::EHOSTUNREACH, "No route to host",
    EINPROGRESS = libc::EINPROGRESS, "Operation now in progress",
    EINVAL = libc::EINVAL, "Invalid argument",
    EMFILE = libc::EMFILE, "Too many open files",
    EMSGSIZE = libc::EMSGSIZE, "Message too long",
    ENAMETOOLONG = libc::ENAMETOOLONG, "File name too long",
    ENODEV = libc::ENODEV, "No such device",
    ENOENT = libc::ENOENT, "No such file or directory",
    ENOMEM = libc::ENOMEM, "Cannot allocate memory",
    ENOTCONN = libc::ENOTCONN, "Transport endpoint is not connected",
    ENOTSOCK = libc::ENOTSOCK, "Socket operation on non-socket",
    EPROTO = libc::EPROTO, "Protocol error",
    EPROTONOSUPPORT = libc::EPROTONOSUPPORT, "Protocol not supported",
    ENOTSUP = libc::ENOTSUP, "Operation not supported",
    ENOBUFS = libc::ENOBUFS, "No buffer space available",
    ENETDOWN = libc::ENETDOWN, "Network is down",
    EADDRNOTAVAIL = libc::EADDRNOTAVAIL, "Cannot assign requested address",
    EFSM = crate::error::EFSM, "Operation cannot be accomplished in current state",
    ENOCOMPATPROTO = crate::error::ENOCOMPATPROTO, "The protocol is not compatible with the socket type",
    ETERM = crate::error::ETERM, "Context was terminated",
    EMTHREAD = crate::error::EMTHREAD, "No thread available",
}

impl From<crate::Error> for Error {
    fn from(e: crate::Error) -> Error {
        Error::from_raw(e.errno())
    }
}

impl std::error::Error for Error {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // rust-zmq prints the description here too.
        f.write_str(self.message())
    }
}

impl From<Error> for std::io::Error {
    fn from(e: Error) -> std::io::Error {
        std::io::Error::from_raw_os_error(e.to_raw())
    }
}

/// The libzmq API version ferromq provides: (4, 3, 5).
pub fn version() -> (i32, i32, i32) {
    (4, 3, 5)
}

/// Whether a capability is built in: `Some(true)` for `ipc`, `curve`, `WS`
/// and `WSS` (libzmq's spelling),
/// `Some(false)` for anything else.
pub fn has(capability: &str) -> Option<bool> {
    Some(matches!(capability, "ipc" | "curve" | "WS" | "WSS"))
}

/// A context (rust-zmq's `zmq::Context`); clones share it.
#[derive(Clone, Default)]
pub struct Context {
    ctx: crate::Context,
}

impl Context {
    /// A new context.
    pub fn new() -> Context {
        Context {
            ctx: crate::Context::new(),
        }
    }

    /// `ZMQ_IO_THREADS`.
    pub fn get_io_threads(&self) -> Result<i32> {
        Ok(self.ctx.get(opt::ZMQ_IO_THREADS)?)
    }

    /// Sets `ZMQ_IO_THREADS` (before the first socket).
    pub fn set_io_threads(&self, value: i32) -> Result<()> {
        Ok(self.ctx.set(opt::ZMQ_IO_THREADS, value)?)
    }

    /// A new socket of type `socket_type`.
    pub fn socket(&self, socket_type: SocketType) -> Result<Socket> {
        Ok(Socket {
            sock: RefCell::new(self.ctx.socket(socket_type.native())?),
        })
    }

    /// Terminates the context (`zmq_ctx_term`): waits until every socket is
    /// closed and has sent what its linger allows.
    pub fn destroy(&mut self) -> Result<()> {
        Ok(self.ctx.term()?)
    }
}

/// A socket (rust-zmq's `zmq::Socket`). Methods take `&self` as in
/// rust-zmq; like it, a socket may move between threads but not be shared
/// by them (`Send`, not `Sync`).
pub struct Socket {
    sock: RefCell<crate::Socket>,
}

impl fmt::Debug for Socket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Socket").finish_non_exhaustive()
    }
}

impl AsRawFd for Socket {
    fn as_raw_fd(&self) -> RawFd {
        self.sock.borrow().fd()
    }
}

/// Values a [`Socket`] can send: anything that converts into a
/// [`Message`] (`&str`, `&[u8]`, `Vec<u8>`, `&String`, `Message`, ...).
pub trait Sendable {
    /// Sends `self` on `socket`.
    fn send(self, socket: &Socket, flags: i32) -> Result<()>;
}

impl<T> Sendable for T
where
    T: Into<Message>,
{
    fn send(self, socket: &Socket, flags: i32) -> Result<()> {
        let mut msg = self.into();
        Ok(socket.sock.borrow_mut().send(&mut msg.msg, flags)?)
    }
}

/// Byte-string option values rust-zmq reads back as `Result<String, Vec<u8>>`.
fn text(v: Vec<u8>) -> result::Result<String, Vec<u8>> {
    String::from_utf8(v).map_err(|e| e.into_bytes())
}

macro_rules! int_opts {
    ($($(#[$m:meta])* ($get:ident, $set:ident) => $opt:ident as $ty:ty,)*) => {
        $(
            $(#[$m])*
            #[doc = concat!("Reads `", stringify!($opt), "`.")]
            pub fn $get(&self) -> Result<$ty> {
                let mut buf = [0u8; std::mem::size_of::<$ty>()];
                let n = self.sock.borrow_mut().get_option(opt::$opt, &mut buf)?;
                if n != buf.len() {
                    return Err(Error::EINVAL);
                }
                Ok(<$ty>::from_ne_bytes(buf))
            }

            $(#[$m])*
            #[doc = concat!("Sets `", stringify!($opt), "`.")]
            pub fn $set(&self, value: $ty) -> Result<()> {
                Ok(self.sock.borrow_mut().set_option(opt::$opt, Some(&value.to_ne_bytes()))?)
            }
        )*
    };
}

macro_rules! bool_opts {
    ($(($get:tt, $set:ident) => $opt:ident,)*) => {
        $(
            bool_opts!(@get $get $opt);
            #[doc = concat!("Sets `", stringify!($opt), "`.")]
            pub fn $set(&self, value: bool) -> Result<()> {
                Ok(self.sock.borrow_mut().set_option(opt::$opt, Some(&i32::from(value).to_ne_bytes()))?)
            }
        )*
    };
    (@get _ $opt:ident) => {};
    (@get $get:ident $opt:ident) => {
        #[doc = concat!("Reads `", stringify!($opt), "`.")]
        pub fn $get(&self) -> Result<bool> {
            let mut buf = [0u8; 4];
            self.sock.borrow_mut().get_option(opt::$opt, &mut buf)?;
            Ok(i32::from_ne_bytes(buf) != 0)
        }
    };
}

macro_rules! bytes_setters {
    ($($set:ident => $opt:ident,)*) => {
        $(
            #[doc = concat!("Sets `", stringify!($opt), "`.")]
            pub fn $set(&self, value: &[u8]) -> Result<()> {
                Ok(self.sock.borrow_mut().set_option(opt::$opt, Some(value))?)
            }
        )*
    };
}

macro_rules! str_setters {
    ($($set:ident => $opt:ident as $ty:ident,)*) => {
        $(
            #[doc = concat!("Sets `", stringify!($opt), "` (`None`: unset).")]
            pub fn $set(&self, value: str_setters!(@ty $ty)) -> Result<()> {
                let v: Option<&str> = value.into();
                Ok(self.sock.borrow_mut().set_option(opt::$opt, v.map(str::as_bytes))?)
            }
        )*
    };
    (@ty opt) => { Option<&str> };
    (@ty str) => { &str };
}

macro_rules! text_getters {
    ($($get:ident => $opt:ident, $cap:expr;)*) => {
        $(
            #[doc = concat!("Reads `", stringify!($opt), "`.")]
            pub fn $get(&self) -> Result<result::Result<String, Vec<u8>>> {
                let mut buf = vec![0u8; $cap];
                let n = self.sock.borrow_mut().get_option(opt::$opt, &mut buf)?;
                buf.truncate(n);
                if buf.last() == Some(&0) {
                    buf.pop();
                }
                Ok(text(buf))
            }
        )*
    };
}

impl Socket {
    /// Accepts connections on `endpoint`.
    pub fn bind(&self, endpoint: &str) -> Result<()> {
        Ok(self.sock.borrow_mut().bind(endpoint)?)
    }

    /// Stops accepting connections on `endpoint`.
    pub fn unbind(&self, endpoint: &str) -> Result<()> {
        Ok(self.sock.borrow_mut().unbind(endpoint)?)
    }

    /// Connects to `endpoint`.
    pub fn connect(&self, endpoint: &str) -> Result<()> {
        Ok(self.sock.borrow_mut().connect(endpoint)?)
    }

    /// Disconnects from `endpoint`.
    pub fn disconnect(&self, endpoint: &str) -> Result<()> {
        Ok(self.sock.borrow_mut().disconnect(endpoint)?)
    }

    /// Publishes the `events` (a mask of [`SocketEvent`] values) on a PAIR
    /// socket bound to the inproc `monitor_endpoint`.
    pub fn monitor(&self, monitor_endpoint: &str, events: i32) -> Result<()> {
        Ok(self
            .sock
            .borrow_mut()
            .monitor(Some(monitor_endpoint), events)?)
    }

    /// Sends `data` as one frame (`flags`: [`DONTWAIT`], [`SNDMORE`]).
    pub fn send<T>(&self, data: T, flags: i32) -> Result<()>
    where
        T: Sendable,
    {
        data.send(self, flags)
    }

    /// Sends a [`Message`].
    #[deprecated(note = "use `send` instead")]
    pub fn send_msg(&self, msg: Message, flags: i32) -> Result<()> {
        self.send(msg, flags)
    }

    /// Sends a string.
    #[deprecated(note = "use `send` instead")]
    pub fn send_str(&self, data: &str, flags: i32) -> Result<()> {
        self.send(data, flags)
    }

    /// Sends the frames of one message.
    pub fn send_multipart<I, T>(&self, iter: I, flags: i32) -> Result<()>
    where
        I: IntoIterator<Item = T>,
        T: Into<Message>,
    {
        let mut it = iter.into_iter().peekable();
        while let Some(part) = it.next() {
            let more = if it.peek().is_some() { SNDMORE } else { 0 };
            self.send(part.into(), flags | more)?;
        }
        Ok(())
    }

    /// Receives one frame into `msg`.
    pub fn recv(&self, msg: &mut Message, flags: i32) -> Result<()> {
        Ok(self.sock.borrow_mut().recv_into(&mut msg.msg, flags)?)
    }

    /// Receives one frame into `bytes`; returns the frame's size, which
    /// may exceed `bytes.len()` (the rest is dropped).
    pub fn recv_into(&self, bytes: &mut [u8], flags: i32) -> Result<usize> {
        let m = self.sock.borrow_mut().recv(flags)?;
        let n = m.len().min(bytes.len());
        bytes[..n].copy_from_slice(&m.as_slice()[..n]);
        Ok(m.len())
    }

    /// Receives one frame as a new [`Message`].
    pub fn recv_msg(&self, flags: i32) -> Result<Message> {
        let mut msg = Message::new();
        self.recv(&mut msg, flags)?;
        Ok(msg)
    }

    /// Receives one frame's bytes.
    pub fn recv_bytes(&self, flags: i32) -> Result<Vec<u8>> {
        Ok(self.sock.borrow_mut().recv_bytes(flags)?)
    }

    /// Receives one frame as a string: `Ok(Err(bytes))` if it is not UTF-8.
    pub fn recv_string(&self, flags: i32) -> Result<result::Result<String, Vec<u8>>> {
        Ok(text(self.recv_bytes(flags)?))
    }

    /// Receives every frame of one message.
    pub fn recv_multipart(&self, flags: i32) -> Result<Vec<Vec<u8>>> {
        Ok(self.sock.borrow_mut().recv_multipart(flags)?)
    }

    /// The socket type.
    pub fn get_socket_type(&self) -> Result<SocketType> {
        Ok(SocketType::from_raw(self.sock.borrow().socket_type().raw()))
    }

    /// Whether the last frame received has more after it.
    pub fn get_rcvmore(&self) -> Result<bool> {
        Ok(self.sock.borrow().rcvmore())
    }

    int_opts! {
        (get_maxmsgsize, set_maxmsgsize) => ZMQ_MAXMSGSIZE as i64,
        (get_sndhwm, set_sndhwm) => ZMQ_SNDHWM as i32,
        (get_rcvhwm, set_rcvhwm) => ZMQ_RCVHWM as i32,
        (get_affinity, set_affinity) => ZMQ_AFFINITY as u64,
        (get_rate, set_rate) => ZMQ_RATE as i32,
        (get_recovery_ivl, set_recovery_ivl) => ZMQ_RECOVERY_IVL as i32,
        (get_sndbuf, set_sndbuf) => ZMQ_SNDBUF as i32,
        (get_rcvbuf, set_rcvbuf) => ZMQ_RCVBUF as i32,
        (get_tos, set_tos) => ZMQ_TOS as i32,
        (get_linger, set_linger) => ZMQ_LINGER as i32,
        (get_reconnect_ivl, set_reconnect_ivl) => ZMQ_RECONNECT_IVL as i32,
        (get_reconnect_ivl_max, set_reconnect_ivl_max) => ZMQ_RECONNECT_IVL_MAX as i32,
        (get_backlog, set_backlog) => ZMQ_BACKLOG as i32,
        (get_multicast_hops, set_multicast_hops) => ZMQ_MULTICAST_HOPS as i32,
        (get_rcvtimeo, set_rcvtimeo) => ZMQ_RCVTIMEO as i32,
        (get_sndtimeo, set_sndtimeo) => ZMQ_SNDTIMEO as i32,
        (get_tcp_keepalive, set_tcp_keepalive) => ZMQ_TCP_KEEPALIVE as i32,
        (get_tcp_keepalive_cnt, set_tcp_keepalive_cnt) => ZMQ_TCP_KEEPALIVE_CNT as i32,
        (get_tcp_keepalive_idle, set_tcp_keepalive_idle) => ZMQ_TCP_KEEPALIVE_IDLE as i32,
        (get_tcp_keepalive_intvl, set_tcp_keepalive_intvl) => ZMQ_TCP_KEEPALIVE_INTVL as i32,
        (get_handshake_ivl, set_handshake_ivl) => ZMQ_HANDSHAKE_IVL as i32,
        (get_heartbeat_ivl, set_heartbeat_ivl) => ZMQ_HEARTBEAT_IVL as i32,
        (get_heartbeat_ttl, set_heartbeat_ttl) => ZMQ_HEARTBEAT_TTL as i32,
        (get_heartbeat_timeout, set_heartbeat_timeout) => ZMQ_HEARTBEAT_TIMEOUT as i32,
        (get_connect_timeout, set_connect_timeout) => ZMQ_CONNECT_TIMEOUT as i32,
    }

    bool_opts! {
        (is_ipv6, set_ipv6) => ZMQ_IPV6,
        (is_immediate, set_immediate) => ZMQ_IMMEDIATE,
        (is_plain_server, set_plain_server) => ZMQ_PLAIN_SERVER,
        (is_conflate, set_conflate) => ZMQ_CONFLATE,
        (is_probe_router, set_probe_router) => ZMQ_PROBE_ROUTER,
        (is_router_mandatory, set_router_mandatory) => ZMQ_ROUTER_MANDATORY,
        (is_router_handover, set_router_handover) => ZMQ_ROUTER_HANDOVER,
        (is_curve_server, set_curve_server) => ZMQ_CURVE_SERVER,
        (is_gssapi_server, set_gssapi_server) => ZMQ_GSSAPI_SERVER,
        (is_gssapi_plaintext, set_gssapi_plaintext) => ZMQ_GSSAPI_PLAINTEXT,
        (_, set_req_relaxed) => ZMQ_REQ_RELAXED,
        (_, set_req_correlate) => ZMQ_REQ_CORRELATE,
        (_, set_xpub_verbose) => ZMQ_XPUB_VERBOSE,
    }

    bytes_setters! {
        set_identity => ZMQ_ROUTING_ID,
        set_subscribe => ZMQ_SUBSCRIBE,
        set_unsubscribe => ZMQ_UNSUBSCRIBE,
        set_curve_publickey => ZMQ_CURVE_PUBLICKEY,
        set_curve_secretkey => ZMQ_CURVE_SECRETKEY,
        set_curve_serverkey => ZMQ_CURVE_SERVERKEY,
    }

    str_setters! {
        set_socks_proxy => ZMQ_SOCKS_PROXY as opt,
        set_plain_username => ZMQ_PLAIN_USERNAME as opt,
        set_plain_password => ZMQ_PLAIN_PASSWORD as opt,
        set_xpub_welcome_msg => ZMQ_XPUB_WELCOME_MSG as opt,
        set_zap_domain => ZMQ_ZAP_DOMAIN as str,
        set_gssapi_principal => ZMQ_GSSAPI_PRINCIPAL as str,
        set_gssapi_service_principal => ZMQ_GSSAPI_SERVICE_PRINCIPAL as str,
    }

    text_getters! {
        get_socks_proxy => ZMQ_SOCKS_PROXY, 256;
        get_plain_username => ZMQ_PLAIN_USERNAME, 256;
        get_plain_password => ZMQ_PLAIN_PASSWORD, 257;
        get_zap_domain => ZMQ_ZAP_DOMAIN, 256;
        get_last_endpoint => ZMQ_LAST_ENDPOINT, 1024;
        get_gssapi_principal => ZMQ_GSSAPI_PRINCIPAL, 261;
        get_gssapi_service_principal => ZMQ_GSSAPI_SERVICE_PRINCIPAL, 261;
    }

    /// `ZMQ_ROUTING_ID`.
    pub fn get_identity(&self) -> Result<Vec<u8>> {
        self.get_bytes(opt::ZMQ_ROUTING_ID, 255)
    }

    /// `ZMQ_CURVE_PUBLICKEY` (32 bytes).
    pub fn get_curve_publickey(&self) -> Result<Vec<u8>> {
        self.get_bytes(opt::ZMQ_CURVE_PUBLICKEY, 32)
    }

    /// `ZMQ_CURVE_SECRETKEY` (32 bytes).
    pub fn get_curve_secretkey(&self) -> Result<Vec<u8>> {
        self.get_bytes(opt::ZMQ_CURVE_SECRETKEY, 32)
    }

    /// `ZMQ_CURVE_SERVERKEY` (32 bytes).
    pub fn get_curve_serverkey(&self) -> Result<Vec<u8>> {
        self.get_bytes(opt::ZMQ_CURVE_SERVERKEY, 32)
    }

    fn get_bytes(&self, option: i32, cap: usize) -> Result<Vec<u8>> {
        let mut buf = vec![0u8; cap];
        let n = self.sock.borrow_mut().get_option(option, &mut buf)?;
        buf.truncate(n);
        Ok(buf)
    }

    /// `ZMQ_MECHANISM`.
    pub fn get_mechanism(&self) -> Result<Mechanism> {
        let mut buf = [0u8; 4];
        self.sock
            .borrow_mut()
            .get_option(opt::ZMQ_MECHANISM, &mut buf)?;
        Ok(match i32::from_ne_bytes(buf) {
            opt::ZMQ_PLAIN => Mechanism::ZMQ_PLAIN,
            opt::ZMQ_CURVE => Mechanism::ZMQ_CURVE,
            opt::ZMQ_GSSAPI => Mechanism::ZMQ_GSSAPI,
            _ => Mechanism::ZMQ_NULL,
        })
    }

    /// `ZMQ_FD`: readable when [`Socket::get_events`] may have changed.
    pub fn get_fd(&self) -> Result<RawFd> {
        Ok(self.sock.borrow().fd())
    }

    /// `ZMQ_EVENTS`: [`POLLIN`] / [`POLLOUT`] now.
    pub fn get_events(&self) -> Result<PollEvents> {
        Ok(PollEvents::from_bits_truncate(
            self.sock.borrow_mut().events()?,
        ))
    }

    /// A poll item for [`poll`] watching this socket for `events`.
    pub fn as_poll_item(&self, events: PollEvents) -> PollItem<'_> {
        PollItem {
            target: Target::Socket(self),
            events,
            revents: PollEvents::empty(),
        }
    }

    /// Polls this socket alone; returns 1 if `events` occurred, 0 on timeout.
    pub fn poll(&self, events: PollEvents, timeout_ms: i64) -> Result<i32> {
        poll(&mut [self.as_poll_item(events)], timeout_ms)
    }
}

/// Poll events (rust-zmq's bitflags type).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PollEvents(i16);

#[allow(non_upper_case_globals)]
impl PollEvents {
    /// `ZMQ_POLLIN`
    pub const POLLIN: PollEvents = PollEvents(opt::ZMQ_POLLIN);
    /// `ZMQ_POLLOUT`
    pub const POLLOUT: PollEvents = PollEvents(opt::ZMQ_POLLOUT);
    /// `ZMQ_POLLERR`
    pub const POLLERR: PollEvents = PollEvents(opt::ZMQ_POLLERR);
    const ALL: i16 = opt::ZMQ_POLLIN | opt::ZMQ_POLLOUT | opt::ZMQ_POLLERR;

    /// No event.
    pub const fn empty() -> PollEvents {
        PollEvents(0)
    }
    /// Every event.
    pub const fn all() -> PollEvents {
        PollEvents(Self::ALL)
    }
    /// The bits.
    pub const fn bits(self) -> i16 {
        self.0
    }
    /// The events of `bits`, `None` if it holds unknown bits.
    pub const fn from_bits(bits: i16) -> Option<PollEvents> {
        if bits & !Self::ALL == 0 {
            Some(PollEvents(bits))
        } else {
            None
        }
    }
    /// The known events of `bits`.
    pub const fn from_bits_truncate(bits: i16) -> PollEvents {
        PollEvents(bits & Self::ALL)
    }
    /// Whether no event is set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// Whether every event of `other` is set.
    pub const fn contains(self, other: PollEvents) -> bool {
        self.0 & other.0 == other.0
    }
    /// Whether any event of `other` is set.
    pub const fn intersects(self, other: PollEvents) -> bool {
        self.0 & other.0 != 0
    }
    /// Adds the events of `other`.
    pub fn insert(&mut self, other: PollEvents) {
        self.0 |= other.0;
    }
    /// Removes the events of `other`.
    pub fn remove(&mut self, other: PollEvents) {
        self.0 &= !other.0;
    }
}

impl std::ops::BitOr for PollEvents {
    type Output = PollEvents;
    fn bitor(self, rhs: PollEvents) -> PollEvents {
        PollEvents(self.0 | rhs.0)
    }
}

impl std::ops::BitOrAssign for PollEvents {
    fn bitor_assign(&mut self, rhs: PollEvents) {
        self.0 |= rhs.0;
    }
}

impl std::ops::BitAnd for PollEvents {
    type Output = PollEvents;
    fn bitand(self, rhs: PollEvents) -> PollEvents {
        PollEvents(self.0 & rhs.0)
    }
}

impl std::ops::Sub for PollEvents {
    type Output = PollEvents;
    fn sub(self, rhs: PollEvents) -> PollEvents {
        PollEvents(self.0 & !rhs.0)
    }
}

impl fmt::Debug for PollEvents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names = Vec::new();
        for (bit, name) in [
            (Self::POLLIN, "POLLIN"),
            (Self::POLLOUT, "POLLOUT"),
            (Self::POLLERR, "POLLERR"),
        ] {
            if self.contains(bit) {
                names.push(name);
            }
        }
        if names.is_empty() {
            f.write_str("(empty)")
        } else {
            f.write_str(&names.join(" | "))
        }
    }
}

/// `ZMQ_POLLIN`
pub const POLLIN: PollEvents = PollEvents::POLLIN;
/// `ZMQ_POLLOUT`
pub const POLLOUT: PollEvents = PollEvents::POLLOUT;
/// `ZMQ_POLLERR`
pub const POLLERR: PollEvents = PollEvents::POLLERR;

enum Target<'a> {
    Socket(&'a Socket),
    Fd(RawFd),
}

/// One item of [`poll`]: a socket ([`Socket::as_poll_item`]) or a plain
/// descriptor ([`PollItem::from_fd`]).
pub struct PollItem<'a> {
    target: Target<'a>,
    events: PollEvents,
    revents: PollEvents,
}

impl<'a> PollItem<'a> {
    /// An item watching a plain descriptor.
    pub fn from_fd(fd: RawFd, events: PollEvents) -> PollItem<'a> {
        PollItem {
            target: Target::Fd(fd),
            events,
            revents: PollEvents::empty(),
        }
    }

    /// Changes the events watched.
    pub fn set_events(&mut self, events: PollEvents) {
        self.events = events;
    }

    /// The events that occurred in the last [`poll`].
    pub fn get_revents(&self) -> PollEvents {
        self.revents
    }

    /// Whether [`POLLIN`] occurred.
    pub fn is_readable(&self) -> bool {
        self.revents.contains(POLLIN)
    }

    /// Whether [`POLLOUT`] occurred.
    pub fn is_writable(&self) -> bool {
        self.revents.contains(POLLOUT)
    }

    /// Whether [`POLLERR`] occurred.
    pub fn is_error(&self) -> bool {
        self.revents.contains(POLLERR)
    }

    /// Whether the item watches `socket`.
    pub fn has_socket(&self, socket: &Socket) -> bool {
        matches!(self.target, Target::Socket(s) if std::ptr::eq(s, socket))
    }

    /// Whether the item watches the plain descriptor `fd`.
    pub fn has_fd(&self, fd: RawFd) -> bool {
        matches!(self.target, Target::Fd(f) if f == fd)
    }
}

impl Items for [PollItem<'_>] {
    fn len(&self) -> usize {
        <[PollItem<'_>]>::len(self)
    }
    fn plain_fd(&self, i: usize) -> Option<RawFd> {
        match self[i].target {
            Target::Fd(fd) => Some(fd),
            Target::Socket(_) => None,
        }
    }
    fn socket_fd(&mut self, i: usize) -> crate::Result<RawFd> {
        match self[i].target {
            Target::Socket(s) => Ok(s.sock.borrow().fd()),
            Target::Fd(_) => Err(crate::Error::NotSock),
        }
    }
    fn socket_events(&mut self, i: usize) -> crate::Result<i16> {
        match self[i].target {
            Target::Socket(s) => s.sock.borrow_mut().events(),
            Target::Fd(_) => Err(crate::Error::NotSock),
        }
    }
    fn events(&self, i: usize) -> i16 {
        self[i].events.bits()
    }
    fn set_revents(&mut self, i: usize, revents: i16) {
        self[i].revents = PollEvents::from_bits_truncate(revents);
    }
}

/// Waits up to `timeout` ms (-1: no limit) for events on `items`; returns
/// how many items have some.
pub fn poll(items: &mut [PollItem<'_>], timeout: i64) -> Result<i32> {
    let n = poll_with(items, timeout)?;
    Ok(i32::try_from(n).unwrap_or(i32::MAX))
}

fn run_proxy(
    frontend: &Socket,
    backend: &Socket,
    capture: Option<&Socket>,
    control: Option<&Socket>,
) -> Result<()> {
    // The same socket twice would be two mutable borrows: libzmq accepts
    // it as a loop-back; here it is refused rather than panicking.
    let distinct = |a: &Socket, b: &Socket| !std::ptr::eq(a, b);
    let all = [Some(frontend), Some(backend), capture, control];
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            if let (Some(a), Some(b)) = (a, b) {
                if !distinct(a, b) {
                    return Err(Error::EINVAL);
                }
            }
        }
    }
    let mut f = frontend.sock.borrow_mut();
    let mut b = backend.sock.borrow_mut();
    let mut c = capture.map(|s| s.sock.borrow_mut());
    let mut k = control.map(|s| s.sock.borrow_mut());
    let mut socks = crate::proxy::Sockets {
        frontend: &mut f,
        backend: &mut b,
        capture: c.as_deref_mut(),
        control: k.as_deref_mut(),
    };
    Ok(crate::proxy::run(&mut socks)?)
}

/// Forwards messages between `frontend` and `backend` until the context
/// ends (`zmq_proxy`); returns the error that ended it (`ETERM`).
pub fn proxy(frontend: &Socket, backend: &Socket) -> Result<()> {
    run_proxy(frontend, backend, None, None)
}

/// [`proxy`], sending a copy of every message to `capture`.
pub fn proxy_with_capture(
    frontend: &mut Socket,
    backend: &mut Socket,
    capture: &mut Socket,
) -> Result<()> {
    run_proxy(frontend, backend, Some(capture), None)
}

/// [`proxy`] obeying PAUSE, RESUME and TERMINATE on `control`
/// (`zmq_proxy_steerable`); `Ok` after TERMINATE.
pub fn proxy_steerable(
    frontend: &mut Socket,
    backend: &mut Socket,
    control: &mut Socket,
) -> Result<()> {
    run_proxy(frontend, backend, None, Some(control))
}

/// [`proxy_steerable`] with a capture socket.
pub fn proxy_steerable_with_capture(
    frontend: &mut Socket,
    backend: &mut Socket,
    capture: &mut Socket,
    control: &mut Socket,
) -> Result<()> {
    run_proxy(frontend, backend, Some(capture), Some(control))
}

/// A CURVE key pair, as 32-byte binary keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurveKeyPair {
    /// The public key.
    pub public_key: [u8; 32],
    /// The secret key.
    pub secret_key: [u8; 32],
}

impl CurveKeyPair {
    /// A new random key pair.
    pub fn new() -> Result<CurveKeyPair> {
        let (public, secret) = crate::curve::keypair()?;
        let mut pair = CurveKeyPair {
            public_key: [0; 32],
            secret_key: [0; 32],
        };
        crate::z85::decode_into(public.as_bytes(), &mut pair.public_key)?;
        crate::z85::decode_into(secret.as_bytes(), &mut pair.secret_key)?;
        Ok(pair)
    }
}

/// Why [`z85_encode`] refused its input.
#[derive(Debug)]
pub enum EncodeError {
    /// The length is not a multiple of 4.
    BadLength,
    /// Not UTF-8 (cannot happen with Z85; kept for rust-zmq's API).
    FromUtf8Error(std::string::FromUtf8Error),
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::BadLength => write!(f, "Invalid data length. Should be multiple of 4."),
            EncodeError::FromUtf8Error(e) => write!(f, "UTF8 conversion error: {e}"),
        }
    }
}

impl std::error::Error for EncodeError {}

/// Encodes `data` (a multiple of 4 bytes) as Z85 text.
pub fn z85_encode(data: &[u8]) -> result::Result<String, EncodeError> {
    crate::z85::encode(data).map_err(|_| EncodeError::BadLength)
}

/// Why [`z85_decode`] refused its input.
#[derive(Debug)]
pub enum DecodeError {
    /// The length is not a multiple of 5, or a character or group is not Z85.
    BadLength,
    /// The text holds a NUL byte.
    NulError(std::ffi::NulError),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::BadLength => write!(f, "Invalid data length. Should be multiple of 5."),
            DecodeError::NulError(e) => write!(f, "Nul byte error: {e}"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes Z85 text (a multiple of 5 characters).
pub fn z85_decode(data: &str) -> result::Result<Vec<u8>, DecodeError> {
    if let Some(pos) = data.bytes().position(|b| b == 0) {
        let e = std::ffi::CString::new(&data.as_bytes()[..=pos]).expect_err("holds a NUL");
        return Err(DecodeError::NulError(e));
    }
    crate::z85::decode(data).map_err(|_| DecodeError::BadLength)
}
