//! Metadata: the property list in READY and INITIATE (RFC 23).
//!
//! ```text
//! property = name-len(1) name value-len(4, big endian) value
//! ```

use crate::ProtocolError;

/// Property name of the peer's socket type.
pub const SOCKET_TYPE: &str = "Socket-Type";
/// Property name of the peer's routing id.
pub const IDENTITY: &str = "Identity";
/// Property name libzmq also accepts for the routing id.
pub const ROUTING_ID: &str = "Routing-Id";

/// A parsed property list, in wire order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Properties {
    items: Vec<(String, Vec<u8>)>,
}

impl Properties {
    /// An empty list.
    pub fn new() -> Properties {
        Properties::default()
    }

    /// Adds a property.
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<Vec<u8>>) {
        self.items.push((name.into(), value.into()));
    }

    /// The value of the first property called `name` (case-insensitive, as
    /// RFC 23 says names are).
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.items
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }

    /// All properties in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.items.iter().map(|(n, v)| (n.as_str(), v.as_slice()))
    }

    /// Number of properties.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Appends the wire encoding of every property to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        for (name, value) in &self.items {
            let n = name.as_bytes();
            let n = &n[..n.len().min(255)];
            out.push(n.len() as u8);
            out.extend_from_slice(n);
            out.extend_from_slice(&(value.len() as u32).to_be_bytes());
            out.extend_from_slice(value);
        }
    }

    /// Parses a property list occupying all of `data`.
    pub fn parse(mut data: &[u8]) -> Result<Properties, ProtocolError> {
        let mut props = Properties::new();
        while !data.is_empty() {
            let name_len = usize::from(data[0]);
            if name_len == 0 || data.len() < 1 + name_len + 4 {
                return Err(ProtocolError::InvalidMetadata);
            }
            let name = &data[1..1 + name_len];
            let mut len = [0u8; 4];
            len.copy_from_slice(&data[1 + name_len..1 + name_len + 4]);
            let value_len = u32::from_be_bytes(len) as usize;
            let rest = &data[1 + name_len + 4..];
            if rest.len() < value_len {
                return Err(ProtocolError::InvalidMetadata);
            }
            props.push(
                String::from_utf8_lossy(name).into_owned(),
                rest[..value_len].to_vec(),
            );
            data = &rest[value_len..];
        }
        Ok(props)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libzmq_ready_body() {
        // From a libzmq DEALER with id "abc" and X-Foo=bar (API-CHECKLIST §7d).
        let mut p = Properties::new();
        p.push(SOCKET_TYPE, "DEALER");
        p.push(IDENTITY, "abc");
        p.push("X-Foo", "bar");
        let mut v = Vec::new();
        p.encode(&mut v);
        let mut expect = vec![11u8];
        expect.extend_from_slice(
            b"Socket-Type\0\0\0\x06DEALER\x08Identity\0\0\0\x03abc\x05X-Foo\0\0\0\x03bar",
        );
        assert_eq!(v, expect);
        let q = Properties::parse(&v).unwrap();
        assert_eq!(q, p);
        assert_eq!(q.get("socket-type"), Some(&b"DEALER"[..]));
    }

    #[test]
    fn truncated_is_invalid() {
        assert_eq!(Properties::parse(&[0]), Err(ProtocolError::InvalidMetadata));
        assert_eq!(
            Properties::parse(&[3, b'a', b'b']),
            Err(ProtocolError::InvalidMetadata)
        );
        assert_eq!(
            Properties::parse(&[1, b'a', 0, 0, 0, 5, b'x']),
            Err(ProtocolError::InvalidMetadata)
        );
        assert!(Properties::parse(&[]).unwrap().is_empty());
    }
}
