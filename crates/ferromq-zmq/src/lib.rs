//! The API of the `zmq` crate (rust-zmq 0.10) on ferromq, ZeroMQ in pure
//! Rust: no C libzmq to build or link. A rust-zmq program switches by
//! changing one line of its Cargo.toml, and none of its code:
//!
//! ```toml
//! [dependencies]
//! # zmq = "0.10"
//! zmq = { package = "ferromq-zmq", version = "0.1" }
//! ```
//!
//! ```
//! # use ferromq_zmq as zmq;
//! let ctx = zmq::Context::new();
//! let sender = ctx.socket(zmq::PUSH).unwrap();
//! sender.bind("inproc://pipeline").unwrap();
//! let receiver = ctx.socket(zmq::PULL).unwrap();
//! receiver.connect("inproc://pipeline").unwrap();
//! sender.send_multipart(["job", "42"], 0).unwrap();
//! assert_eq!(receiver.recv_multipart(0).unwrap(), vec![b"job".to_vec(), b"42".to_vec()]);
//! ```
//!
//! Everything here is `ferromq::compat::zmq`; see there for the few
//! differences from rust-zmq.

pub use ferromq::compat::zmq::*;
