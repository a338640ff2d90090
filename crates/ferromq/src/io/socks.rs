//! ZMQ_SOCKS_PROXY: a tcp connect through a SOCKS5 proxy. The session
//! connects to the proxy instead of the target; once that connection is
//! up, this drives the SOCKS exchange (`ferromq_zmtp::socks`) over it and
//! then hands the descriptor, now a tunnel to the target, to the engine.
//!
//! As libzmq's socks connecter: monitor events name the proxy
//! (`tcp://` + the ZMQ_SOCKS_PROXY value); CONNECT_DELAYED while the tcp
//! connect to the proxy is in progress, CONNECTED only once the proxy
//! reports success; any failure (the proxy unreachable, a refusal, a
//! malformed or truncated reply) closes the connection (CLOSED) and
//! retries after ZMQ_RECONNECT_IVL (CONNECT_RETRIED). The target is sent
//! as libzmq sends it: an IPv4 or IPv6 literal as an address, a host name
//! as a domain name for the proxy to resolve (it is not resolved here).

use std::io;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};

use ferromq_zmtp::socks::{Address, Socks5Client, SocksError};

use crate::endpoint::TcpConnect;
use crate::options::Options;
use crate::sys::net;

/// The SOCKS exchange on a connection to the proxy.
pub(crate) struct SocksConn {
    fd: OwnedFd,
    client: Socks5Client,
}

/// Why the exchange failed (only the fact is reported, as in libzmq: the
/// reason shows in `Debug` output).
#[derive(Debug)]
#[allow(dead_code)]
pub(crate) enum SocksFailure {
    Io(io::Error),
    Protocol(SocksError),
}

impl From<io::Error> for SocksFailure {
    fn from(e: io::Error) -> Self {
        SocksFailure::Io(e)
    }
}

impl From<SocksError> for SocksFailure {
    fn from(e: SocksError) -> Self {
        SocksFailure::Protocol(e)
    }
}

/// The proxy's address (`[source;]host:port`) if ZMQ_SOCKS_PROXY is set.
pub(crate) fn proxy_of(opts: &Options) -> Option<String> {
    (!opts.socks_proxy.is_empty()).then(|| crate::endpoint::text_of(&opts.socks_proxy).into_owned())
}

impl SocksConn {
    /// Starts the exchange on `fd`, connected to the proxy, for `target`
    /// (its source address, if any, does not apply through a proxy).
    pub(crate) fn start(
        fd: OwnedFd,
        target: &TcpConnect,
        opts: &Options,
    ) -> Result<SocksConn, (OwnedFd, SocksFailure)> {
        let client = Address::from_host(&target.host).and_then(|a| {
            Socks5Client::new(a, target.port, &opts.socks_username, &opts.socks_password.0)
        });
        match client {
            Ok(client) => Ok(SocksConn { fd, client }),
            Err(e) => Err((fd, e.into())),
        }
    }

    pub(crate) fn raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }

    /// Moves the exchange on as far as the socket allows. Ok(true): the
    /// tunnel is open (take the descriptor with `into_fd`); Ok(false):
    /// wait for readiness.
    pub(crate) fn advance(&mut self) -> Result<bool, SocksFailure> {
        loop {
            if self.client.is_done() {
                return Ok(true);
            }
            let out = self.client.output();
            if !out.is_empty() {
                match net::writev(self.fd.as_raw_fd(), &[out]) {
                    Ok(n) => self.client.wrote(n),
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e.into()),
                }
                continue;
            }
            let want = self.client.want();
            if want == 0 {
                // Neither writing nor reading: cannot happen before done.
                return Err(SocksFailure::Protocol(SocksError::Truncated));
            }
            // Exactly what the reply lacks: what follows it belongs to
            // the engine.
            let mut buf = [0u8; 262];
            let n = want.min(buf.len());
            match net::read_slice(self.fd.as_raw_fd(), &mut buf[..n]) {
                Ok(0) => {
                    self.client.eof()?;
                }
                Ok(r) => {
                    self.client.input(&buf[..r])?;
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
    }

    pub(crate) fn into_fd(self) -> OwnedFd {
        self.fd
    }
}
