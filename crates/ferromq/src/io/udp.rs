//! The udp:// transport (libzmq's udp_engine): one UDP socket per
//! endpoint, run by an I/O thread, with one pipe to its socket.
//!
//! - RADIO (connect): sends every message of its pipe as one datagram,
//!   `[group length][group][body]`, to the target (unicast or multicast).
//! - DISH (bind): receives such datagrams and hands each to the pipe as a
//!   message carrying its group (the DISH filters by its groups); joins
//!   and leaves from the DISH are dropped (udp has no subscriptions).
//! - DGRAM (bind): raw datagrams both ways as two frames, the peer's
//!   `ip:port` (with a terminating NUL, as libzmq gives it) then the body;
//!   sends go to the address of the first frame (dropped if it does not
//!   parse).
//!
//! A datagram longer than 8192 bytes (libzmq's limit), or malformed (its
//! group length runs past its end), is dropped, on either side. When the
//! pipe is full, input waits (the kernel keeps or drops datagrams).

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};
use std::os::fd::AsRawFd;
use std::sync::Arc;

use ferromq_zmtp::udp::{encode_datagram, parse_datagram, MAX_DATAGRAM};
use ferromq_zmtp::SocketType;

use super::{Io, Status};
use crate::msg::{self, Msg};
use crate::pipe::{PipeEnd, Read, Wake, WakeKind};
use crate::sys::epoll;

/// Datagrams handled per event before yielding to other objects.
const BATCH: usize = 64;

pub(crate) struct UdpEngine {
    id: u64,
    owner: u64,
    sock: UdpSocket,
    pipe: PipeEnd,
    ty: SocketType,
    /// RADIO: where datagrams go.
    target: Option<SocketAddr>,
    recv: bool,
    /// A datagram the kernel had no room for, and its destination.
    pending: Option<(Vec<u8>, SocketAddr)>,
    /// DGRAM: the destination frame of the message being sent (None:
    /// it did not parse, the body is dropped).
    dgram_to: Option<Option<SocketAddr>>,
    inbuf: Vec<u8>,
    outbuf: Vec<u8>,
    in_blocked: bool,
}

impl UdpEngine {
    pub(crate) fn new(
        id: u64,
        owner: u64,
        sock: UdpSocket,
        pipe: PipeEnd,
        ty: SocketType,
        target: Option<SocketAddr>,
    ) -> UdpEngine {
        UdpEngine {
            id,
            owner,
            sock,
            pipe,
            ty,
            target,
            recv: matches!(ty, SocketType::Dish | SocketType::Dgram),
            pending: None,
            dgram_to: None,
            inbuf: Vec::new(),
            outbuf: Vec::new(),
            in_blocked: false,
        }
    }

    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    pub(crate) fn owner(&self) -> u64 {
        self.owner
    }

    pub(crate) fn start(&mut self, io: &mut Io<'_>) -> Status {
        let me: Arc<dyn Wake> = io.mailbox.clone();
        self.pipe.set_wake_target(me);
        self.pipe.set_token(self.id);
        let mut interest = epoll::WRITE | epoll::EDGE;
        if self.recv {
            interest |= epoll::READ;
        }
        if io
            .epoll
            .add(self.sock.as_raw_fd(), self.id, interest)
            .is_err()
        {
            self.pipe.terminate();
            return Status::Remove;
        }
        self.output();
        if self.recv {
            self.input(io);
        }
        Status::Keep
    }

    pub(crate) fn on_event(&mut self, flags: u32, io: &mut Io<'_>) -> Status {
        if flags & epoll::WRITE != 0 {
            self.output();
        }
        if flags & (epoll::READ | epoll::ERR) != 0 && self.recv {
            self.input(io);
        }
        Status::Keep
    }

    pub(crate) fn on_again(&mut self, io: &mut Io<'_>) -> Status {
        if self.recv {
            self.input(io);
        }
        Status::Keep
    }

    pub(crate) fn on_wake(&mut self, kind: WakeKind, io: &mut Io<'_>) -> Status {
        match kind {
            WakeKind::Read => self.output(),
            WakeKind::Write => {
                if self.in_blocked {
                    self.in_blocked = false;
                    self.input(io);
                }
            }
        }
        Status::Keep
    }

    /// The socket closed (`Some(linger)`) or the endpoint went (`None`):
    /// what is queued is sent now if the kernel takes it, then the end.
    pub(crate) fn close(&mut self, linger: Option<i32>, io: &mut Io<'_>) -> Status {
        if linger.is_some_and(|l| l != 0) {
            self.output();
        }
        io.epoll.delete(self.sock.as_raw_fd());
        self.pipe.terminate();
        Status::Remove
    }

    // ---- output ----

    fn send(&mut self, buf: &[u8], to: SocketAddr) -> bool {
        match self.sock.send_to(buf, to) {
            Ok(_) => true,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => false,
            // Unreachable peers, refused ports (ICMP): the datagram is
            // lost, as UDP's are.
            Err(_) => true,
        }
    }

    fn output(&mut self) {
        if let Some((buf, to)) = self.pending.take() {
            if !self.send(&buf, to) {
                self.pending = Some((buf, to));
                return;
            }
        }
        loop {
            let mut m = match self.pipe.read() {
                Read::Msg(m) => m,
                Read::Empty | Read::Eof => return,
            };
            let mut out = std::mem::take(&mut self.outbuf);
            if let Some(to) = self.encode(&mut m, &mut out) {
                if !self.send(&out, to) {
                    self.pending = Some((out, to));
                    return;
                }
            }
            self.outbuf = out;
        }
    }

    /// Turns one frame from the pipe into the datagram in `out`; the
    /// destination if there is one to send now.
    fn encode(&mut self, m: &mut Msg, out: &mut Vec<u8>) -> Option<SocketAddr> {
        match self.ty {
            SocketType::Radio => {
                if m.flags() & (msg::JOIN | msg::LEAVE) != 0 {
                    return None;
                }
                // Over 8192 bytes: dropped (libzmq overruns its buffer).
                encode_datagram(m.group().to_bytes(), m.as_slice(), out).ok()?;
                self.target
            }
            SocketType::Dgram => match self.dgram_to.take() {
                None => {
                    if m.more() {
                        self.dgram_to = Some(parse_raw_address(m.as_slice()));
                    }
                    None
                }
                Some(to) => {
                    if m.more() {
                        // Frames past the second (the socket refuses
                        // them; never from it): keep the destination.
                        self.dgram_to = Some(to);
                        return None;
                    }
                    let to = to?;
                    if m.len() > MAX_DATAGRAM {
                        return None;
                    }
                    out.clear();
                    out.extend_from_slice(m.as_slice());
                    Some(to)
                }
            },
            // DISH: joins and leaves mean nothing on udp.
            _ => None,
        }
    }

    // ---- input ----

    fn input(&mut self, io: &mut Io<'_>) {
        if self.inbuf.len() != MAX_DATAGRAM + 1 {
            self.inbuf = vec![0u8; MAX_DATAGRAM + 1];
        }
        let mut wake = false;
        let mut errors = 0;
        for _ in 0..BATCH {
            if !self.pipe.check_write() {
                self.in_blocked = true;
                break;
            }
            let (n, from) = match self.sock.recv_from(&mut self.inbuf) {
                Ok(r) => r,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    if wake {
                        self.pipe.wake_reader();
                    }
                    return;
                }
                // EINTR, or an error the kernel queued on the socket (an
                // ICMP port unreachable after a DGRAM send), which this
                // call consumed: datagrams may still wait.
                Err(_) if errors < 8 => {
                    errors += 1;
                    continue;
                }
                Err(_) => break,
            };
            if n > MAX_DATAGRAM {
                // Longer than libzmq's limit: dropped.
                continue;
            }
            let d = &self.inbuf[..n];
            match self.ty {
                SocketType::Dish => {
                    let Ok((group, body)) = parse_datagram(d) else {
                        continue;
                    };
                    let mut m = Msg::from_slice(body);
                    if m.set_group(group).is_err() {
                        continue;
                    }
                    self.pipe.write(m);
                }
                _ => {
                    let mut a = Msg::from(raw_address(&from));
                    a.set_more(true);
                    self.pipe.write(a);
                    self.pipe.write(Msg::from_slice(d));
                }
            }
            wake |= self.pipe.commit();
        }
        if wake {
            self.pipe.wake_reader();
        }
        if !self.in_blocked && errors < 8 {
            // A full batch: more may wait; let other objects run first.
            io.run_again(self.id);
        }
    }
}

/// `ip:port` and a NUL, as libzmq's DGRAM gives a sender's address.
fn raw_address(a: &SocketAddr) -> Vec<u8> {
    let mut s = match a {
        SocketAddr::V4(v4) => format!("{}:{}", v4.ip(), v4.port()),
        SocketAddr::V6(v6) => match v6.ip().to_ipv4_mapped() {
            Some(v4) => format!("{}:{}", v4, v6.port()),
            None => format!("[{}]:{}", v6.ip(), v6.port()),
        },
    }
    .into_bytes();
    s.push(0);
    s
}

/// A DGRAM destination frame, `ip:port` (a trailing NUL allowed), as
/// libzmq reads it: the port as `atoi` reads it, 0 refused; IPv4 (or, here,
/// a bracketed IPv6 address).
fn parse_raw_address(b: &[u8]) -> Option<SocketAddr> {
    let colon = b.iter().rposition(|&c| c == b':')?;
    let host = std::str::from_utf8(&b[..colon]).ok()?;
    let port_bytes = &b[colon + 1..];
    let digits: Vec<u8> = port_bytes
        .iter()
        .copied()
        .skip_while(|c| c.is_ascii_whitespace())
        .take_while(|c| c.is_ascii_digit())
        .take(10)
        .collect();
    let port = std::str::from_utf8(&digits).ok()?.parse::<u64>().ok()? as u16;
    if port == 0 {
        return None;
    }
    let ip: IpAddr = if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        IpAddr::V6(v6.parse().ok()?)
    } else {
        IpAddr::V4(host.parse::<Ipv4Addr>().ok()?)
    };
    Some(SocketAddr::new(ip, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_addresses() {
        let a: SocketAddr = "127.0.0.1:5555".parse().unwrap();
        assert_eq!(raw_address(&a), b"127.0.0.1:5555\0");
        assert_eq!(parse_raw_address(b"127.0.0.1:5555\0"), Some(a));
        assert_eq!(parse_raw_address(b"127.0.0.1:5555"), Some(a));
        assert_eq!(parse_raw_address(b"127.0.0.1:0"), None);
        assert_eq!(parse_raw_address(b"127.0.0.1"), None);
        assert_eq!(parse_raw_address(b"nohost:5"), None);
        assert_eq!(parse_raw_address(b""), None);
        let b: SocketAddr = "[::1]:7".parse().unwrap();
        assert_eq!(parse_raw_address(&raw_address(&b)), Some(b));
    }
}
