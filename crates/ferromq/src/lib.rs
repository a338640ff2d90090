//! ferromq: ZeroMQ in Rust, a drop-in replacement for libzmq 4.3.
//!
//! The safe Rust API is [`Context`], [`Socket`] and [`Msg`]; the C ABI in
//! `ferromq-capi` is a thin layer over it.

#![deny(unsafe_code)]

mod command;
pub mod ctx;
mod endpoint;
pub mod error;
mod io;
mod mailbox;
mod monitor;
pub mod msg;
pub mod opt;
pub mod options;
mod pipe;
pub mod poll;
pub mod proxy;
mod routing;
pub mod socket;
pub mod sockopt;
mod sys;
pub mod timers;
pub mod z85;

pub use ctx::Context;
pub use error::{Error, Result};
pub use ferromq_zmtp::SocketType;
pub use msg::{Metadata, Msg};
pub use socket::Socket;

/// Send/recv flag: do not block (EAGAIN instead).
pub const DONTWAIT: i32 = opt::ZMQ_DONTWAIT;
/// Send flag: more frames of this message follow.
pub const SNDMORE: i32 = opt::ZMQ_SNDMORE;
