//! Socket types, their wire names and the pairs RFC 37 allows to connect.

/// A ZeroMQ socket type, with libzmq's numeric values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum SocketType {
    /// Exclusive pair.
    Pair = 0,
    /// Publisher.
    Pub = 1,
    /// Subscriber.
    Sub = 2,
    /// Request (client).
    Req = 3,
    /// Reply (service).
    Rep = 4,
    /// Asynchronous request (XREQ).
    Dealer = 5,
    /// Asynchronous reply (XREP).
    Router = 6,
    /// Pipeline consumer.
    Pull = 7,
    /// Pipeline producer.
    Push = 8,
    /// Publisher that receives subscriptions.
    XPub = 9,
    /// Subscriber that sends subscriptions.
    XSub = 10,
    /// Raw TCP.
    Stream = 11,
    /// Draft: server.
    Server = 12,
    /// Draft: client.
    Client = 13,
    /// Draft: radio.
    Radio = 14,
    /// Draft: dish.
    Dish = 15,
    /// Draft: gather.
    Gather = 16,
    /// Draft: scatter.
    Scatter = 17,
    /// Draft: datagram.
    Dgram = 18,
    /// Draft: peer.
    Peer = 19,
    /// Draft: channel.
    Channel = 20,
}

const ALL: [SocketType; 21] = [
    SocketType::Pair,
    SocketType::Pub,
    SocketType::Sub,
    SocketType::Req,
    SocketType::Rep,
    SocketType::Dealer,
    SocketType::Router,
    SocketType::Pull,
    SocketType::Push,
    SocketType::XPub,
    SocketType::XSub,
    SocketType::Stream,
    SocketType::Server,
    SocketType::Client,
    SocketType::Radio,
    SocketType::Dish,
    SocketType::Gather,
    SocketType::Scatter,
    SocketType::Dgram,
    SocketType::Peer,
    SocketType::Channel,
];

impl SocketType {
    /// The type with libzmq's numeric value `raw`.
    pub fn from_raw(raw: i32) -> Option<SocketType> {
        usize::try_from(raw).ok().and_then(|i| ALL.get(i).copied())
    }

    /// libzmq's numeric value.
    pub fn raw(self) -> i32 {
        self as i32
    }

    /// The `Socket-Type` property value sent in READY.
    pub fn name(self) -> &'static str {
        match self {
            SocketType::Pair => "PAIR",
            SocketType::Pub => "PUB",
            SocketType::Sub => "SUB",
            SocketType::Req => "REQ",
            SocketType::Rep => "REP",
            SocketType::Dealer => "DEALER",
            SocketType::Router => "ROUTER",
            SocketType::Pull => "PULL",
            SocketType::Push => "PUSH",
            SocketType::XPub => "XPUB",
            SocketType::XSub => "XSUB",
            SocketType::Stream => "STREAM",
            SocketType::Server => "SERVER",
            SocketType::Client => "CLIENT",
            SocketType::Radio => "RADIO",
            SocketType::Dish => "DISH",
            SocketType::Gather => "GATHER",
            SocketType::Scatter => "SCATTER",
            SocketType::Dgram => "DGRAM",
            SocketType::Peer => "PEER",
            SocketType::Channel => "CHANNEL",
        }
    }

    /// Parses a `Socket-Type` property value (exact, upper case).
    pub fn from_name(name: &[u8]) -> Option<SocketType> {
        ALL.iter().copied().find(|t| t.name().as_bytes() == name)
    }

    /// Whether a socket of this type accepts a peer of type `peer`
    /// (RFC 37 and libzmq's `mechanism_t::check_socket_type`).
    pub fn accepts_peer(self, peer: SocketType) -> bool {
        use SocketType::*;
        match self {
            Req => matches!(peer, Rep | Router),
            Rep => matches!(peer, Req | Dealer),
            Dealer => matches!(peer, Rep | Dealer | Router),
            Router => matches!(peer, Req | Dealer | Router),
            Pub | XPub => matches!(peer, Sub | XSub),
            Sub | XSub => matches!(peer, Pub | XPub),
            Push => peer == Pull,
            Pull => peer == Push,
            Pair => peer == Pair,
            Server => peer == Client,
            Client => peer == Server,
            Radio => peer == Dish,
            Dish => peer == Radio,
            Gather => peer == Scatter,
            Scatter => peer == Gather,
            Dgram => peer == Dgram,
            Peer => peer == Peer,
            Channel => peer == Channel,
            Stream => false,
        }
    }

    /// Whether libzmq makes sockets of this type thread-safe (its DRAFT
    /// types except DGRAM): they may be used from several threads at once.
    pub fn is_thread_safe(self) -> bool {
        use SocketType::*;
        matches!(
            self,
            Server | Client | Radio | Dish | Gather | Scatter | Peer | Channel
        )
    }

    /// Whether this type sends an `Identity` property in READY (libzmq sends
    /// it, possibly empty, from REQ, DEALER and ROUTER only).
    pub fn sends_identity(self) -> bool {
        matches!(
            self,
            SocketType::Req | SocketType::Dealer | SocketType::Router
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in ALL {
            assert_eq!(SocketType::from_name(t.name().as_bytes()), Some(t));
            assert_eq!(SocketType::from_raw(t.raw()), Some(t));
        }
        assert_eq!(SocketType::from_raw(21), None);
        assert_eq!(SocketType::from_raw(-1), None);
        assert_eq!(SocketType::from_name(b"req"), None);
    }

    #[test]
    fn compatibility_is_symmetric() {
        for a in ALL {
            for b in ALL {
                assert_eq!(a.accepts_peer(b), b.accepts_peer(a), "{a:?} {b:?}");
            }
        }
    }
}
