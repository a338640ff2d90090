//! libzmq's DRAFT API: functions a libzmq built with `--enable-drafts`
//! exports. Our one library exports them too; `zmq.h` declares them only
//! when the program defines `ZMQ_BUILD_DRAFT_API` (the declarations are
//! written by hand in cbindgen.toml's trailer, so cbindgen is told to skip
//! these functions).

pub mod ctx;
pub mod group;
pub mod monitor;
pub mod msg;
pub mod peer;
pub mod poller;
pub mod ppoll;
pub mod socket;
