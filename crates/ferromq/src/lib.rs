//! ferromq: ZeroMQ in Rust.

pub mod error;
pub use error::{Error, Result};
