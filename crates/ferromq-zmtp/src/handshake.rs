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
//!
//! Old peers ([`Handshake::enable_legacy`]): as libzmq 4.3, a peer whose
//! first bytes are not a signature is a ZMTP 1.0 peer (its bytes are its
//! identity frame, and our signature doubles as the header of ours), and a
//! signature with revision 0x00 or 0x01 gets a 12-byte greeting (revision
//! 3, then our socket type) followed by ZMTP 1.0 or 2.0 framing. Both
//! sides then send an identity frame; the handshake ends when the peer's
//! has arrived. There is no mechanism: a socket with security enabled
//! refuses such a peer.

use bytes::{Buf, BytesMut};

use crate::frame;
use crate::greeting::{self, Greeting, Revision, GREETING_LEN, V2_GREETING_LEN};
use crate::legacy::{self, Framing};
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
    /// The protocol the peer speaks. For an old peer `greeting` holds its
    /// revision and socket type bytes (zero for an unversioned one) and no
    /// mechanism, and `properties` is empty.
    pub revision: Revision,
    /// A PUB or XPUB talking to an unversioned (ZeroMQ 2.x) peer, which
    /// filters on its own side and sends no subscriptions: libzmq injects
    /// a subscription to everything for it, and so must the engine.
    pub subscribe_all: bool,
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
        self.revision == Revision::Zmtp3 && self.greeting.is_v31()
    }

    /// For a ZMTP 1.0 or 2.0 peer, the framing of the connection.
    pub fn legacy(&self) -> Option<Framing> {
        match self.revision {
            Revision::Unversioned | Revision::Zmtp10 => Some(Framing::V1),
            Revision::Zmtp20 => Some(Framing::V2),
            Revision::Zmtp3 => None,
        }
    }
}

/// How a handshake treats ZMTP 1.0 and 2.0 peers.
struct LegacyConf {
    /// Our routing id, sent as the identity frame.
    identity: Vec<u8>,
    /// Security is enabled: such a peer is refused.
    refuse: bool,
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
    /// An old peer: our socket type is out; waiting for the rest of its
    /// 12-byte greeting.
    LegacyGreeting(Framing),
    /// An old peer: our identity frame is out; waiting for its.
    LegacyIdentity(Framing),
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
    /// None: old peers are refused as unknown protocols.
    legacy: Option<LegacyConf>,
    revision: Revision,
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
            legacy: None,
            revision: Revision::Zmtp3,
        }
    }

    /// Lets the handshake talk to ZMTP 1.0 and 2.0 peers, as libzmq 4.3
    /// does: `identity` (our routing id) goes out as the identity frame.
    /// With `security` (a mechanism other than NULL, or a ZAP domain) such
    /// a peer is detected and refused ([`ProtocolError::LegacyRefused`]).
    /// Without this call they fail as unknown protocols.
    pub fn enable_legacy(&mut self, identity: &[u8], security: bool) {
        self.legacy = Some(LegacyConf {
            identity: identity.to_vec(),
            refuse: security,
        });
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

    /// Starts without a greeting, as over ZWS 2.0 ([`crate::ws`]), where
    /// the WebSocket sub-protocol has already named the mechanism: the
    /// mechanism starts at once (its first command goes to `out`). The
    /// peer counts as ZMTP 3.0: subscriptions travel as messages, as
    /// libzmq sends them over ws.
    pub fn start_ws(&mut self, out: &mut Vec<u8>) -> Result<Option<Event>, ProtocolError> {
        self.greeting = Some(Greeting {
            major: 3,
            minor: 0,
            mechanism: self.mechanism.name().as_bytes().to_vec(),
            as_server: false,
        });
        self.state = State::Mechanism;
        let status = self.mechanism.start(out)?;
        self.progress(status)
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
                    if greeting::detect(input) == Some(Revision::Unversioned) {
                        self.start_unversioned(out)?;
                        continue;
                    }
                    if input.len() < greeting::SIGNATURE_LEN {
                        return Ok(Event::None);
                    }
                    out.push(self.ours[greeting::SIGNATURE_LEN]);
                    self.state = State::Major;
                }
                State::Major => {
                    let framing = match greeting::detect(input) {
                        None => return Ok(Event::None),
                        Some(Revision::Zmtp3) => None,
                        Some(Revision::Zmtp10) => Some(Framing::V1),
                        Some(Revision::Zmtp20) => Some(Framing::V2),
                        Some(Revision::Unversioned) => {
                            return Err(ProtocolError::BadSignature);
                        }
                    };
                    match framing {
                        Some(f) if self.legacy.is_some() => {
                            // libzmq answers an old revision with its
                            // socket type: a 12-byte greeting.
                            out.push(self.socket_type as i32 as u8);
                            self.state = State::LegacyGreeting(f);
                        }
                        Some(_) => {
                            return Err(ProtocolError::UnsupportedVersion(
                                input[greeting::SIGNATURE_LEN],
                            ));
                        }
                        None => {
                            out.extend_from_slice(&self.ours[greeting::SIGNATURE_LEN + 1..]);
                            self.state = State::Greeting;
                        }
                    }
                }
                State::LegacyGreeting(framing) => {
                    if input.len() < V2_GREETING_LEN {
                        return Ok(Event::None);
                    }
                    self.greeting = Some(Greeting {
                        major: input[greeting::SIGNATURE_LEN],
                        minor: input[greeting::SIGNATURE_LEN + 1],
                        mechanism: Vec::new(),
                        as_server: false,
                    });
                    input.advance(V2_GREETING_LEN);
                    self.revision = match framing {
                        Framing::V1 => Revision::Zmtp10,
                        Framing::V2 => Revision::Zmtp20,
                    };
                    let conf = self.legacy.as_ref().ok_or(ProtocolError::InvalidSequence)?;
                    if conf.refuse {
                        return Err(ProtocolError::LegacyRefused);
                    }
                    legacy::put_frame(framing, out, false, &conf.identity);
                    self.state = State::LegacyIdentity(framing);
                }
                State::LegacyIdentity(framing) => {
                    let limit = self
                        .max_msg_size
                        .map_or(MAX_HANDSHAKE_FRAME, |m| m.min(MAX_HANDSHAKE_FRAME));
                    let Some(h) = legacy::parse_header(framing, input, Some(limit))? else {
                        return Ok(Event::None);
                    };
                    let total = h.header_len + h.size as usize;
                    if input.len() < total {
                        return Ok(Event::None);
                    }
                    let frame = input.split_to(total);
                    return Ok(Event::Ready(Box::new(
                        self.finish_legacy(frame[h.header_len..].to_vec())?,
                    )));
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

    /// The peer's first bytes are no signature: a ZMTP 1.0 peer, and those
    /// bytes start its identity frame (they stay in the input). Our
    /// signature was the header of our identity frame; its body follows.
    fn start_unversioned(&mut self, out: &mut Vec<u8>) -> Result<(), ProtocolError> {
        let conf = self.legacy.as_ref().ok_or(ProtocolError::BadSignature)?;
        self.revision = Revision::Unversioned;
        if conf.refuse {
            return Err(ProtocolError::LegacyRefused);
        }
        out.extend_from_slice(&conf.identity);
        self.greeting = Some(Greeting {
            major: 0,
            minor: 0,
            mechanism: Vec::new(),
            as_server: false,
        });
        self.state = State::LegacyIdentity(Framing::V1);
        Ok(())
    }

    /// An old peer's identity frame arrived: the connection is ready, with
    /// neither metadata nor a socket type check (libzmq does none).
    fn finish_legacy(&mut self, identity: Vec<u8>) -> Result<Peer, ProtocolError> {
        let greeting = self.greeting.take().ok_or(ProtocolError::InvalidSequence)?;
        self.state = State::Done;
        Ok(Peer {
            greeting,
            properties: Properties::new(),
            socket_type: None,
            identity,
            zap: None,
            revision: self.revision,
            subscribe_all: self.revision == Revision::Unversioned
                && matches!(self.socket_type, SocketType::Pub | SocketType::XPub),
        })
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
            revision: Revision::Zmtp3,
            subscribe_all: false,
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

    fn legacy_side(t: SocketType, id: &[u8], security: bool) -> Handshake {
        let mut h = side(t, id);
        h.enable_legacy(id, security);
        h
    }

    /// Feeds `input` one byte at a time; returns our output and the result.
    fn feed(h: &mut Handshake, input: &[u8]) -> (Vec<u8>, Result<Event, ProtocolError>) {
        let mut out = Vec::new();
        h.start(&mut out);
        let mut buf = BytesMut::new();
        let mut last = Ok(Event::None);
        for &b in input {
            buf.extend_from_slice(&[b]);
            last = h.on_input(&mut buf, &mut out);
            if !matches!(last, Ok(Event::None)) {
                break;
            }
        }
        (out, last)
    }

    const SIG: [u8; 10] = [0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F];

    #[test]
    fn zmtp20_peer() {
        let mut h = legacy_side(SocketType::Router, b"me", false);
        let mut peer = SIG.to_vec();
        peer.extend_from_slice(&[0x01, SocketType::Dealer as i32 as u8]);
        peer.extend_from_slice(&[0x00, 3, b'j', b'a', b'v']);
        let (out, r) = feed(&mut h, &peer);
        // Our signature (identity length 2 + 1), revision 3, socket type
        // ROUTER, then the identity frame in ZMTP 2.0 framing.
        assert_eq!(&out[..10], &[0xFF, 0, 0, 0, 0, 0, 0, 0, 3, 0x7F]);
        assert_eq!(&out[10..], &[3, 6, 0x00, 2, b'm', b'e']);
        let Ok(Event::Ready(p)) = r else {
            panic!("{r:?}")
        };
        assert_eq!(p.identity, b"jav");
        assert_eq!(p.revision, Revision::Zmtp20);
        assert_eq!(p.legacy(), Some(Framing::V2));
        assert_eq!(p.greeting.minor, SocketType::Dealer as i32 as u8);
        assert!(p.properties.is_empty());
        assert_eq!(p.socket_type, None);
        assert!(!p.is_v31());
        assert!(!p.subscribe_all);
        assert!(h.is_done());
        assert!(h.take_codec().is_none());
    }

    #[test]
    fn zmtp10_versioned_peer_and_following_frames_stay() {
        let mut h = legacy_side(SocketType::Pull, b"", false);
        let mut peer = SIG.to_vec();
        peer.extend_from_slice(&[0x00, SocketType::Push as i32 as u8]);
        peer.extend_from_slice(&[0x01, 0x00]); // empty identity
        let (out, r) = feed(&mut h, &peer);
        assert_eq!(&out[10..], &[3, 7, 0x01, 0x00]);
        let Ok(Event::Ready(p)) = r else {
            panic!("{r:?}")
        };
        assert!(p.identity.is_empty());
        assert_eq!(p.legacy(), Some(Framing::V1));
        // Bytes after the identity frame are left for the engine.
        let mut h = legacy_side(SocketType::Pull, b"", false);
        let mut out = Vec::new();
        h.start(&mut out);
        let mut buf = BytesMut::from(&peer[..]);
        buf.extend_from_slice(&[0x04, 0x00, b'a', b'b', b'c']);
        assert!(matches!(
            h.on_input(&mut buf, &mut out),
            Ok(Event::Ready(_))
        ));
        assert_eq!(&buf[..], &[0x04, 0x00, b'a', b'b', b'c']);
    }

    #[test]
    fn unversioned_peer() {
        let mut h = legacy_side(SocketType::Pub, b"abc", false);
        // A ZeroMQ 2.x SUB: identity "xy" (length 3, flags 0), a message.
        let (out, r) = feed(&mut h, &[0x03, 0x00, b'x', b'y']);
        // Our signature was the long header (length 4, flags 0x7F) of our
        // identity frame: only its body follows, nothing of 3.x.
        assert_eq!(
            &out[..],
            &[0xFF, 0, 0, 0, 0, 0, 0, 0, 4, 0x7F, b'a', b'b', b'c']
        );
        let Ok(Event::Ready(p)) = r else {
            panic!("{r:?}")
        };
        assert_eq!(p.identity, b"xy");
        assert_eq!(p.revision, Revision::Unversioned);
        assert_eq!(p.legacy(), Some(Framing::V1));
        assert!(p.subscribe_all);
        // A long identity starts with 0xFF; flags 0 tell it apart.
        let mut h = legacy_side(SocketType::Sub, b"", false);
        let mut peer = vec![0xFF, 0, 0, 0, 0, 0, 0, 1, 1, 0x00];
        peer.extend_from_slice(&[b'i'; 256]);
        let (out, r) = feed(&mut h, &peer);
        assert_eq!(out.len(), 10);
        let Ok(Event::Ready(p)) = r else {
            panic!("{r:?}")
        };
        assert_eq!(p.identity.len(), 256);
        assert!(!p.subscribe_all);
    }

    #[test]
    fn legacy_refused_with_security_or_unless_enabled() {
        let mut v2 = SIG.to_vec();
        v2.extend_from_slice(&[0x01, 5, 0, 0]);
        let (_, r) = feed(&mut legacy_side(SocketType::Rep, b"", true), &v2);
        assert_eq!(r, Err(ProtocolError::LegacyRefused));
        let (_, r) = feed(&mut legacy_side(SocketType::Rep, b"", true), b"\x01\x00");
        assert_eq!(r, Err(ProtocolError::LegacyRefused));
        let (_, r) = feed(&mut side(SocketType::Rep, b""), &v2);
        assert_eq!(r, Err(ProtocolError::UnsupportedVersion(1)));
        let (_, r) = feed(&mut side(SocketType::Rep, b""), b"\x01\x00");
        assert_eq!(r, Err(ProtocolError::BadSignature));
    }

    #[test]
    fn legacy_identity_is_bounded() {
        let mut peer = SIG.to_vec();
        peer.extend_from_slice(&[0x01, 5, 0x02, 0, 0, 0, 0, 0x10, 0, 0, 0]);
        let (_, r) = feed(&mut legacy_side(SocketType::Rep, b"", false), &peer);
        assert_eq!(r, Err(ProtocolError::MessageTooLarge));
        let (_, r) = feed(&mut legacy_side(SocketType::Rep, b"", false), &[0x00]);
        assert_eq!(r, Err(ProtocolError::MalformedFrame));
    }

    #[test]
    fn zmtp3_peer_with_legacy_enabled() {
        let mut a = legacy_side(SocketType::Dealer, b"abc", false);
        let mut b = legacy_side(SocketType::Router, b"", false);
        let (ra, rb) = run(&mut a, &mut b);
        let (pa, pb) = (ra.unwrap(), rb.unwrap());
        assert_eq!(pb.identity, b"abc");
        assert_eq!(pa.revision, Revision::Zmtp3);
        assert!(pa.is_v31() && pa.legacy().is_none());
    }
}
