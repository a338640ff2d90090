//! Stream sockets for the tcp and ipc transports: create, bind, listen,
//! accept, connect, tune, read and write, all non-blocking.

use std::io;
use std::mem::{size_of, zeroed};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

use bytes::{BufMut, BytesMut};

use super::syscall;

/// A socket address for tcp (IPv4/IPv6) or ipc (path or Linux abstract name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SockAddr {
    /// TCP.
    Inet(SocketAddr),
    /// A filesystem path (bytes, no NUL).
    UnixPath(Vec<u8>),
    /// A Linux abstract-namespace name (without the leading NUL).
    UnixAbstract(Vec<u8>),
}

/// Largest path that fits `sun_path` with its NUL.
pub(crate) const UNIX_PATH_MAX: usize = 107;

fn to_raw(addr: &SockAddr) -> io::Result<(libc::sockaddr_storage, libc::socklen_t)> {
    // SAFETY: an all-zero sockaddr_storage is a valid value.
    let mut ss: libc::sockaddr_storage = unsafe { zeroed() };
    let len = match addr {
        SockAddr::Inet(SocketAddr::V4(a)) => {
            // SAFETY: sockaddr_storage is large and aligned enough for sockaddr_in.
            let sin = unsafe { &mut *(&mut ss as *mut _ as *mut libc::sockaddr_in) };
            sin.sin_family = libc::AF_INET as libc::sa_family_t;
            sin.sin_port = a.port().to_be();
            sin.sin_addr = libc::in_addr {
                s_addr: u32::from_ne_bytes(a.ip().octets()),
            };
            size_of::<libc::sockaddr_in>()
        }
        SockAddr::Inet(SocketAddr::V6(a)) => {
            // SAFETY: sockaddr_storage is large and aligned enough for sockaddr_in6.
            let sin6 = unsafe { &mut *(&mut ss as *mut _ as *mut libc::sockaddr_in6) };
            sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sin6.sin6_port = a.port().to_be();
            sin6.sin6_addr = libc::in6_addr {
                s6_addr: a.ip().octets(),
            };
            sin6.sin6_flowinfo = a.flowinfo();
            sin6.sin6_scope_id = a.scope_id();
            size_of::<libc::sockaddr_in6>()
        }
        SockAddr::UnixPath(p) | SockAddr::UnixAbstract(p) => {
            let abstract_ = matches!(addr, SockAddr::UnixAbstract(_));
            let off = usize::from(abstract_);
            if p.len() + off > UNIX_PATH_MAX {
                return Err(io::Error::from_raw_os_error(libc::ENAMETOOLONG));
            }
            // SAFETY: sockaddr_storage is large and aligned enough for sockaddr_un.
            let sun = unsafe { &mut *(&mut ss as *mut _ as *mut libc::sockaddr_un) };
            sun.sun_family = libc::AF_UNIX as libc::sa_family_t;
            for (i, b) in p.iter().enumerate() {
                sun.sun_path[i + off] = *b as libc::c_char;
            }
            let base = size_of::<libc::sa_family_t>();
            if abstract_ {
                base + 1 + p.len()
            } else {
                base + p.len() + 1
            }
        }
    };
    Ok((ss, len as libc::socklen_t))
}

fn from_raw(ss: &libc::sockaddr_storage, len: libc::socklen_t) -> Option<SockAddr> {
    match i32::from(ss.ss_family) {
        libc::AF_INET => {
            // SAFETY: the family says this storage holds a sockaddr_in.
            let sin = unsafe { &*(ss as *const _ as *const libc::sockaddr_in) };
            let ip = Ipv4Addr::from(sin.sin_addr.s_addr.to_ne_bytes());
            Some(SockAddr::Inet(SocketAddr::V4(SocketAddrV4::new(
                ip,
                u16::from_be(sin.sin_port),
            ))))
        }
        libc::AF_INET6 => {
            // SAFETY: the family says this storage holds a sockaddr_in6.
            let sin6 = unsafe { &*(ss as *const _ as *const libc::sockaddr_in6) };
            let ip = Ipv6Addr::from(sin6.sin6_addr.s6_addr);
            Some(SockAddr::Inet(SocketAddr::V6(SocketAddrV6::new(
                ip,
                u16::from_be(sin6.sin6_port),
                sin6.sin6_flowinfo,
                sin6.sin6_scope_id,
            ))))
        }
        libc::AF_UNIX => {
            // SAFETY: the family says this storage holds a sockaddr_un.
            let sun = unsafe { &*(ss as *const _ as *const libc::sockaddr_un) };
            let base = size_of::<libc::sa_family_t>();
            let n = (len as usize).saturating_sub(base).min(sun.sun_path.len());
            let raw: Vec<u8> = sun.sun_path[..n].iter().map(|&c| c as u8).collect();
            if raw.first() == Some(&0) && n > 0 {
                Some(SockAddr::UnixAbstract(raw[1..].to_vec()))
            } else {
                let end = raw.iter().position(|&b| b == 0).unwrap_or(raw.len());
                Some(SockAddr::UnixPath(raw[..end].to_vec()))
            }
        }
        _ => None,
    }
}

fn family(addr: &SockAddr) -> libc::c_int {
    match addr {
        SockAddr::Inet(SocketAddr::V4(_)) => libc::AF_INET,
        SockAddr::Inet(SocketAddr::V6(_)) => libc::AF_INET6,
        _ => libc::AF_UNIX,
    }
}

fn new_socket(fam: libc::c_int) -> io::Result<OwnedFd> {
    let fd = syscall!(socket(
        fam,
        libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
        0
    ))?;
    // SAFETY: socket returned a fresh descriptor we now own.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Sets an integer socket option.
pub(crate) fn set_int_opt(
    fd: RawFd,
    level: libc::c_int,
    name: libc::c_int,
    val: libc::c_int,
) -> io::Result<()> {
    syscall!(setsockopt(
        fd,
        level,
        name,
        (&val as *const libc::c_int).cast(),
        size_of::<libc::c_int>() as libc::socklen_t
    ))?;
    Ok(())
}

/// Reads an integer socket option.
pub(crate) fn get_int_opt(
    fd: RawFd,
    level: libc::c_int,
    name: libc::c_int,
) -> io::Result<libc::c_int> {
    let mut val: libc::c_int = 0;
    let mut len = size_of::<libc::c_int>() as libc::socklen_t;
    syscall!(getsockopt(
        fd,
        level,
        name,
        (&mut val as *mut libc::c_int).cast(),
        &mut len
    ))?;
    Ok(val)
}

/// A non-blocking stream socket of the address's family.
pub(crate) fn stream_socket(addr: &SockAddr) -> io::Result<OwnedFd> {
    new_socket(family(addr))
}

/// Binds `fd` to `addr` and listens. With `dual_stack` an IPv6 socket
/// also accepts IPv4.
pub(crate) fn bind_listen(
    fd: &OwnedFd,
    addr: &SockAddr,
    backlog: i32,
    dual_stack: bool,
) -> io::Result<()> {
    if let SockAddr::Inet(a) = addr {
        set_int_opt(fd.as_raw_fd(), libc::SOL_SOCKET, libc::SO_REUSEADDR, 1)?;
        if a.is_ipv6() {
            set_int_opt(
                fd.as_raw_fd(),
                libc::IPPROTO_IPV6,
                libc::IPV6_V6ONLY,
                i32::from(!dual_stack),
            )?;
        }
    }
    let (ss, len) = to_raw(addr)?;
    syscall!(bind(
        fd.as_raw_fd(),
        (&ss as *const libc::sockaddr_storage).cast(),
        len
    ))?;
    syscall!(listen(fd.as_raw_fd(), backlog))?;
    Ok(())
}

/// The address a socket is bound to.
pub(crate) fn local_addr(fd: RawFd) -> io::Result<SockAddr> {
    // SAFETY: an all-zero sockaddr_storage is a valid value.
    let mut ss: libc::sockaddr_storage = unsafe { zeroed() };
    let mut len = size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    syscall!(getsockname(
        fd,
        (&mut ss as *mut libc::sockaddr_storage).cast(),
        &mut len
    ))?;
    from_raw(&ss, len).ok_or_else(|| io::Error::from_raw_os_error(libc::EAFNOSUPPORT))
}

/// The address of the connected peer.
pub(crate) fn peer_addr(fd: RawFd) -> io::Result<SockAddr> {
    // SAFETY: an all-zero sockaddr_storage is a valid value.
    let mut ss: libc::sockaddr_storage = unsafe { zeroed() };
    let mut len = size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    syscall!(getpeername(
        fd,
        (&mut ss as *mut libc::sockaddr_storage).cast(),
        &mut len
    ))?;
    from_raw(&ss, len).ok_or_else(|| io::Error::from_raw_os_error(libc::EAFNOSUPPORT))
}

/// Credentials of a unix-socket peer: (pid, uid, gid).
pub(crate) fn peer_cred(fd: RawFd) -> io::Result<(i32, u32, u32)> {
    // SAFETY: an all-zero ucred is a valid value.
    let mut cred: libc::ucred = unsafe { zeroed() };
    let mut len = size_of::<libc::ucred>() as libc::socklen_t;
    syscall!(getsockopt(
        fd,
        libc::SOL_SOCKET,
        libc::SO_PEERCRED,
        (&mut cred as *mut libc::ucred).cast(),
        &mut len
    ))?;
    Ok((cred.pid, cred.uid, cred.gid))
}

/// Accepts one connection (non-blocking, close-on-exec).
pub(crate) fn accept(listener: RawFd) -> io::Result<OwnedFd> {
    let fd = syscall!(accept4(
        listener,
        std::ptr::null_mut(),
        std::ptr::null_mut(),
        libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC
    ))?;
    // SAFETY: accept4 returned a fresh descriptor we now own.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// ZMQ_BINDTODEVICE: binds `fd` to a network interface by name
/// (SO_BINDTODEVICE). libzmq applies it to every tcp socket it opens
/// (listener, connecter, the connection to a SOCKS proxy); a name that is
/// no interface fails with ENODEV.
pub(crate) fn bind_to_device(fd: RawFd, name: &[u8]) -> io::Result<()> {
    syscall!(setsockopt(
        fd,
        libc::SOL_SOCKET,
        libc::SO_BINDTODEVICE,
        name.as_ptr().cast(),
        name.len() as libc::socklen_t
    ))?;
    Ok(())
}

/// ZMQ_USE_FD: takes over a listening stream socket the application
/// created, bound and put in listening state (`tcp`: IPv4 or IPv6, else
/// unix). From here on it is ours: closed at unbind or socket close, as
/// libzmq closes it. It is made non-blocking (the listener accepts until
/// EAGAIN). A descriptor that is no socket fails with ENOTSOCK (EBADF if
/// closed), one of another kind or family, or not listening, with EINVAL
/// (libzmq takes any descriptor and aborts or misbehaves later).
pub(crate) fn adopt_listener(fd: RawFd, tcp: bool) -> io::Result<OwnedFd> {
    let inval = || io::Error::from_raw_os_error(libc::EINVAL);
    if get_int_opt(fd, libc::SOL_SOCKET, libc::SO_TYPE)? != libc::SOCK_STREAM {
        return Err(inval());
    }
    let fam = get_int_opt(fd, libc::SOL_SOCKET, libc::SO_DOMAIN)?;
    let want = if tcp {
        fam == libc::AF_INET || fam == libc::AF_INET6
    } else {
        fam == libc::AF_UNIX
    };
    if !want || get_int_opt(fd, libc::SOL_SOCKET, libc::SO_ACCEPTCONN)? != 1 {
        return Err(inval());
    }
    let fl = syscall!(fcntl(fd, libc::F_GETFL))?;
    if fl & libc::O_NONBLOCK == 0 {
        syscall!(fcntl(fd, libc::F_SETFL, fl | libc::O_NONBLOCK))?;
    }
    // SAFETY: the application handed this open socket over with ZMQ_USE_FD;
    // the caller makes sure no other listener owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Starts a non-blocking connect. Returns the socket and whether the
/// connection completed at once (true) or is in progress (false).
/// `device`: ZMQ_BINDTODEVICE for a tcp connection (a failure is the
/// attempt's failure, before any connect, as in libzmq).
pub(crate) fn connect(
    addr: &SockAddr,
    source: Option<&SockAddr>,
    device: Option<&[u8]>,
) -> io::Result<(OwnedFd, bool)> {
    let fd = new_socket(family(addr))?;
    if let Some(dev) = device.filter(|d| !d.is_empty()) {
        bind_to_device(fd.as_raw_fd(), dev)?;
    }
    if let Some(src) = source {
        if matches!(src, SockAddr::Inet(_)) {
            set_int_opt(fd.as_raw_fd(), libc::SOL_SOCKET, libc::SO_REUSEADDR, 1)?;
        }
        let (ss, len) = to_raw(src)?;
        syscall!(bind(
            fd.as_raw_fd(),
            (&ss as *const libc::sockaddr_storage).cast(),
            len
        ))?;
    }
    let (ss, len) = to_raw(addr)?;
    match syscall!(connect(
        fd.as_raw_fd(),
        (&ss as *const libc::sockaddr_storage).cast(),
        len
    )) {
        Ok(_) => Ok((fd, true)),
        Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => Ok((fd, false)),
        // A unix socket whose listener's backlog is full answers EAGAIN.
        Err(e) if e.raw_os_error() == Some(libc::EAGAIN) => {
            Err(io::Error::from_raw_os_error(libc::ECONNREFUSED))
        }
        Err(e) => Err(e),
    }
}

/// The outcome of a non-blocking connect (SO_ERROR).
pub(crate) fn take_error(fd: RawFd) -> io::Result<Option<io::Error>> {
    let e = get_int_opt(fd, libc::SOL_SOCKET, libc::SO_ERROR)?;
    Ok((e != 0).then(|| io::Error::from_raw_os_error(e)))
}

/// Reads into `buf`; `Ok(0)` means the peer closed the connection.
pub(crate) fn read_slice(fd: RawFd, buf: &mut [u8]) -> io::Result<usize> {
    let r = syscall!(read(fd, buf.as_mut_ptr().cast(), buf.len()))?;
    Ok(r as usize)
}

/// Reads into the spare capacity of `buf` (at most `max` bytes).
/// `Ok(0)` means the peer closed the connection.
pub(crate) fn read_into(fd: RawFd, buf: &mut BytesMut, max: usize) -> io::Result<usize> {
    let spare = buf.spare_capacity_mut();
    let n = spare.len().min(max);
    let r = syscall!(read(fd, spare.as_mut_ptr().cast(), n))?;
    // SAFETY: the kernel initialised the first `r` bytes of the spare capacity.
    unsafe { buf.advance_mut(r as usize) };
    Ok(r as usize)
}

/// One `readv` into `len` bytes at `ptr`, then at most `max` bytes of the
/// spare capacity of `then`; returns the bytes that went to `ptr`.
///
/// # Safety
/// `ptr` must be valid for writes of `len` bytes.
unsafe fn readv_then(
    fd: RawFd,
    ptr: *mut u8,
    len: usize,
    then: &mut BytesMut,
    max: usize,
) -> io::Result<usize> {
    let spare = then.spare_capacity_mut();
    let n2 = spare.len().min(max);
    let iov = [
        libc::iovec {
            iov_base: ptr.cast(),
            iov_len: len,
        },
        libc::iovec {
            iov_base: spare.as_mut_ptr().cast(),
            iov_len: n2,
        },
    ];
    let r = syscall!(readv(fd, iov.as_ptr(), 2))? as usize;
    let first = r.min(len);
    // SAFETY: the kernel initialised the first r - first bytes of the
    // spare capacity, r - first <= n2.
    unsafe { then.advance_mut(r - first) };
    Ok(first)
}

/// Reads into `buf` and, with the same system call, up to `max` bytes
/// that follow into `then` (the next frame's header, after a large body).
/// Returns the bytes that went to `buf`; zero with nothing in `then` means
/// end of stream.
pub(crate) fn read_into_slice_then(
    fd: RawFd,
    buf: &mut [u8],
    then: &mut BytesMut,
    max: usize,
) -> io::Result<(usize, bool)> {
    let before = then.len();
    // SAFETY: `buf` is a live mutable slice of buf.len() bytes.
    let n = unsafe { readv_then(fd, buf.as_mut_ptr(), buf.len(), then, max)? };
    Ok((n, then.len() > before))
}

/// As read_into_slice_then, into the spare capacity of `buf` (at most
/// `want` bytes).
pub(crate) fn read_into_vec_then(
    fd: RawFd,
    buf: &mut Vec<u8>,
    want: usize,
    then: &mut BytesMut,
    max: usize,
) -> io::Result<(usize, bool)> {
    let spare = buf.spare_capacity_mut();
    let len = spare.len().min(want);
    let ptr = spare.as_mut_ptr().cast::<u8>();
    let before = then.len();
    // SAFETY: `ptr` points to `len` bytes of `buf`'s spare capacity.
    let n = unsafe { readv_then(fd, ptr, len, then, max)? };
    // SAFETY: the kernel initialised those first n bytes.
    unsafe { buf.set_len(buf.len() + n) };
    Ok((n, then.len() > before))
}

/// Writes `bufs` with one `writev`, returning the bytes written.
pub(crate) fn writev(fd: RawFd, bufs: &[&[u8]]) -> io::Result<usize> {
    const MAX_IOV: usize = 64;
    let mut iov: [libc::iovec; MAX_IOV] = [libc::iovec {
        iov_base: std::ptr::null_mut(),
        iov_len: 0,
    }; MAX_IOV];
    let n = bufs.len().min(MAX_IOV);
    for (slot, b) in iov.iter_mut().zip(bufs) {
        slot.iov_base = b.as_ptr() as *mut libc::c_void;
        slot.iov_len = b.len();
    }
    // MSG_NOSIGNAL is not available to writev; SIGPIPE is avoided by using
    // sendmsg, which takes the flag.
    // SAFETY: an all-zero msghdr is valid; we point it at `iov`, which
    // outlives the call and holds `n` initialised entries.
    let mut msg: libc::msghdr = unsafe { zeroed() };
    msg.msg_iov = iov.as_mut_ptr();
    msg.msg_iovlen = n as _;
    let r = syscall!(sendmsg(fd, &msg, libc::MSG_NOSIGNAL))?;
    Ok(r as usize)
}

/// Tunes a connected tcp socket as libzmq does (TCP_NODELAY), plus the
/// user's buffer sizes and keepalive settings.
pub(crate) fn tune_tcp(fd: RawFd, t: &TcpTuning) -> io::Result<()> {
    set_int_opt(fd, libc::IPPROTO_TCP, libc::TCP_NODELAY, 1)?;
    tune_buffers(fd, t.sndbuf, t.rcvbuf)?;
    if t.keepalive != -1 {
        set_int_opt(fd, libc::SOL_SOCKET, libc::SO_KEEPALIVE, t.keepalive)?;
        if t.keepalive == 1 {
            if t.keepalive_cnt != -1 {
                set_int_opt(fd, libc::IPPROTO_TCP, libc::TCP_KEEPCNT, t.keepalive_cnt)?;
            }
            if t.keepalive_idle != -1 {
                set_int_opt(fd, libc::IPPROTO_TCP, libc::TCP_KEEPIDLE, t.keepalive_idle)?;
            }
            if t.keepalive_intvl != -1 {
                set_int_opt(
                    fd,
                    libc::IPPROTO_TCP,
                    libc::TCP_KEEPINTVL,
                    t.keepalive_intvl,
                )?;
            }
        }
    }
    if t.maxrt > 0 {
        set_int_opt(fd, libc::IPPROTO_TCP, libc::TCP_USER_TIMEOUT, t.maxrt)?;
    }
    if t.tos > 0 {
        // Best effort, as in libzmq (IPv6 sockets take IPV6_TCLASS).
        let _ = set_int_opt(fd, libc::IPPROTO_IP, libc::IP_TOS, t.tos);
    }
    if t.priority > 0 {
        // ZMQ_PRIORITY: best effort, as in libzmq.
        let _ = set_int_opt(fd, libc::SOL_SOCKET, libc::SO_PRIORITY, t.priority);
    }
    if t.busy_poll > 0 {
        // ZMQ_BUSY_POLL: best effort, as in libzmq.
        let _ = set_int_opt(fd, libc::SOL_SOCKET, libc::SO_BUSY_POLL, t.busy_poll);
    }
    Ok(())
}

/// Applies ZMQ_SNDBUF / ZMQ_RCVBUF (-1 leaves the OS default).
pub(crate) fn tune_buffers(fd: RawFd, sndbuf: i32, rcvbuf: i32) -> io::Result<()> {
    if sndbuf >= 0 {
        set_int_opt(fd, libc::SOL_SOCKET, libc::SO_SNDBUF, sndbuf)?;
    }
    if rcvbuf >= 0 {
        set_int_opt(fd, libc::SOL_SOCKET, libc::SO_RCVBUF, rcvbuf)?;
    }
    Ok(())
}

/// TCP socket settings taken from the socket options.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TcpTuning {
    pub(crate) sndbuf: i32,
    pub(crate) rcvbuf: i32,
    pub(crate) keepalive: i32,
    pub(crate) keepalive_cnt: i32,
    pub(crate) keepalive_idle: i32,
    pub(crate) keepalive_intvl: i32,
    pub(crate) maxrt: i32,
    pub(crate) tos: i32,
    pub(crate) priority: i32,
    pub(crate) busy_poll: i32,
}

/// Unlinks a filesystem path (for ipc bind); missing files are fine.
pub(crate) fn unlink(path: &[u8]) -> io::Result<()> {
    let c = std::ffi::CString::new(path.to_vec())
        .map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?;
    match syscall!(unlink(c.as_ptr())) {
        Ok(_) => Ok(()),
        Err(e) if e.raw_os_error() == Some(libc::ENOENT) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Creates a fresh private directory from a `mkdtemp` template.
pub(crate) fn mkdtemp(template: &str) -> io::Result<String> {
    let mut buf = std::ffi::CString::new(template)
        .map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?
        .into_bytes_with_nul();
    // SAFETY: buf is a writable NUL-terminated template, as mkdtemp needs.
    let r = unsafe { libc::mkdtemp(buf.as_mut_ptr().cast()) };
    if r.is_null() {
        return Err(io::Error::last_os_error());
    }
    buf.pop();
    String::from_utf8(buf).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))
}

/// Removes an empty directory (the ipc wildcard directory at unbind).
pub(crate) fn rmdir(path: &str) {
    if let Ok(c) = std::ffi::CString::new(path) {
        // SAFETY: c is a valid NUL-terminated path.
        unsafe { libc::rmdir(c.as_ptr()) };
    }
}

/// The IPv4 address of a network interface by name ("lo", "eth0").
pub(crate) fn interface_addr(name: &str, want_v6: bool) -> Option<IpAddr> {
    let mut ifap: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs fills ifap with a list we free below.
    if unsafe { libc::getifaddrs(&mut ifap) } != 0 {
        return None;
    }
    let mut found = None;
    let mut cur = ifap;
    while !cur.is_null() {
        // SAFETY: cur is a node of the list getifaddrs returned.
        let ifa = unsafe { &*cur };
        cur = ifa.ifa_next;
        if ifa.ifa_addr.is_null() || ifa.ifa_name.is_null() {
            continue;
        }
        // SAFETY: ifa_name is a NUL-terminated string owned by the list.
        let n = unsafe { std::ffi::CStr::from_ptr(ifa.ifa_name) };
        if n.to_bytes() != name.as_bytes() {
            continue;
        }
        // SAFETY: ifa_addr points to a sockaddr whose family we check first.
        let fam = i32::from(unsafe { (*ifa.ifa_addr).sa_family });
        if fam == libc::AF_INET || (want_v6 && fam == libc::AF_INET6) {
            // SAFETY: sockaddr_storage can hold either family; we copy only
            // the bytes of the actual family's struct.
            let mut ss: libc::sockaddr_storage = unsafe { zeroed() };
            let len = if fam == libc::AF_INET {
                size_of::<libc::sockaddr_in>()
            } else {
                size_of::<libc::sockaddr_in6>()
            };
            // SAFETY: both pointers are valid for `len` bytes.
            unsafe {
                std::ptr::copy_nonoverlapping(
                    ifa.ifa_addr as *const u8,
                    (&mut ss as *mut libc::sockaddr_storage).cast(),
                    len,
                )
            };
            if let Some(SockAddr::Inet(a)) = from_raw(&ss, len as libc::socklen_t) {
                found = Some(a.ip());
                if fam == libc::AF_INET {
                    break;
                }
            }
        }
    }
    // SAFETY: ifap came from getifaddrs and is freed once.
    unsafe { libc::freeifaddrs(ifap) };
    found
}
