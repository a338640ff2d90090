//! `zmq::Message`.

use std::fmt;
use std::ops::{Deref, DerefMut};

use crate::msg::Msg;

/// A message frame (rust-zmq's `zmq::Message`): bytes, plus whether more
/// frames follow and the connection's metadata once received.
pub struct Message {
    pub(crate) msg: Msg,
}

impl Message {
    /// An empty message.
    pub fn new() -> Message {
        Message { msg: Msg::new() }
    }

    /// A message of `len` bytes, to be filled through `DerefMut` (their
    /// initial content is unspecified, as with rust-zmq).
    pub fn with_size(len: usize) -> Message {
        Message {
            msg: Msg::with_size(len),
        }
    }

    /// Same as [`Message::with_size`] (deprecated in rust-zmq).
    #[deprecated(note = "use `Message::with_size`")]
    pub fn with_capacity(len: usize) -> Message {
        Message::with_size(len)
    }

    /// A message holding a copy of `data`.
    #[deprecated(note = "use `Message::from` instead")]
    pub fn from_slice(data: &[u8]) -> Message {
        Message::from(data)
    }

    /// The content as UTF-8, if it is.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(self).ok()
    }

    /// Whether more frames of the same message follow this received one.
    pub fn get_more(&self) -> bool {
        self.msg.more()
    }

    /// A metadata property of the connection the message arrived on
    /// (`"Socket-Type"`, `"Routing-Id"`, `"User-Id"`, `"Peer-Address"`,
    /// application properties).
    pub fn gets<'a>(&'a mut self, property: &str) -> Option<&'a str> {
        self.msg.metadata()?.get(property)?.to_str().ok()
    }
}

impl Default for Message {
    fn default() -> Message {
        Message::new()
    }
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.deref())
    }
}

impl Deref for Message {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.msg.as_slice()
    }
}

impl DerefMut for Message {
    fn deref_mut(&mut self) -> &mut [u8] {
        self.msg.as_mut_slice()
    }
}

impl PartialEq for Message {
    fn eq(&self, other: &Message) -> bool {
        self[..] == other[..]
    }
}

impl Eq for Message {}

impl From<&[u8]> for Message {
    fn from(data: &[u8]) -> Message {
        Message {
            msg: Msg::from_slice(data),
        }
    }
}

impl From<Vec<u8>> for Message {
    fn from(data: Vec<u8>) -> Message {
        Message {
            msg: Msg::from_owner(data),
        }
    }
}

impl From<Box<[u8]>> for Message {
    fn from(data: Box<[u8]>) -> Message {
        Message {
            msg: Msg::from_owner(data),
        }
    }
}

impl From<&str> for Message {
    fn from(data: &str) -> Message {
        Message::from(data.as_bytes())
    }
}

impl From<&String> for Message {
    fn from(data: &String) -> Message {
        Message::from(data.as_bytes())
    }
}

/// Any reference to a value that converts, as rust-zmq has it (so
/// `&Vec<u8>` and `&Message`-like values can be sent by reference).
impl<T> From<&T> for Message
where
    T: Into<Message> + Clone,
{
    fn from(v: &T) -> Message {
        v.clone().into()
    }
}
