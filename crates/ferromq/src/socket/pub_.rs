//! PUB (RFC 29): an XPUB that never hands subscriptions to the
//! application (receiving is not supported).

use super::xpub::XPub;

pub(crate) struct Pub;

impl Pub {
    #[allow(clippy::new_ret_no_self)]
    pub(crate) fn new() -> XPub {
        XPub::new_pub()
    }
}
