//! Typed flags for sending, receiving and polling.
//!
//! The raw `i32` flags ([`DONTWAIT`](crate::DONTWAIT),
//! [`SNDMORE`](crate::SNDMORE), [`crate::opt::ZMQ_POLLIN`],
//! ...) keep working with the methods that take an `i32`; these types are
//! for the methods that take them ([`Socket::send_msg`](crate::Socket::send_msg),
//! [`Socket::recv_msg`](crate::Socket::recv_msg), [`poll::wait`](crate::poll::wait), ...), where
//! a flag of the wrong kind does not compile:
//!
//! ```
//! use ferromq::{Context, RecvFlags, SendFlags, SocketType};
//!
//! # fn main() -> ferromq::Result<()> {
//! let ctx = Context::new();
//! let mut push = ctx.socket(SocketType::Push)?;
//! push.bind("inproc://flags-doc")?;
//! let mut pull = ctx.socket(SocketType::Pull)?;
//! pull.connect("inproc://flags-doc")?;
//!
//! push.send_bytes_with(b"head", SendFlags::DONT_WAIT | SendFlags::MORE)?;
//! push.send_bytes_with(b"tail", SendFlags::DONT_WAIT)?;
//! assert_eq!(pull.recv_multipart_with(RecvFlags::NONE)?, vec![b"head".to_vec(), b"tail".to_vec()]);
//! assert_eq!(pull.try_recv_bytes()?, None); // nothing more: EAGAIN becomes None
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::ops::{BitAnd, BitOr, BitOrAssign};

use crate::opt;

macro_rules! flag_type {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $flag:ident = $val:expr,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name(i32);

        impl $name {
            /// No flag.
            pub const NONE: $name = $name(0);
            $($(#[$fdoc])* pub const $flag: $name = $name($val);)*
            const ALL: i32 = 0 $(| $val)*;

            /// The libzmq bit mask.
            pub const fn bits(self) -> i32 {
                self.0
            }

            /// The flags of a libzmq bit mask, or `None` if it holds a bit
            /// this type does not know.
            pub const fn from_bits(bits: i32) -> Option<$name> {
                if bits & !Self::ALL == 0 {
                    Some($name(bits))
                } else {
                    None
                }
            }

            /// Whether every flag of `other` is set in `self`.
            pub const fn contains(self, other: $name) -> bool {
                self.0 & other.0 == other.0
            }

            /// Whether no flag is set.
            pub const fn is_empty(self) -> bool {
                self.0 == 0
            }
        }

        impl BitOr for $name {
            type Output = $name;
            fn bitor(self, rhs: $name) -> $name {
                $name(self.0 | rhs.0)
            }
        }

        impl BitOrAssign for $name {
            fn bitor_assign(&mut self, rhs: $name) {
                self.0 |= rhs.0;
            }
        }

        impl BitAnd for $name {
            type Output = $name;
            fn bitand(self, rhs: $name) -> $name {
                $name(self.0 & rhs.0)
            }
        }

        impl From<$name> for i32 {
            fn from(f: $name) -> i32 {
                f.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut first = true;
                write!(f, "{}(", stringify!($name))?;
                $(
                    if $val != 0 && self.0 & $val == $val {
                        if !first {
                            f.write_str(" | ")?;
                        }
                        f.write_str(stringify!($flag))?;
                        first = false;
                    }
                )*
                if first {
                    f.write_str("NONE")?;
                }
                f.write_str(")")
            }
        }
    };
}

flag_type! {
    /// Flags for sending: `SendFlags::DONT_WAIT | SendFlags::MORE`.
    SendFlags {
        /// Fail with [`Error::Again`](crate::Error::Again) instead of
        /// blocking (`ZMQ_DONTWAIT`).
        DONT_WAIT = opt::ZMQ_DONTWAIT,
        /// More frames of this message follow (`ZMQ_SNDMORE`).
        MORE = opt::ZMQ_SNDMORE,
    }
}

flag_type! {
    /// Flags for receiving.
    RecvFlags {
        /// Fail with [`Error::Again`](crate::Error::Again) instead of
        /// blocking (`ZMQ_DONTWAIT`).
        DONT_WAIT = opt::ZMQ_DONTWAIT,
    }
}

flag_type! {
    /// Poll events, asked for and reported: `PollEvents::IN | PollEvents::OUT`.
    PollEvents {
        /// A message can be received / the descriptor is readable (`ZMQ_POLLIN`).
        IN = opt::ZMQ_POLLIN as i32,
        /// A message can be sent at once / the descriptor is writable (`ZMQ_POLLOUT`).
        OUT = opt::ZMQ_POLLOUT as i32,
        /// Descriptors only: an error condition (`ZMQ_POLLERR`).
        ERR = opt::ZMQ_POLLERR as i32,
        /// Descriptors only: urgent data (`ZMQ_POLLPRI`).
        PRI = opt::ZMQ_POLLPRI as i32,
    }
}

impl PollEvents {
    /// Whether [`PollEvents::IN`] is set.
    pub const fn readable(self) -> bool {
        self.contains(PollEvents::IN)
    }

    /// Whether [`PollEvents::OUT`] is set.
    pub const fn writable(self) -> bool {
        self.contains(PollEvents::OUT)
    }

    pub(crate) fn from_raw(bits: i16) -> PollEvents {
        PollEvents(i32::from(bits) & Self::ALL)
    }

    pub(crate) fn raw(self) -> i16 {
        // Every known bit fits in i16 (ALL is 0xf).
        (self.0 & Self::ALL) as i16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_match_libzmq() {
        assert_eq!((SendFlags::DONT_WAIT | SendFlags::MORE).bits(), 1 | 2);
        assert_eq!(RecvFlags::DONT_WAIT.bits(), 1);
        assert_eq!((PollEvents::IN | PollEvents::OUT).bits(), 3);
        assert_eq!(PollEvents::ERR.bits(), 4);
        assert_eq!(PollEvents::PRI.bits(), 8);
        assert_eq!(i32::from(SendFlags::MORE), crate::SNDMORE);
    }

    #[test]
    fn from_bits_refuses_unknown() {
        assert_eq!(
            SendFlags::from_bits(3),
            Some(SendFlags::DONT_WAIT | SendFlags::MORE)
        );
        assert_eq!(SendFlags::from_bits(4), None);
        assert_eq!(RecvFlags::from_bits(2), None);
        assert_eq!(PollEvents::from_bits(16), None);
    }

    #[test]
    fn contains_and_debug() {
        let f = SendFlags::DONT_WAIT | SendFlags::MORE;
        assert!(f.contains(SendFlags::MORE));
        assert!(!SendFlags::MORE.contains(f));
        assert!(SendFlags::NONE.is_empty());
        assert_eq!(format!("{f:?}"), "SendFlags(DONT_WAIT | MORE)");
        assert_eq!(format!("{:?}", RecvFlags::NONE), "RecvFlags(NONE)");
        assert!(PollEvents::from_raw(3).readable() && PollEvents::from_raw(3).writable());
    }
}
