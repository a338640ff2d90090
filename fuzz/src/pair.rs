//! Two real handshakes talking to each other, with the fuzzer between
//! them: it may rewrite one command on its way, and it chooses how the
//! bytes are cut into reads.

use ferromq_zmtp::frame;
use ferromq_zmtp::greeting::GREETING_LEN;
use ferromq_zmtp::handshake::Handshake;

use crate::drive::{Driver, State};
use crate::util::{Chunker, Input};
use crate::zapctl::ZapPlan;

/// Client to server.
pub const C2S: usize = 0;
/// Server to client.
pub const S2C: usize = 1;

/// How a command body is rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// XOR bytes at these positions (modulo the length) with these values.
    Xor(Vec<(u16, u8)>),
    /// Set bytes at these positions (modulo the length) to these values.
    Set(Vec<(u16, u8)>),
    /// Keep this many bytes (modulo the length + 1).
    Truncate(u16),
    /// Append these bytes.
    Append(Vec<u8>),
}

impl Edit {
    /// Applies the edit to `body`.
    pub fn apply(&self, body: &mut Vec<u8>) {
        match self {
            Edit::Xor(v) | Edit::Set(v) => {
                if body.is_empty() {
                    return;
                }
                for &(pos, val) in v {
                    let i = usize::from(pos) % body.len();
                    if matches!(self, Edit::Xor(_)) {
                        body[i] ^= val;
                    } else {
                        body[i] = val;
                    }
                }
            }
            Edit::Truncate(n) => body.truncate(usize::from(*n) % (body.len() + 1)),
            Edit::Append(b) => body.extend_from_slice(b),
        }
    }

    /// Reads an edit: a kind byte, a count, then the count's operands.
    pub fn read(r: &mut Input<'_>) -> Edit {
        let kind = r.u8();
        let n = 1 + usize::from(r.u8() % 4);
        match kind % 4 {
            0 => Edit::Xor((0..n).map(|_| (r.u16(), r.u8())).collect()),
            1 => Edit::Set((0..n).map(|_| (r.u16(), r.u8())).collect()),
            2 => Edit::Truncate(r.u16()),
            _ => Edit::Append(r.bytes(n).to_vec()),
        }
    }
}

/// A rewrite of the `index`th command frame (from 0) going in direction
/// `dir` ([`C2S`] or [`S2C`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mutation {
    /// [`C2S`] or [`S2C`].
    pub dir: usize,
    /// Which command of that direction.
    pub index: usize,
    /// The rewrite of its body (the frame header is rebuilt to fit).
    pub edit: Edit,
}

/// The command a mutation hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mutated {
    /// The body as the sender wrote it.
    pub original: Vec<u8>,
    /// The body as delivered.
    pub body: Vec<u8>,
    /// Offset just past it in the receiver's stream.
    pub end: usize,
}

impl Mutated {
    /// Whether the rewrite changed anything.
    pub fn changed(&self) -> bool {
        self.original != self.body
    }
}

/// One direction of the connection.
#[derive(Default)]
pub struct Wire {
    /// How much of the sender's output was taken.
    taken: usize,
    /// Sender's bytes not yet cut into frames.
    raw: Vec<u8>,
    greeting_left: usize,
    /// Command frames seen so far.
    commands: usize,
    /// Bytes on their way to the receiver.
    pending: Vec<u8>,
    /// Bytes delivered so far.
    delivered: usize,
    /// The command a mutation hit, if any.
    pub mutated: Option<Mutated>,
    /// Command bodies in order, as sent (before any rewrite).
    pub commands_sent: Vec<Vec<u8>>,
}

impl Wire {
    fn new() -> Wire {
        Wire {
            greeting_left: GREETING_LEN,
            ..Wire::default()
        }
    }

    /// Takes what the sender wrote since the last call; the greeting goes
    /// through as it is, command frames one by one (rewritten if the
    /// mutation names this one).
    fn take(&mut self, sender_out: &[u8], dir: usize, mutation: Option<&Mutation>) {
        self.raw.extend_from_slice(&sender_out[self.taken..]);
        self.taken = sender_out.len();
        let n = self.greeting_left.min(self.raw.len());
        self.pending.extend(self.raw.drain(..n));
        self.greeting_left -= n;
        if self.greeting_left > 0 {
            return;
        }
        loop {
            let h = match frame::parse_header(&self.raw, None) {
                Ok(Some(h)) => h,
                Ok(None) => return,
                Err(e) => panic!("our own frame header: {e:?}"),
            };
            let total = h.header_len + h.size as usize;
            if self.raw.len() < total {
                return;
            }
            let frame: Vec<u8> = self.raw.drain(..total).collect();
            let original = frame[h.header_len..].to_vec();
            self.commands_sent.push(original.clone());
            match mutation {
                Some(m) if m.dir == dir && m.index == self.commands => {
                    let mut body = original.clone();
                    m.edit.apply(&mut body);
                    frame::put_header(&mut self.pending, h.more(), h.command(), body.len());
                    self.pending.extend_from_slice(&body);
                    self.mutated = Some(Mutated {
                        original,
                        body,
                        end: self.delivered + self.pending.len(),
                    });
                }
                _ => self.pending.extend_from_slice(&frame),
            }
            self.commands += 1;
        }
    }

    /// Delivers what is pending to `to`, in reads cut by `chunker`; the end
    /// of a rewritten command always ends a read. A closed receiver drops
    /// the rest.
    fn deliver(&mut self, to: &mut Driver, chunker: &mut Chunker) {
        while !self.pending.is_empty() {
            if matches!(to.state, State::Failed(_)) {
                self.pending.clear();
                return;
            }
            let mut n = chunker.next(self.pending.len());
            if let Some(m) = &self.mutated {
                if m.end > self.delivered && m.end < self.delivered + n {
                    n = m.end - self.delivered;
                }
            }
            let piece: Vec<u8> = self.pending.drain(..n).collect();
            self.delivered += n;
            to.feed(&piece);
        }
    }
}

/// A finished conversation.
pub struct Pair {
    /// The client's handshake.
    pub client: Driver,
    /// The server's handshake.
    pub server: Driver,
    /// [`C2S`] and [`S2C`].
    pub wires: [Wire; 2],
}

impl Pair {
    /// Runs `client` against `server` until neither has anything to say.
    /// The server's ZAP handler answers by `zap`, at once.
    pub fn run(
        client: Handshake,
        server: Handshake,
        zap: ZapPlan,
        mutation: Option<&Mutation>,
        mut chunker: Chunker,
    ) -> Pair {
        let mut client = Driver::new(client, ZapPlan::from_byte(0));
        let mut server = Driver::new(server, zap.immediate());
        let mut wires = [Wire::new(), Wire::new()];
        // A handshake is a few round trips; this bounds a runaway one.
        for _ in 0..64 {
            wires[C2S].take(&client.out, C2S, mutation);
            wires[S2C].take(&server.out, S2C, mutation);
            if wires[C2S].pending.is_empty() && wires[S2C].pending.is_empty() {
                break;
            }
            wires[C2S].deliver(&mut server, &mut chunker);
            wires[S2C].take(&server.out, S2C, mutation);
            wires[S2C].deliver(&mut client, &mut chunker);
        }
        client.end_of_input();
        server.end_of_input();
        assert!(client.zap_reqs.is_empty(), "a client asked ZAP");
        Pair {
            client,
            server,
            wires,
        }
    }

    /// The mutated command, if the mutation hit one.
    pub fn mutated(&self) -> Option<(usize, &Mutated)> {
        (0..2).find_map(|d| self.wires[d].mutated.as_ref().map(|m| (d, m)))
    }

    /// Two runs of the same conversation, read differently, must agree.
    pub fn assert_same(&self, other: &Pair) {
        self.client.assert_same(&other.client, "client");
        self.server.assert_same(&other.server, "server");
        for d in 0..2 {
            assert_eq!(self.wires[d].commands_sent, other.wires[d].commands_sent);
            assert_eq!(self.wires[d].mutated, other.wires[d].mutated);
        }
    }
}
