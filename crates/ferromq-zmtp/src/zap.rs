//! ZAP, the ZeroMQ Authentication Protocol (RFC 27): the request a server
//! sends to the handler bound at [`ENDPOINT`] and the reply it expects.
//!
//! ```text
//! request: "" "1.0" request-id domain address identity mechanism credentials...
//! reply:   "" "1.0" request-id status-code status-text user-id metadata
//! ```
//!
//! The empty first frame is the envelope delimiter a REP (or ROUTER)
//! handler expects. Only the framing lives here; the engine moves the
//! frames through an inproc pipe.

use crate::error::codes;
use crate::mechanism::{ZapReply, ZapRequest};
use crate::metadata::Properties;
use crate::ProtocolError;

/// Where the ZAP handler binds.
pub const ENDPOINT: &str = "inproc://zeromq.zap.01";
/// The protocol version in every request and reply.
pub const VERSION: &[u8] = b"1.0";
/// The request id: one request is outstanding per connection, so libzmq
/// always uses "1".
pub const REQUEST_ID: &[u8] = b"1";
/// Frames in a reply.
pub const REPLY_FRAMES: usize = 7;

/// The frames of a request (each sent with MORE but the last).
pub fn request_frames(
    domain: &[u8],
    address: &[u8],
    routing_id: &[u8],
    req: &ZapRequest,
) -> Vec<Vec<u8>> {
    let mut frames = vec![
        Vec::new(),
        VERSION.to_vec(),
        REQUEST_ID.to_vec(),
        domain.to_vec(),
        address.to_vec(),
        routing_id.to_vec(),
        req.mechanism.as_bytes().to_vec(),
    ];
    frames.extend(req.credentials.iter().cloned());
    frames
}

/// Checks a reply, frame by frame, as libzmq does; `frames` are the bodies
/// with their MORE flags. Errors carry libzmq's `ZMQ_PROTOCOL_ERROR_ZAP_*`
/// code.
pub fn parse_reply(frames: &[(&[u8], bool)]) -> Result<ZapReply, ProtocolError> {
    if frames.len() != REPLY_FRAMES
        || frames
            .iter()
            .enumerate()
            .any(|(i, (_, more))| *more != (i + 1 < REPLY_FRAMES))
    {
        return Err(ProtocolError::Code(codes::ZAP_MALFORMED_REPLY));
    }
    if !frames[0].0.is_empty() {
        return Err(ProtocolError::Code(codes::ZAP_UNSPECIFIED));
    }
    if frames[1].0 != VERSION {
        return Err(ProtocolError::Code(codes::ZAP_BAD_VERSION));
    }
    if frames[2].0 != REQUEST_ID {
        return Err(ProtocolError::Code(codes::ZAP_BAD_REQUEST_ID));
    }
    let status = match frames[3].0 {
        b"200" => 200,
        b"300" => 300,
        b"400" => 400,
        b"500" => 500,
        _ => return Err(ProtocolError::Code(codes::ZAP_INVALID_STATUS_CODE)),
    };
    let metadata = Properties::parse(frames[6].0)
        .map_err(|_| ProtocolError::Code(codes::ZAP_INVALID_METADATA))?;
    Ok(ZapReply {
        status,
        user_id: frames[5].0.to_vec(),
        metadata,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply<'a>(f: &[&'a [u8]]) -> Vec<(&'a [u8], bool)> {
        f.iter()
            .enumerate()
            .map(|(i, b)| (*b, i + 1 < f.len()))
            .collect()
    }

    #[test]
    fn request_layout() {
        let req = ZapRequest {
            mechanism: "PLAIN",
            credentials: vec![b"admin".to_vec(), b"secret".to_vec()],
        };
        let f = request_frames(b"global", b"127.0.0.1", b"IDENT", &req);
        let want: Vec<&[u8]> = vec![
            b"",
            b"1.0",
            b"1",
            b"global",
            b"127.0.0.1",
            b"IDENT",
            b"PLAIN",
            b"admin",
            b"secret",
        ];
        assert_eq!(f, want.iter().map(|v| v.to_vec()).collect::<Vec<_>>());
    }

    #[test]
    fn good_reply() {
        let mut meta = Vec::new();
        let mut p = Properties::new();
        p.push("Hello", "World");
        p.encode(&mut meta);
        let r = parse_reply(&reply(&[b"", b"1.0", b"1", b"200", b"OK", b"alice", &meta])).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.user_id, b"alice");
        assert_eq!(r.metadata.get("Hello"), Some(&b"World"[..]));
    }

    #[test]
    fn bad_replies_have_libzmq_codes() {
        let code = |f: &[(&[u8], bool)]| match parse_reply(f) {
            Err(ProtocolError::Code(c)) => c,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            code(&reply(&[b"", b"1.0", b"1", b"200", b"OK", b""])),
            codes::ZAP_MALFORMED_REPLY
        );
        let mut more_on_last = reply(&[b"", b"1.0", b"1", b"200", b"OK", b"", b""]);
        more_on_last[6].1 = true;
        assert_eq!(code(&more_on_last), codes::ZAP_MALFORMED_REPLY);
        assert_eq!(
            code(&reply(&[b"x", b"1.0", b"1", b"200", b"OK", b"", b""])),
            codes::ZAP_UNSPECIFIED
        );
        assert_eq!(
            code(&reply(&[b"", b"2.0", b"1", b"200", b"OK", b"", b""])),
            codes::ZAP_BAD_VERSION
        );
        assert_eq!(
            code(&reply(&[b"", b"1.0", b"2", b"200", b"OK", b"", b""])),
            codes::ZAP_BAD_REQUEST_ID
        );
        assert_eq!(
            code(&reply(&[b"", b"1.0", b"1", b"201", b"OK", b"", b""])),
            codes::ZAP_INVALID_STATUS_CODE
        );
        assert_eq!(
            code(&reply(&[b"", b"1.0", b"1", b"200", b"OK", b"", b"\x05Hel"])),
            codes::ZAP_INVALID_METADATA
        );
    }
}
