//! Compatibility layers: the APIs of other ZeroMQ crates on top of ferromq.
//!
//! - [`zmq`]: the API of the `zmq` crate (rust-zmq 0.10), so a program
//!   written for it runs on ferromq, with no C library, by changing one
//!   line of its Cargo.toml (see the module's documentation).

pub mod zmq;
