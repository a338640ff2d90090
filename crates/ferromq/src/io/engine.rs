//! The stream engine: runs the ZMTP handshake, then moves frames between a
//! connection and its pipe.
//!
//! Inbound, it reads large chunks and decodes every complete frame in
//! them; bodies up to `INLINE_CAP` are copied into the message, larger ones
//! are sliced out of the read buffer without a copy. A message is started
//! only when the pipe is below its high-water mark; otherwise decoding
//! pauses until the socket has read enough.
//!
//! Buffers. An idle connection holds neither a read buffer nor a large
//! batch buffer. The read buffer is given up at the end of every input
//! pass that leaves nothing undecoded (messages sliced out of it keep
//! their part alive until they are read); only a partial frame, or input
//! held back by a full pipe, keeps it. What is left of a buffer given up
//! goes to a one-slot spare of the thread (`SPARE_INBUF`), and the next
//! read on that thread, on whichever connection, continues in it: reads
//! fill one `IN_CHUNK` allocation after another, as when each connection
//! kept its own, and a thread holds at most one spare. The batch buffer
//! is given up when everything was written and it grew past what a
//! handshake needs ([`OutBuf`]).
//!
//! Bounds on one inbound message. The high-water mark counts messages,
//! and the frames of a message are queued whatever it says (a message is
//! delivered whole or not at all), so a peer that never ends a message
//! (MORE on every frame) would make the connection queue frames until
//! memory runs out: ~64 bytes for every frame, even an empty one; libzmq
//! has the same weakness. Here ZMQ_MAXMSGSIZE bounds the whole message,
//! the sum of its frames' sizes (libzmq applies it to each frame alone; a
//! deliberate difference), and whether or not it is set a message may have
//! at most [`MAX_MSG_FRAMES`] frames; without ZMQ_MAXMSGSIZE, the frames
//! of a message before its last may hold at most [`MAX_PENDING_BYTES`]
//! (the last frame, like a single-frame message, is bounded only by
//! ZMQ_MAXMSGSIZE, as in libzmq). A peer that breaks a bound loses its
//! connection (ZMQ_EVENT_DISCONNECTED), as for a frame over
//! ZMQ_MAXMSGSIZE, and the unfinished message is dropped.
//!
//! Outbound, it drains the pipe into one batch buffer (large bodies by
//! reference) and writes it with a single `writev`.
//!
//! Security: the handshake runs the socket's mechanism (NULL, PLAIN,
//! CURVE). When it needs the ZAP handler the engine stops with
//! `Progress::Zap` and the session answers through [`Engine::zap_reply`].
//! After a CURVE handshake every frame goes through the mechanism's codec
//! (encrypted as a MESSAGE command) both ways.
//!
//! Old peers (ZMTP 1.0 and 2.0, e.g. JeroMQ 0.3 or ZeroMQ 2.x/3.x): the
//! handshake detects them as libzmq 4.3 does and exchanges identity frames
//! with them (refusing them when the socket uses security); afterwards
//! frames use their framing ([`legacy`]), subscriptions travel as plain
//! messages, commands from them are dropped, and their messages carry no
//! metadata at all (libzmq attaches none: no Peer-Address, no SRCFD). A
//! PUB or XPUB gives an unversioned (ZeroMQ 2.x) peer, which sends no
//! subscriptions, a subscription to everything, as libzmq does.

use std::io;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::sync::Arc;

use bytes::{Buf, BufMut, Bytes, BytesMut};
use ferromq_zmtp::command::{self, Command};
use ferromq_zmtp::frame;
use ferromq_zmtp::handshake::{Event, Handshake, Peer};
use ferromq_zmtp::legacy::{self, Framing};
use ferromq_zmtp::mechanism::{Codec, ZapReply, ZapRequest};
use ferromq_zmtp::{ProtocolError, SocketType};

use super::outbuf::{OutBuf, ZERO_COPY_MIN};
use super::security::Security;
use super::ws::{WsLink, WsRole};
use crate::bufpool::{self, PooledBuf};
use crate::msg::{self, Metadata, Msg, INLINE_CAP};
use crate::pipe::{NoFrame, PipeEnd};
use crate::sys::net;

/// Bytes read per `read` call when the buffer is refilled.
const IN_CHUNK: usize = 64 * 1024;
/// A read buffer with less room than this is replaced before a read.
const IN_MIN_ROOM: usize = 4096;

thread_local! {
    /// The rest of the last read buffer an engine on this thread gave up
    /// (see the module doc).
    static SPARE_INBUF: std::cell::Cell<Option<BytesMut>> = const { std::cell::Cell::new(None) };
}

/// Makes room for at least `min` more bytes in `buf` before a read: an
/// empty buffer takes the thread's spare if it has room enough, otherwise
/// a new `IN_CHUNK` is allocated.
fn ensure_room(buf: &mut BytesMut, min: usize) {
    if buf.capacity() - buf.len() >= min {
        return;
    }
    if buf.is_empty() {
        if let Some(spare) = SPARE_INBUF.take() {
            if spare.capacity() >= min.max(IN_MIN_ROOM) {
                *buf = spare;
                return;
            }
        }
    }
    buf.reserve(IN_CHUNK);
}
/// Stop encoding and write once this much is batched.
const OUT_BATCH: usize = 64 * 1024;
/// Frames at least this large are received straight into their own
/// buffer, allocated (fallibly) for the declared size, as libzmq does.
const LARGE_FRAME: usize = 32 * 1024;

struct Large {
    buf: LargeBuf,
    /// Bytes of the body received so far.
    filled: usize,
    size: usize,
    more: bool,
    command: bool,
}

/// Where a large body is received: a recycled pool buffer, or, for bodies
/// beyond the pool's range, a vector whose pages the kernel commits only
/// as data actually arrives.
enum LargeBuf {
    Pooled(PooledBuf),
    Vec(Vec<u8>),
}
/// Reads per event before yielding to other connections.
const MAX_READS_PER_EVENT: usize = 16;

/// Frames one inbound message may have (see the module doc).
pub(crate) const MAX_MSG_FRAMES: u64 = 1 << 16;
/// Without ZMQ_MAXMSGSIZE: bytes the frames of an inbound message before
/// its last may hold (see the module doc).
pub(crate) const MAX_PENDING_BYTES: u64 = 256 << 20;

/// Why an engine stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EngineError {
    /// The peer closed the connection.
    Closed,
    /// An I/O error (errno).
    Io(i32),
    /// The peer broke the protocol.
    Protocol(ProtocolError),
}

impl From<io::Error> for EngineError {
    fn from(e: io::Error) -> EngineError {
        EngineError::Io(e.raw_os_error().unwrap_or(libc::EIO))
    }
}

/// What the session must do after an input pass.
#[derive(Debug)]
pub(crate) enum Progress {
    /// Nothing more for now.
    Idle,
    /// The handshake just completed.
    Handshaked(Box<Peer>),
    /// ws://: the WebSocket upgrade just completed (libzmq reports a
    /// HANDSHAKE_SUCCEEDED for it, and another for the ZMTP handshake).
    WsUpgraded,
    /// The handshake waits for the ZAP handler's answer to this request
    /// ([`Engine::zap_reply`]).
    Zap(ZapRequest),
    /// Input remains; run again after other connections.
    Again,
}

/// Handshake settings from the socket's options.
pub(crate) struct EngineConfig {
    pub(crate) socket_type: SocketType,
    pub(crate) identity: Vec<u8>,
    pub(crate) metadata: Vec<(String, Vec<u8>)>,
    pub(crate) max_msg: Option<u64>,
    /// Raw TCP (STREAM): no handshake, no framing.
    pub(crate) raw: bool,
    /// The security mechanism and its keys.
    pub(crate) security: Security,
    /// ZMQ_IN_BATCH_SIZE: bytes per read (None: `IN_CHUNK`).
    pub(crate) in_batch: Option<i32>,
    /// ZMQ_OUT_BATCH_SIZE: bytes encoded before a write (None: `OUT_BATCH`).
    pub(crate) out_batch: Option<i32>,
    /// ws:// (ZWS 2.0): this end of the WebSocket upgrade.
    pub(crate) ws: Option<WsRole>,
}

pub(crate) struct Engine {
    fd: OwnedFd,
    socket_type: SocketType,
    hs: Option<Handshake>,
    /// After a CURVE handshake: every frame is sealed and opened here.
    codec: Option<Box<dyn Codec>>,
    /// A frame could not be encoded (the codec's nonces ran out): the
    /// connection must close.
    encode_failed: Option<ProtocolError>,
    v31: bool,
    /// An old (ZMTP 1.0/2.0) peer: its framing.
    legacy: Option<Framing>,
    /// A subscription to everything is still to be delivered (a PUB or
    /// XPUB talking to an unversioned peer).
    subscribe_all: bool,
    max_msg: Option<u64>,
    /// Read but not yet decoded. Without capacity while the connection is
    /// idle (see the module doc).
    inbuf: BytesMut,
    out: OutBuf,
    in_more: bool,
    /// Frames and body bytes of the inbound message so far (while
    /// `in_more`, of the unfinished one).
    in_frames: u64,
    in_bytes: u64,
    /// MAX_MSG_FRAMES and MAX_PENDING_BYTES (smaller in tests).
    max_frames: u64,
    max_pending: u64,
    out_more: bool,
    in_blocked: bool,
    writable: bool,
    out_eof: bool,
    peer_address: String,
    raw: bool,
    large: Option<Large>,
    /// The last frame was large: expect another.
    expect_large: bool,
    /// Messages were committed to a sleeping reader during this input
    /// pass: wake it once, at the end.
    wake_pending: bool,
    /// Reads that brought bytes, ever: heartbeats compare it to tell
    /// whether the peer sent anything since a moment.
    rx_reads: u64,
    /// A PING asked us to drop the connection after its TTL (ms) without
    /// input, counting from `rx_reads` (value then); for the session to
    /// arm.
    peer_ttl: Option<(u64, u64)>,
    /// DISH: the group frame of the message being received.
    dish_in: Option<super::groups::DishIn>,
    /// Bytes per read (ZMQ_IN_BATCH_SIZE) and bytes batched before a
    /// write (ZMQ_OUT_BATCH_SIZE).
    in_batch: usize,
    out_batch: usize,
    /// ws://: the WebSocket layer every byte goes through (io/ws.rs).
    ws: Option<Box<WsLink>>,
    /// ws://: the upgrade has been reported to the session.
    ws_reported: bool,
}

/// A batch size option as a byte count (None: `default`).
fn batch(v: Option<i32>, default: usize) -> usize {
    v.and_then(|v| usize::try_from(v).ok())
        .filter(|&v| v > 0)
        .unwrap_or(default)
}

impl Engine {
    pub(crate) fn new(fd: OwnedFd, cfg: &EngineConfig, peer_address: String) -> Engine {
        let mut out = OutBuf::default();
        let hs = if cfg.raw {
            None
        } else {
            let props = Handshake::properties_for(cfg.socket_type, &cfg.identity, &cfg.metadata);
            let mut hs = Handshake::new(
                cfg.socket_type,
                cfg.security.mechanism(props),
                cfg.identity.len(),
                cfg.max_msg,
            );
            if cfg.ws.is_none() {
                hs.enable_legacy(&cfg.identity, cfg.security.zap_enabled());
                let mut greeting = Vec::new();
                hs.start(&mut greeting);
                out.buf().put_slice(&greeting);
                out.appended(greeting.len());
            }
            Some(hs)
        };
        // ZWS 2.0 has no greeting: the handshake starts after the upgrade.
        let ws = match (&cfg.ws, &hs) {
            (Some(role), Some(hs)) => Some(Box::new(WsLink::new(
                role.clone(),
                hs.mechanism_name(),
                cfg.max_msg,
            ))),
            _ => None,
        };
        Engine {
            fd,
            socket_type: cfg.socket_type,
            hs,
            codec: None,
            encode_failed: None,
            v31: true,
            legacy: None,
            subscribe_all: false,
            max_msg: cfg.max_msg,
            inbuf: BytesMut::new(),
            out,
            in_more: false,
            in_frames: 0,
            in_bytes: 0,
            max_frames: MAX_MSG_FRAMES,
            max_pending: MAX_PENDING_BYTES,
            out_more: false,
            in_blocked: false,
            writable: true,
            out_eof: false,
            peer_address,
            raw: cfg.raw,
            large: None,
            expect_large: false,
            wake_pending: false,
            rx_reads: 0,
            peer_ttl: None,
            dish_in: (cfg.socket_type == SocketType::Dish).then(Default::default),
            in_batch: batch(cfg.in_batch, IN_CHUNK),
            out_batch: batch(cfg.out_batch, OUT_BATCH),
            ws,
            ws_reported: false,
        }
    }

    /// Metadata for a raw connection (only the peer address).
    pub(crate) fn raw_metadata(&self) -> Arc<Metadata> {
        let props = vec![(
            "Peer-Address".to_string(),
            self.peer_address.as_bytes().to_vec(),
        )];
        Arc::new(Metadata::new(props, self.fd.as_raw_fd()))
    }

    /// Whether output waits for the connection to take more (a write came
    /// back short): the session then watches for writability.
    pub(crate) fn wants_writable(&self) -> bool {
        !self.writable
    }

    /// Whether input waits for the socket to read from a full pipe.
    pub(crate) fn in_blocked(&self) -> bool {
        self.in_blocked
    }

    pub(crate) fn raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }

    pub(crate) fn handshaking(&self) -> bool {
        self.hs.is_some()
    }

    /// Whether a multipart message was half sent when the engine stopped
    /// (the session must drop its remaining frames).
    pub(crate) fn out_more(&self) -> bool {
        self.out_more
    }

    /// The peer's address as ZAP requests and `Peer-Address` give it.
    pub(crate) fn peer_address(&self) -> &str {
        &self.peer_address
    }

    /// Whether the peer speaks ZMTP 1.0 or 2.0 (known once handshaked).
    pub(crate) fn is_legacy(&self) -> bool {
        self.legacy.is_some()
    }

    /// The metadata the socket attaches to messages from this peer. The
    /// first of two properties with one name wins, so the order is
    /// libzmq's: our Peer-Address, then what the ZAP handler said
    /// (User-Id and its metadata), then what the peer announced. None for
    /// an old peer: libzmq attaches no metadata to its messages.
    pub(crate) fn metadata(&self, peer: &Peer) -> Option<Arc<Metadata>> {
        if peer.legacy().is_some() {
            return None;
        }
        let mut props: Vec<(String, Vec<u8>)> = vec![(
            "Peer-Address".to_string(),
            self.peer_address.as_bytes().to_vec(),
        )];
        if let Some((user_id, zap_meta)) = &peer.zap {
            props.push(("User-Id".to_string(), user_id.clone()));
            props.extend(zap_meta.iter().map(|(k, v)| (k.to_string(), v.to_vec())));
        }
        props.extend(
            peer.properties
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_vec())),
        );
        Some(Arc::new(Metadata::new(props, self.fd.as_raw_fd())))
    }

    /// Longest frame header on this connection.
    fn max_header(&self) -> usize {
        if self.legacy.is_some() {
            legacy::MAX_HEADER_LEN
        } else {
            frame::MAX_HEADER_LEN
        }
    }

    fn append_out(&mut self, bytes: &[u8]) {
        if !bytes.is_empty() {
            self.out.buf().put_slice(bytes);
            self.out.appended(bytes.len());
        }
    }

    /// Reads and processes input. `pipe` is None only before the session
    /// has a pipe (during the handshake). The reader is woken once, after
    /// everything available was decoded.
    pub(crate) fn input(
        &mut self,
        mut pipe: Option<&mut PipeEnd>,
    ) -> Result<Progress, EngineError> {
        let r = self.input_pass(pipe.as_deref_mut());
        self.release_idle_inbuf();
        if std::mem::take(&mut self.wake_pending) {
            if let Some(p) = pipe {
                p.wake_reader();
            }
        }
        r
    }

    fn input_pass(&mut self, mut pipe: Option<&mut PipeEnd>) -> Result<Progress, EngineError> {
        let mut reads = 0;
        loop {
            if let Some(hs) = self.hs.as_mut() {
                let mut reply = Vec::new();
                let starting = self.ws.as_mut().is_some_and(|w| w.take_start());
                if starting && !std::mem::replace(&mut self.ws_reported, true) {
                    // Reported first; the handshake starts on the next call.
                    if let Some(ws) = self.ws.as_mut() {
                        ws.restart();
                    }
                    self.flush()?;
                    return Ok(Progress::WsUpgraded);
                }
                let r = if starting {
                    hs.start_ws(&mut reply).map(|e| e.unwrap_or(Event::None))
                } else {
                    hs.on_input(&mut self.inbuf, &mut reply)
                };
                self.append_out(&reply);
                match r {
                    Ok(Event::Ready(peer)) => {
                        self.handshake_done(&peer);
                        self.flush()?;
                        return Ok(Progress::Handshaked(peer));
                    }
                    Ok(Event::Zap(req)) => {
                        self.flush()?;
                        return Ok(Progress::Zap(req));
                    }
                    // Over ws, what came with the upgrade is input now.
                    Ok(Event::None) if starting => continue,
                    Ok(Event::None) => {}
                    Err(e) => return Err(self.handshake_failed(e)),
                }
            } else if let Some(p) = pipe.as_deref_mut() {
                if self.large.is_some() {
                    if self.read_large(p)? {
                        reads += 1;
                        continue;
                    }
                    break;
                }
                self.decode(p)?;
                if self.in_blocked {
                    self.flush()?;
                    return Ok(Progress::Idle);
                }
                if self.large.is_some() {
                    continue;
                }
            }
            if reads >= MAX_READS_PER_EVENT {
                self.flush()?;
                return Ok(Progress::Again);
            }
            ensure_room(&mut self.inbuf, IN_MIN_ROOM.min(self.in_batch));
            let mut room = (self.inbuf.capacity() - self.inbuf.len()).min(self.in_batch);
            if self.expect_large && self.inbuf.is_empty() {
                // Large frames came last: read just the next header, so a
                // large body lands straight in its own buffer (libzmq's
                // decoder does the same).
                room = room.min(self.max_header());
            }
            let r = match self.ws.as_mut() {
                Some(ws) => match ws.read(self.fd.as_raw_fd(), &mut self.inbuf) {
                    Ok(r) => r,
                    Err(e) if self.hs.is_some() => return Err(self.handshake_failed(e)),
                    Err(e) => return Err(EngineError::Protocol(e)),
                },
                None => net::read_into(self.fd.as_raw_fd(), &mut self.inbuf, room),
            };
            match r {
                Ok(0) => return Err(EngineError::Closed),
                Ok(_) => {
                    reads += 1;
                    self.rx_reads += 1;
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            }
        }
        self.flush()?;
        Ok(Progress::Idle)
    }

    /// Gives up the read buffer when nothing in it waits to be decoded;
    /// the room left in it becomes the thread's spare.
    fn release_idle_inbuf(&mut self) {
        if self.inbuf.is_empty() && self.inbuf.capacity() != 0 {
            let rest = std::mem::take(&mut self.inbuf);
            if rest.capacity() >= IN_MIN_ROOM {
                SPARE_INBUF.set(Some(rest));
            }
        }
    }

    /// Lowers the bounds on one inbound message (tests).
    #[cfg(test)]
    pub(crate) fn set_msg_bounds(&mut self, frames: u64, pending_bytes: u64) {
        self.max_frames = frames;
        self.max_pending = pending_bytes;
    }

    /// A second handle on the connection, for a test to write raw bytes
    /// as if it were the peer's engine.
    #[cfg(test)]
    pub(crate) fn raw_stream(&self) -> std::os::unix::net::UnixStream {
        use std::os::fd::AsFd;
        let fd = self.fd.as_fd().try_clone_to_owned().unwrap();
        std::os::unix::net::UnixStream::from(fd)
    }

    /// Bytes of read buffer the engine holds (tests).
    #[cfg(test)]
    pub(crate) fn inbuf_capacity(&self) -> usize {
        self.inbuf.capacity()
    }

    /// Bytes of batch buffer the engine holds (tests).
    #[cfg(test)]
    pub(crate) fn outbuf_capacity(&self) -> usize {
        self.out.capacity()
    }

    /// Bytes queued to write (tests).
    #[cfg(test)]
    pub(crate) fn outbuf_queued(&self) -> usize {
        self.out.len()
    }

    fn handshake_done(&mut self, peer: &Peer) {
        self.v31 = peer.is_v31();
        self.legacy = peer.legacy();
        self.subscribe_all = peer.subscribe_all;
        if let Some(mut hs) = self.hs.take() {
            self.codec = hs.take_codec();
        }
    }

    /// The handshake failed: send what the mechanism queued (an ERROR
    /// command tells the peer why), best effort, then report.
    fn handshake_failed(&mut self, e: ProtocolError) -> EngineError {
        let _ = self.flush();
        EngineError::Protocol(e)
    }

    /// The ZAP handler answered the handshake's request (`None`: no
    /// handler is bound). Returns the peer if the handshake completed.
    pub(crate) fn zap_reply(
        &mut self,
        reply: Option<ZapReply>,
    ) -> Result<Option<Box<Peer>>, EngineError> {
        let Some(hs) = self.hs.as_mut() else {
            return Err(EngineError::Protocol(ProtocolError::InvalidSequence));
        };
        let mut out = Vec::new();
        let r = hs.on_zap(reply, &mut out);
        self.append_out(&out);
        match r {
            Ok(Some(peer)) => {
                let peer = Box::new(peer);
                self.handshake_done(&peer);
                self.flush()?;
                Ok(Some(peer))
            }
            Ok(None) => {
                self.flush()?;
                Ok(None)
            }
            Err(e) => Err(self.handshake_failed(e)),
        }
    }

    /// Queues a command frame (sealed, after a CURVE handshake).
    fn put_command(&mut self, name: &[u8], data: &[u8]) -> Result<(), EngineError> {
        if let Some(codec) = self.codec.as_mut() {
            let mut prefix = [0u8; 256];
            let n = name.len().min(255);
            prefix[0] = n as u8;
            prefix[1..=n].copy_from_slice(&name[..n]);
            let before = self.out.buf().len();
            codec
                .encode(false, true, &prefix[..=n], data, self.out.buf())
                .map_err(EngineError::Protocol)?;
            let added = self.out.buf().len() - before;
            self.out.appended(added);
        } else {
            let mut v = Vec::with_capacity(data.len() + name.len() + 10);
            command::put(&mut v, name, &[data]);
            self.append_out(&v);
        }
        Ok(())
    }

    /// Counts a frame of `size` bytes into the inbound message (a new one
    /// unless the last frame had MORE) and refuses it if the message would
    /// break ZMQ_MAXMSGSIZE (the sum of its frames) or the bounds on one
    /// message (see the module doc).
    fn account_frame(&mut self, size: u64, more: bool) -> Result<(), EngineError> {
        let (frames, bytes) = if self.in_more {
            (self.in_frames + 1, self.in_bytes.saturating_add(size))
        } else {
            (1, size)
        };
        let too_large = match self.max_msg {
            Some(max) => bytes > max,
            None => more && bytes > self.max_pending,
        };
        if too_large || frames > self.max_frames {
            return Err(EngineError::Protocol(ProtocolError::MessageTooLarge));
        }
        self.in_frames = frames;
        self.in_bytes = bytes;
        Ok(())
    }

    /// Delivers one frame opened by the codec: a command is handled, a
    /// message frame goes to the pipe. `frame` is the whole MESSAGE body.
    fn deliver_sealed(
        &mut self,
        mut frame: BytesMut,
        pipe: &mut PipeEnd,
    ) -> Result<(), EngineError> {
        let Some(codec) = self.codec.as_mut() else {
            return Err(EngineError::Protocol(ProtocolError::InvalidSequence));
        };
        let d = codec.decode(&mut frame).map_err(EngineError::Protocol)?;
        if d.command {
            return self.on_command(&frame[d.body], pipe);
        }
        self.account_frame(d.body.len() as u64, d.more)?;
        let mut m = if d.body.len() <= INLINE_CAP {
            Msg::from_slice(&frame[d.body])
        } else {
            Msg::from_bytes(frame.freeze().slice(d.body))
        };
        m.set_more(d.more);
        self.in_more = d.more;
        self.push_frame(m, pipe)
    }

    fn read_large(&mut self, pipe: &mut PipeEnd) -> Result<bool, EngineError> {
        let Some(l) = self.large.as_mut() else {
            return Ok(true);
        };
        if l.filled < l.size {
            let fd = self.fd.as_raw_fd();
            // The next frame's header comes with the end of the body (one
            // system call per large frame, not two).
            let hdr = if self.legacy.is_some() {
                legacy::MAX_HEADER_LEN
            } else {
                frame::MAX_HEADER_LEN
            };
            ensure_room(&mut self.inbuf, hdr);
            let r = match &mut l.buf {
                LargeBuf::Pooled(b) => net::read_into_slice_then(
                    fd,
                    &mut b.as_mut_slice()[l.filled..],
                    &mut self.inbuf,
                    hdr,
                ),
                LargeBuf::Vec(v) => {
                    net::read_into_vec_then(fd, v, l.size - l.filled, &mut self.inbuf, hdr)
                }
            };
            match r {
                Ok((0, false)) => return Err(EngineError::Closed),
                Ok((n, _)) => {
                    l.filled += n;
                    self.rx_reads += 1;
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => return Ok(true),
                Err(e) => return Err(e.into()),
            }
        }
        if l.filled == l.size {
            if let Some(l) = self.large.take() {
                if self.codec.is_some() {
                    let frame = match l.buf {
                        LargeBuf::Pooled(b) => {
                            let mut v = Vec::new();
                            v.try_reserve_exact(b.as_slice().len()).map_err(|_| {
                                EngineError::Protocol(ProtocolError::MessageTooLarge)
                            })?;
                            v.extend_from_slice(b.as_slice());
                            BytesMut::from(Bytes::from(v))
                        }
                        LargeBuf::Vec(v) => BytesMut::from(Bytes::from(v)),
                    };
                    self.deliver_sealed(frame, pipe)?;
                    self.wake_pending |= pipe.commit();
                    return Ok(true);
                }
                if l.command && self.legacy.is_some() {
                    // An old peer's command: dropped, as libzmq does.
                    return Ok(true);
                }
                if l.command {
                    let body: &[u8] = match &l.buf {
                        LargeBuf::Pooled(b) => b.as_slice(),
                        LargeBuf::Vec(v) => v,
                    };
                    self.on_command(body, pipe)?;
                    self.wake_pending |= pipe.commit();
                    return Ok(true);
                }
                let mut m = match l.buf {
                    LargeBuf::Pooled(b) => Msg::from_pooled(b),
                    LargeBuf::Vec(v) => Msg::from_bytes(Bytes::from(v)),
                };
                m.set_more(l.more);
                self.in_more = l.more;
                self.push_frame(m, pipe)?;
                self.wake_pending |= pipe.commit();
            }
        }
        Ok(true)
    }

    /// The socket read from a full pipe: resume decoding.
    pub(crate) fn unblock(&mut self, pipe: &mut PipeEnd) -> Result<Progress, EngineError> {
        if !self.in_blocked {
            return Ok(Progress::Idle);
        }
        self.in_blocked = false;
        self.input(Some(pipe))
    }

    fn decode(&mut self, pipe: &mut PipeEnd) -> Result<(), EngineError> {
        // Whether input is blocked is decided afresh by every pass. A pass
        // also runs while blocked (new bytes arrived; run_again), and if the
        // reader has made room by then, `check_write` succeeds and withdraws
        // the wake-up it had asked for: a flag left set would stop input
        // (no read to EAGAIN, no direct read) with no wake-up to come.
        self.in_blocked = false;
        if self.raw {
            // Whatever arrived is one message.
            if !self.inbuf.is_empty() {
                if !pipe.check_write() {
                    self.in_blocked = true;
                    return Ok(());
                }
                let data = self.inbuf.split().freeze();
                pipe.write(Msg::from_bytes(data));
                self.wake_pending |= pipe.commit();
            }
            return Ok(());
        }
        if self.subscribe_all {
            // libzmq's phantom subscription for an unversioned peer,
            // before anything the peer sends.
            if !pipe.check_write() {
                self.in_blocked = true;
                return Ok(());
            }
            self.subscribe_all = false;
            pipe.write(Msg::from(vec![1u8]));
            self.wake_pending |= pipe.commit();
        }
        loop {
            let parsed = match self.legacy {
                Some(f) => legacy::parse_header(f, &self.inbuf, self.max_msg),
                None => frame::parse_header(&self.inbuf, self.max_msg),
            };
            let h = match parsed {
                Ok(Some(h)) => h,
                Ok(None) => break,
                Err(e) => return Err(EngineError::Protocol(e)),
            };
            let size = h.size as usize;
            let total = h.header_len + size;
            if self.inbuf.len() < total {
                if size >= LARGE_FRAME && self.ws.is_none() {
                    // Receive it into its own buffer, allocated for the
                    // declared size; a size that cannot be allocated drops
                    // the connection (libzmq: ENOMEM from the decoder).
                    if !self.in_more && !pipe.check_write() {
                        self.in_blocked = true;
                        break;
                    }
                    if self.codec.is_none() && !h.command() {
                        // Before its buffer is allocated.
                        self.account_frame(h.size, h.more())?;
                    }
                    self.inbuf.advance(h.header_len);
                    let have = self.inbuf.len();
                    let buf = match bufpool::get(size) {
                        Some(mut b) => {
                            b.as_mut_slice()[..have].copy_from_slice(&self.inbuf);
                            LargeBuf::Pooled(b)
                        }
                        None => {
                            let mut v = Vec::new();
                            if v.try_reserve_exact(size).is_err() {
                                return Err(EngineError::Protocol(ProtocolError::MessageTooLarge));
                            }
                            v.extend_from_slice(&self.inbuf);
                            LargeBuf::Vec(v)
                        }
                    };
                    self.inbuf.clear();
                    self.expect_large = true;
                    self.large = Some(Large {
                        buf,
                        filled: have,
                        size,
                        more: h.more(),
                        command: h.command(),
                    });
                } else if total > self.inbuf.capacity() {
                    // Room for the whole (small) frame, so it can be sliced
                    // out without a copy.
                    self.inbuf.reserve(total - self.inbuf.len());
                }
                break;
            }
            if self.codec.is_some() {
                // Every frame is a MESSAGE command carrying one sealed
                // frame (libzmq opens whatever arrives).
                if !self.in_more && !pipe.check_write() {
                    self.in_blocked = true;
                    break;
                }
                self.expect_large = false;
                let mut frame = self.inbuf.split_to(total);
                frame.advance(h.header_len);
                self.deliver_sealed(frame, pipe)?;
                continue;
            }
            if h.command() && self.legacy.is_some() {
                // A ZMTP 2.0 command: dropped (libzmq's session drops
                // commands it does not know, and an old peer's are never
                // taken for SUBSCRIBE/CANCEL).
                self.expect_large = false;
                self.inbuf.advance(total);
                continue;
            }
            if h.command() {
                let body = &self.inbuf[h.header_len..total];
                let is_sub = matches!(command::split(body), Ok((n, _)) if n == command::SUBSCRIBE || n == command::CANCEL || n == command::JOIN || n == command::LEAVE);
                if is_sub && !self.in_more && !pipe.check_write() {
                    self.in_blocked = true;
                    break;
                }
                let frame = self.inbuf.split_to(total);
                self.on_command(&frame[h.header_len..], pipe)?;
                continue;
            }
            if !self.in_more && !pipe.check_write() {
                self.in_blocked = true;
                break;
            }
            self.account_frame(h.size, h.more())?;
            self.expect_large = false;
            self.inbuf.advance(h.header_len);
            let mut m = if size <= INLINE_CAP {
                let m = Msg::from_slice(&self.inbuf[..size]);
                self.inbuf.advance(size);
                m
            } else {
                Msg::from_bytes(self.inbuf.split_to(size).freeze())
            };
            m.set_more(h.more());
            self.in_more = h.more();
            self.push_frame(m, pipe)?;
        }
        self.wake_pending |= pipe.commit();
        Ok(())
    }

    /// Hands one inbound message frame to the pipe (a DISH first joins
    /// the group frame to its body: see `groups`).
    #[inline]
    fn push_frame(&mut self, m: Msg, pipe: &mut PipeEnd) -> Result<(), EngineError> {
        match self.dish_in.as_mut() {
            None => pipe.write(m),
            Some(d) => {
                if let Some(m) = d.push(m).map_err(EngineError::Protocol)? {
                    pipe.write(m);
                }
            }
        }
        Ok(())
    }

    fn on_command(&mut self, body: &[u8], pipe: &mut PipeEnd) -> Result<(), EngineError> {
        match command::parse(body) {
            Ok(Command::Ping { ttl, context }) => {
                // Input already read past the PING disarms its TTL (as
                // libzmq's next decoded message would); the TTL counts
                // from this read.
                self.peer_ttl = (ttl > 0 && self.inbuf.is_empty())
                    .then(|| (u64::from(ttl) * 100, self.rx_reads));
                self.put_command(command::PONG, context)?;
            }
            Ok(Command::Subscribe(topic)) | Ok(Command::Cancel(topic)) => {
                if matches!(self.socket_type, SocketType::Pub | SocketType::XPub) {
                    let sub = matches!(command::parse(body), Ok(Command::Subscribe(_)));
                    let mut data = Vec::with_capacity(topic.len() + 1);
                    data.push(u8::from(sub));
                    data.extend_from_slice(topic);
                    pipe.write(Msg::from(data));
                }
            }
            Ok(Command::Join(group)) | Ok(Command::Leave(group)) => {
                if self.socket_type == SocketType::Radio {
                    let join = matches!(command::parse(body), Ok(Command::Join(_)));
                    match super::groups::join_leave_msg(join, group) {
                        Some(m) => pipe.write(m),
                        None => return Err(EngineError::Protocol(ProtocolError::MalformedCommand)),
                    }
                }
            }
            // ERROR after the handshake, PONG, and commands we do not know:
            // ignored, connection kept, as libzmq 4.3 does.
            Ok(_) => {}
            Err(e) => return Err(EngineError::Protocol(e)),
        }
        Ok(())
    }

    /// Drains the pipe to the connection.
    pub(crate) fn output(&mut self, pipe: Option<&mut PipeEnd>) -> Result<(), EngineError> {
        let Some(pipe) = pipe else {
            return self.flush();
        };
        if self.hs.is_some() {
            return self.flush();
        }
        loop {
            while !self.out_eof && self.out.len() < self.out_batch {
                // Encoded where it lies in the pipe: no move of the message.
                match pipe.read_with(|m| self.encode(m)) {
                    Ok(()) => {}
                    Err(NoFrame::Empty) => break,
                    Err(NoFrame::Eof) => self.out_eof = true,
                }
            }
            if let Some(e) = self.encode_failed.take() {
                return Err(EngineError::Protocol(e));
            }
            if !self.unsent() {
                // All sent and the pipe is drained: idle.
                self.out.release_idle();
                return Ok(());
            }
            if !self.writable {
                return Ok(());
            }
            let all = self.write_out()?;
            if !all {
                self.writable = false;
                return Ok(());
            }
            if self.out_eof {
                self.out.release_idle();
                return Ok(());
            }
        }
    }

    /// Queues `m` ahead of everything in the pipe (ZMQ_HELLO_MSG, right
    /// after the handshake).
    pub(crate) fn send_first(&mut self, m: &mut Msg) -> Result<(), EngineError> {
        if self.hs.is_some() {
            return Ok(());
        }
        self.encode(m);
        if let Some(e) = self.encode_failed.take() {
            return Err(EngineError::Protocol(e));
        }
        self.flush()
    }

    /// The socket became writable again.
    pub(crate) fn on_writable(&mut self, pipe: Option<&mut PipeEnd>) -> Result<(), EngineError> {
        self.writable = true;
        self.output(pipe)
    }

    /// Writes whatever is queued (handshake replies, PONGs).
    pub(crate) fn flush(&mut self) -> Result<(), EngineError> {
        if self.writable && self.unsent() && !self.write_out()? {
            self.writable = false;
        }
        Ok(())
    }

    /// Whether bytes wait to be written (in the engine or its ws layer).
    fn unsent(&self) -> bool {
        !self.out.is_empty() || self.ws.as_ref().is_some_and(|w| w.has_pending())
    }

    /// Writes what is queued; over ws, re-framed first. Ok(true): all.
    fn write_out(&mut self) -> io::Result<bool> {
        match self.ws.as_mut() {
            None => self.out.write_to(self.fd.as_raw_fd()),
            Some(ws) => {
                self.out.drain_with(|b| ws.encode(b));
                ws.write(self.fd.as_raw_fd())
            }
        }
    }

    fn encode(&mut self, m: &mut Msg) {
        // Header, group frame or seal overhead, and a body copied in.
        let body = if m.len() < ZERO_COPY_MIN || self.codec.is_some() {
            m.len()
        } else {
            0
        };
        self.out
            .make_room(body + 2 * frame::MAX_HEADER_LEN + 64 + msg::GROUP_MAX_LENGTH);
        if self.raw {
            let len = m.len();
            if len >= ZERO_COPY_MIN {
                self.out.push_body(m.take_bytes());
            } else {
                self.out.buf().put_slice(m.as_slice());
                self.out.appended(len);
            }
            return;
        }
        self.out_more = m.more();
        let f = m.flags();
        if self.codec.is_some() {
            self.encode_sealed(m);
            return;
        }
        if f & (msg::JOIN | msg::LEAVE) != 0 {
            if let Some(v) = super::groups::join_leave_frame(m) {
                self.append_out(&v);
            }
            return;
        }
        if self.socket_type == SocketType::Radio {
            // The group frame first (see `groups`).
            let g = m.group().to_bytes();
            let mut h = [0u8; frame::MAX_HEADER_LEN];
            let hl = frame::encode_header(true, false, g.len(), &mut h);
            self.out.buf().put_slice(&h[..hl]);
            self.out.buf().put_slice(g);
            self.out.appended(hl + g.len());
        }
        if self.v31 && f & (msg::SUBSCRIBE | msg::CANCEL) != 0 && !m.is_empty() {
            let name = if f & msg::SUBSCRIBE != 0 {
                command::SUBSCRIBE
            } else {
                command::CANCEL
            };
            let mut v = Vec::with_capacity(m.len() + 12);
            command::put(&mut v, name, &[&m.as_slice()[1..]]);
            self.append_out(&v);
            return;
        }
        let len = m.len();
        if let Some(framing) = self.legacy {
            let mut h = [0u8; legacy::MAX_HEADER_LEN];
            let hl = legacy::encode_header(framing, m.more(), len, &mut h);
            self.out.buf().put_slice(&h[..hl]);
            self.out.appended(hl);
        } else {
            let mut h = [0u8; frame::MAX_HEADER_LEN];
            let hl = frame::encode_header(m.more(), false, len, &mut h);
            self.out.buf().put_slice(&h[..hl]);
            self.out.appended(hl);
        }
        if len >= ZERO_COPY_MIN {
            self.out.push_body(m.take_bytes());
        } else {
            self.out.buf().put_slice(m.as_slice());
            self.out.appended(len);
        }
    }

    /// Seals one frame (CURVE): subscriptions to a ZMTP 3.1 peer travel as
    /// SUBSCRIBE/CANCEL commands, everything else as a message frame.
    fn encode_sealed(&mut self, m: &mut Msg) {
        let Some(codec) = self.codec.as_mut() else {
            return;
        };
        let f = m.flags();
        let jl = super::groups::join_leave_body(m);
        if self.socket_type == SocketType::Radio && jl.is_none() {
            // The group frame first (see `groups`).
            let before = self.out.buf().len();
            if let Err(e) = codec.encode(true, false, &[], m.group().to_bytes(), self.out.buf()) {
                self.out.buf().truncate(before);
                self.encode_failed = Some(e);
                return;
            }
            let added = self.out.buf().len() - before;
            self.out.appended(added);
        }
        let body = m.as_slice();
        let (command, prefix, body): (bool, &[u8], &[u8]) = if let Some((name, group)) = jl {
            let prefix: &[u8] = if name == command::JOIN {
                b"\x04JOIN"
            } else {
                b"\x05LEAVE"
            };
            (true, prefix, group)
        } else if self.v31 && f & (msg::SUBSCRIBE | msg::CANCEL) != 0 && !body.is_empty() {
            let name: &[u8] = if f & msg::SUBSCRIBE != 0 {
                b"\x09SUBSCRIBE"
            } else {
                b"\x06CANCEL"
            };
            (true, name, &body[1..])
        } else {
            (false, &[], body)
        };
        let before = self.out.buf().len();
        match codec.encode(m.more(), command, prefix, body, self.out.buf()) {
            Ok(()) => {
                let added = self.out.buf().len() - before;
                self.out.appended(added);
            }
            Err(e) => {
                self.out.buf().truncate(before);
                self.encode_failed = Some(e);
            }
        }
    }

    /// Sends a heartbeat PING advertising `ttl` (deciseconds), without
    /// context, as libzmq does.
    pub(crate) fn send_ping(&mut self, ttl: u16) -> Result<(), EngineError> {
        if self.hs.is_some() || self.raw {
            return Ok(());
        }
        if let Some(ws) = self.ws.as_mut() {
            // Over ws, libzmq's heartbeat is a WebSocket PING (no TTL),
            // which a libzmq peer answers; it ignores a ZMTP PING there.
            ws.ping();
            return self.flush();
        }
        self.put_command(command::PING, &ttl.to_be_bytes())?;
        self.flush()
    }

    /// Reads that brought bytes so far (see `rx_reads`).
    pub(crate) fn rx_reads(&self) -> u64 {
        self.rx_reads
    }

    /// Whether a PING's TTL waits for the session to arm it.
    pub(crate) fn has_peer_ttl(&self) -> bool {
        self.peer_ttl.is_some()
    }

    /// The TTL (ms) of the last PING that had one, and the read count it
    /// counts from.
    pub(crate) fn take_peer_ttl(&mut self) -> Option<(u64, u64)> {
        self.peer_ttl.take()
    }

    /// Whether unsent bytes remain in the engine itself.
    pub(crate) fn has_unsent(&self) -> bool {
        self.unsent()
    }
}
