//! The ws:// transport (ZWS 2.0): a tcp connection that starts with an
//! HTTP upgrade, then carries ZMTP frames as WebSocket messages.
//!
//! The engine runs the ordinary ZMTP machinery (handshake without a
//! greeting, framing, CURVE codec) on ZMTP 3 bytes; this layer sits
//! between it and the descriptor: what is read goes through the upgrade
//! and the WebSocket decoder (`ferromq_zmtp::ws`) into the engine's input
//! buffer as ZMTP frames, and what the engine queues is re-framed as
//! WebSocket messages (masked on the client side) before it is written.
//! All decoded input lands in the engine's buffer at once, so nothing
//! waits here that a readiness check on the descriptor would miss.
//!
//! As libzmq: the server does not check the requested path, the client
//! offers `ZWS2.0/<MECHANISM>` (NULL also bare `ZWS2.0`), a failed upgrade
//! is a handshake failure with ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED, PING is
//! answered with PONG and CLOSE with CLOSE, then the connection ends.

use std::io;
use std::os::fd::RawFd;

use bytes::BytesMut;
use ferromq_zmtp::ws::{self, WsDecoder, WsEncoder};
use ferromq_zmtp::ProtocolError;

use std::sync::Arc;

use rustls::ServerConfig;

use super::tls::{ClientTls, TlsStream};
use crate::ids::random_u32;
use crate::sys::net;

/// Which end of the upgrade a connection is, and its TLS (wss://).
#[derive(Clone)]
pub(crate) enum WsRole {
    /// The connecting side: the `Host` header and the requested path.
    Client {
        host: String,
        path: String,
        tls: Option<ClientTls>,
    },
    /// The accepting side.
    Server { tls: Option<Arc<ServerConfig>> },
}

/// Raw bytes read per call.
const RAW_CHUNK: usize = 64 * 1024;

fn mask_key() -> [u8; 4] {
    random_u32().to_be_bytes()
}

/// The WebSocket layer of one connection.
pub(crate) struct WsLink {
    role: WsRole,
    mechanism: &'static str,
    /// Our Sec-WebSocket-Key (client).
    key: String,
    upgraded: bool,
    /// Upgraded, and the ZMTP handshake is still to be started.
    start_pending: bool,
    raw_in: BytesMut,
    raw_out: Vec<u8>,
    out_pos: usize,
    dec: WsDecoder,
    enc: WsEncoder,
    /// The peer sent CLOSE: once our answer is out, the connection ends.
    closed: bool,
    /// wss://: the TLS session the bytes go through.
    tls: Option<TlsStream>,
    /// The TLS session could not be created.
    broken: bool,
}

impl WsLink {
    pub(crate) fn new(role: WsRole, mechanism: &'static str, max_msg: Option<u64>) -> WsLink {
        let server = matches!(role, WsRole::Server { .. });
        let tls = match &role {
            WsRole::Server { tls: Some(c) } => Some(TlsStream::server(c)),
            WsRole::Client { tls: Some(c), .. } => Some(TlsStream::client(c)),
            _ => None,
        };
        // A session rustls could not start fails the first read.
        let broken = matches!(tls, Some(Err(_)));
        let tls = tls.and_then(|t| t.ok());
        let mut key = String::new();
        let mut raw_out = Vec::new();
        if let WsRole::Client { host, path, .. } = &role {
            let mut nonce = [0u8; 16];
            for c in nonce.chunks_mut(4) {
                c.copy_from_slice(&mask_key());
            }
            key = ws::base64(&nonce);
            raw_out = ws::client_request(path, host, &key, mechanism);
        }
        WsLink {
            role,
            mechanism,
            key,
            upgraded: false,
            start_pending: false,
            raw_in: BytesMut::new(),
            raw_out,
            out_pos: 0,
            dec: WsDecoder::new(server, max_msg),
            enc: WsEncoder::new(!server),
            closed: false,
            tls,
            broken,
        }
    }

    /// Once after the upgrade: the ZMTP handshake may start.
    pub(crate) fn take_start(&mut self) -> bool {
        std::mem::take(&mut self.start_pending)
    }

    /// Puts back a start taken (`take_start`) but not acted upon yet.
    pub(crate) fn restart(&mut self) {
        self.start_pending = true;
    }

    /// Whether WebSocket bytes wait to be written.
    pub(crate) fn has_pending(&self) -> bool {
        self.out_pos < self.raw_out.len() || self.tls.as_ref().is_some_and(|t| t.wants_write())
    }

    /// One read from `fd`: decoded ZMTP frames are appended to `zmtp`.
    /// The outer error is a protocol failure; the inner result is the
    /// read's (Ok(0): the connection ended, including by a CLOSE frame).
    pub(crate) fn read(
        &mut self,
        fd: RawFd,
        zmtp: &mut BytesMut,
    ) -> Result<io::Result<usize>, ProtocolError> {
        if self.closed {
            return Ok(Ok(0));
        }
        if self.broken {
            return Ok(Err(io::Error::from_raw_os_error(libc::ECONNABORTED)));
        }
        if self.raw_in.capacity() - self.raw_in.len() < RAW_CHUNK / 4 {
            self.raw_in.reserve(RAW_CHUNK);
        }
        let room = self.raw_in.capacity() - self.raw_in.len();
        let r = match self.tls.as_mut() {
            Some(t) => t.read(fd, &mut self.raw_in),
            None => net::read_into(fd, &mut self.raw_in, room),
        };
        let n = match r {
            Ok(0) => return Ok(Ok(0)),
            Ok(n) => n,
            Err(e) => return Ok(Err(e)),
        };
        if !self.upgraded {
            self.upgrade()?;
            if !self.upgraded {
                return Ok(Ok(n));
            }
        }
        let mut reply = Vec::new();
        let client = !matches!(self.role, WsRole::Server { .. });
        let d = self
            .dec
            .decode(&mut self.raw_in, zmtp, &mut reply, || client.then(mask_key))?;
        self.raw_out.extend_from_slice(&reply);
        if self.raw_in.is_empty() && self.raw_in.capacity() > RAW_CHUNK * 2 {
            self.raw_in = BytesMut::new();
        }
        if d.closed {
            self.closed = true;
            let _ = self.write(fd);
            return Ok(Ok(0));
        }
        Ok(Ok(n))
    }

    fn upgrade(&mut self) -> Result<(), ProtocolError> {
        match &self.role {
            WsRole::Server { .. } => {
                if let Some((len, req)) = ws::parse_request(&self.raw_in, self.mechanism)? {
                    let _ = self.raw_in.split_to(len);
                    self.raw_out
                        .extend_from_slice(&ws::server_response(&req.key, &req.protocol));
                    self.upgraded = true;
                }
            }
            WsRole::Client { .. } => {
                if let Some(len) = ws::parse_response(&self.raw_in, &self.key, self.mechanism)? {
                    let _ = self.raw_in.split_to(len);
                    self.upgraded = true;
                }
            }
        }
        self.start_pending = self.upgraded;
        Ok(())
    }

    /// Queues a WebSocket PING (the heartbeat over ws, as libzmq sends it).
    pub(crate) fn ping(&mut self) {
        let client = !matches!(self.role, WsRole::Server { .. });
        ws::put_header(&mut self.raw_out, 0x9, 0, client.then(mask_key));
    }

    /// Re-frames ZMTP bytes the engine queued as WebSocket messages.
    pub(crate) fn encode(&mut self, zmtp: &[u8]) {
        if self.out_pos > 0 && self.out_pos == self.raw_out.len() {
            self.raw_out.clear();
            self.out_pos = 0;
        }
        self.enc.encode(zmtp, &mut self.raw_out, mask_key);
    }

    /// Writes what is queued. Ok(true): all of it.
    pub(crate) fn write(&mut self, fd: RawFd) -> io::Result<bool> {
        if let Some(t) = self.tls.as_mut() {
            t.write(&self.raw_out[self.out_pos..])?;
            self.out_pos = self.raw_out.len();
            if !t.flush(fd)? {
                return Ok(false);
            }
        }
        while self.out_pos < self.raw_out.len() {
            match net::writev(fd, &[&self.raw_out[self.out_pos..]]) {
                Ok(n) => self.out_pos += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        self.raw_out.clear();
        if self.raw_out.capacity() > RAW_CHUNK * 2 {
            self.raw_out = Vec::new();
        }
        self.out_pos = 0;
        Ok(true)
    }
}
