//! ZMTP 3.x, the ZeroMQ wire protocol, as state machines over byte buffers
//! (and ZMTP 1.0/2.0, for old peers).
//!
//! Nothing here does I/O, reads a clock or spawns a thread: bytes go in,
//! bytes and events come out. The engine in `ferromq` owns the sockets and
//! calls into this crate; fuzz targets drive it directly.
//!
//! - [`greeting`]: the 64-byte greeting and version detection (RFC 23/37).
//! - [`frame`]: frame headers (MORE, LONG, COMMAND flags).
//! - [`legacy`]: ZMTP 1.0 and 2.0 framing, for old peers.
//! - [`command`]: READY, ERROR, SUBSCRIBE, CANCEL, PING, PONG and friends.
//! - [`metadata`]: the property list carried by READY and INITIATE.
//! - [`mechanism`]: NULL, PLAIN and CURVE, client and server.
//! - [`handshake`]: greeting plus mechanism until both peers are ready.
//! - [`zap`]: ZAP (RFC 27) requests and replies.
//! - [`socket_type`]: socket types, their names and which pairs may talk.
//! - [`socks`]: the SOCKS5 client exchange of `ZMQ_SOCKS_PROXY` (not ZMTP,
//!   but parsed from the network the same way).
//! - [`ws`]: ZWS 2.0, ZMTP over WebSocket: the HTTP upgrade and the frames.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod command;
pub mod error;
pub mod frame;
pub mod greeting;
pub mod handshake;
pub mod legacy;
pub mod mechanism;
pub mod metadata;
pub mod socket_type;
pub mod socks;
pub mod udp;
pub mod ws;
pub mod zap;

pub use error::ProtocolError;
pub use socket_type::SocketType;
