//! ZAP answers chosen by the fuzzer's input, and checks of the ZAP reply
//! parser (`ferromq_zmtp::zap::parse_reply`).

use ferromq_zmtp::error::codes;
use ferromq_zmtp::mechanism::ZapReply;
use ferromq_zmtp::metadata::Properties;
use ferromq_zmtp::{zap, ProtocolError};

/// `ZapPlan::from_byte` values the seed generator uses.
pub mod byte {
    /// No ZAP handler bound.
    pub const NONE: u8 = 0;
    /// "200", empty user id and metadata.
    pub const OK: u8 = 1;
    /// "300" (temporary failure: no ERROR to the peer).
    pub const TEMP: u8 = 2;
    /// "400".
    pub const DENIED: u8 = 3;
    /// "500".
    pub const INTERNAL: u8 = 4;
    /// "200" with a user id and metadata.
    pub const OK_FULL: u8 = 5;
    /// A reply with a defect (add `d << 4`, d in 0..7, for the defect).
    pub const DEFECTIVE: u8 = 6;
    /// Flag: the handler answers only after all input is in.
    pub const LATE: u8 = 8;
}

/// The user id a full "200" reply carries.
pub const USER_ID: &[u8] = b"fz-user";

/// How the ZAP handler answers a request, chosen by one input byte:
/// bits 0-2 the answer ([`byte`]), bit 3 late, bits 4-6 the defect of a
/// defective reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZapPlan {
    kind: u8,
    /// The answer arrives only once all input has been fed (the engine
    /// keeps reading meanwhile); otherwise at once, before the next read.
    pub late: bool,
    defect: u8,
}

impl ZapPlan {
    /// The plan encoded in `b`.
    pub fn from_byte(b: u8) -> ZapPlan {
        ZapPlan {
            kind: b & 7,
            late: b & byte::LATE != 0,
            // 1..=7
            defect: (b >> 4) % 7 + 1,
        }
    }

    /// The same plan answered at once.
    pub fn immediate(mut self) -> ZapPlan {
        self.late = false;
        self
    }

    /// The status code the reply carries (None: no handler).
    pub fn status(&self) -> Option<u16> {
        match self.kind {
            0 => None,
            2 => Some(300),
            3 => Some(400),
            4 => Some(500),
            _ => Some(200),
        }
    }

    /// For a defective reply: the `ZMQ_PROTOCOL_ERROR_ZAP_*` code libzmq
    /// reports for it.
    pub fn defect_code(&self) -> Option<u32> {
        if self.kind != 6 {
            return None;
        }
        Some(match self.defect {
            1 | 2 => codes::ZAP_MALFORMED_REPLY,
            3 => codes::ZAP_UNSPECIFIED,
            4 => codes::ZAP_BAD_VERSION,
            5 => codes::ZAP_BAD_REQUEST_ID,
            6 => codes::ZAP_INVALID_STATUS_CODE,
            _ => codes::ZAP_INVALID_METADATA,
        })
    }

    /// What a valid reply carries: (user id, metadata).
    pub fn user_and_metadata(&self) -> (Vec<u8>, Properties) {
        if self.kind == 5 {
            let mut p = Properties::new();
            p.push("X-Zap", "fz");
            p.push("Hello", "World");
            (USER_ID.to_vec(), p)
        } else {
            (Vec::new(), Properties::new())
        }
    }

    /// The reply frames (body, MORE), as the handler sends them; None if
    /// no handler is bound.
    pub fn reply_frames(&self) -> Option<Vec<(Vec<u8>, bool)>> {
        let status = self.status()?;
        let (user, meta) = self.user_and_metadata();
        let mut meta_bytes = Vec::new();
        meta.encode(&mut meta_bytes);
        let mut f: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"1.0".to_vec(),
            b"1".to_vec(),
            status.to_string().into_bytes(),
            b"OK".to_vec(),
            user,
            meta_bytes,
        ];
        let mut last_more = false;
        if self.kind == 6 {
            match self.defect {
                1 => {
                    f.pop();
                }
                2 => last_more = true,
                3 => f[0] = b"x".to_vec(),
                4 => f[1] = b"2.0".to_vec(),
                5 => f[2] = b"2".to_vec(),
                6 => f[3] = b"201".to_vec(),
                _ => f[6] = b"\x05Hel".to_vec(),
            }
        }
        let n = f.len();
        Some(
            f.into_iter()
                .enumerate()
                .map(|(i, b)| {
                    let more = i + 1 < n || last_more;
                    (b, more)
                })
                .collect(),
        )
    }

    /// The reply as the engine hands it to the handshake: None (no
    /// handler), Some(Ok(reply)), or Some(Err(e)) if `parse_reply` refuses
    /// it (checked against [`ZapPlan::defect_code`]).
    pub fn reply(&self) -> Option<Result<ZapReply, ProtocolError>> {
        let frames = self.reply_frames()?;
        let refs: Vec<(&[u8], bool)> = frames.iter().map(|(b, m)| (b.as_slice(), *m)).collect();
        let r = zap::parse_reply(&refs);
        match self.defect_code() {
            Some(c) => assert_eq!(r, Err(ProtocolError::Code(c)), "defective ZAP reply"),
            None => {
                let r = r.as_ref().expect("a valid ZAP reply parses");
                let (user, meta) = self.user_and_metadata();
                assert_eq!(Some(r.status), self.status());
                assert_eq!(r.user_id, user);
                assert_eq!(r.metadata, meta);
            }
        }
        Some(r)
    }
}

/// What libzmq's `zap_client_t::receive_and_process_zap_reply` makes of
/// reply frames, restated from RFC 27 and libzmq 4.3: the status code, or
/// the protocol error code of the first check that fails.
fn reference(frames: &[(&[u8], bool)]) -> Result<u16, u32> {
    if frames.len() != zap::REPLY_FRAMES
        || frames
            .iter()
            .enumerate()
            .any(|(i, &(_, more))| more != (i + 1 < zap::REPLY_FRAMES))
    {
        return Err(codes::ZAP_MALFORMED_REPLY);
    }
    if !frames[0].0.is_empty() {
        return Err(codes::ZAP_UNSPECIFIED);
    }
    if frames[1].0 != b"1.0" {
        return Err(codes::ZAP_BAD_VERSION);
    }
    if frames[2].0 != b"1" {
        return Err(codes::ZAP_BAD_REQUEST_ID);
    }
    let s = frames[3].0;
    if s.len() != 3 || !(b'2'..=b'5').contains(&s[0]) || s[1] != b'0' || s[2] != b'0' {
        return Err(codes::ZAP_INVALID_STATUS_CODE);
    }
    if Properties::parse(frames[6].0).is_err() {
        return Err(codes::ZAP_INVALID_METADATA);
    }
    Ok(u16::from(s[0] - b'0') * 100)
}

/// Reply frames from arbitrary bytes: each frame is one header byte (bit
/// 7: MORE, bits 0-6: length) and that many bytes; at most 16 frames.
pub fn frames_from(mut data: &[u8]) -> Vec<(&[u8], bool)> {
    let mut out = Vec::new();
    while let Some((&h, rest)) = data.split_first() {
        if out.len() == 16 {
            break;
        }
        let n = usize::from(h & 0x7F).min(rest.len());
        out.push((&rest[..n], h & 0x80 != 0));
        data = &rest[n..];
    }
    out
}

/// The inverse of [`frames_from`] (for seeds).
pub fn frames_to(frames: &[(&[u8], bool)]) -> Vec<u8> {
    let mut out = Vec::new();
    for &(b, more) in frames {
        let n = b.len().min(0x7F);
        out.push(n as u8 | if more { 0x80 } else { 0 });
        out.extend_from_slice(&b[..n]);
    }
    out
}

/// Checks `zap::parse_reply` on arbitrary frames against the reference,
/// and what it hands back when it accepts them. Returns the reply.
pub fn check_parse_reply(frames: &[(&[u8], bool)]) -> Option<ZapReply> {
    let got = zap::parse_reply(frames);
    match (reference(frames), &got) {
        (Ok(status), Ok(r)) => {
            assert_eq!(r.status, status);
            assert_eq!(r.user_id, frames[5].0);
            assert_eq!(Properties::parse(frames[6].0).as_ref(), Ok(&r.metadata));
        }
        (Err(code), Err(e)) => assert_eq!(e, &ProtocolError::Code(code), "ZAP reply error"),
        (want, got) => panic!("ZAP reply: want {want:?}, got {got:?}"),
    }
    got.ok()
}
