//! libzmq-compatible C ABI over ferromq.
//!
//! This crate builds `libzmq.so` / `libzmq.a`. Every exported function is a
//! thin translation: check the handle, call the Rust API, map `Err` to `-1`
//! (or NULL) with `errno`, and never let a panic unwind into C.

#![allow(non_camel_case_types)]
#![allow(clippy::missing_safety_doc)]

mod boundary;
pub mod constants;
pub mod ctx;
pub mod draft;
mod handle;
pub mod msg;
pub mod poll;
pub mod proxy;
pub mod socket;
pub mod timers;
pub mod types;
pub mod util;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
