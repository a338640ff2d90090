//! Messages (one frame each): small bodies inline, larger ones as shared,
//! reference-counted buffers, so a copy or a zero-copy receive never copies
//! the body. A `Msg` fits in the 64 bytes of C's `zmq_msg_t`.

use std::ffi::CString;
use std::fmt;
use std::sync::Arc;

use bytes::Bytes;

use crate::bufpool::{self, PooledBuf};

/// Bodies up to this size live inside the message itself.
pub const INLINE_CAP: usize = 38;

/// The longest group name (ZMQ_GROUP_MAX_LENGTH), in bytes.
pub const GROUP_MAX_LENGTH: usize = 255;

/// Bodies up to this size are plain zeroed allocations (below the buffer
/// pool's sizes): [`Msg::with_size`] serves them, and
/// [`Msg::try_with_size`] has no failure to report for them.
pub const SMALL_BODY_MAX: usize = bufpool::MIN - 1;

/// Frame flag: more frames of this message follow.
pub(crate) const MORE: u8 = 0x01;
/// The body is shared with another message (after `copy`, or constant).
pub(crate) const SHARED: u8 = 0x02;
/// A subscription (ZMTP 3.1 SUBSCRIBE) sent by SUB/XSUB.
pub(crate) const SUBSCRIBE: u8 = 0x04;
/// A cancellation (ZMTP 3.1 CANCEL) sent by SUB/XSUB.
pub(crate) const CANCEL: u8 = 0x08;
/// Control message from a session: the peer's routing id (body) and
/// metadata, sent through the pipe after each handshake.
pub(crate) const PEER_INFO: u8 = 0x10;
/// A DISH joins the message's group (ZMTP JOIN command on the wire).
pub(crate) const JOIN: u8 = 0x20;
/// A DISH leaves the message's group (ZMTP LEAVE command on the wire).
pub(crate) const LEAVE: u8 = 0x40;

enum Body {
    Inline {
        len: u8,
        buf: [u8; INLINE_CAP],
    },
    /// Uniquely owned and writable (`zmq_msg_init_size`).
    Owned(Box<[u8]>),
    /// Uniquely owned and writable, from the large-body pool.
    Pooled(PooledBuf),
    /// Shared, reference counted.
    Shared(Bytes),
}

/// Properties of the connection a message arrived on, for `zmq_msg_gets`.
#[derive(Debug, Default)]
pub struct Metadata {
    props: Vec<(String, CString)>,
    fd: i32,
    /// Whether this describes a connection (false: it only carries a group).
    conn: bool,
    /// The message's RADIO/DISH group (see [`Msg::group`]).
    group: Option<CString>,
}

impl Metadata {
    /// Metadata from name/value pairs; `fd` is the connection's descriptor
    /// (ZMQ_SRCFD), -1 if none.
    pub fn new(props: impl IntoIterator<Item = (String, Vec<u8>)>, fd: i32) -> Metadata {
        Metadata {
            props: props
                .into_iter()
                .map(|(k, v)| {
                    // Values may hold NULs; C sees them up to the first one,
                    // as it does with libzmq's std::string::c_str().
                    let end = v.iter().position(|&b| b == 0).unwrap_or(v.len());
                    let c = CString::new(&v[..end]).unwrap_or_default();
                    (k, c)
                })
                .collect(),
            fd,
            conn: true,
            group: None,
        }
    }

    /// Metadata for a message with group `group` that came over the
    /// connection `conn` (if any); None when there is neither.
    fn with_group(conn: Option<&Metadata>, group: Option<CString>) -> Option<Arc<Metadata>> {
        if conn.is_none() && group.is_none() {
            return None;
        }
        Some(Arc::new(Metadata {
            props: conn.map(|c| c.props.clone()).unwrap_or_default(),
            fd: conn.map_or(-1, |c| c.fd),
            conn: conn.is_some(),
            group,
        }))
    }

    /// The value of property `name`, NUL-terminated. Names match exactly,
    /// as in libzmq; "Identity" falls back to "Routing-Id".
    pub fn get(&self, name: &str) -> Option<&CString> {
        let found = self.props.iter().find(|(k, _)| k == name).map(|(_, v)| v);
        match found {
            None if name == "Identity" => self.get("Routing-Id"),
            other => other,
        }
    }

    /// The source file descriptor (ZMQ_SRCFD), or -1.
    pub fn fd(&self) -> i32 {
        self.fd
    }
}

/// One message frame.
pub struct Msg {
    body: Body,
    flags: u8,
    /// The draft sockets' routing id (SERVER, PEER); 0 when unset.
    routing_id: u32,
    /// Connection properties and the RADIO/DISH group (no room is left
    /// in the 56 bytes for a group pointer of its own; groups are rare).
    meta: Option<Arc<Metadata>>,
}

const _: () = assert!(std::mem::size_of::<Msg>() <= 56);

impl Msg {
    /// Whether dropping this message releases nothing (an inline body and
    /// no metadata): callers on the per-message path skip the drop call.
    #[inline]
    pub fn drop_is_trivial(&self) -> bool {
        matches!(self.body, Body::Inline { .. }) && self.meta.is_none()
    }

    /// Whether this is exactly [`Msg::new`] (empty, no flags, no routing
    /// id, no metadata): what a socket leaves after taking a message.
    #[inline]
    pub fn is_new(&self) -> bool {
        matches!(self.body, Body::Inline { len: 0, .. })
            && self.flags == 0
            && self.routing_id == 0
            && self.meta.is_none()
    }
}

impl Default for Msg {
    fn default() -> Msg {
        Msg::new()
    }
}

impl Clone for Msg {
    /// Clones share the body (as `zmq_msg_copy`).
    fn clone(&self) -> Msg {
        let body = match &self.body {
            Body::Inline { len, buf } => Body::Inline {
                len: *len,
                buf: *buf,
            },
            Body::Owned(b) => Body::Shared(Bytes::copy_from_slice(b)),
            Body::Pooled(b) => Body::Shared(Bytes::copy_from_slice(b.as_slice())),
            Body::Shared(b) => Body::Shared(b.clone()),
        };
        Msg {
            body,
            flags: self.flags,
            routing_id: self.routing_id,
            meta: self.meta.clone(),
        }
    }
}

impl fmt::Debug for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Msg")
            .field("len", &self.len())
            .field("more", &self.more())
            .finish()
    }
}

impl Msg {
    /// An empty message.
    pub const fn new() -> Msg {
        Msg {
            body: Body::Inline {
                len: 0,
                buf: [0; INLINE_CAP],
            },
            flags: 0,
            routing_id: 0,
            meta: None,
        }
    }

    /// A message of `size` bytes, writable through [`Msg::as_mut_slice`]
    /// (aborts if they cannot be allocated, as `Vec` does: see
    /// [`Msg::try_with_size`]). Small bodies are zeroed; large ones may come from the buffer pool
    /// and then hold the bytes of an earlier message (like libzmq's
    /// `zmq_msg_init_size`, the content is the caller's to fill).
    pub fn with_size(size: usize) -> Msg {
        if size <= INLINE_CAP {
            return Msg {
                body: Body::Inline {
                    len: size as u8,
                    buf: [0; INLINE_CAP],
                },
                flags: 0,
                routing_id: 0,
                meta: None,
            };
        }
        // (The range check first, inline: below it there is no call.)
        if size >= bufpool::MIN {
            if let Some(b) = bufpool::get(size) {
                return Msg::from_pooled(b);
            }
        }
        Msg {
            body: Body::Owned(vec![0u8; size].into_boxed_slice()),
            flags: 0,
            routing_id: 0,
            meta: None,
        }
    }

    pub(crate) fn from_pooled(b: PooledBuf) -> Msg {
        Msg {
            body: Body::Pooled(b),
            flags: 0,
            routing_id: 0,
            meta: None,
        }
    }

    /// Like [`Msg::with_size`], but reports allocation failure instead of
    /// aborting (`zmq_msg_init_size` returns ENOMEM).
    pub fn try_with_size(size: usize) -> crate::Result<Msg> {
        // Failure to find a few KiB is not worth a checked path.
        if size <= SMALL_BODY_MAX {
            return Ok(Msg::with_size(size));
        }
        if (bufpool::MIN..=bufpool::MAX).contains(&size) {
            return bufpool::get(size)
                .map(Msg::from_pooled)
                .ok_or(crate::Error::NoMem);
        }
        let v = crate::sys::try_zeroed_vec(size).ok_or(crate::Error::NoMem)?;
        Ok(Msg {
            body: Body::Owned(v.into_boxed_slice()),
            flags: 0,
            routing_id: 0,
            meta: None,
        })
    }

    /// Like [`Msg::from_slice`], but reports allocation failure
    /// ([`crate::Error::NoMem`]) instead of aborting: for copies of a
    /// caller's data (`zmq_send`, `zmq_sendiov`).
    pub fn try_from_slice(data: &[u8]) -> crate::Result<Msg> {
        if data.len() <= INLINE_CAP {
            return Ok(Msg::from_slice(data));
        }
        Ok(Msg::from_bytes(Bytes::from(try_copy(data)?)))
    }

    /// A message holding a copy of `data`.
    pub fn from_slice(data: &[u8]) -> Msg {
        if data.len() <= INLINE_CAP {
            let mut buf = [0; INLINE_CAP];
            buf[..data.len()].copy_from_slice(data);
            Msg {
                body: Body::Inline {
                    len: data.len() as u8,
                    buf,
                },
                flags: 0,
                routing_id: 0,
                meta: None,
            }
        } else {
            Msg::from_bytes(Bytes::copy_from_slice(data))
        }
    }

    /// A message over shared bytes, without a copy (small bodies are
    /// moved inline so the buffer can be released early).
    pub fn from_bytes(data: Bytes) -> Msg {
        if data.len() <= INLINE_CAP {
            return Msg::from_slice(&data);
        }
        Msg {
            body: Body::Shared(data),
            flags: 0,
            routing_id: 0,
            meta: None,
        }
    }

    /// A message over bytes that are never freed nor copied
    /// (`zmq_send_const`, `zmq_msg_init_data` without a free function).
    pub fn from_static(data: &'static [u8]) -> Msg {
        Msg {
            body: Body::Shared(Bytes::from_static(data)),
            flags: SHARED,
            routing_id: 0,
            meta: None,
        }
    }

    /// A message over foreign memory whose owner is released exactly once,
    /// when the last reference to the body goes (`zmq_msg_init_data`).
    pub fn from_owner<T: AsRef<[u8]> + Send + 'static>(owner: T) -> Msg {
        Msg {
            body: Body::Shared(Bytes::from_owner(owner)),
            flags: 0,
            routing_id: 0,
            meta: None,
        }
    }

    /// The body.
    pub fn as_slice(&self) -> &[u8] {
        match &self.body {
            Body::Inline { len, buf } => &buf[..usize::from(*len)],
            Body::Owned(b) => b,
            Body::Pooled(b) => b.as_slice(),
            Body::Shared(b) => b,
        }
    }

    /// The body, writable. A shared body is first made unique (copied) so a
    /// write can never be seen through another message.
    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        if let Body::Shared(b) = &self.body {
            self.body = Body::Owned(b.to_vec().into_boxed_slice());
        }
        match &mut self.body {
            Body::Inline { len, buf } => &mut buf[..usize::from(*len)],
            Body::Owned(b) => b,
            Body::Pooled(b) => b.as_mut_slice(),
            Body::Shared(_) => &mut [],
        }
    }

    /// A raw pointer to the body for C (`zmq_msg_data`). Unlike
    /// [`Msg::as_mut_slice`] this never copies: libzmq hands out the shared
    /// buffer itself, and C code that writes into a received or copied
    /// message relies on getting that pointer, not a fresh copy.
    pub fn data_ptr(&mut self) -> *mut u8 {
        match &mut self.body {
            Body::Inline { buf, .. } => buf.as_mut_ptr(),
            Body::Owned(b) => b.as_mut_ptr(),
            Body::Pooled(b) => b.as_mut_slice().as_mut_ptr(),
            Body::Shared(b) => b.as_ptr() as *mut u8,
        }
    }

    /// Body length in bytes.
    pub fn len(&self) -> usize {
        match &self.body {
            Body::Inline { len, .. } => usize::from(*len),
            Body::Owned(b) => b.len(),
            Body::Pooled(b) => b.len(),
            Body::Shared(b) => b.len(),
        }
    }

    /// Whether the body is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether more frames of the same message follow.
    pub fn more(&self) -> bool {
        self.flags & MORE != 0
    }

    /// Sets or clears the MORE flag.
    pub fn set_more(&mut self, more: bool) {
        if more {
            self.flags |= MORE;
        } else {
            self.flags &= !MORE;
        }
    }

    /// Whether the body is shared with another message (ZMQ_SHARED).
    pub fn is_shared(&self) -> bool {
        self.flags & SHARED != 0
    }

    pub(crate) fn flags(&self) -> u8 {
        self.flags
    }

    pub(crate) fn set_flag(&mut self, flag: u8) {
        self.flags |= flag;
    }

    /// A copy sharing the body (`zmq_msg_copy`): both messages report
    /// ZMQ_SHARED afterwards when the body is reference counted.
    pub fn share(&mut self) -> Msg {
        match std::mem::replace(
            &mut self.body,
            Body::Inline {
                len: 0,
                buf: [0; INLINE_CAP],
            },
        ) {
            Body::Owned(b) => self.body = Body::Shared(Bytes::from(b)),
            Body::Pooled(b) => self.body = Body::Shared(Bytes::from_owner(b)),
            other => self.body = other,
        }
        if matches!(self.body, Body::Shared(_)) {
            self.flags |= SHARED;
        }
        self.clone()
    }

    /// The body as shared bytes, for zero-copy writes (inline bodies are
    /// copied; they are small).
    pub fn to_bytes(&self) -> Bytes {
        match &self.body {
            Body::Shared(b) => b.clone(),
            _ => Bytes::copy_from_slice(self.as_slice()),
        }
    }

    /// Takes the body out as bytes, leaving the message empty.
    pub fn take_bytes(&mut self) -> Bytes {
        let body = std::mem::replace(
            &mut self.body,
            Body::Inline {
                len: 0,
                buf: [0; INLINE_CAP],
            },
        );
        match body {
            Body::Shared(b) => b,
            Body::Owned(b) => Bytes::from(b),
            Body::Pooled(b) => Bytes::from_owner(b),
            Body::Inline { len, buf } => Bytes::copy_from_slice(&buf[..usize::from(len)]),
        }
    }

    /// Connection properties, if the message came over tcp or ipc.
    pub fn metadata(&self) -> Option<&Arc<Metadata>> {
        self.meta.as_ref().filter(|m| m.conn)
    }

    /// Gives this message the metadata `meta` of the connection it came
    /// over, taking the reference `old` holds when it is the same one
    /// (the message a receive loop reuses was from the same connection):
    /// that saves an atomic increment here and a decrement when `old` is
    /// dropped, per message.
    #[inline]
    pub(crate) fn attach_metadata(&mut self, meta: &Arc<Metadata>, old: &mut Msg) {
        if self.meta.is_none() && old.meta.as_ref().is_some_and(|m| Arc::ptr_eq(m, meta)) {
            self.meta = old.meta.take();
        } else {
            self.set_metadata(Some(meta.clone()));
        }
    }

    /// Sets the connection properties (keeping the group, if any).
    pub(crate) fn set_metadata(&mut self, meta: Option<Arc<Metadata>>) {
        match self.meta.as_deref().and_then(|m| m.group.clone()) {
            None => self.meta = meta,
            Some(g) => self.meta = Metadata::with_group(meta.as_deref(), Some(g)),
        }
    }

    /// The routing id (SERVER and PEER sockets set it on what they
    /// receive and read it from what they send); 0 when unset.
    pub fn routing_id(&self) -> u32 {
        self.routing_id
    }

    /// Sets the routing id (`zmq_msg_set_routing_id`); 0 unsets it.
    pub fn set_routing_id(&mut self, id: u32) {
        self.routing_id = id;
    }

    /// The group (RADIO/DISH), empty when unset.
    pub fn group(&self) -> &std::ffi::CStr {
        match self.meta.as_deref().and_then(|m| m.group.as_deref()) {
            Some(g) => g,
            None => c"",
        }
    }

    /// Sets the group (`zmq_msg_set_group`): at most [`GROUP_MAX_LENGTH`]
    /// bytes without NUL, else [`crate::Error::Inval`]. An empty name unsets
    /// it.
    pub fn set_group(&mut self, group: &[u8]) -> crate::Result<()> {
        if group.len() > GROUP_MAX_LENGTH || group.contains(&0) {
            return Err(crate::Error::Inval);
        }
        let g = if group.is_empty() {
            None
        } else {
            let mut v = Vec::new();
            v.try_reserve_exact(group.len() + 1)
                .map_err(|_| crate::Error::NoMem)?;
            v.extend_from_slice(group);
            Some(CString::new(v).map_err(|_| crate::Error::Inval)?)
        };
        let conn = self.metadata().cloned();
        self.meta = Metadata::with_group(conn.as_deref(), g);
        Ok(())
    }

    /// Resets to an empty message, releasing the body.
    pub fn clear(&mut self) {
        *self = Msg::new();
    }
}

/// A copy of `data`, or [`crate::Error::NoMem`] if it cannot be allocated
/// (for data whose size a caller or a peer chose).
pub(crate) fn try_copy(data: &[u8]) -> crate::Result<Vec<u8>> {
    let mut v = Vec::new();
    v.try_reserve_exact(data.len())
        .map_err(|_| crate::Error::NoMem)?;
    v.extend_from_slice(data);
    Ok(v)
}

impl From<&[u8]> for Msg {
    fn from(d: &[u8]) -> Msg {
        Msg::from_slice(d)
    }
}

impl From<Vec<u8>> for Msg {
    fn from(v: Vec<u8>) -> Msg {
        if v.len() <= INLINE_CAP {
            Msg::from_slice(&v)
        } else {
            Msg::from_bytes(Bytes::from(v))
        }
    }
}

impl From<&str> for Msg {
    fn from(s: &str) -> Msg {
        Msg::from_slice(s.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn inline_and_shared() {
        let m = Msg::from_slice(b"hello");
        assert_eq!(m.as_slice(), b"hello");
        let big = vec![7u8; 1000];
        let mut m = Msg::from_slice(&big);
        assert_eq!(m.len(), 1000);
        let c = m.share();
        assert!(m.is_shared() && c.is_shared());
        assert_eq!(c.as_slice().as_ptr(), m.as_slice().as_ptr());
    }

    #[test]
    fn new_and_trivially_dropped_messages() {
        assert!(Msg::new().is_new());
        let mut m = Msg::from_slice(b"abc");
        assert!(!m.is_new() && m.drop_is_trivial());
        let taken = std::mem::take(&mut m);
        assert!(m.is_new(), "what a socket leaves after taking a message");
        drop(taken);
        let mut more = Msg::new();
        more.set_more(true);
        assert!(!more.is_new());
        let mut rid = Msg::new();
        rid.set_routing_id(7);
        assert!(!rid.is_new());
        assert!(!Msg::with_size(100).drop_is_trivial(), "a heap body");
        let mut meta = Msg::new();
        meta.set_metadata(Some(Arc::new(Metadata::new([], -1))));
        assert!(!meta.is_new() && !meta.drop_is_trivial());
    }

    #[test]
    fn attach_metadata_moves_the_same_reference_and_clones_another() {
        let a = Arc::new(Metadata::new(
            [("Peer-Address".to_string(), b"a".to_vec())],
            3,
        ));
        let b = Arc::new(Metadata::new(
            [("Peer-Address".to_string(), b"b".to_vec())],
            4,
        ));
        let mut old = Msg::new();
        old.set_metadata(Some(a.clone()));
        let mut m = Msg::from_slice(b"x");
        m.attach_metadata(&a, &mut old);
        assert!(Arc::ptr_eq(m.metadata().unwrap(), &a));
        assert!(old.metadata().is_none(), "the reference moved");
        assert_eq!(Arc::strong_count(&a), 2);
        // From another connection: the old message keeps its own.
        let mut n = Msg::from_slice(b"y");
        n.attach_metadata(&b, &mut m);
        assert!(Arc::ptr_eq(n.metadata().unwrap(), &b));
        assert!(Arc::ptr_eq(m.metadata().unwrap(), &a));
        assert_eq!(n.metadata().unwrap().fd(), 4);
    }

    #[test]
    fn with_size_is_writable() {
        let mut m = Msg::with_size(100);
        m.as_mut_slice()[0] = 9;
        assert_eq!(m.as_slice()[0], 9);
        let mut s = Msg::with_size(3);
        s.as_mut_slice().copy_from_slice(b"abc");
        assert_eq!(s.as_slice(), b"abc");
    }

    struct Owner(Vec<u8>, Arc<AtomicUsize>);
    impl AsRef<[u8]> for Owner {
        fn as_ref(&self) -> &[u8] {
            &self.0
        }
    }
    impl Drop for Owner {
        fn drop(&mut self) {
            self.1.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn owner_released_once() {
        let n = Arc::new(AtomicUsize::new(0));
        let mut m = Msg::from_owner(Owner(vec![1; 100], n.clone()));
        let c = m.share();
        drop(m);
        assert_eq!(n.load(Ordering::SeqCst), 0);
        drop(c);
        assert_eq!(n.load(Ordering::SeqCst), 1);
    }
}
