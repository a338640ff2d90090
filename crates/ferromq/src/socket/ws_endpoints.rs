//! ws:// and wss:// bind and connect (the transport itself: io/ws.rs,
//! io/tls.rs).
//!
//! As libzmq 4.3: `ws://HOST:PORT[/PATH]`, the path from the last `/`
//! (`/` when there is none); a bind resolves no host names (ENODEV), takes
//! `*` for an ephemeral port and reports `ws://IP:PORT/PATH` as
//! ZMQ_LAST_ENDPOINT; a connect resolves its host at once (a name that
//! does not resolve: EINVAL) and sends the host as written in `Host:`.

use std::os::fd::AsRawFd;

use super::Socket;
use crate::endpoint;
use crate::error::{Error, Result};
use crate::io::session::Target;
use crate::io::tls;
use crate::io::ws::WsRole;
use crate::sys::net;

impl Socket {
    pub(super) fn bind_ws(&mut self, uri: &str, addr: &str, secure: bool) -> Result<()> {
        if self.opts.raw {
            // STREAM sockets have no ZMTP to carry.
            return Err(Error::NoCompatProto);
        }
        let tls = if secure {
            Some(tls::server_config(&self.opts)?)
        } else {
            None
        };
        let (host_port, path) = endpoint::split_ws(addr);
        let io = self.ctx.choose_io()?;
        let (fd, local) = if self.opts.use_fd != -1 {
            let (fd, _) = match crate::io::listener::adopt(self.opts.use_fd, true) {
                Ok(r) => r,
                Err(e) => return Err(self.bind_failed(addr, e)),
            };
            let local = match net::local_addr(fd.as_raw_fd()).map_err(Error::from)? {
                net::SockAddr::Inet(a) => a,
                _ => return Err(Error::Inval),
            };
            (fd, local)
        } else {
            let sa = match endpoint::resolve_ws_bind(host_port, self.opts.ipv6) {
                Ok(sa) => sa,
                Err(e) => return Err(self.bind_failed(addr, e)),
            };
            let fd = self.listen(&net::SockAddr::Inet(sa), addr)?;
            let _ = net::tune_buffers(fd.as_raw_fd(), self.opts.sndbuf, self.opts.rcvbuf);
            let local = match net::local_addr(fd.as_raw_fd()).map_err(Error::from)? {
                net::SockAddr::Inet(a) => a,
                _ => return Err(Error::Inval),
            };
            (fd, local)
        };
        let resolved = endpoint::ws_uri(&local, &path, secure);
        self.add_listener_with(io, uri, resolved, fd, true, None, Some((path, tls)));
        Ok(())
    }

    pub(super) fn connect_ws(&mut self, uri: &str, addr: &str, secure: bool) -> Result<()> {
        if self.opts.raw {
            return Err(Error::NoCompatProto);
        }
        let (host_port, path) = endpoint::split_ws(addr);
        let t = endpoint::parse_tcp_connect(host_port)?;
        // libzmq resolves a ws address when connecting.
        endpoint::resolve_tcp_connect(&t, self.opts.ipv6).map_err(|_| Error::Inval)?;
        let tls = if secure {
            Some(tls::client_config(&self.opts, &t.host)?)
        } else {
            None
        };
        let role = WsRole::Client {
            host: t.host.clone(),
            path,
            tls,
        };
        self.connect_session_with(uri, Target::Tcp(t), Some(role))
    }
}
