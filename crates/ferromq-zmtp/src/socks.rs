//! SOCKS5 client (RFC 1928, with the username/password method of RFC 1929)
//! as libzmq's SOCKS connecter speaks it, sans-IO: it says what to write
//! ([`Socks5Client::output`]) and how many bytes to read next
//! ([`Socks5Client::want`]), and parses what the proxy answers.
//!
//! The exchange (`ZMQ_SOCKS_PROXY`, `ZMQ_SOCKS_USERNAME`/`PASSWORD`):
//! 1. greeting `05 01 M`: one method, `M` = 00 (no authentication) or, with
//!    a user name, 02 (username/password);
//! 2. the proxy's choice `05 M'`;
//! 3. with 02: `01 ULEN USER PLEN PASS`, answered `01 STATUS` (0 = ok);
//! 4. `05 01 00 ATYP ADDR PORT`: CONNECT to the target, an IPv4 (ATYP 1)
//!    or IPv6 (4) literal as an address, anything else as a domain name (3)
//!    for the proxy to resolve;
//! 5. the reply `05 REP 00 ATYP BND.ADDR BND.PORT`, REP 0 = success; after
//!    it, the connection carries the target's bytes.
//!
//! [`Socks5Client::want`] never asks for more than what the current reply
//! still lacks, so a reader that reads exactly that much leaves whatever
//! follows the final reply (the target's first bytes) in the socket for
//! the next protocol. A reply is at most 4 + 1 + 255 + 2 bytes: nothing a
//! proxy sends makes this allocate.
//!
//! Checks, in libzmq's order: the version of each reply (5, or 1 for the
//! authentication status), REP at most 8, the reserved byte 0, ATYP 1, 3
//! or 4; then REP (or the method, or the status) decides. One deliberate
//! difference: a proxy that picks username/password when we offered only
//! "no authentication" is refused (libzmq would send it an empty user
//! name); picking "no authentication" when we offered a user name is
//! accepted, as libzmq does (the proxy needs none).

use std::net::{Ipv4Addr, Ipv6Addr};

use zeroize::{Zeroize, Zeroizing};

/// SOCKS protocol version.
pub const VERSION: u8 = 5;
/// Method: no authentication required.
pub const METHOD_NONE: u8 = 0;
/// Method: username/password (RFC 1929).
pub const METHOD_BASIC: u8 = 2;
/// Method: no acceptable method.
pub const METHOD_REFUSED: u8 = 0xFF;
/// Version of the username/password subnegotiation.
pub const AUTH_VERSION: u8 = 1;
/// Command: CONNECT.
pub const CMD_CONNECT: u8 = 1;
/// Address type: IPv4.
pub const ATYP_IPV4: u8 = 1;
/// Address type: domain name.
pub const ATYP_DOMAIN: u8 = 3;
/// Address type: IPv6.
pub const ATYP_IPV6: u8 = 4;

/// Largest reply: header, length byte, a 255-byte domain, port.
const MAX_REPLY: usize = 4 + 1 + 255 + 2;

/// Why the SOCKS exchange failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SocksError {
    /// A target host name longer than 255 bytes (no SOCKS5 request can
    /// carry it).
    #[error("target host name too long for SOCKS5")]
    HostTooLong,
    /// A user name or password longer than 255 bytes.
    #[error("SOCKS user name or password too long")]
    CredentialsTooLong,
    /// A reply with another protocol version.
    #[error("bad SOCKS version {0}")]
    BadVersion(u8),
    /// The proxy chose a method we did not offer (0xFF: none acceptable).
    #[error("SOCKS method {0:#04x} refused")]
    Method(u8),
    /// The proxy refused the user name and password (its status).
    #[error("SOCKS authentication failed (status {0})")]
    AuthFailed(u8),
    /// A reply code above 8 (undefined by RFC 1928).
    #[error("bad SOCKS reply code {0}")]
    BadReplyCode(u8),
    /// The reserved byte of the reply is not 0.
    #[error("bad SOCKS reserved byte {0}")]
    BadReserved(u8),
    /// An address type other than 1, 3 or 4.
    #[error("bad SOCKS address type {0}")]
    BadAddressType(u8),
    /// The proxy could not connect (the reply code, 1 to 8).
    #[error("SOCKS connect failed (reply {0})")]
    Refused(u8),
    /// The proxy closed the connection before its reply was complete.
    #[error("SOCKS proxy closed the connection")]
    Truncated,
}

/// What the CONNECT request names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    /// An IPv4 address.
    V4(Ipv4Addr),
    /// An IPv6 address.
    V6(Ipv6Addr),
    /// A domain name (1 to 255 bytes), resolved by the proxy.
    Domain(Vec<u8>),
}

impl Address {
    /// The target as libzmq words it: a numeric IPv4 or IPv6 address
    /// (brackets and a `%zone` suffix removed) as an address, anything
    /// else as a domain name.
    pub fn from_host(host: &str) -> Result<Address, SocksError> {
        let h = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        if let Ok(a) = h.parse::<Ipv4Addr>() {
            return Ok(Address::V4(a));
        }
        let unscoped = h.split('%').next().unwrap_or(h);
        if let Ok(a) = unscoped.parse::<Ipv6Addr>() {
            return Ok(Address::V6(a));
        }
        if h.is_empty() || h.len() > 255 {
            return Err(SocksError::HostTooLong);
        }
        Ok(Address::Domain(h.as_bytes().to_vec()))
    }
}

/// The proxy's final reply: the address it connected from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// BND.ADDR.
    pub bound: Address,
    /// BND.PORT.
    pub port: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Writing the greeting.
    Greeting,
    /// Reading the method choice (2 bytes).
    Choice,
    /// Writing the username/password request.
    AuthRequest,
    /// Reading its status (2 bytes).
    AuthReply,
    /// Writing the CONNECT request.
    Request,
    /// Reading the reply.
    Reply,
    /// The tunnel is open.
    Done,
    /// Failed; nothing more happens.
    Failed,
}

/// A user name and password, wiped from memory when dropped.
type Credentials = (Zeroizing<Vec<u8>>, Zeroizing<Vec<u8>>);

/// One SOCKS5 CONNECT exchange, client side.
pub struct Socks5Client {
    stage: Stage,
    /// Bytes to write, and how many of them are written.
    out: Zeroizing<Vec<u8>>,
    written: usize,
    /// The reply being read.
    buf: [u8; MAX_REPLY],
    got: usize,
    /// User name and password, with the username/password method.
    credentials: Option<Credentials>,
    request: Vec<u8>,
    reply: Option<Reply>,
}

impl std::fmt::Debug for Socks5Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Socks5Client")
            .field("stage", &self.stage)
            .field("got", &self.got)
            .finish_non_exhaustive()
    }
}

impl Socks5Client {
    /// A client that will ask the proxy to connect to `target`:`port`.
    /// With a non-empty `username` it offers username/password (the
    /// password may be empty), otherwise "no authentication".
    pub fn new(
        target: Address,
        port: u16,
        username: &[u8],
        password: &[u8],
    ) -> Result<Socks5Client, SocksError> {
        let credentials = if username.is_empty() {
            None
        } else {
            if username.len() > 255 || password.len() > 255 {
                return Err(SocksError::CredentialsTooLong);
            }
            Some((
                Zeroizing::new(username.to_vec()),
                Zeroizing::new(password.to_vec()),
            ))
        };
        let method = if credentials.is_some() {
            METHOD_BASIC
        } else {
            METHOD_NONE
        };
        let mut request = vec![VERSION, CMD_CONNECT, 0];
        match &target {
            Address::V4(a) => {
                request.push(ATYP_IPV4);
                request.extend_from_slice(&a.octets());
            }
            Address::V6(a) => {
                request.push(ATYP_IPV6);
                request.extend_from_slice(&a.octets());
            }
            Address::Domain(d) => {
                let len = u8::try_from(d.len()).map_err(|_| SocksError::HostTooLong)?;
                if len == 0 {
                    return Err(SocksError::HostTooLong);
                }
                request.push(ATYP_DOMAIN);
                request.push(len);
                request.extend_from_slice(d);
            }
        }
        request.extend_from_slice(&port.to_be_bytes());
        Ok(Socks5Client {
            stage: Stage::Greeting,
            out: Zeroizing::new(vec![VERSION, 1, method]),
            written: 0,
            buf: [0; MAX_REPLY],
            got: 0,
            credentials,
            request,
            reply: None,
        })
    }

    /// Bytes to write now (empty while waiting for a reply or when done).
    pub fn output(&self) -> &[u8] {
        &self.out[self.written.min(self.out.len())..]
    }

    /// `n` bytes of [`output`](Self::output) were written.
    pub fn wrote(&mut self, n: usize) {
        self.written = (self.written + n).min(self.out.len());
        if self.written < self.out.len() {
            return;
        }
        self.out.zeroize();
        self.out.clear();
        self.written = 0;
        self.got = 0;
        self.stage = match self.stage {
            Stage::Greeting => Stage::Choice,
            Stage::AuthRequest => Stage::AuthReply,
            Stage::Request => Stage::Reply,
            s => s,
        };
    }

    /// How many bytes to read next, at most (0: nothing to read now).
    /// Never more than the reply being read still lacks.
    pub fn want(&self) -> usize {
        match self.stage {
            Stage::Choice | Stage::AuthReply => 2 - self.got,
            Stage::Reply => self.reply_len().unwrap_or(5) - self.got,
            _ => 0,
        }
    }

    /// The whole length of the reply being read, once its header says.
    fn reply_len(&self) -> Option<usize> {
        if self.got < 5 {
            return None;
        }
        Some(match self.buf[3] {
            ATYP_IPV4 => 4 + 4 + 2,
            ATYP_IPV6 => 4 + 16 + 2,
            _ => 4 + 1 + usize::from(self.buf[4]) + 2,
        })
    }

    /// Whether the tunnel is open (the target's bytes follow).
    pub fn is_done(&self) -> bool {
        self.stage == Stage::Done
    }

    /// The proxy's final reply, once done.
    pub fn reply(&self) -> Option<&Reply> {
        self.reply.as_ref()
    }

    /// The proxy closed the connection: unless done, that is a failure.
    pub fn eof(&mut self) -> Result<(), SocksError> {
        if self.stage == Stage::Done {
            return Ok(());
        }
        self.stage = Stage::Failed;
        Err(SocksError::Truncated)
    }

    /// Takes bytes the proxy sent and returns how many it used: at least
    /// [`want`](Self::want) of them (if given), then more of the same
    /// reply once its header tells its length, but never past the end of
    /// the reply being read (what follows is the next protocol's). An
    /// error ends the exchange.
    pub fn input(&mut self, data: &[u8]) -> Result<usize, SocksError> {
        let mut used = 0;
        while used < data.len() {
            let n = self.want().min(data.len() - used);
            if n == 0 {
                break;
            }
            let start = self.got;
            self.buf[start..start + n].copy_from_slice(&data[used..used + n]);
            self.got += n;
            used += n;
            if let Err(e) = self.check(start) {
                self.stage = Stage::Failed;
                return Err(e);
            }
        }
        Ok(used)
    }

    /// Validates the bytes from `from` on and moves on when a reply is
    /// complete.
    fn check(&mut self, from: usize) -> Result<(), SocksError> {
        let b = &self.buf[..self.got];
        match self.stage {
            Stage::Choice => {
                if from == 0 && b[0] != VERSION {
                    return Err(SocksError::BadVersion(b[0]));
                }
                if b.len() == 2 {
                    let offered = if self.credentials.is_some() {
                        METHOD_BASIC
                    } else {
                        METHOD_NONE
                    };
                    match b[1] {
                        METHOD_NONE => self.send_request(),
                        METHOD_BASIC if offered == METHOD_BASIC => self.send_auth(),
                        m => return Err(SocksError::Method(m)),
                    }
                }
            }
            Stage::AuthReply => {
                if from == 0 && b[0] != AUTH_VERSION {
                    return Err(SocksError::BadVersion(b[0]));
                }
                if b.len() == 2 {
                    if b[1] != 0 {
                        return Err(SocksError::AuthFailed(b[1]));
                    }
                    self.credentials = None;
                    self.send_request();
                }
            }
            Stage::Reply => {
                for i in from..b.len() {
                    match i {
                        0 if b[0] != VERSION => return Err(SocksError::BadVersion(b[0])),
                        1 if b[1] > 8 => return Err(SocksError::BadReplyCode(b[1])),
                        2 if b[2] != 0 => return Err(SocksError::BadReserved(b[2])),
                        3 if !matches!(b[3], ATYP_IPV4 | ATYP_DOMAIN | ATYP_IPV6) => {
                            return Err(SocksError::BadAddressType(b[3]))
                        }
                        _ => {}
                    }
                }
                if self.reply_len() == Some(b.len()) {
                    if b[1] != 0 {
                        return Err(SocksError::Refused(b[1]));
                    }
                    let port = u16::from_be_bytes([b[b.len() - 2], b[b.len() - 1]]);
                    let addr = &b[4..b.len() - 2];
                    let bound = match b[3] {
                        ATYP_IPV4 => Address::V4(Ipv4Addr::new(addr[0], addr[1], addr[2], addr[3])),
                        ATYP_IPV6 => {
                            let mut o = [0u8; 16];
                            o.copy_from_slice(addr);
                            Address::V6(Ipv6Addr::from(o))
                        }
                        _ => Address::Domain(addr[1..].to_vec()),
                    };
                    self.reply = Some(Reply { bound, port });
                    self.stage = Stage::Done;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn send_auth(&mut self) {
        let Some((user, pass)) = &self.credentials else {
            return;
        };
        let mut out = Zeroizing::new(Vec::with_capacity(3 + user.len() + pass.len()));
        out.push(AUTH_VERSION);
        out.push(user.len() as u8);
        out.extend_from_slice(user);
        out.push(pass.len() as u8);
        out.extend_from_slice(pass);
        self.out = out;
        self.written = 0;
        self.stage = Stage::AuthRequest;
    }

    fn send_request(&mut self) {
        self.credentials = None;
        self.out = Zeroizing::new(self.request.clone());
        self.written = 0;
        self.stage = Stage::Request;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(host: &str, user: &[u8], pass: &[u8]) -> Socks5Client {
        Socks5Client::new(Address::from_host(host).unwrap(), 5555, user, pass).unwrap()
    }

    /// Writes everything pending, returning it.
    fn flush(c: &mut Socks5Client) -> Vec<u8> {
        let v = c.output().to_vec();
        c.wrote(v.len());
        v
    }

    /// Feeds all of `data`, asserting every byte is used.
    fn feed(c: &mut Socks5Client, data: &[u8]) -> Result<(), SocksError> {
        let n = c.input(data)?;
        assert_eq!(n, data.len());
        Ok(())
    }

    const OK_V4: [u8; 10] = [5, 0, 0, 1, 127, 0, 0, 1, 0x12, 0x34];

    #[test]
    fn no_auth_ipv4() {
        let mut c = client("127.0.0.1", b"", b"");
        assert_eq!(c.want(), 0);
        assert_eq!(flush(&mut c), [5, 1, 0]);
        assert_eq!(c.want(), 2);
        feed(&mut c, &[5, 0]).unwrap();
        assert_eq!(flush(&mut c), [5, 1, 0, 1, 127, 0, 0, 1, 0x15, 0xB3]);
        assert_eq!(c.want(), 5);
        feed(&mut c, &OK_V4).unwrap();
        assert!(c.is_done());
        assert_eq!(c.want(), 0);
        assert_eq!(
            c.reply(),
            Some(&Reply {
                bound: Address::V4(Ipv4Addr::LOCALHOST),
                port: 0x1234
            })
        );
        assert_eq!(c.eof(), Ok(()));
    }

    #[test]
    fn request_address_types() {
        let mut c = client("[::1]", b"", b"");
        flush(&mut c);
        feed(&mut c, &[5, 0]).unwrap();
        let r = flush(&mut c);
        assert_eq!(&r[..4], [5, 1, 0, 4]);
        assert_eq!(r.len(), 4 + 16 + 2);
        assert_eq!(r[19], 1);
        let mut c = client("localhost", b"", b"");
        flush(&mut c);
        feed(&mut c, &[5, 0]).unwrap();
        assert_eq!(flush(&mut c), b"\x05\x01\x00\x03\x09localhost\x15\xb3");
        assert_eq!(
            Address::from_host("[fe80::1%eth0]"),
            Ok(Address::V6("fe80::1".parse().unwrap()))
        );
        assert_eq!(
            Address::from_host(&"a".repeat(256)),
            Err(SocksError::HostTooLong)
        );
        assert!(Address::from_host(&"a".repeat(255)).is_ok());
    }

    #[test]
    fn username_password() {
        let mut c = client("10.0.0.1", b"user", b"pw");
        assert_eq!(flush(&mut c), [5, 1, 2]);
        feed(&mut c, &[5, 2]).unwrap();
        assert_eq!(flush(&mut c), b"\x01\x04user\x02pw");
        assert_eq!(c.want(), 2);
        feed(&mut c, &[1, 0]).unwrap();
        assert_eq!(flush(&mut c)[3], ATYP_IPV4);
        feed(&mut c, &OK_V4).unwrap();
        assert!(c.is_done());
        // Refused credentials.
        let mut c = client("10.0.0.1", b"user", b"pw");
        flush(&mut c);
        feed(&mut c, &[5, 2]).unwrap();
        flush(&mut c);
        assert_eq!(feed(&mut c, &[1, 1]), Err(SocksError::AuthFailed(1)));
        assert_eq!(c.want(), 0);
        // Bad subnegotiation version.
        let mut c = client("10.0.0.1", b"user", b"");
        flush(&mut c);
        feed(&mut c, &[5, 2]).unwrap();
        assert_eq!(flush(&mut c), b"\x01\x04user\x00");
        assert_eq!(feed(&mut c, &[5, 0]), Err(SocksError::BadVersion(5)));
        // The proxy needs no authentication after all: fine (libzmq too).
        let mut c = client("10.0.0.1", b"user", b"pw");
        flush(&mut c);
        feed(&mut c, &[5, 0]).unwrap();
        assert_eq!(flush(&mut c)[..2], [5, 1]);
        assert!(Socks5Client::new(Address::V4(Ipv4Addr::LOCALHOST), 1, &[b'u'; 256], b"").is_err());
    }

    #[test]
    fn method_choice() {
        for (reply, err) in [
            ([4u8, 0u8], SocksError::BadVersion(4)),
            ([5, 0xFF], SocksError::Method(0xFF)),
            ([5, 2], SocksError::Method(2)), // not offered
            ([5, 1], SocksError::Method(1)),
        ] {
            let mut c = client("127.0.0.1", b"", b"");
            flush(&mut c);
            assert_eq!(feed(&mut c, &reply), Err(err));
            assert!(!c.is_done());
            assert_eq!(c.want(), 0);
            assert_eq!(c.output(), b"");
        }
        // The version is checked on the first byte alone.
        let mut c = client("127.0.0.1", b"", b"");
        flush(&mut c);
        assert_eq!(c.input(&[0]), Err(SocksError::BadVersion(0)));
    }

    #[test]
    fn reply_checks() {
        let cases: [(&[u8], SocksError); 6] = [
            (&[4, 0, 0, 1], SocksError::BadVersion(4)),
            (&[5, 9, 0, 1], SocksError::BadReplyCode(9)),
            (&[5, 0, 1, 1], SocksError::BadReserved(1)),
            (&[5, 0, 0, 2, 0], SocksError::BadAddressType(2)),
            (&[5, 0, 0, 0xFF, 0], SocksError::BadAddressType(0xFF)),
            (&[5, 5, 0, 1, 0, 0, 0, 0, 0, 0], SocksError::Refused(5)),
        ];
        for (reply, err) in cases {
            let mut c = client("127.0.0.1", b"", b"");
            flush(&mut c);
            feed(&mut c, &[5, 0]).unwrap();
            flush(&mut c);
            assert_eq!(c.input(reply), Err(err), "{reply:?}");
            assert_eq!(c.want(), 0);
        }
    }

    #[test]
    fn reply_lengths_and_leftover() {
        // A domain reply of the largest size, then the target's bytes:
        // only the reply is taken.
        let mut r = vec![5, 0, 0, 3, 255];
        r.extend_from_slice(&[b'x'; 255]);
        r.extend_from_slice(&[0, 80]);
        let mut c = client("h", b"", b"");
        flush(&mut c);
        feed(&mut c, &[5, 0]).unwrap();
        flush(&mut c);
        let mut stream = r.clone();
        stream.extend_from_slice(b"\xff\x00\x00ZMTP");
        assert_eq!(c.input(&stream), Ok(r.len()));
        assert!(c.is_done());
        assert_eq!(c.reply().map(|r| r.port), Some(80), "port after the domain");
        // Byte by byte, IPv6.
        let mut r = vec![5, 0, 0, 4];
        r.extend_from_slice(&[0; 15]);
        r.extend_from_slice(&[1, 0x1F, 0x90]);
        let mut c = client("h", b"", b"");
        flush(&mut c);
        feed(&mut c, &[5, 0]).unwrap();
        flush(&mut c);
        for (i, b) in r.iter().enumerate() {
            assert!(!c.is_done());
            assert!(c.want() >= 1, "at byte {i}");
            feed(&mut c, &[*b]).unwrap();
        }
        assert!(c.is_done());
        assert_eq!(c.reply().unwrap().bound, Address::V6(Ipv6Addr::LOCALHOST));
        // An empty domain is a valid reply.
        let mut c = client("h", b"", b"");
        flush(&mut c);
        feed(&mut c, &[5, 0]).unwrap();
        flush(&mut c);
        feed(&mut c, &[5, 0, 0, 3, 0, 0, 1]).unwrap();
        assert!(c.is_done());
    }

    #[test]
    fn truncated_and_partial_writes() {
        let mut c = client("127.0.0.1", b"", b"");
        assert_eq!(c.output(), [5, 1, 0]);
        c.wrote(1);
        assert_eq!(c.output(), [1, 0]);
        assert_eq!(c.want(), 0);
        c.wrote(2);
        assert_eq!(c.want(), 2);
        feed(&mut c, &[5]).unwrap();
        assert_eq!(c.want(), 1);
        assert_eq!(c.eof(), Err(SocksError::Truncated));
        assert_eq!(c.want(), 0);
        // Nothing is read while a request is pending.
        let mut c = client("127.0.0.1", b"", b"");
        assert_eq!(c.input(&[5, 0]), Ok(0));
    }
}
