//! UDP sockets for the udp:// transport: creation with the options that
//! must precede `bind`, multicast settings std does not cover
//! (IP_MULTICAST_IF), and the conversion to a non-blocking
//! `std::net::UdpSocket` for the rest.

use std::io;
use std::mem::{size_of, zeroed};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use super::net;
use super::syscall;

/// A non-blocking UDP socket of `addr`'s family; with `reuse`,
/// SO_REUSEADDR is set (libzmq sets it on every receiving udp socket).
pub(crate) fn socket(v6: bool, reuse: bool, device: &[u8]) -> io::Result<OwnedFd> {
    let fam = if v6 { libc::AF_INET6 } else { libc::AF_INET };
    let fd = syscall!(socket(
        fam,
        libc::SOCK_DGRAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
        0
    ))?;
    // SAFETY: socket returned a fresh descriptor we now own.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    if !device.is_empty() {
        net::bind_to_device(fd.as_raw_fd(), device)?;
    }
    if reuse {
        net::set_int_opt(fd.as_raw_fd(), libc::SOL_SOCKET, libc::SO_REUSEADDR, 1)?;
    }
    Ok(fd)
}

/// Binds the socket to `addr`.
pub(crate) fn bind(fd: &OwnedFd, addr: &SocketAddr) -> io::Result<()> {
    // SAFETY: zeroed sockaddr_storage is a valid (unspecified) address.
    let mut ss: libc::sockaddr_storage = unsafe { zeroed() };
    let len = match addr {
        SocketAddr::V4(a) => {
            // SAFETY: sockaddr_storage is large and aligned enough for
            // sockaddr_in.
            let sin = unsafe {
                &mut *(&mut ss as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in>()
            };
            sin.sin_family = libc::AF_INET as libc::sa_family_t;
            sin.sin_port = a.port().to_be();
            sin.sin_addr.s_addr = u32::from_ne_bytes(a.ip().octets());
            size_of::<libc::sockaddr_in>()
        }
        SocketAddr::V6(a) => {
            // SAFETY: as above, for sockaddr_in6.
            let sin6 = unsafe {
                &mut *(&mut ss as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in6>()
            };
            sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sin6.sin6_port = a.port().to_be();
            sin6.sin6_addr.s6_addr = a.ip().octets();
            sin6.sin6_scope_id = a.scope_id();
            size_of::<libc::sockaddr_in6>()
        }
    };
    syscall!(bind(
        fd.as_raw_fd(),
        (&ss as *const libc::sockaddr_storage).cast(),
        len as libc::socklen_t
    ))?;
    Ok(())
}

/// IP_MULTICAST_IF: multicast goes out of the interface with address
/// `ip` (IPv4), or of interface index `ifindex` (IPv6).
pub(crate) fn set_multicast_if(fd: &OwnedFd, ip: IpAddr, ifindex: u32) -> io::Result<()> {
    match ip {
        IpAddr::V4(v4) => {
            let a = libc::in_addr {
                s_addr: u32::from_ne_bytes(v4.octets()),
            };
            syscall!(setsockopt(
                fd.as_raw_fd(),
                libc::IPPROTO_IP,
                libc::IP_MULTICAST_IF,
                (&a as *const libc::in_addr).cast(),
                size_of::<libc::in_addr>() as libc::socklen_t
            ))?;
        }
        IpAddr::V6(_) => net::set_int_opt(
            fd.as_raw_fd(),
            libc::IPPROTO_IPV6,
            libc::IPV6_MULTICAST_IF,
            ifindex as libc::c_int,
        )?,
    }
    Ok(())
}

/// The index of a network interface, None if there is no such interface.
pub(crate) fn if_index(name: &str) -> Option<u32> {
    let c = std::ffi::CString::new(name).ok()?;
    // SAFETY: c is a valid NUL-terminated string.
    let i = unsafe { libc::if_nametoindex(c.as_ptr()) };
    (i != 0).then_some(i)
}

/// The socket as a std UdpSocket (non-blocking already).
pub(crate) fn into_std(fd: OwnedFd) -> UdpSocket {
    UdpSocket::from(fd)
}

/// The unspecified address of a family.
pub(crate) fn any(v6: bool) -> IpAddr {
    if v6 {
        IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED)
    } else {
        IpAddr::V4(Ipv4Addr::UNSPECIFIED)
    }
}
