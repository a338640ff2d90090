//! Ids: process-wide unique ids for sockets, sessions and listeners, and a
//! cheap pseudo-random source for reconnect jitter and first routing ids.

use std::sync::atomic::{AtomicU64, Ordering};

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A process-wide unique id for sockets, sessions and listeners.
pub(crate) fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// A cheap pseudo-random number (reconnect jitter, first routing ids).
pub(crate) fn random_u32() -> u32 {
    use std::cell::Cell;
    thread_local!(static S: Cell<u64> = const { Cell::new(0) });
    S.with(|s| {
        let mut x = s.get();
        if x == 0 {
            x = (crate::sys::now_ms() ^ (std::process::id() as u64) << 32) | 1;
            x ^= std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos() as u64)
                .unwrap_or(7);
        }
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s.set(x);
        (x >> 16) as u32
    })
}
