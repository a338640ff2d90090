//! RADIO/DISH on a stream connection (tcp, ipc), as libzmq's
//! radio_session / dish_session put them on the wire:
//!
//! - RADIO -> DISH: each message is two frames, the group (with MORE),
//!   then the body. The DISH side refuses (drops the connection on) a
//!   group frame without MORE or over 255 bytes, and a body with MORE.
//! - DISH -> RADIO: a join or leave is a command frame, `\x04JOIN` or
//!   `\x05LEAVE` followed by the group bytes.

use ferromq_zmtp::command;
use ferromq_zmtp::ProtocolError;

use crate::msg::{self, Msg, GROUP_MAX_LENGTH};

/// The command frame (header included) for a DISH's join or leave
/// message, or None if `m` is neither.
pub(crate) fn join_leave_frame(m: &Msg) -> Option<Vec<u8>> {
    let (name, body) = join_leave_body(m)?;
    let mut v = Vec::with_capacity(body.len() + 16);
    command::put(&mut v, name, &[body]);
    Some(v)
}

/// The command name and data of a join or leave message.
pub(crate) fn join_leave_body(m: &Msg) -> Option<(&'static [u8], &[u8])> {
    let f = m.flags();
    let name = if f & msg::JOIN != 0 {
        command::JOIN
    } else if f & msg::LEAVE != 0 {
        command::LEAVE
    } else {
        return None;
    };
    Some((name, m.group().to_bytes()))
}

/// The message a RADIO's pipe receives for a JOIN or LEAVE command; None
/// for a group the message cannot hold (a NUL in it).
pub(crate) fn join_leave_msg(join: bool, group: &[u8]) -> Option<Msg> {
    let mut m = Msg::new();
    m.set_group(group).ok()?;
    m.set_flag(if join { msg::JOIN } else { msg::LEAVE });
    Some(m)
}

/// Reassembles a DISH's inbound messages from group and body frames.
#[derive(Default)]
pub(crate) struct DishIn {
    group: Option<Vec<u8>>,
}

impl DishIn {
    /// Takes one frame: the group frame gives None, the body the message
    /// to deliver. A frame out of place breaks the protocol.
    pub(crate) fn push(&mut self, mut m: Msg) -> Result<Option<Msg>, ProtocolError> {
        match self.group.take() {
            None => {
                if !m.more() || m.len() > GROUP_MAX_LENGTH {
                    return Err(ProtocolError::MalformedFrame);
                }
                let mut g = Vec::new();
                g.try_reserve_exact(m.len())
                    .map_err(|_| ProtocolError::MessageTooLarge)?;
                g.extend_from_slice(m.as_slice());
                self.group = Some(g);
                Ok(None)
            }
            Some(g) => {
                if m.more() {
                    return Err(ProtocolError::MalformedFrame);
                }
                m.set_group(&g).map_err(|_| ProtocolError::MalformedFrame)?;
                Ok(Some(m))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(b: &[u8], more: bool) -> Msg {
        let mut m = Msg::from_slice(b);
        m.set_more(more);
        m
    }

    #[test]
    fn dish_reassembles_group_and_body() {
        let mut d = DishIn::default();
        assert!(d.push(frame(b"weather", true)).unwrap().is_none());
        let m = d.push(frame(b"sunny", false)).unwrap().unwrap();
        assert_eq!(m.group().to_bytes(), b"weather");
        assert_eq!(m.as_slice(), b"sunny");
        // and again
        assert!(d.push(frame(b"", true)).unwrap().is_none());
        let m = d.push(frame(b"x", false)).unwrap().unwrap();
        assert_eq!(m.group().to_bytes(), b"");
    }

    #[test]
    fn dish_refuses_frames_out_of_place() {
        assert!(DishIn::default().push(frame(b"g", false)).is_err());
        assert!(DishIn::default().push(frame(&[b'g'; 256], true)).is_err());
        assert!(DishIn::default().push(frame(&[b'g'; 255], true)).is_ok());
        let mut d = DishIn::default();
        d.push(frame(b"g", true)).unwrap();
        assert!(d.push(frame(b"body", true)).is_err());
        let mut d = DishIn::default();
        d.push(frame(b"a\0b", true)).unwrap();
        assert!(d.push(frame(b"body", false)).is_err());
    }

    #[test]
    fn join_leave_frames() {
        let m = join_leave_msg(true, b"g").unwrap();
        assert_eq!(join_leave_frame(&m).unwrap(), b"\x04\x06\x04JOINg");
        let m = join_leave_msg(false, b"g").unwrap();
        assert_eq!(join_leave_frame(&m).unwrap(), b"\x04\x07\x05LEAVEg");
        assert!(join_leave_frame(&Msg::from_slice(b"x")).is_none());
        assert!(join_leave_msg(true, b"a\0b").is_none());
    }
}
