//! ferromq: ZeroMQ in Rust, a drop-in replacement for libzmq 4.3.
//!
//! The safe Rust API is [`Context`], [`Socket`] and [`Msg`]; the C ABI in
//! `ferromq-capi` is a thin layer over it.
//!
//! # A first exchange
//!
//! A REQ socket asks, a REP socket answers, both in one process over
//! `inproc`:
//!
//! ```
//! use ferromq::{sockopt, Context, SocketType};
//!
//! # fn main() -> ferromq::Result<()> {
//! let ctx = Context::new();
//! let mut server = ctx.socket(SocketType::Rep)?;
//! server.bind("inproc://greeter")?;
//! let mut client = ctx.socket(SocketType::Req)?;
//! client.set(sockopt::RCVTIMEO, 1000)?; // give up after a second
//! client.connect("inproc://greeter")?;
//!
//! client.send_bytes(b"hello", 0)?;
//! assert_eq!(server.recv_bytes(0)?, b"hello");
//! server.send_bytes(b"world", 0)?;
//! assert_eq!(client.recv_bytes(0)?, b"world");
//!
//! // Close the sockets, then terminate the context.
//! client.close();
//! server.close();
//! ctx.term()?;
//! # Ok(())
//! # }
//! ```
//!
//! # Where to look
//!
//! - [`Context`]: I/O threads, [`Context::shutdown`] and [`Context::term`].
//! - [`Socket`]: `bind`/`connect`, [`Socket::send`]/[`Socket::recv`] with
//!   [`Msg`], the `_bytes` and `_multipart` helpers, typed options through
//!   [`Socket::set`]/[`Socket::get`] with the constants of [`sockopt`]
//!   (raw numbers are in [`opt`]), [`Socket::monitor`].
//! - Flags: typed [`SendFlags`] (`SendFlags::DONT_WAIT | SendFlags::MORE`)
//!   and [`RecvFlags`] for [`Socket::send_msg`], [`Socket::send_bytes_with`],
//!   [`Socket::recv_msg`], ... (see [`flags`]), or the raw `i32`
//!   [`DONTWAIT`] and [`SNDMORE`] for [`Socket::send`], [`Socket::recv`], ...;
//!   [`Socket::try_recv_bytes`] returns `None` instead of `EAGAIN`.
//! - Timeouts as [`Duration`](std::time::Duration):
//!   [`Socket::set_rcvtimeo`], [`Socket::set_sndtimeo`],
//!   [`Socket::set_linger`].
//! - A [`Socket`] is [`AsFd`](std::os::fd::AsFd)/[`AsRawFd`](std::os::fd::AsRawFd)
//!   (its `ZMQ_FD`), to join another event loop.
//! - Errors are [`Error`], whose [`Error::errno`] is the value libzmq would
//!   report.
//! - [`poll::wait`] waits on sockets and returns what each is ready for;
//!   [`poll::poll`]/[`poll::poll_for`] also take plain descriptors;
//!   [`proxy::run`] forwards between two sockets (`zmq_proxy`).
//!
//! Runnable examples, one per pattern, are in `crates/ferromq/examples`:
//! `req_rep`, `pub_sub`, `push_pull` (ventilator, workers, sink) and
//! `router_dealer` (a ROUTER broker with DEALER workers).

#![deny(unsafe_code)]

mod bufpool;
mod command;
pub mod compat;
pub mod ctx;
pub mod curve;
mod endpoint;
pub mod error;
pub mod flags;
mod ids;
mod inproc;
mod io;
mod mailbox;
mod monitor;
pub mod msg;
pub mod opt;
pub mod options;
mod options_wss;
mod pipe;
pub mod poll;
pub mod poller;
pub mod proxy;
mod routing;
mod runtime;
pub mod socket;
pub mod sockopt;
mod sync;
mod sys;
pub mod timers;
pub mod z85;

pub use bufpool::set_memory_release_hook;
pub use ctx::Context;
pub use error::{Error, Result};
pub use ferromq_zmtp::SocketType;
pub use flags::{PollEvents, RecvFlags, SendFlags};
pub use msg::{Metadata, Msg};
pub use socket::{SharedGuard, SharedSocket, Socket};

/// Send/recv flag: do not block (EAGAIN instead).
pub const DONTWAIT: i32 = opt::ZMQ_DONTWAIT;
/// Send flag: more frames of this message follow.
pub const SNDMORE: i32 = opt::ZMQ_SNDMORE;

/// The crate README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
