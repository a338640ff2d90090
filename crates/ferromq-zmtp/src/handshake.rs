//! The connection handshake: greetings, then the mechanism, until both
//! peers are ready.
//!
//! ```text
//!   start() ──► our greeting in `out`
//!   on_input(bytes) ──► Greeting ──► Mechanism ──► Event::Ready(Peer)
//!                                       │  ▲
//!                          Event::Zap(req)  on_zap(reply)
//! ```
//!
//! A server mechanism may stop to ask the ZAP handler: `on_input` returns
//! [`Event::Zap`] once, and the handshake goes on when the engine calls
//! [`Handshake::on_zap`] with the answer. Bytes left in the input after
//! `Ready` are the first data frames.

use bytes::{Buf, BytesMut};

use crate::frame;
use crate::greeting::{self, Greeting, GREETING_LEN};
use crate::mechanism::{Codec, Mechanism, Status, ZapReply, ZapRequest};
use crate::metadata::{self, Properties};
use crate::{ProtocolError, SocketType};

/// Largest command frame accepted during the handshake. Real handshakes are
/// a few hundred bytes; this bounds what a hostile peer can make us buffer.
pub const MAX_HANDSHAKE_FRAME: u64 = 1 << 20;

/// What we learnt about the peer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    /// The peer's greeting (protocol revision, mechanism).
    pub greeting: Greeting,
    /// All properties from the peer's READY (or INITIATE).
    pub properties: Properties,
    /// The peer's socket type, if it announced one.
    pub socket_type: Option<SocketType>,
    /// The peer's routing id (`Identity` property), possibly empty.
    pub identity: Vec<u8>,
    /// What the ZAP handler said of the peer, if it was asked: the user id
    /// and the metadata it attached (both become message properties).
    pub zap: Option<(Vec<u8>, Properties)>,
}

/// What an input pass produced.
#[derive(Debug, PartialEq, Eq)]
pub enum Event {
    /// Nothing yet: more bytes are needed.
    None,
    /// Ask the ZAP handler, then call [`Handshake::on_zap`].
    Zap(ZapRequest),
    /// Both sides are ready.
    Ready(Box<Peer>),
}

impl Peer {
    /// Whether the peer speaks ZMTP 3.1 (subscriptions as commands).
    pub fn is_v31(&self) -> bool {
        self.greeting.is_v31()
    }
}

/// The greeting goes out in three steps, as libzmq sends it, so a peer
/// of another revision could be recognised before we commit to 3.x:
/// the 10-byte signature at once, the major version once the peer's
/// signature is in, the rest once the peer's major version is in.
enum State {
    /// Our signature is out; waiting for the peer's.
    Signature,
    /// Our major version is out; waiting for the peer's.
    Major,
    /// All of our greeting is out; waiting for all of the peer's.
    Greeting,
    Mechanism,
    Done,
}

/// The handshake of one connection.
pub struct Handshake {
    socket_type: SocketType,
    mechanism: Box<dyn Mechanism>,
    identity_len: usize,
    max_msg_size: Option<u64>,
    state: State,
    greeting: Option<Greeting>,
    /// Our whole greeting, sent in parts.
    ours: [u8; GREETING_LEN],
    /// The ZAP handler's answer, kept for the peer.
    zap: Option<(Vec<u8>, Properties)>,
}

impl Handshake {
    /// A handshake for a socket of `socket_type` using `mechanism`.
    /// `identity_len` shapes the greeting padding; `max_msg_size` is
    /// ZMQ_MAXMSGSIZE (None for no limit).
    pub fn new(
        socket_type: SocketType,
        mechanism: Box<dyn Mechanism>,
        identity_len: usize,
        max_msg_size: Option<u64>,
    ) -> Handshake {
        Handshake {
            socket_type,
            mechanism,
            identity_len,
            max_msg_size,
            state: State::Signature,
            greeting: None,
            ours: [0; GREETING_LEN],
            zap: None,
        }
    }

    /// The properties a socket of `socket_type` announces (Socket-Type,
    /// Identity for the types that send it, then application metadata).
    pub fn properties_for(
        socket_type: SocketType,
        identity: &[u8],
        extra: &[(String, Vec<u8>)],
    ) -> Properties {
        let mut p = Properties::new();
        p.push(metadata::SOCKET_TYPE, socket_type.name());
        if socket_type.sends_identity() {
            p.push(metadata::IDENTITY, identity.to_vec());
        }
        for (k, v) in extra {
            p.push(k.clone(), v.clone());
        }
        p
    }

    /// Appends the first part of our greeting (the signature) to `out`.
    pub fn start(&mut self, out: &mut Vec<u8>) {
        self.ours = greeting::encode(
            self.mechanism.name(),
            // libzmq 4.3 leaves the as-server byte 0, even for a PLAIN or
            // CURVE server; roles come from the options, not the greeting.
            false,
            self.identity_len,
        );
        out.extend_from_slice(&self.ours[..greeting::SIGNATURE_LEN]);
    }

    /// Whether the handshake has completed.
    pub fn is_done(&self) -> bool {
        matches!(self.state, State::Done)
    }

    /// The mechanism's name ("NULL", "PLAIN", "CURVE").
    pub fn mechanism_name(&self) -> &'static str {
        self.mechanism.name()
    }

    /// Once ready: the codec later frames go through (CURVE), if any.
    pub fn take_codec(&mut self) -> Option<Box<dyn Codec>> {
        // Only a handshake that completed has a session to hand out (the
        // mechanism may be ready while the socket types still clash).
        if !self.is_done() {
            return None;
        }
        self.mechanism.take_codec()
    }

    /// Consumes handshake bytes from `input`, appending replies to `out`.
    /// Returns the peer once both sides are ready; bytes after that point
    /// stay in `input`.
    pub fn on_input(
        &mut self,
        input: &mut BytesMut,
        out: &mut Vec<u8>,
    ) -> Result<Event, ProtocolError> {
        loop {
            match self.state {
                State::Signature => {
                    greeting::check_prefix(&input[..input.len().min(GREETING_LEN)])?;
                    if input.len() < greeting::SIGNATURE_LEN {
                        return Ok(Event::None);
                    }
                    out.push(self.ours[greeting::SIGNATURE_LEN]);
                    self.state = State::Major;
                }
                State::Major => {
                    greeting::check_prefix(&input[..input.len().min(GREETING_LEN)])?;
                    if input.len() <= greeting::SIGNATURE_LEN {
                        return Ok(Event::None);
                    }
                    out.extend_from_slice(&self.ours[greeting::SIGNATURE_LEN + 1..]);
                    self.state = State::Greeting;
                }
                State::Greeting => {
                    greeting::check_prefix(&input[..input.len().min(GREETING_LEN)])?;
                    if input.len() < GREETING_LEN {
                        return Ok(Event::None);
                    }
                    let mut g = [0u8; GREETING_LEN];
                    g.copy_from_slice(&input[..GREETING_LEN]);
                    input.advance(GREETING_LEN);
                    let g = greeting::decode(&g)?;
                    if g.mechanism != self.mechanism.name().as_bytes() {
                        return Err(ProtocolError::MechanismMismatch);
                    }
                    self.greeting = Some(g);
                    self.state = State::Mechanism;
                    let status = self.mechanism.start(out)?;
                    if let Some(ev) = self.progress(status)? {
                        return Ok(ev);
                    }
                }
                State::Mechanism => {
                    let limit = Some(
                        self.max_msg_size
                            .map_or(MAX_HANDSHAKE_FRAME, |m| m.min(MAX_HANDSHAKE_FRAME)),
                    );
                    let Some(h) = frame::parse_header(input, limit)? else {
                        return Ok(Event::None);
                    };
                    let total = h.header_len + h.size as usize;
                    if input.len() < total {
                        return Ok(Event::None);
                    }
                    if !h.command() {
                        return Err(ProtocolError::InvalidSequence);
                    }
                    let frame = input.split_to(total);
                    let status = self.mechanism.on_command(&frame[h.header_len..], out)?;
                    if let Some(ev) = self.progress(status)? {
                        return Ok(ev);
                    }
                }
                State::Done => return Ok(Event::None),
            }
        }
    }

    /// The ZAP handler answered (`Some`), or none is bound (`None`).
    /// Returns the peer if that completed the handshake.
    pub fn on_zap(
        &mut self,
        reply: Option<ZapReply>,
        out: &mut Vec<u8>,
    ) -> Result<Option<Peer>, ProtocolError> {
        let status = self.mechanism.on_zap(reply.as_ref(), out)?;
        if let Some(r) = reply {
            self.zap = Some((r.user_id, r.metadata));
        }
        match self.progress(status)? {
            Some(Event::Ready(p)) => Ok(Some(*p)),
            Some(Event::Zap(_)) => Err(ProtocolError::InvalidSequence),
            _ => Ok(None),
        }
    }

    fn progress(&mut self, status: Status) -> Result<Option<Event>, ProtocolError> {
        match status {
            Status::Continue => Ok(None),
            Status::Zap(req) => Ok(Some(Event::Zap(req))),
            Status::Ready(properties) => self
                .finish(properties)
                .map(|p| Some(Event::Ready(Box::new(p)))),
        }
    }

    fn finish(&mut self, properties: Properties) -> Result<Peer, ProtocolError> {
        let socket_type = match properties.get(metadata::SOCKET_TYPE) {
            Some(name) => {
                let t = SocketType::from_name(name).ok_or(ProtocolError::IncompatibleSocketType)?;
                if !self.socket_type.accepts_peer(t) {
                    return Err(ProtocolError::IncompatibleSocketType);
                }
                Some(t)
            }
            None => None,
        };
        let identity = properties
            .get(metadata::IDENTITY)
            .or_else(|| properties.get(metadata::ROUTING_ID))
            .unwrap_or_default()
            .to_vec();
        let greeting = self.greeting.take().ok_or(ProtocolError::InvalidSequence)?;
        self.state = State::Done;
        Ok(Peer {
            greeting,
            properties,
            socket_type,
            identity,
            zap: self.zap.take(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mechanism::null::Null;

    fn side(t: SocketType, id: &[u8]) -> Handshake {
        let props = Handshake::properties_for(t, id, &[]);
        Handshake::new(t, Box::new(Null::new(props)), id.len(), None)
    }

    /// Runs two handshakes against each other, feeding bytes one at a time
    /// to prove partial input is handled.
    fn run(
        a: &mut Handshake,
        b: &mut Handshake,
    ) -> (Result<Peer, ProtocolError>, Result<Peer, ProtocolError>) {
        let (mut a_out, mut b_out) = (Vec::new(), Vec::new());
        a.start(&mut a_out);
        b.start(&mut b_out);
        let (mut a_in, mut b_in) = (BytesMut::new(), BytesMut::new());
        let (mut ra, mut rb) = (None, None);
        for _ in 0..10_000 {
            if ra.is_some() && rb.is_some() {
                break;
            }
            if !b_out.is_empty() {
                a_in.extend_from_slice(&b_out[..1]);
                b_out.remove(0);
            }
            if !a_out.is_empty() {
                b_in.extend_from_slice(&a_out[..1]);
                a_out.remove(0);
            }
            if ra.is_none() {
                match a.on_input(&mut a_in, &mut a_out) {
                    Ok(Event::Ready(p)) => ra = Some(Ok(*p)),
                    Ok(_) => {}
                    Err(e) => ra = Some(Err(e)),
                }
            }
            if rb.is_none() {
                match b.on_input(&mut b_in, &mut b_out) {
                    Ok(Event::Ready(p)) => rb = Some(Ok(*p)),
                    Ok(_) => {}
                    Err(e) => rb = Some(Err(e)),
                }
            }
        }
        (ra.expect("a finished"), rb.expect("b finished"))
    }

    #[test]
    fn dealer_router() {
        let (ra, rb) = run(
            &mut side(SocketType::Dealer, b"abc"),
            &mut side(SocketType::Router, b""),
        );
        let pa = ra.unwrap();
        let pb = rb.unwrap();
        assert_eq!(pa.socket_type, Some(SocketType::Router));
        assert_eq!(pb.socket_type, Some(SocketType::Dealer));
        assert_eq!(pb.identity, b"abc");
        assert!(pa.is_v31());
    }

    #[test]
    fn incompatible_types_fail() {
        let (ra, rb) = run(
            &mut side(SocketType::Push, b""),
            &mut side(SocketType::Pub, b""),
        );
        assert_eq!(ra, Err(ProtocolError::IncompatibleSocketType));
        assert_eq!(rb, Err(ProtocolError::IncompatibleSocketType));
    }

    #[test]
    fn message_before_ready_is_rejected() {
        let mut h = side(SocketType::Pull, b"");
        let mut out = Vec::new();
        h.start(&mut out);
        let mut input = BytesMut::from(&greeting::encode("NULL", false, 0)[..]);
        input.extend_from_slice(b"\x00\x03abc");
        assert_eq!(
            h.on_input(&mut input, &mut out),
            Err(ProtocolError::InvalidSequence)
        );
    }

    #[test]
    fn greeting_goes_out_in_three_steps() {
        let mut h = side(SocketType::Dealer, b"");
        let mut out = Vec::new();
        h.start(&mut out);
        assert_eq!(out.len(), 10);
        let peer = greeting::encode("NULL", false, 0);
        let mut input = BytesMut::from(&peer[..10]);
        assert_eq!(h.on_input(&mut input, &mut out), Ok(Event::None));
        assert_eq!(out.len(), 11);
        input.extend_from_slice(&peer[10..11]);
        assert_eq!(h.on_input(&mut input, &mut out), Ok(Event::None));
        assert_eq!(out.len(), 64);
        assert_eq!(&out[..], &greeting::encode("NULL", false, 0)[..]);
    }

    #[test]
    fn mechanism_mismatch() {
        let mut h = side(SocketType::Pull, b"");
        let mut out = Vec::new();
        h.start(&mut out);
        let mut input = BytesMut::from(&greeting::encode("PLAIN", false, 0)[..]);
        assert_eq!(
            h.on_input(&mut input, &mut out),
            Err(ProtocolError::MechanismMismatch)
        );
    }

    #[test]
    fn oversized_handshake_frame_is_rejected() {
        let mut h = side(SocketType::Pull, b"");
        let mut out = Vec::new();
        let mut input = BytesMut::from(&greeting::encode("NULL", false, 0)[..]);
        input.extend_from_slice(&[0x06, 0, 0, 0, 0, 0x10, 0, 0, 0]);
        assert_eq!(
            h.on_input(&mut input, &mut out),
            Err(ProtocolError::MessageTooLarge)
        );
    }
}
