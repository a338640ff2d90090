//! udp:// endpoints: a DISH or DGRAM binds, a RADIO connects (libzmq's
//! rules; other combinations are ENOCOMPATPROTO). The UDP socket is made
//! and bound here, so a bind that fails says why (libzmq binds later in
//! its I/O thread and reports nothing); the I/O thread then runs it
//! (`io::udp`). ZMQ_LAST_ENDPOINT is the address without the scheme, as
//! libzmq gives it.

use std::net::IpAddr;
use std::os::fd::OwnedFd;

use ferromq_zmtp::SocketType;

use super::{EndpointEntry, EpKind, Socket};
use crate::command::Attach;
use crate::endpoint::{self, UdpAddr};
use crate::error::{Error, Result};
use crate::ids::next_id;
use crate::io::udp::UdpEngine;
use crate::io::IoCmd;
use crate::pipe;
use crate::sys::udp as sys_udp;

impl Socket {
    pub(super) fn bind_udp(&mut self, uri: &str, addr: &str) -> Result<()> {
        if !matches!(self.ty, SocketType::Dish | SocketType::Dgram) {
            return Err(Error::NoCompatProto);
        }
        let ua = endpoint::resolve_udp(addr, true, self.opts.ipv6)?;
        let fd = sys_udp::socket(ua.bind.is_ipv6(), true, &self.opts.bindtodevice)?;
        if ua.multicast {
            // Bound on the wildcard address (of the port), the group
            // joined on the interface asked for.
            let any = std::net::SocketAddr::new(sys_udp::any(ua.bind.is_ipv6()), ua.bind.port());
            sys_udp::bind(&fd, &any)?;
        } else {
            sys_udp::bind(&fd, &ua.bind)?;
        }
        let sock = sys_udp::into_std(fd);
        if ua.multicast {
            match (ua.target.ip(), ua.bind.ip()) {
                (IpAddr::V4(group), IpAddr::V4(iface)) => sock.join_multicast_v4(&group, &iface)?,
                (IpAddr::V6(group), _) => {
                    sock.join_multicast_v6(&group, ua.bind_if.unwrap_or(0))?
                }
                _ => return Err(Error::Inval),
            }
        }
        self.add_udp(uri, addr, sock, None)
    }

    pub(super) fn connect_udp(&mut self, uri: &str, addr: &str) -> Result<()> {
        if self.ty != SocketType::Radio {
            return Err(Error::NoCompatProto);
        }
        let ua = endpoint::resolve_udp(addr, false, self.opts.ipv6)?;
        let fd = sys_udp::socket(ua.target.is_ipv6(), false, &self.opts.bindtodevice)?;
        if ua.multicast {
            self.multicast_out(&fd, &ua)?;
        }
        let sock = sys_udp::into_std(fd);
        self.add_udp(uri, addr, sock, Some(ua.target))
    }

    /// ZMQ_MULTICAST_LOOP, ZMQ_MULTICAST_HOPS and the outgoing interface
    /// for a multicast sender.
    fn multicast_out(&self, fd: &OwnedFd, ua: &UdpAddr) -> Result<()> {
        let sock = std::net::UdpSocket::from(fd.try_clone()?);
        let hops = u32::try_from(self.opts.multicast_hops).unwrap_or(0);
        if ua.target.is_ipv6() {
            sock.set_multicast_loop_v6(self.opts.multicast_loop)?;
            if hops > 0 {
                crate::sys::net::set_int_opt(
                    std::os::fd::AsRawFd::as_raw_fd(fd),
                    libc::IPPROTO_IPV6,
                    libc::IPV6_MULTICAST_HOPS,
                    hops as i32,
                )?;
            }
            if let Some(i) = ua.bind_if.filter(|&i| i > 0) {
                sys_udp::set_multicast_if(fd, ua.bind.ip(), i)?;
            }
        } else {
            sock.set_multicast_loop_v4(self.opts.multicast_loop)?;
            if hops > 0 {
                sock.set_multicast_ttl_v4(hops)?;
            }
            if !ua.bind.ip().is_unspecified() {
                sys_udp::set_multicast_if(fd, ua.bind.ip(), 0)?;
            }
        }
        Ok(())
    }

    fn add_udp(
        &mut self,
        uri: &str,
        addr: &str,
        sock: std::net::UdpSocket,
        target: Option<std::net::SocketAddr>,
    ) -> Result<()> {
        let io = self.ctx.choose_io()?;
        let id = next_id();
        let wake_me: std::sync::Arc<dyn pipe::Wake> = self.mailbox.clone();
        let (mine, theirs) = pipe::pipe(
            u64::try_from(self.opts.sndhwm).unwrap_or(0),
            u64::try_from(self.opts.rcvhwm).unwrap_or(0),
            wake_me,
            None,
            false,
        );
        let engine = UdpEngine::new(id, self.id, sock, theirs, self.ty, target);
        self.attach(Attach {
            end: mine,
            endpoint: uri.to_string(),
            direct: None,
            seq: next_id(),
        });
        io.mailbox.send(IoCmd::AddUdp(Box::new(engine)));
        self.last_endpoint = addr.to_string();
        self.endpoints.push(EndpointEntry {
            uri: uri.to_string(),
            resolved: uri.to_string(),
            kind: EpKind::Session { io, id },
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::os::fd::AsRawFd;

    use super::*;
    use crate::opt::*;
    use crate::sys::net;

    fn multicast_opts(loop_on: i32, hops: i32) -> (i32, i32) {
        let ctx = crate::Context::new();
        let mut s = ctx.socket(SocketType::Radio).unwrap();
        s.set_option(ZMQ_MULTICAST_LOOP, Some(&loop_on.to_ne_bytes()))
            .unwrap();
        s.set_option(ZMQ_MULTICAST_HOPS, Some(&hops.to_ne_bytes()))
            .unwrap();
        let ua = endpoint::resolve_udp("127.0.0.1;239.1.2.3:5555", false, false).unwrap();
        let fd = sys_udp::socket(false, false, &[]).unwrap();
        s.multicast_out(&fd, &ua).unwrap();
        let fd = fd.as_raw_fd();
        let lp = net::get_int_opt(fd, libc::IPPROTO_IP, libc::IP_MULTICAST_LOOP).unwrap();
        let ttl = net::get_int_opt(fd, libc::IPPROTO_IP, libc::IP_MULTICAST_TTL).unwrap();
        (lp, ttl)
    }

    #[test]
    fn multicast_loop_and_hops_reach_the_socket() {
        assert_eq!(multicast_opts(0, 3), (0, 3));
        assert_eq!(multicast_opts(1, 1), (1, 1));
    }

    #[test]
    fn udp_addresses() {
        let a = endpoint::resolve_udp("127.0.0.1:5555", true, false).unwrap();
        assert_eq!(a.bind, a.target);
        assert!(!a.multicast);
        let a = endpoint::resolve_udp("127.0.0.1:5555", false, false).unwrap();
        assert!(a.bind.ip().is_unspecified());
        let a = endpoint::resolve_udp("*:5555", true, false).unwrap();
        assert!(a.bind.ip().is_unspecified());
        assert!(endpoint::resolve_udp("*:5555", false, false).is_err());
        let a = endpoint::resolve_udp("lo;239.0.0.1:5555", true, false).unwrap();
        assert!(a.multicast && a.has_iface);
        assert_eq!(a.bind.ip().to_string(), "127.0.0.1");
        assert!(a.bind_if.is_some_and(|i| i > 0));
        assert_eq!(
            endpoint::resolve_udp("127.0.0.1;127.0.0.2:5555", true, false),
            Err(Error::Inval)
        );
        assert_eq!(
            endpoint::resolve_udp("239.0.0.2;239.0.0.1:5555", true, false),
            Err(Error::Inval)
        );
        assert_eq!(
            endpoint::resolve_udp("[::1]:5555", true, false),
            Err(Error::NoDev)
        );
        let a = endpoint::resolve_udp("[::1]:5555", true, true).unwrap();
        assert!(a.target.is_ipv6());
        assert!(endpoint::resolve_udp("127.0.0.1", true, false).is_err());
        assert!(endpoint::resolve_udp("127.0.0.1:x", true, false).is_err());
        // libzmq's atoi, cut to 16 bits
        let a = endpoint::resolve_udp("127.0.0.1:70000", true, false).unwrap();
        assert_eq!(a.target.port(), 4464);
        assert_eq!(
            endpoint::resolve_udp("127.0.0.1:65536", true, false),
            Err(Error::Inval)
        );
        assert_eq!(
            endpoint::resolve_udp("[::1]:5555", false, false),
            Err(Error::Inval)
        );
    }
}
