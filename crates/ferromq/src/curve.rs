//! CURVE keys for applications (`zmq_curve_keypair`, `zmq_curve_public`):
//! Curve25519 key pairs as 40-character Z85 text.
//!
//! The mechanism itself (RFC 25/26) is `ferromq_zmtp::mechanism::curve`;
//! sockets use it once `ZMQ_CURVE_SERVER` or `ZMQ_CURVE_SERVERKEY` is set.

use ferromq_zmtp::mechanism::curve;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::z85;

/// A new key pair from the operating system's random source: the public
/// and the secret key, each as 40 characters of Z85.
pub fn keypair() -> Result<(String, Zeroizing<String>)> {
    let mut rng = curve::os_rng();
    // The OS refusing randomness is what libzmq's random_open aborts on;
    // we report it.
    let (public, secret) = curve::keypair(&mut *rng).map_err(|_| Error::NotSup)?;
    let public = z85::encode(&public)?;
    let secret = Zeroizing::new(z85::encode(&secret[..])?);
    Ok((public, secret))
}

/// The public key (Z85) of the secret key `secret_z85` (40 characters of
/// Z85; anything else is [`Error::Inval`]).
pub fn public_of(secret_z85: &[u8]) -> Result<String> {
    if secret_z85.len() != 40 {
        return Err(Error::Inval);
    }
    let mut secret = Zeroizing::new([0u8; 32]);
    z85::decode_into(secret_z85, &mut secret[..])?;
    z85::encode(&curve::public_from_secret(&secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zmq_curve_example_pairs() {
        assert_eq!(
            public_of(b"D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs").unwrap(),
            "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID"
        );
        assert_eq!(
            public_of(b"JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6").unwrap(),
            "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
        );
        assert_eq!(public_of(b"short"), Err(Error::Inval));
    }

    #[test]
    fn fresh_pairs_match() {
        let (p1, s1) = keypair().unwrap();
        let (p2, _) = keypair().unwrap();
        assert_ne!(p1, p2);
        assert_eq!(public_of(s1.as_bytes()).unwrap(), p1);
    }
}
