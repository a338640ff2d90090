//! The wss:// options (ZMQ_WSS_KEY_PEM .. ZMQ_WSS_TRUST_SYSTEM, 103..107):
//! set-only, as in libzmq (getsockopt gives EINVAL). The PEM values are
//! taken as they are (libzmq checks nothing when they are set); they are
//! parsed when a wss endpoint is bound or connected (io/tls.rs).

use crate::error::{Error, Result};
use crate::opt::{
    ZMQ_WSS_CERT_PEM, ZMQ_WSS_HOSTNAME, ZMQ_WSS_KEY_PEM, ZMQ_WSS_TRUST_PEM, ZMQ_WSS_TRUST_SYSTEM,
};
use crate::options::Secret;

#[derive(Clone, Debug, Default)]
pub(crate) struct WssOptions {
    pub(crate) key_pem: Secret<Vec<u8>>,
    pub(crate) cert_pem: Vec<u8>,
    pub(crate) trust_pem: Vec<u8>,
    pub(crate) hostname: Vec<u8>,
    pub(crate) trust_system: bool,
}

impl WssOptions {
    /// Sets one of the options (the caller matched the number).
    pub(crate) fn set(&mut self, option: i32, raw: &[u8]) -> Result<()> {
        let copy = || crate::msg::try_copy(raw);
        match option {
            ZMQ_WSS_KEY_PEM => self.key_pem = Secret(copy()?),
            ZMQ_WSS_CERT_PEM => self.cert_pem = copy()?,
            ZMQ_WSS_TRUST_PEM => self.trust_pem = copy()?,
            ZMQ_WSS_HOSTNAME => self.hostname = copy()?,
            ZMQ_WSS_TRUST_SYSTEM => {
                // libzmq's do_setsockopt_int_as_bool_strict.
                let v: [u8; 4] = raw.try_into().map_err(|_| Error::Inval)?;
                self.trust_system = match i32::from_ne_bytes(v) {
                    0 => false,
                    1 => true,
                    _ => return Err(Error::Inval),
                };
            }
            _ => return Err(Error::Inval),
        }
        Ok(())
    }
}
