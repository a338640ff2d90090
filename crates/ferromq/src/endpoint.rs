//! Endpoint strings: `transport://address`, parsed with libzmq's rules and
//! error numbers.

use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};

use crate::error::{Error, Result};
use crate::sys::net::{self, SockAddr, UNIX_PATH_MAX};
use ferromq_zmtp::SocketType;

// ---- endpoint names as text ----
//
// An endpoint is bytes (C strings): libzmq binds and connects ipc paths and
// inproc names that are not UTF-8. Sockets, sessions and listeners keep
// endpoints as `String`s, so those bytes travel as text in which every byte
// that is not part of valid UTF-8 stands as one character of
// U+10FF00..=U+10FFFF (a private-use range), and so do the bytes of any
// such character the name itself holds: the mapping is one to one, and a
// UTF-8 name without those characters is its own text. [`bytes_of`] gives
// the bytes back where they leave the library or meet the system: ipc
// paths, ZMQ_LAST_ENDPOINT, monitor events. The tcp parser sees the
// characters as non-ASCII, as libzmq sees the bytes.

/// First of the 256 characters that stand for raw bytes.
const RAW_BYTE: u32 = 0x10_FF00;

fn is_raw_byte(c: char) -> bool {
    c as u32 >= RAW_BYTE
}

fn raw_byte(b: u8) -> char {
    char::from_u32(RAW_BYTE + u32::from(b)).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// The text form of an endpoint given as bytes (see above).
pub(crate) fn text_of(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        if !s.chars().any(is_raw_byte) {
            return Cow::Borrowed(s);
        }
    }
    let mut out = String::with_capacity(bytes.len() * 2);
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        let mut rest = valid;
        while let Some(i) = rest.find(is_raw_byte) {
            out.push_str(&rest[..i]);
            let c = rest[i..].chars().next().unwrap_or_default();
            for b in rest[i..i + c.len_utf8()].bytes() {
                out.push(raw_byte(b));
            }
            rest = &rest[i + c.len_utf8()..];
        }
        out.push_str(rest);
        out.extend(chunk.invalid().iter().map(|&b| raw_byte(b)));
    }
    Cow::Owned(out)
}

/// The bytes of an endpoint's text form (the inverse of [`text_of`]).
pub(crate) fn bytes_of(text: &str) -> Cow<'_, [u8]> {
    if !text.chars().any(is_raw_byte) {
        return Cow::Borrowed(text.as_bytes());
    }
    let mut out = Vec::with_capacity(text.len());
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if is_raw_byte(c) {
            out.push((c as u32 - RAW_BYTE) as u8);
        } else {
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    Cow::Owned(out)
}

/// A transport and its address text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Endpoint {
    /// `tcp://...` (address text after the scheme).
    Tcp(String),
    /// `ipc://...`.
    Ipc(String),
    /// `inproc://name`.
    Inproc(String),
    /// `udp://...` (RADIO, DISH, DGRAM only).
    Udp(String),
    /// `ws://host:port[/path]` (address text after the scheme).
    Ws(String),
    /// `wss://host:port[/path]`.
    Wss(String),
}

/// Splits and checks an endpoint for a socket of type `ty`.
pub(crate) fn parse(uri: &str, ty: SocketType) -> Result<Endpoint> {
    let (scheme, addr) = uri.split_once("://").ok_or(Error::Inval)?;
    if scheme.is_empty() || addr.is_empty() {
        return Err(Error::Inval);
    }
    match scheme {
        "tcp" => Ok(Endpoint::Tcp(addr.to_string())),
        "ipc" => Ok(Endpoint::Ipc(addr.to_string())),
        "inproc" => Ok(Endpoint::Inproc(addr.to_string())),
        "ws" => Ok(Endpoint::Ws(addr.to_string())),
        "wss" => Ok(Endpoint::Wss(addr.to_string())),
        "udp" => {
            if matches!(ty, SocketType::Radio | SocketType::Dish | SocketType::Dgram) {
                Ok(Endpoint::Udp(addr.to_string()))
            } else {
                Err(Error::NoCompatProto)
            }
        }
        _ => Err(Error::ProtoNoSupport),
    }
}

/// A resolved udp:// address (libzmq's udp_address_t): where to send
/// (`target`), what to bind (`bind`), and for multicast the interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UdpAddr {
    pub(crate) target: SocketAddr,
    pub(crate) bind: SocketAddr,
    /// Index of the interface named before `;` (0 for `*` or none; None
    /// when the part before `;` was an address, not an interface name).
    pub(crate) bind_if: Option<u32>,
    /// Whether an interface was given (`IFACE;MCAST:PORT`).
    pub(crate) has_iface: bool,
    pub(crate) multicast: bool,
}

/// Resolves a udp:// address as libzmq does: `[IFACE;]HOST:PORT`, where
/// IFACE (`*`, an address or an interface name) needs a multicast HOST;
/// without it a multicast HOST is bound on the wildcard address, a
/// unicast one is the address to bind (`bind`) or to send to.
pub(crate) fn resolve_udp(addr: &str, bind: bool, ipv6: bool) -> Result<UdpAddr> {
    let (src, target) = match addr.rsplit_once(';') {
        Some((s, t)) => (Some(s), t),
        None => (None, addr),
    };
    let mut iface = None;
    if let Some(s) = src {
        // No DNS, no port: `*`, an address, or an interface name.
        let ip = if s == "*" {
            crate::sys::udp::any(ipv6)
        } else if let Some(ip) = parse_ip_literal(s) {
            if ip.is_ipv6() && !ipv6 {
                return Err(Error::NoDev);
            }
            ip
        } else {
            net::interface_addr(s, ipv6).ok_or(Error::NoDev)?
        };
        if ip.is_multicast() {
            return Err(Error::Inval);
        }
        let idx = if s == "*" {
            Some(0)
        } else {
            crate::sys::udp::if_index(s)
        };
        iface = Some((ip, idx));
    }
    let (host, port) = split_host_port(target)?;
    let port = udp_port(port, bind)?;
    let ip = if host == "*" && bind {
        crate::sys::udp::any(ipv6)
    } else if let Some(ip) = parse_ip_literal(host) {
        if ip.is_ipv6() && !ipv6 {
            // Bind: no such interface; connect: does not resolve.
            return Err(if bind { Error::NoDev } else { Error::Inval });
        }
        ip
    } else if host.starts_with('[') || host == "*" {
        return Err(Error::Inval);
    } else if let Some(ip) = bind.then(|| net::interface_addr(host, ipv6)).flatten() {
        ip
    } else {
        resolve_host(host, port, ipv6).ok_or(Error::Inval)?.ip()
    };
    let target = SocketAddr::new(ip, port);
    let multicast = ip.is_multicast();
    let (bind_addr, bind_if) = match iface {
        Some((sip, idx)) => {
            if !multicast {
                return Err(Error::Inval);
            }
            (SocketAddr::new(sip, port), idx)
        }
        None if multicast || !bind => (
            SocketAddr::new(crate::sys::udp::any(ip.is_ipv6()), port),
            Some(0),
        ),
        None => (target, Some(0)),
    };
    if bind_addr.is_ipv6() != target.is_ipv6() {
        return Err(Error::Inval);
    }
    if ipv6 && multicast && bind_if.is_none() {
        return Err(Error::NoDev);
    }
    Ok(UdpAddr {
        target,
        bind: bind_addr,
        bind_if,
        has_iface: iface.is_some(),
        multicast,
    })
}

/// A udp port as libzmq's resolver reads it: `*` (bind only) and `0` are
/// 0; anything else goes through `atoi` and is cut to 16 bits (so `70000`
/// is 4464), and 0 from there is EINVAL.
fn udp_port(port: &str, bind: bool) -> Result<u16> {
    match port {
        "*" if bind => Ok(0),
        "*" => Err(Error::Inval),
        "0" => Ok(0),
        _ => {
            let p = port.trim_start_matches(|c: char| c.is_ascii_whitespace());
            let (neg, digits) = match p.as_bytes().first() {
                Some(b'-') => (true, &p[1..]),
                Some(b'+') => (false, &p[1..]),
                _ => (false, p),
            };
            let mut v: i64 = 0;
            for b in digits.bytes().take_while(u8::is_ascii_digit) {
                v = (v * 10 + i64::from(b - b'0')) % (1 << 32);
            }
            if neg {
                v = -v;
            }
            let port = (v as i32) as u16;
            if port == 0 {
                Err(Error::Inval)
            } else {
                Ok(port)
            }
        }
    }
}

/// Splits `host:port` at the last colon, honouring `[v6]` brackets.
fn split_host_port(addr: &str) -> Result<(&str, &str)> {
    let (host, port) = addr.rsplit_once(':').ok_or(Error::Inval)?;
    if host.is_empty() {
        return Err(Error::Inval);
    }
    Ok((host, port))
}

fn parse_port(port: &str, allow_wildcard: bool) -> Result<u16> {
    if port == "*" {
        return if allow_wildcard {
            Ok(0)
        } else {
            Err(Error::Inval)
        };
    }
    if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::Inval);
    }
    port.parse::<u16>().map_err(|_| Error::Inval)
}

fn strip_brackets(host: &str) -> Option<&str> {
    host.strip_prefix('[').and_then(|h| h.strip_suffix(']'))
}

fn parse_ip_literal(host: &str) -> Option<IpAddr> {
    if let Some(inner) = strip_brackets(host) {
        // Drop a zone suffix (%eth0 / %2); link-local scopes are resolved
        // by name below only if needed.
        let inner = inner.split('%').next().unwrap_or(inner);
        return inner.parse::<Ipv6Addr>().ok().map(IpAddr::V6);
    }
    host.parse::<Ipv4Addr>().ok().map(IpAddr::V4)
}

/// Resolves the local address of a tcp bind: `*`, an IP literal, an
/// interface name, or a host name.
pub(crate) fn resolve_tcp_bind(addr: &str, ipv6: bool) -> Result<SocketAddr> {
    let (host, port) = split_host_port(addr)?;
    let port = parse_port(port, true)?;
    if host == "*" {
        let ip = if ipv6 {
            IpAddr::V6(Ipv6Addr::UNSPECIFIED)
        } else {
            IpAddr::V4(Ipv4Addr::UNSPECIFIED)
        };
        return Ok(SocketAddr::new(ip, port));
    }
    if let Some(ip) = parse_ip_literal(host) {
        if ip.is_ipv6() && !ipv6 {
            return Err(Error::NoDev);
        }
        return Ok(SocketAddr::new(ip, port));
    }
    if host.starts_with('[') {
        return Err(Error::NoDev);
    }
    if let Some(ip) = net::interface_addr(host, ipv6) {
        return Ok(SocketAddr::new(ip, port));
    }
    // libzmq 4.3.5 resolves host names on bind.
    resolve_host(host, port, ipv6).ok_or(Error::NoDev)
}

fn resolve_host(host: &str, port: u16, ipv6: bool) -> Option<SocketAddr> {
    let addrs = (host, port).to_socket_addrs().ok()?;
    let mut v6 = None;
    for a in addrs {
        if a.is_ipv4() {
            return Some(a);
        }
        if ipv6 && v6.is_none() {
            v6 = Some(a);
        }
    }
    v6
}

/// A checked tcp connect address: host (unresolved), port, and an optional
/// source address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TcpConnect {
    pub(crate) host: String,
    pub(crate) port: u16,
    pub(crate) source: Option<(String, u16)>,
}

fn valid_host_chars(host: &str) -> bool {
    !host.is_empty()
        && host.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(b, b'.' | b'-' | b'_' | b':' | b'[' | b']' | b'%' | b'*')
        })
}

/// Checks a tcp connect address (`[src;]host:port`) without resolving it.
pub(crate) fn parse_tcp_connect(addr: &str) -> Result<TcpConnect> {
    let (source, target) = match addr.split_once(';') {
        Some((s, t)) => (Some(s), t),
        None => (None, addr),
    };
    let (host, port) = split_host_port(target)?;
    if !valid_host_chars(host) || host.contains('*') {
        return Err(Error::Inval);
    }
    let port = parse_port(port, false)?;
    if port == 0 {
        return Err(Error::Inval);
    }
    let source = match source {
        Some(s) => {
            if s.starts_with('*') {
                return Err(Error::Inval);
            }
            let (h, p) = match s.rsplit_once(':') {
                Some((h, p)) if !s.ends_with(']') => (h, parse_port(p, true)?),
                _ => (s, 0),
            };
            if !valid_host_chars(h) {
                return Err(Error::Inval);
            }
            Some((h.to_string(), p))
        }
        None => None,
    };
    Ok(TcpConnect {
        host: host.to_string(),
        port,
        source,
    })
}

/// Resolves a connect address now (called before each attempt, so a host
/// name that resolves later still connects).
pub(crate) fn resolve_tcp_connect(
    c: &TcpConnect,
    ipv6: bool,
) -> Result<(SockAddr, Option<SockAddr>)> {
    let ip = match parse_ip_literal(&c.host) {
        Some(ip) => SocketAddr::new(ip, c.port),
        None => resolve_host(&c.host, c.port, ipv6).ok_or(Error::Os(libc::EHOSTUNREACH))?,
    };
    let src = match &c.source {
        Some((h, p)) => {
            let sip = match parse_ip_literal(h) {
                Some(ip) => ip,
                None => net::interface_addr(h, ipv6).ok_or(Error::NoDev)?,
            };
            Some(SockAddr::Inet(SocketAddr::new(sip, *p)))
        }
        None => None,
    };
    Ok((SockAddr::Inet(ip), src))
}

/// Formats a bound tcp address as libzmq's ZMQ_LAST_ENDPOINT does.
pub(crate) fn tcp_uri(a: &SocketAddr) -> String {
    match a {
        SocketAddr::V4(v4) => format!("tcp://{}:{}", v4.ip(), v4.port()),
        SocketAddr::V6(v6) => format!("tcp://[{}]:{}", v6.ip(), v6.port()),
    }
}

/// The text form libzmq's monitor gives a connection's address (v2
/// events): `tcp://ip:port`, `ipc://path` (`ipc://@name` abstract, and
/// `ipc://` for an unnamed socket); "" if unknown.
pub(crate) fn uri_of(a: Option<crate::sys::net::SockAddr>) -> String {
    use crate::sys::net::SockAddr;
    match a {
        Some(SockAddr::Inet(a)) => match a {
            std::net::SocketAddr::V6(v6) => match v6.ip().to_ipv4_mapped() {
                Some(v4) => format!("tcp://{}:{}", v4, v6.port()),
                None => tcp_uri(&std::net::SocketAddr::V6(v6)),
            },
            a => tcp_uri(&a),
        },
        Some(SockAddr::UnixPath(p)) => format!("ipc://{}", text_of(&p)),
        Some(SockAddr::UnixAbstract(n)) => format!("ipc://@{}", text_of(&n)),
        None => String::new(),
    }
}

/// Splits a ws address into `host:port` and the path, as libzmq does: the
/// path starts at the last `/` (`/` when there is none).
pub(crate) fn split_ws(addr: &str) -> (&str, String) {
    match addr.rfind('/') {
        Some(i) => (&addr[..i], addr[i..].to_string()),
        None => (addr, "/".to_string()),
    }
}

/// Resolves the local address of a ws bind: as tcp, but a host name is
/// not looked up (libzmq's ws resolver allows no DNS there: ENODEV).
pub(crate) fn resolve_ws_bind(host_port: &str, ipv6: bool) -> Result<SocketAddr> {
    let (host, _) = split_host_port(host_port)?;
    if host != "*" && parse_ip_literal(host).is_none() && net::interface_addr(host, ipv6).is_none()
    {
        // A bad port still says EINVAL first.
        let (_, port) = split_host_port(host_port)?;
        parse_port(port, true)?;
        return Err(Error::NoDev);
    }
    resolve_tcp_bind(host_port, ipv6)
}

/// Formats a bound or accepted ws address as libzmq's ZMQ_LAST_ENDPOINT
/// and monitor events do.
pub(crate) fn ws_uri(a: &SocketAddr, path: &str, secure: bool) -> String {
    let scheme = if secure { "wss" } else { "ws" };
    format!("{scheme}{}{path}", &tcp_uri(a)[3..])
}

/// An ipc address (from its text form: the path's bytes are the file
/// name); `@name` is the Linux abstract namespace.
pub(crate) fn ipc_addr(path: &str) -> Result<SockAddr> {
    let path = bytes_of(path);
    if let Some(name) = path.strip_prefix(b"@") {
        if name.is_empty() {
            return Err(Error::Inval);
        }
        if name.len() + 1 > UNIX_PATH_MAX {
            return Err(Error::NameTooLong);
        }
        return Ok(SockAddr::UnixAbstract(name.to_vec()));
    }
    if path.len() > UNIX_PATH_MAX {
        return Err(Error::NameTooLong);
    }
    Ok(SockAddr::UnixPath(path.into_owned()))
}

/// Validates a ZMQ_TCP_ACCEPT_FILTER value (`address[/bits]`).
pub(crate) fn parse_accept_filter(f: &[u8], ipv6: bool) -> Result<(IpAddr, u8)> {
    let s = std::str::from_utf8(f).map_err(|_| Error::Inval)?;
    let (addr, bits) = match s.split_once('/') {
        Some((a, b)) => (a, Some(b.parse::<u8>().map_err(|_| Error::Inval)?)),
        None => (s, None),
    };
    let ip: IpAddr = addr.parse().map_err(|_| Error::Inval)?;
    if ip.is_ipv6() && !ipv6 {
        return Err(Error::Inval);
    }
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let bits = bits.unwrap_or(max);
    if bits > max {
        return Err(Error::Inval);
    }
    Ok((ip, bits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        let t = SocketType::Req;
        assert_eq!(
            parse("tcp://127.0.0.1:5", t),
            Ok(Endpoint::Tcp("127.0.0.1:5".into()))
        );
        assert_eq!(parse("tcp://", t), Err(Error::Inval));
        assert_eq!(parse("127.0.0.1:5", t), Err(Error::Inval));
        assert_eq!(parse("://x", t), Err(Error::Inval));
        assert_eq!(parse("foo://x", t), Err(Error::ProtoNoSupport));
        assert_eq!(parse("udp://x:1", t), Err(Error::NoCompatProto));
        assert_eq!(
            parse("udp://x:1", SocketType::Radio),
            Ok(Endpoint::Udp("x:1".into()))
        );
        assert_eq!(parse("inproc://", t), Err(Error::Inval));
    }

    #[test]
    fn tcp_bind() {
        assert_eq!(
            resolve_tcp_bind("*:0", false).unwrap().to_string(),
            "0.0.0.0:0"
        );
        assert_eq!(
            resolve_tcp_bind("127.0.0.1:*", false).unwrap().to_string(),
            "127.0.0.1:0"
        );
        assert_eq!(resolve_tcp_bind("127.0.0.1", false), Err(Error::Inval));
        assert_eq!(
            resolve_tcp_bind("127.0.0.1:65536", false),
            Err(Error::Inval)
        );
        assert_eq!(resolve_tcp_bind("127.0.0.1:abc", false), Err(Error::Inval));
        assert_eq!(resolve_tcp_bind("[::1]:5", false), Err(Error::NoDev));
        assert!(resolve_tcp_bind("[::1]:5", true).is_ok());
        assert_eq!(
            resolve_tcp_bind("lo:7", false).unwrap().ip(),
            Ipv4Addr::LOCALHOST
        );
        assert_eq!(resolve_tcp_bind("nosuchif0:7", false), Err(Error::NoDev));
    }

    #[test]
    fn tcp_connect() {
        assert!(parse_tcp_connect("localhost:5555").is_ok());
        assert_eq!(parse_tcp_connect("127.0.0.1:*"), Err(Error::Inval));
        assert_eq!(parse_tcp_connect("127.0.0.1"), Err(Error::Inval));
        assert_eq!(parse_tcp_connect("bad host:1"), Err(Error::Inval));
        assert_eq!(parse_tcp_connect("*;127.0.0.1:1"), Err(Error::Inval));
        let c = parse_tcp_connect("127.0.0.1:0;127.0.0.1:5999").unwrap();
        assert_eq!(c.source, Some(("127.0.0.1".into(), 0)));
        assert_eq!(c.port, 5999);
    }

    #[test]
    fn endpoint_text_round_trips_bytes() {
        let cases: [&[u8]; 6] = [
            b"ipc:///tmp/plain",
            b"ipc:///tmp/caf\xe9-\x80.ipc",
            b"inproc://\xff\xfe",
            "inproc://\u{10FF41}\u{10FFFF}x".as_bytes(),
            b"\xf4\x8f\xbc",
            b"",
        ];
        for b in cases {
            let t = text_of(b);
            assert_eq!(&*bytes_of(&t), b, "{t:?}");
        }
        assert!(matches!(text_of(b"tcp://a:1"), Cow::Borrowed(_)));
        assert!(matches!(bytes_of("tcp://a:1"), Cow::Borrowed(_)));
        // A raw byte is not ASCII: tcp rejects it as libzmq does.
        let t = text_of(b"tcp://\xff:5555");
        assert_eq!(parse_tcp_connect(&t[6..]), Err(Error::Inval));
        assert_eq!(
            parse("\u{10FFFF}://x", SocketType::Req),
            Err(Error::ProtoNoSupport)
        );
    }

    #[test]
    fn ipc() {
        assert_eq!(ipc_addr("@"), Err(Error::Inval));
        assert_eq!(ipc_addr(&"a".repeat(108)), Err(Error::NameTooLong));
        assert!(ipc_addr(&"a".repeat(107)).is_ok());
    }
}
