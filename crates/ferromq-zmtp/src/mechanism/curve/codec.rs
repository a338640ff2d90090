//! MESSAGE: every frame after the handshake, boxed under the session key
//! (libzmq's `curve_encoding_t`).
//!
//! ```text
//! frame header (flags 0x00, or 0x02 long)
//! %x07 "MESSAGE"  short-nonce(8)  Box[flags(1) + body](C'→S' or S'→C')
//! flags: 0x01 more, 0x02 command (libzmq's msg_t::more and msg_t::command)
//! ```

use bytes::BytesMut;

use super::crypto::{short_nonce, BoxKey, TAG_LEN};
use super::{be_u64, check_basic_structure, code, NonceCounter};
use crate::error::codes;
use crate::frame;
use crate::mechanism::{Codec, Decoded};
use crate::ProtocolError;

/// The command name, with its length byte.
const MESSAGE: &[u8; 8] = b"\x07MESSAGE";
/// Name and short nonce.
const HEAD_LEN: usize = MESSAGE.len() + 8;
/// Where the flags byte lies in a MESSAGE body, once opened.
const FLAGS_AT: usize = HEAD_LEN + TAG_LEN;
/// Bytes a MESSAGE body adds to the carried frame's body.
const OVERHEAD: usize = FLAGS_AT + 1;

/// Nonce prefix of MESSAGE from client to server.
const CLIENT_PREFIX: &[u8; 16] = b"CurveZMQMESSAGEC";
/// Nonce prefix of MESSAGE from server to client.
const SERVER_PREFIX: &[u8; 16] = b"CurveZMQMESSAGES";

/// Flag in the boxed flags byte: more frames follow (msg_t::more).
const FLAG_MORE: u8 = 0x01;
/// Flag in the boxed flags byte: a command frame (msg_t::command).
const FLAG_COMMAND: u8 = 0x02;

/// The session of a connection: the precomputed key between the two
/// short-term key pairs and both nonce sequences. The mechanism uses it for
/// INITIATE/READY, then hands it out as the [`Codec`].
pub(super) struct CurveCodec {
    key: BoxKey,
    send_prefix: &'static [u8; 16],
    recv_prefix: &'static [u8; 16],
    /// Our next short nonce (shared with the handshake's INITIATE/READY).
    pub(super) nonce: NonceCounter,
    /// The last short nonce accepted from the peer.
    pub(super) peer_nonce: u64,
}

impl CurveCodec {
    /// A session under `key`, for the server side or the client side, with
    /// our nonce sequence continuing from `nonce`.
    pub(super) fn new(key: BoxKey, server: bool, nonce: NonceCounter) -> CurveCodec {
        let (send_prefix, recv_prefix) = if server {
            (SERVER_PREFIX, CLIENT_PREFIX)
        } else {
            (CLIENT_PREFIX, SERVER_PREFIX)
        };
        CurveCodec {
            key,
            send_prefix,
            recv_prefix,
            nonce,
            // libzmq starts the peer nonce at 1; INITIATE/READY set it.
            peer_nonce: 1,
        }
    }

    /// The session key.
    pub(super) fn key(&self) -> &BoxKey {
        &self.key
    }

    /// Length of a MESSAGE command body carrying `len` bytes.
    fn body_len(len: usize) -> Option<usize> {
        len.checked_add(OVERHEAD)
    }
}

impl std::fmt::Debug for CurveCodec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CurveCodec")
            .field("nonce", &self.nonce.0)
            .field("peer_nonce", &self.peer_nonce)
            .finish_non_exhaustive()
    }
}

impl Codec for CurveCodec {
    fn encode(
        &mut self,
        more: bool,
        command: bool,
        prefix: &[u8],
        body: &[u8],
        out: &mut BytesMut,
    ) -> Result<(), ProtocolError> {
        let size = prefix
            .len()
            .checked_add(body.len())
            .and_then(CurveCodec::body_len)
            .ok_or(ProtocolError::MessageTooLarge)?;
        let nonce = self.nonce.next()?;
        let mut flags = 0;
        if more {
            flags |= FLAG_MORE;
        }
        if command {
            flags |= FLAG_COMMAND;
        }
        // As libzmq: the MESSAGE frame itself carries no MORE or COMMAND.
        let mut header = [0u8; frame::MAX_HEADER_LEN];
        let header_len = frame::encode_header(false, false, size, &mut header);
        let start = out.len();
        out.reserve(header_len + size);
        out.extend_from_slice(&header[..header_len]);
        out.extend_from_slice(MESSAGE);
        out.extend_from_slice(&nonce.to_be_bytes());
        let boxed = out.len();
        out.extend_from_slice(&[0u8; TAG_LEN]);
        out.extend_from_slice(&[flags]);
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
        let sealed = match out.get_mut(boxed..) {
            Some(b) => self.key.seal(&short_nonce(self.send_prefix, nonce), b),
            None => false,
        };
        if !sealed {
            out.truncate(start);
            return Err(code(codes::ZMTP_CRYPTOGRAPHIC));
        }
        Ok(())
    }

    fn encoded_len(&self, len: usize) -> usize {
        let size = CurveCodec::body_len(len).unwrap_or(usize::MAX);
        let header = if size > 255 { 9 } else { 2 };
        size.saturating_add(header)
    }

    fn decode(&mut self, body: &mut [u8]) -> Result<Decoded, ProtocolError> {
        check_basic_structure(body)?;
        if !body.starts_with(MESSAGE) {
            return Err(code(codes::ZMTP_UNEXPECTED_COMMAND));
        }
        if body.len() < OVERHEAD {
            return Err(code(codes::ZMTP_MALFORMED_COMMAND_MESSAGE));
        }
        let nonce = be_u64(body, MESSAGE.len());
        if nonce <= self.peer_nonce {
            return Err(code(codes::ZMTP_INVALID_SEQUENCE));
        }
        let opened = match body.get_mut(HEAD_LEN..) {
            Some(b) => self.key.open(&short_nonce(self.recv_prefix, nonce), b),
            None => false,
        };
        if !opened {
            return Err(code(codes::ZMTP_CRYPTOGRAPHIC));
        }
        // Only a MESSAGE that opened moves the window (libzmq moves it
        // before opening; either way a failure ends the connection).
        self.peer_nonce = nonce;
        let flags = body.get(FLAGS_AT).copied().unwrap_or(0);
        Ok(Decoded {
            more: flags & FLAG_MORE != 0,
            command: flags & FLAG_COMMAND != 0,
            body: OVERHEAD..body.len(),
        })
    }
}
