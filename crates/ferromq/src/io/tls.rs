//! wss:// : TLS under the WebSocket layer, with rustls (ring provider).
//!
//! The options are libzmq's: the server's certificate chain and key
//! (ZMQ_WSS_CERT_PEM, ZMQ_WSS_KEY_PEM, PEM text), the client's trust
//! (ZMQ_WSS_TRUST_PEM, PEM text, and/or ZMQ_WSS_TRUST_SYSTEM, the system's
//! store) and the name the server's certificate must carry
//! (ZMQ_WSS_HOSTNAME, also sent as SNI). Verification fails closed: with
//! no trust configured no certificate is accepted, and the connection
//! fails its handshake (HANDSHAKE_FAILED_NO_DETAIL, then a reconnect, as
//! libzmq's GnuTLS engine reports it).
//!
//! Differences from libzmq: a bad certificate or key makes the bind fail
//! with EINVAL (libzmq asserts), a bad trust PEM the connect (libzmq
//! asserts when the connection starts); without ZMQ_WSS_HOSTNAME the
//! certificate must match the endpoint's host (libzmq then checks the
//! chain alone).

use std::io::{self, Read, Write};
use std::os::fd::RawFd;
use std::sync::Arc;

use bytes::{BufMut, BytesMut};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::UnixTime;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::{
    CertificateError, ClientConfig, ClientConnection, Connection, DigitallySignedStruct,
    RootCertStore, ServerConfig, ServerConnection, SignatureScheme,
};

use crate::error::{Error, Result};
use crate::options::Options;
use crate::sys::net;

/// ring: builds with the C compiler alone. rustls marks it deprecated only
/// because it has no post-quantum key exchange (aws-lc-rs has).
#[allow(deprecated)]
fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The server's TLS configuration from ZMQ_WSS_CERT_PEM and
/// ZMQ_WSS_KEY_PEM (EINVAL if they do not make a certificate and key).
pub(crate) fn server_config(opts: &Options) -> Result<Arc<ServerConfig>> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&opts.wss.cert_pem)
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| Error::Inval)?;
    if certs.is_empty() {
        return Err(Error::Inval);
    }
    let key = PrivateKeyDer::from_pem_slice(&opts.wss.key_pem.0).map_err(|_| Error::Inval)?;
    let cfg = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|_| Error::Inval)?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|_| Error::Inval)?;
    Ok(Arc::new(cfg))
}

/// What a wss client needs: its configuration and the name to verify.
#[derive(Clone)]
pub(crate) struct ClientTls {
    config: Arc<ClientConfig>,
    name: ServerName<'static>,
}

/// The client's TLS configuration: trusted roots from ZMQ_WSS_TRUST_PEM
/// and (ZMQ_WSS_TRUST_SYSTEM) the system store, the name from
/// ZMQ_WSS_HOSTNAME or else the endpoint's `host`.
pub(crate) fn client_config(opts: &Options, host: &str) -> Result<ClientTls> {
    let mut roots = RootCertStore::empty();
    let mut pinned = Vec::new();
    if !opts.wss.trust_pem.is_empty() {
        for c in CertificateDer::pem_slice_iter(&opts.wss.trust_pem) {
            let c = c.map_err(|_| Error::Inval)?;
            roots.add(c.clone()).map_err(|_| Error::Inval)?;
            pinned.push(c);
        }
    }
    if opts.wss.trust_system {
        // Certificates the system store holds but webpki cannot parse are
        // skipped, as GnuTLS skips them.
        let found = rustls_native_certs::load_native_certs();
        let _ = roots.add_parsable_certificates(found.certs);
    }
    let name = if opts.wss.hostname.is_empty() {
        host.trim_start_matches('[')
            .trim_end_matches(']')
            .to_string()
    } else {
        String::from_utf8(opts.wss.hostname.clone()).map_err(|_| Error::Inval)?
    };
    let name = ServerName::try_from(name).map_err(|_| Error::Inval)?;
    let provider = provider();
    // Nothing trusted: no webpki verifier (rustls builds none without
    // roots), and every server fails verification (fail closed).
    let webpki = if roots.is_empty() {
        None
    } else {
        Some(
            WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                .build()
                .map_err(|_| Error::Inval)?,
        )
    };
    let verifier = Verifier {
        webpki,
        pinned,
        provider: provider.clone(),
    };
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|_| Error::Inval)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok(ClientTls {
        config: Arc::new(config),
        name,
    })
}

/// rustls's own (webpki) verification, plus one case GnuTLS accepts and
/// webpki does not: the server presents, as its own certificate, a
/// self-signed CA certificate the client trusts as is (libzmq's own wss
/// test does this). Such a certificate must be byte for byte one of
/// ZMQ_WSS_TRUST_PEM's, within its validity period (webpki checks that
/// before the CA flag), and valid for the name; the handshake signature is
/// verified as always. Everything else fails as webpki says.
#[derive(Debug)]
struct Verifier {
    webpki: Option<Arc<WebPkiServerVerifier>>,
    pinned: Vec<CertificateDer<'static>>,
    provider: Arc<rustls::crypto::CryptoProvider>,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        let Some(webpki) = &self.webpki else {
            return Err(CertificateError::UnknownIssuer.into());
        };
        let err = match webpki.verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        let ca_as_leaf = matches!(
            &err,
            rustls::Error::InvalidCertificate(CertificateError::Other(o))
                if o.0.downcast_ref::<webpki::Error>() == Some(&webpki::Error::CaUsedAsEndEntity)
        );
        if !ca_as_leaf
            || !self
                .pinned
                .iter()
                .any(|p| p.as_ref() == end_entity.as_ref())
        {
            return Err(err);
        }
        let cert = webpki::EndEntityCert::try_from(end_entity).map_err(|_| err.clone())?;
        cert.verify_is_valid_for_subject_name(server_name)
            .map_err(|_| err)?;
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// The descriptor as `Read`/`Write` for rustls.
struct Fd(RawFd);

impl Read for Fd {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        net::read_slice(self.0, buf)
    }
}

impl Write for Fd {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        net::writev(self.0, &[buf])
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The errno a TLS failure reports (HANDSHAKE_FAILED_NO_DETAIL's value).
fn tls_failed() -> io::Error {
    io::Error::from_raw_os_error(libc::ECONNABORTED)
}

/// One connection's TLS session.
pub(crate) struct TlsStream {
    conn: Connection,
}

impl TlsStream {
    pub(crate) fn server(config: &Arc<ServerConfig>) -> io::Result<TlsStream> {
        let mut c = ServerConnection::new(config.clone()).map_err(|_| tls_failed())?;
        c.set_buffer_limit(None);
        Ok(TlsStream { conn: c.into() })
    }

    pub(crate) fn client(tls: &ClientTls) -> io::Result<TlsStream> {
        let mut c = ClientConnection::new(tls.config.clone(), tls.name.clone())
            .map_err(|_| tls_failed())?;
        c.set_buffer_limit(None);
        Ok(TlsStream { conn: c.into() })
    }

    /// One read of TLS records from `fd`; the plaintext they carry is
    /// appended to `dst`. Ok(0): the connection ended; Ok(n): n bytes
    /// were read (perhaps no plaintext yet).
    pub(crate) fn read(&mut self, fd: RawFd, dst: &mut BytesMut) -> io::Result<usize> {
        let n = self.conn.read_tls(&mut Fd(fd))?;
        if n == 0 {
            return Ok(0);
        }
        if self.conn.process_new_packets().is_err() {
            // Send the alert rustls queued, best effort.
            let _ = self.flush(fd);
            return Err(tls_failed());
        }
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match self.conn.reader().read(&mut chunk) {
                Ok(0) => return Ok(0),
                Ok(k) => dst.put_slice(&chunk[..k]),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(_) => return Ok(0),
            }
        }
        // Handshake messages to answer.
        self.flush(fd)?;
        Ok(n)
    }

    /// Encrypts `data` (buffered until the handshake is done).
    pub(crate) fn write(&mut self, data: &[u8]) -> io::Result<()> {
        self.conn.writer().write_all(data)
    }

    /// Writes queued TLS records. Ok(true): all of them.
    pub(crate) fn flush(&mut self, fd: RawFd) -> io::Result<bool> {
        while self.conn.wants_write() {
            match self.conn.write_tls(&mut Fd(fd)) {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(true)
    }

    pub(crate) fn wants_write(&self) -> bool {
        self.conn.wants_write()
    }
}
