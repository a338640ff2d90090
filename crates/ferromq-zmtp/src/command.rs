//! Command frames: `name-len(1) name data` (RFC 23, RFC 37).

use crate::frame;
use crate::ProtocolError;

/// READY.
pub const READY: &[u8] = b"READY";
/// ERROR.
pub const ERROR: &[u8] = b"ERROR";
/// SUBSCRIBE (ZMTP 3.1).
pub const SUBSCRIBE: &[u8] = b"SUBSCRIBE";
/// CANCEL (ZMTP 3.1).
pub const CANCEL: &[u8] = b"CANCEL";
/// PING (ZMTP 3.1 heartbeat).
pub const PING: &[u8] = b"PING";
/// PONG (ZMTP 3.1 heartbeat).
pub const PONG: &[u8] = b"PONG";
/// JOIN (RADIO/DISH, draft): a DISH joins the group in the data.
pub const JOIN: &[u8] = b"JOIN";
/// LEAVE (RADIO/DISH, draft): a DISH leaves the group in the data.
pub const LEAVE: &[u8] = b"LEAVE";
/// Longest group name a JOIN or LEAVE may carry (ZMQ_GROUP_MAX_LENGTH).
pub const GROUP_MAX_LENGTH: usize = 255;
/// Longest PING context a peer may send; libzmq truncates to this.
pub const PING_MAX_CONTEXT: usize = 16;

/// A parsed command, borrowing from the frame body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command<'a> {
    /// READY with its metadata bytes.
    Ready(&'a [u8]),
    /// ERROR with its reason.
    Error(&'a [u8]),
    /// SUBSCRIBE with the topic.
    Subscribe(&'a [u8]),
    /// CANCEL with the topic.
    Cancel(&'a [u8]),
    /// PING: TTL in deciseconds and up to 16 bytes of context.
    Ping {
        /// Time to live, in tenths of a second.
        ttl: u16,
        /// Context to echo in PONG (truncated to 16 bytes).
        context: &'a [u8],
    },
    /// PONG with the echoed context.
    Pong(&'a [u8]),
    /// JOIN with the group (at most [`GROUP_MAX_LENGTH`] bytes).
    Join(&'a [u8]),
    /// LEAVE with the group (at most [`GROUP_MAX_LENGTH`] bytes).
    Leave(&'a [u8]),
    /// Any other command (mechanism commands, or ones we ignore).
    Other {
        /// Command name.
        name: &'a [u8],
        /// Command data.
        data: &'a [u8],
    },
}

/// Splits a command body into name and data.
pub fn split(body: &[u8]) -> Result<(&[u8], &[u8]), ProtocolError> {
    let Some(&n) = body.first() else {
        return Err(ProtocolError::MalformedCommand);
    };
    let n = usize::from(n);
    if n == 0 || body.len() < 1 + n {
        return Err(ProtocolError::MalformedCommand);
    }
    Ok((&body[1..1 + n], &body[1 + n..]))
}

/// Parses a command body.
pub fn parse(body: &[u8]) -> Result<Command<'_>, ProtocolError> {
    let (name, data) = split(body)?;
    Ok(match name {
        READY => Command::Ready(data),
        ERROR => {
            let Some(&n) = data.first() else {
                return Err(ProtocolError::MalformedError);
            };
            let reason = data
                .get(1..1 + usize::from(n))
                .ok_or(ProtocolError::MalformedError)?;
            Command::Error(reason)
        }
        SUBSCRIBE => Command::Subscribe(data),
        CANCEL => Command::Cancel(data),
        PING => {
            if data.len() < 2 {
                return Err(ProtocolError::MalformedCommand);
            }
            let ttl = u16::from_be_bytes([data[0], data[1]]);
            let ctx = &data[2..];
            Command::Ping {
                ttl,
                context: &ctx[..ctx.len().min(PING_MAX_CONTEXT)],
            }
        }
        PONG => Command::Pong(data),
        JOIN | LEAVE => {
            if data.len() > GROUP_MAX_LENGTH {
                return Err(ProtocolError::MalformedCommand);
            }
            if name == JOIN {
                Command::Join(data)
            } else {
                Command::Leave(data)
            }
        }
        _ => Command::Other { name, data },
    })
}

/// Appends a whole command frame (header and body) to `out`; `parts` are
/// concatenated after the name.
pub fn put(out: &mut Vec<u8>, name: &[u8], parts: &[&[u8]]) {
    let size = 1 + name.len() + parts.iter().map(|p| p.len()).sum::<usize>();
    frame::put_header(out, false, true, size);
    out.push(name.len() as u8);
    out.extend_from_slice(name);
    for p in parts {
        out.extend_from_slice(p);
    }
}

/// Appends an ERROR command with `reason` (truncated to 255 bytes).
pub fn put_error(out: &mut Vec<u8>, reason: &[u8]) {
    let r = &reason[..reason.len().min(255)];
    put(out, ERROR, &[&[r.len() as u8], r]);
}

/// Appends a PING command.
pub fn put_ping(out: &mut Vec<u8>, ttl_deciseconds: u16, context: &[u8]) {
    put(out, PING, &[&ttl_deciseconds.to_be_bytes(), context]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_forms_match_libzmq() {
        let mut v = Vec::new();
        put(&mut v, SUBSCRIBE, &[b"top"]);
        assert_eq!(v, b"\x04\x0d\x09SUBSCRIBEtop");
        v.clear();
        put(&mut v, CANCEL, &[b"top"]);
        assert_eq!(v, b"\x04\x0a\x06CANCELtop");
        v.clear();
        put_ping(&mut v, 25, b"");
        assert_eq!(v, b"\x04\x07\x04PING\x00\x19");
    }

    #[test]
    fn parses() {
        assert_eq!(parse(b"\x05READYabc").unwrap(), Command::Ready(b"abc"));
        assert_eq!(parse(b"\x05ERROR\x03400").unwrap(), Command::Error(b"400"));
        assert_eq!(
            parse(b"\x05ERROR\x09400"),
            Err(ProtocolError::MalformedError)
        );
        assert_eq!(
            parse(b"\x04PING\x00\x19ctx").unwrap(),
            Command::Ping {
                ttl: 25,
                context: b"ctx"
            }
        );
        assert_eq!(parse(b"\x04PING\x00"), Err(ProtocolError::MalformedCommand));
        assert_eq!(parse(b""), Err(ProtocolError::MalformedCommand));
        assert_eq!(parse(b"\x00"), Err(ProtocolError::MalformedCommand));
        assert_eq!(parse(b"\x09SUB"), Err(ProtocolError::MalformedCommand));
        assert!(matches!(
            parse(b"\x03FOOx").unwrap(),
            Command::Other { name: b"FOO", .. }
        ));
    }

    #[test]
    fn join_leave() {
        assert_eq!(parse(b"\x04JOINgrp").unwrap(), Command::Join(b"grp"));
        assert_eq!(parse(b"\x05LEAVE").unwrap(), Command::Leave(b""));
        let mut long = b"\x04JOIN".to_vec();
        long.extend_from_slice(&[b'a'; 256]);
        assert!(parse(&long).is_err());
        long.pop();
        assert!(matches!(parse(&long), Ok(Command::Join(g)) if g.len() == 255));
    }
}
