//! Socket options common to every socket type, validated exactly as
//! libzmq validates them (`options_t::setsockopt`/`getsockopt`): integer
//! options need `optvallen == sizeof(int)`, strings have length limits, and
//! anything else is `EINVAL`. Options that belong to one socket type
//! (ROUTER_MANDATORY, XPUB_VERBOSE, SUBSCRIBE, ...) are handled by that
//! type; see `socket::Protocol::set_option`.

use crate::error::{Error, Result};
use crate::opt::*;

/// The option values of one socket.
#[derive(Debug, Clone)]
pub struct Options {
    pub(crate) sndhwm: i32,
    pub(crate) rcvhwm: i32,
    pub(crate) affinity: u64,
    pub(crate) routing_id: Vec<u8>,
    pub(crate) rate: i32,
    pub(crate) recovery_ivl: i32,
    pub(crate) multicast_hops: i32,
    pub(crate) multicast_maxtpdu: i32,
    pub(crate) sndbuf: i32,
    pub(crate) rcvbuf: i32,
    pub(crate) tos: i32,
    pub(crate) socket_type: i32,
    pub(crate) linger: i32,
    pub(crate) connect_timeout: i32,
    pub(crate) tcp_maxrt: i32,
    pub(crate) reconnect_stop: i32,
    pub(crate) reconnect_ivl: i32,
    pub(crate) reconnect_ivl_max: i32,
    pub(crate) backlog: i32,
    pub(crate) maxmsgsize: i64,
    pub(crate) rcvtimeo: i32,
    pub(crate) sndtimeo: i32,
    pub(crate) ipv6: bool,
    pub(crate) immediate: bool,
    pub(crate) socks_proxy: Vec<u8>,
    pub(crate) socks_username: Vec<u8>,
    pub(crate) socks_password: Secret<Vec<u8>>,
    /// wss:// (options_wss.rs).
    pub(crate) wss: crate::options_wss::WssOptions,
    pub(crate) tcp_keepalive: i32,
    pub(crate) tcp_keepalive_cnt: i32,
    pub(crate) tcp_keepalive_idle: i32,
    pub(crate) tcp_keepalive_intvl: i32,
    pub(crate) tcp_accept_filters: Vec<Vec<u8>>,
    pub(crate) ipc_filter_uid: Vec<u32>,
    pub(crate) ipc_filter_gid: Vec<u32>,
    pub(crate) ipc_filter_pid: Vec<i32>,
    pub(crate) mechanism: i32,
    pub(crate) as_server: bool,
    pub(crate) plain_username: Vec<u8>,
    pub(crate) plain_password: Secret<Vec<u8>>,
    /// CURVE keys: ours (public and secret) and the server's.
    pub(crate) curve_public: [u8; 32],
    pub(crate) curve_secret: Secret<[u8; 32]>,
    pub(crate) curve_server: [u8; 32],
    pub(crate) zap_domain: Vec<u8>,
    pub(crate) conflate: bool,
    pub(crate) handshake_ivl: i32,
    pub(crate) invert_matching: bool,
    pub(crate) heartbeat_ivl: i32,
    /// Deciseconds, as sent on the wire.
    pub(crate) heartbeat_ttl: u16,
    pub(crate) heartbeat_timeout: i32,
    pub(crate) use_fd: i32,
    pub(crate) bindtodevice: Vec<u8>,
    pub(crate) zap_enforce_domain: bool,
    pub(crate) loopback_fastpath: bool,
    pub(crate) multicast_loop: bool,
    pub(crate) metadata: Vec<(String, Vec<u8>)>,
    /// Raw TCP, no ZMTP (STREAM sockets).
    pub(crate) raw: bool,
    /// STREAM: deliver [id, ""] on connect and disconnect.
    pub(crate) stream_notify: bool,
    /// ROUTER (and REP): ZMQ_NOTIFY_CONNECT | ZMQ_NOTIFY_DISCONNECT.
    pub(crate) router_notify: i32,
    /// ZMQ_IN_BATCH_SIZE / ZMQ_OUT_BATCH_SIZE once set (None: the
    /// engine's own sizes; reads as libzmq's default, 8192).
    pub(crate) in_batch_size: Option<i32>,
    pub(crate) out_batch_size: Option<i32>,
    /// SO_BUSY_POLL (tcp), 0 = not set.
    pub(crate) busy_poll: i32,
    /// SO_PRIORITY (tcp), 0 = not set.
    pub(crate) priority: i32,
    /// Sent to each new peer first (ROUTER, DEALER, CLIENT, SERVER, PEER).
    pub(crate) hello_msg: Vec<u8>,
    /// Delivered locally when an accepted peer leaves (ROUTER, SERVER, PEER).
    pub(crate) disconnect_msg: Vec<u8>,
    /// Delivered locally when a connection we made drops (DEALER, CLIENT, PEER).
    pub(crate) hiccup_msg: Vec<u8>,
}

/// libzmq's default ZMQ_IN_BATCH_SIZE and ZMQ_OUT_BATCH_SIZE.
pub(crate) const DEFAULT_BATCH_SIZE: i32 = 8192;

impl Options {
    /// Defaults for a socket of libzmq type `socket_type`.
    pub fn new(socket_type: i32) -> Options {
        Options {
            sndhwm: 1000,
            rcvhwm: 1000,
            affinity: 0,
            routing_id: Vec::new(),
            rate: 100,
            recovery_ivl: 10000,
            multicast_hops: 1,
            multicast_maxtpdu: 1500,
            sndbuf: -1,
            rcvbuf: -1,
            tos: 0,
            socket_type,
            linger: -1,
            connect_timeout: 0,
            tcp_maxrt: 0,
            reconnect_stop: 0,
            reconnect_ivl: 100,
            reconnect_ivl_max: 0,
            backlog: 100,
            maxmsgsize: -1,
            rcvtimeo: -1,
            sndtimeo: -1,
            ipv6: false,
            immediate: false,
            socks_proxy: Vec::new(),
            socks_username: Vec::new(),
            socks_password: Secret::default(),
            wss: Default::default(),
            tcp_keepalive: -1,
            tcp_keepalive_cnt: -1,
            tcp_keepalive_idle: -1,
            tcp_keepalive_intvl: -1,
            tcp_accept_filters: Vec::new(),
            ipc_filter_uid: Vec::new(),
            ipc_filter_gid: Vec::new(),
            ipc_filter_pid: Vec::new(),
            mechanism: ZMQ_NULL,
            as_server: false,
            plain_username: Vec::new(),
            plain_password: Secret::default(),
            curve_public: [0; 32],
            curve_secret: Secret::default(),
            curve_server: [0; 32],
            zap_domain: Vec::new(),
            conflate: false,
            handshake_ivl: 30000,
            invert_matching: false,
            heartbeat_ivl: 0,
            heartbeat_ttl: 0,
            heartbeat_timeout: -1,
            use_fd: -1,
            bindtodevice: Vec::new(),
            zap_enforce_domain: false,
            loopback_fastpath: false,
            multicast_loop: true,
            metadata: Vec::new(),
            raw: socket_type == 11,
            stream_notify: true,
            router_notify: 0,
            in_batch_size: None,
            out_batch_size: None,
            busy_poll: 0,
            priority: 0,
            hello_msg: Vec::new(),
            disconnect_msg: Vec::new(),
            hiccup_msg: Vec::new(),
        }
    }

    /// Whether ZMQ_HELLO_MSG applies to this socket type (libzmq's
    /// `can_send_hello_msg`: ROUTER, DEALER, SERVER, CLIENT, PEER).
    pub(crate) fn hello(&self) -> Option<&[u8]> {
        (matches!(self.socket_type, 6 | 5 | 12 | 13 | 19) && !self.hello_msg.is_empty())
            .then_some(self.hello_msg.as_slice())
    }

    /// ZMQ_DISCONNECT_MSG if it applies (`can_recv_disconnect_msg`:
    /// ROUTER, SERVER, PEER).
    pub(crate) fn disconnect(&self) -> Option<&[u8]> {
        (matches!(self.socket_type, 6 | 12 | 19) && !self.disconnect_msg.is_empty())
            .then_some(self.disconnect_msg.as_slice())
    }

    /// ZMQ_HICCUP_MSG if it applies (`can_recv_hiccup_msg`: DEALER,
    /// CLIENT, PEER).
    pub(crate) fn hiccup(&self) -> Option<&[u8]> {
        (matches!(self.socket_type, 5 | 13 | 19) && !self.hiccup_msg.is_empty())
            .then_some(self.hiccup_msg.as_slice())
    }

    /// Whether pipes conflate: ZMQ_CONFLATE counts only for DEALER, PULL,
    /// PUSH, PUB and SUB, as in libzmq.
    pub(crate) fn effective_conflate(&self) -> bool {
        self.conflate && matches!(self.socket_type, 5 | 7 | 8 | 1 | 2)
    }

    /// ZMQ_MAXMSGSIZE as a limit (None = unlimited).
    pub(crate) fn max_msg_size(&self) -> Option<u64> {
        u64::try_from(self.maxmsgsize).ok()
    }

    /// Sets a generic option. `val` is the raw option value as C passes it
    /// (`None` for a NULL pointer).
    pub fn set(&mut self, option: i32, val: Option<&[u8]>) -> Result<()> {
        let raw = val.unwrap_or(&[]);
        let int = int_of(raw);
        match option {
            ZMQ_SNDHWM => self.sndhwm = int.filter(|&v| v >= 0).ok_or(Error::Inval)?,
            ZMQ_RCVHWM => self.rcvhwm = int.filter(|&v| v >= 0).ok_or(Error::Inval)?,
            ZMQ_AFFINITY => self.affinity = u64_of(raw).ok_or(Error::Inval)?,
            ZMQ_ROUTING_ID => {
                if raw.is_empty() || raw.len() > 255 {
                    return Err(Error::Inval);
                }
                self.routing_id = raw.to_vec();
            }
            ZMQ_RATE => self.rate = int.filter(|&v| v > 0).ok_or(Error::Inval)?,
            ZMQ_RECOVERY_IVL => self.recovery_ivl = int.filter(|&v| v >= 0).ok_or(Error::Inval)?,
            ZMQ_SNDBUF => self.sndbuf = int.filter(|&v| v >= -1).ok_or(Error::Inval)?,
            ZMQ_RCVBUF => self.rcvbuf = int.filter(|&v| v >= -1).ok_or(Error::Inval)?,
            ZMQ_TOS => self.tos = int.filter(|&v| v >= 0).ok_or(Error::Inval)?,
            ZMQ_LINGER => self.linger = int.filter(|&v| v >= -1).ok_or(Error::Inval)?,
            ZMQ_CONNECT_TIMEOUT => {
                self.connect_timeout = int.filter(|&v| v >= 0).ok_or(Error::Inval)?
            }
            ZMQ_TCP_MAXRT => self.tcp_maxrt = int.filter(|&v| v >= 0).ok_or(Error::Inval)?,
            ZMQ_RECONNECT_STOP => self.reconnect_stop = int.ok_or(Error::Inval)?,
            ZMQ_RECONNECT_IVL => {
                self.reconnect_ivl = int.filter(|&v| v >= -1).ok_or(Error::Inval)?
            }
            ZMQ_RECONNECT_IVL_MAX => {
                self.reconnect_ivl_max = int.filter(|&v| v >= 0).ok_or(Error::Inval)?
            }
            ZMQ_BACKLOG => self.backlog = int.filter(|&v| v >= 0).ok_or(Error::Inval)?,
            ZMQ_MAXMSGSIZE => self.maxmsgsize = u64_of(raw).ok_or(Error::Inval)? as i64,
            ZMQ_MULTICAST_HOPS => {
                self.multicast_hops = int.filter(|&v| v > 0).ok_or(Error::Inval)?
            }
            ZMQ_MULTICAST_MAXTPDU => {
                self.multicast_maxtpdu = int.filter(|&v| v > 0).ok_or(Error::Inval)?
            }
            ZMQ_RCVTIMEO => self.rcvtimeo = int.filter(|&v| v >= -1).ok_or(Error::Inval)?,
            ZMQ_SNDTIMEO => self.sndtimeo = int.filter(|&v| v >= -1).ok_or(Error::Inval)?,
            ZMQ_IPV4ONLY => self.ipv6 = !strict_bool(int)?,
            ZMQ_IPV6 => self.ipv6 = strict_bool(int)?,
            ZMQ_SOCKS_PROXY => self.socks_proxy = string_strict(val, usize::MAX)?,
            ZMQ_WSS_KEY_PEM..=ZMQ_WSS_TRUST_SYSTEM => self.wss.set(option, raw)?,
            ZMQ_SOCKS_USERNAME => {
                self.socks_username = if raw.is_empty() {
                    Vec::new()
                } else {
                    string_strict(val, 255)?
                }
            }
            ZMQ_SOCKS_PASSWORD => {
                self.socks_password = Secret(if raw.is_empty() {
                    Vec::new()
                } else {
                    string_strict(val, 255)?
                });
            }
            ZMQ_TCP_KEEPALIVE => {
                self.tcp_keepalive = int.filter(|v| (-1..=1).contains(v)).ok_or(Error::Inval)?
            }
            ZMQ_TCP_KEEPALIVE_CNT => {
                self.tcp_keepalive_cnt = int.filter(|&v| v >= -1).ok_or(Error::Inval)?
            }
            ZMQ_TCP_KEEPALIVE_IDLE => {
                self.tcp_keepalive_idle = int.filter(|&v| v >= -1).ok_or(Error::Inval)?
            }
            ZMQ_TCP_KEEPALIVE_INTVL => {
                self.tcp_keepalive_intvl = int.filter(|&v| v >= -1).ok_or(Error::Inval)?
            }
            ZMQ_IMMEDIATE => self.immediate = strict_bool(int)?,
            ZMQ_TCP_ACCEPT_FILTER => {
                let f = string_strict(val, 255)?;
                if f.is_empty() {
                    self.tcp_accept_filters.clear();
                } else {
                    crate::endpoint::parse_accept_filter(&f, self.ipv6)?;
                    self.tcp_accept_filters.push(f);
                }
            }
            ZMQ_IPC_FILTER_UID => set_filter(&mut self.ipc_filter_uid, val, |b| {
                int_of(b).map(|v| v as u32)
            })?,
            ZMQ_IPC_FILTER_GID => set_filter(&mut self.ipc_filter_gid, val, |b| {
                int_of(b).map(|v| v as u32)
            })?,
            ZMQ_IPC_FILTER_PID => set_filter(&mut self.ipc_filter_pid, val, int_of)?,
            ZMQ_PLAIN_SERVER => {
                self.as_server = strict_bool(int)?;
                self.mechanism = if self.as_server { ZMQ_PLAIN } else { ZMQ_NULL };
            }
            ZMQ_PLAIN_USERNAME | ZMQ_PLAIN_PASSWORD => {
                if val.is_none() && raw.is_empty() {
                    self.mechanism = ZMQ_NULL;
                } else if !raw.is_empty() && raw.len() <= 255 {
                    if option == ZMQ_PLAIN_USERNAME {
                        self.plain_username = raw.to_vec();
                    } else {
                        self.plain_password = Secret(raw.to_vec());
                    }
                    self.as_server = false;
                    self.mechanism = ZMQ_PLAIN;
                } else {
                    return Err(Error::Inval);
                }
            }
            ZMQ_CURVE_SERVER => {
                self.as_server = strict_bool(int)?;
                self.mechanism = if self.as_server { ZMQ_CURVE } else { ZMQ_NULL };
            }
            ZMQ_CURVE_PUBLICKEY => {
                self.curve_public = curve_key(raw)?;
                self.mechanism = ZMQ_CURVE;
            }
            ZMQ_CURVE_SECRETKEY => {
                self.curve_secret = Secret(curve_key(raw)?);
                self.mechanism = ZMQ_CURVE;
            }
            ZMQ_CURVE_SERVERKEY => {
                self.curve_server = curve_key(raw)?;
                self.as_server = false;
                self.mechanism = ZMQ_CURVE;
            }
            ZMQ_ZAP_DOMAIN => {
                if raw.is_empty() || raw.len() > 255 {
                    return Err(Error::Inval);
                }
                self.zap_domain = raw.to_vec();
            }
            ZMQ_CONFLATE => self.conflate = strict_bool(int)?,
            ZMQ_HANDSHAKE_IVL => {
                self.handshake_ivl = int.filter(|&v| v >= 0).ok_or(Error::Inval)?
            }
            ZMQ_INVERT_MATCHING => self.invert_matching = int.ok_or(Error::Inval)? != 0,
            ZMQ_HEARTBEAT_IVL => {
                self.heartbeat_ivl = int.filter(|&v| v >= 0).ok_or(Error::Inval)?
            }
            ZMQ_HEARTBEAT_TTL => {
                let ds = int
                    .map(|v| v / 100)
                    .filter(|v| (0..=i32::from(u16::MAX)).contains(v));
                self.heartbeat_ttl = ds.ok_or(Error::Inval)? as u16;
            }
            ZMQ_HEARTBEAT_TIMEOUT => {
                self.heartbeat_timeout = int.filter(|&v| v >= 0).ok_or(Error::Inval)?
            }
            ZMQ_USE_FD => self.use_fd = int.filter(|&v| v >= -1).ok_or(Error::Inval)?,
            ZMQ_BINDTODEVICE => self.bindtodevice = string_strict(val, 16)?,
            ZMQ_ZAP_ENFORCE_DOMAIN => self.zap_enforce_domain = int.ok_or(Error::Inval)? != 0,
            ZMQ_LOOPBACK_FASTPATH => self.loopback_fastpath = int.ok_or(Error::Inval)? != 0,
            ZMQ_MULTICAST_LOOP => self.multicast_loop = int.ok_or(Error::Inval)? != 0,
            ZMQ_METADATA => {
                if raw.is_empty() || int.is_some() {
                    return Err(Error::Inval);
                }
                let pos = raw.iter().position(|&b| b == b':').ok_or(Error::Inval)?;
                if pos == 0 || pos == raw.len() - 1 {
                    return Err(Error::Inval);
                }
                let key = &raw[..pos];
                if !key.starts_with(b"X-") || key.len() > 255 {
                    return Err(Error::Inval);
                }
                let key = String::from_utf8_lossy(key).into_owned();
                let value = crate::msg::try_copy(&raw[pos + 1..])?;
                // libzmq keeps a map: the first value for a key wins.
                if !self.metadata.iter().any(|(k, _)| *k == key) {
                    self.metadata.push((key, value));
                }
            }
            ZMQ_STREAM_NOTIFY if self.raw => self.stream_notify = strict_bool(int)?,
            // ROUTER, and REP (a ROUTER in libzmq).
            ZMQ_ROUTER_NOTIFY if matches!(self.socket_type, 6 | 4) => {
                self.router_notify = int
                    .filter(|v| (0..=ZMQ_NOTIFY_CONNECT | ZMQ_NOTIFY_DISCONNECT).contains(v))
                    .ok_or(Error::Inval)?
            }
            ZMQ_IN_BATCH_SIZE => {
                self.in_batch_size = Some(int.filter(|&v| v > 0).ok_or(Error::Inval)?)
            }
            ZMQ_OUT_BATCH_SIZE => {
                self.out_batch_size = Some(int.filter(|&v| v > 0).ok_or(Error::Inval)?)
            }
            ZMQ_BUSY_POLL => self.busy_poll = int.ok_or(Error::Inval)?,
            ZMQ_PRIORITY => self.priority = int.filter(|&v| v >= 0).ok_or(Error::Inval)?,
            ZMQ_HELLO_MSG => self.hello_msg = crate::msg::try_copy(raw)?,
            ZMQ_DISCONNECT_MSG => self.disconnect_msg = crate::msg::try_copy(raw)?,
            ZMQ_HICCUP_MSG => self.hiccup_msg = crate::msg::try_copy(raw)?,
            _ => return Err(Error::Inval),
        }
        Ok(())
    }

    /// Reads a generic option into `out`, returning the length written.
    /// `out.len()` is the caller's `*optvallen`.
    pub fn get(&self, option: i32, out: &mut [u8]) -> Result<usize> {
        let int = |v: i32, out: &mut [u8]| put_int(out, v);
        match option {
            ZMQ_SNDHWM => int(self.sndhwm, out),
            ZMQ_RCVHWM => int(self.rcvhwm, out),
            ZMQ_AFFINITY => put_u64(out, self.affinity),
            ZMQ_ROUTING_ID => put_bytes(out, &self.routing_id),
            ZMQ_RATE => int(self.rate, out),
            ZMQ_RECOVERY_IVL => int(self.recovery_ivl, out),
            ZMQ_SNDBUF => int(self.sndbuf, out),
            ZMQ_RCVBUF => int(self.rcvbuf, out),
            ZMQ_TOS => int(self.tos, out),
            ZMQ_TYPE => int(self.socket_type, out),
            ZMQ_LINGER => int(self.linger, out),
            ZMQ_CONNECT_TIMEOUT => int(self.connect_timeout, out),
            ZMQ_TCP_MAXRT => int(self.tcp_maxrt, out),
            ZMQ_RECONNECT_STOP => int(self.reconnect_stop, out),
            ZMQ_RECONNECT_IVL => int(self.reconnect_ivl, out),
            ZMQ_RECONNECT_IVL_MAX => int(self.reconnect_ivl_max, out),
            ZMQ_BACKLOG => int(self.backlog, out),
            ZMQ_MAXMSGSIZE => put_u64(out, self.maxmsgsize as u64),
            ZMQ_MULTICAST_HOPS => int(self.multicast_hops, out),
            ZMQ_MULTICAST_MAXTPDU => int(self.multicast_maxtpdu, out),
            ZMQ_RCVTIMEO => int(self.rcvtimeo, out),
            ZMQ_SNDTIMEO => int(self.sndtimeo, out),
            ZMQ_IPV4ONLY => int(i32::from(!self.ipv6), out),
            ZMQ_IPV6 => int(i32::from(self.ipv6), out),
            ZMQ_IMMEDIATE => int(i32::from(self.immediate), out),
            ZMQ_SOCKS_PROXY => put_string(out, &self.socks_proxy),
            ZMQ_SOCKS_USERNAME => put_string(out, &self.socks_username),
            ZMQ_SOCKS_PASSWORD => put_string(out, &self.socks_password.0),
            ZMQ_TCP_KEEPALIVE => int(self.tcp_keepalive, out),
            ZMQ_TCP_KEEPALIVE_CNT => int(self.tcp_keepalive_cnt, out),
            ZMQ_TCP_KEEPALIVE_IDLE => int(self.tcp_keepalive_idle, out),
            ZMQ_TCP_KEEPALIVE_INTVL => int(self.tcp_keepalive_intvl, out),
            ZMQ_MECHANISM => int(self.mechanism, out),
            ZMQ_PLAIN_SERVER => int(
                i32::from(self.as_server && self.mechanism == ZMQ_PLAIN),
                out,
            ),
            ZMQ_PLAIN_USERNAME => put_string(out, &self.plain_username),
            ZMQ_PLAIN_PASSWORD => put_string(out, &self.plain_password.0),
            ZMQ_CURVE_SERVER => int(
                i32::from(self.as_server && self.mechanism == ZMQ_CURVE),
                out,
            ),
            ZMQ_CURVE_PUBLICKEY => put_curve_key(out, &self.curve_public),
            ZMQ_CURVE_SECRETKEY => put_curve_key(out, &self.curve_secret.0),
            ZMQ_CURVE_SERVERKEY => put_curve_key(out, &self.curve_server),
            ZMQ_ZAP_DOMAIN => put_string(out, &self.zap_domain),
            ZMQ_CONFLATE => int(i32::from(self.conflate), out),
            ZMQ_HANDSHAKE_IVL => int(self.handshake_ivl, out),
            ZMQ_INVERT_MATCHING => int(i32::from(self.invert_matching), out),
            ZMQ_HEARTBEAT_IVL => int(self.heartbeat_ivl, out),
            ZMQ_HEARTBEAT_TTL => int(i32::from(self.heartbeat_ttl) * 100, out),
            ZMQ_HEARTBEAT_TIMEOUT => int(self.heartbeat_timeout, out),
            ZMQ_USE_FD => int(self.use_fd, out),
            ZMQ_BINDTODEVICE => put_string(out, &self.bindtodevice),
            ZMQ_ZAP_ENFORCE_DOMAIN => int(i32::from(self.zap_enforce_domain), out),
            ZMQ_LOOPBACK_FASTPATH => int(i32::from(self.loopback_fastpath), out),
            ZMQ_MULTICAST_LOOP => int(i32::from(self.multicast_loop), out),
            ZMQ_ROUTER_NOTIFY => int(self.router_notify, out),
            ZMQ_IN_BATCH_SIZE => int(self.in_batch_size.unwrap_or(DEFAULT_BATCH_SIZE), out),
            ZMQ_OUT_BATCH_SIZE => int(self.out_batch_size.unwrap_or(DEFAULT_BATCH_SIZE), out),
            ZMQ_PRIORITY => int(self.priority, out),
            // libzmq 4.3.5 writes the value but returns -1 EINVAL (a bug);
            // we return it.
            ZMQ_BUSY_POLL => int(self.busy_poll, out),
            _ => Err(Error::Inval),
        }
    }
}

/// A secret option value (a PLAIN or SOCKS password, a CURVE secret key): never
/// printed, wiped from memory when dropped.
#[derive(Clone, Default)]
pub(crate) struct Secret<T: zeroize::Zeroize>(pub(crate) T);

impl<T: zeroize::Zeroize> std::fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<secret>")
    }
}

impl<T: zeroize::Zeroize> Drop for Secret<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// A CURVE key option value, as libzmq's `set_curve_key` takes it: 32
/// bytes binary, or 40 characters of Z85 (optionally with its NUL as a
/// 41st byte).
fn curve_key(raw: &[u8]) -> Result<[u8; 32]> {
    let text = match raw.len() {
        32 => return <[u8; 32]>::try_from(raw).map_err(|_| Error::Inval),
        40 => raw,
        // libzmq decodes the C string: a 41st byte must be the NUL.
        41 if raw[40] == 0 => &raw[..40],
        _ => return Err(Error::Inval),
    };
    let mut key = [0u8; 32];
    crate::z85::decode_into(text, &mut key)?;
    Ok(key)
}

/// Reads a CURVE key: 32 bytes binary, or Z85 with its NUL into 41 bytes.
fn put_curve_key(out: &mut [u8], key: &[u8; 32]) -> Result<usize> {
    match out.len() {
        32 => {
            out.copy_from_slice(key);
            Ok(32)
        }
        41 => {
            crate::z85::encode_into(key, &mut out[..40])?;
            out[40] = 0;
            Ok(41)
        }
        _ => Err(Error::Inval),
    }
}

/// An `int` option value (exactly `sizeof(int)` bytes).
pub(crate) fn int_of(raw: &[u8]) -> Option<i32> {
    <[u8; 4]>::try_from(raw).ok().map(i32::from_ne_bytes)
}

fn u64_of(raw: &[u8]) -> Option<u64> {
    <[u8; 8]>::try_from(raw).ok().map(u64::from_ne_bytes)
}

fn strict_bool(v: Option<i32>) -> Result<bool> {
    match v {
        Some(0) => Ok(false),
        Some(1) => Ok(true),
        _ => Err(Error::Inval),
    }
}

/// libzmq's `do_setsockopt_string_allow_empty_strict`: NULL with length 0
/// clears; otherwise 1..=max bytes.
fn string_strict(val: Option<&[u8]>, max: usize) -> Result<Vec<u8>> {
    match val {
        None => Ok(Vec::new()),
        Some(v) if !v.is_empty() && v.len() <= max => crate::msg::try_copy(v),
        _ => Err(Error::Inval),
    }
}

fn set_filter<T>(
    set: &mut Vec<T>,
    val: Option<&[u8]>,
    parse: impl Fn(&[u8]) -> Option<T>,
) -> Result<()>
where
    T: PartialEq,
{
    match val {
        None => {
            set.clear();
            Ok(())
        }
        Some(v) => {
            let x = parse(v).ok_or(Error::Inval)?;
            if !set.contains(&x) {
                set.push(x);
            }
            Ok(())
        }
    }
}

/// Writes an int option (the buffer must be exactly `sizeof(int)`).
pub(crate) fn put_int(out: &mut [u8], v: i32) -> Result<usize> {
    if out.len() != 4 {
        return Err(Error::Inval);
    }
    out.copy_from_slice(&v.to_ne_bytes());
    Ok(4)
}

fn put_u64(out: &mut [u8], v: u64) -> Result<usize> {
    if out.len() != 8 {
        return Err(Error::Inval);
    }
    out.copy_from_slice(&v.to_ne_bytes());
    Ok(8)
}

/// libzmq's `do_getsockopt` for binary values: the buffer must hold the
/// value; the rest is zeroed.
pub(crate) fn put_bytes(out: &mut [u8], v: &[u8]) -> Result<usize> {
    if out.len() < v.len() {
        return Err(Error::Inval);
    }
    out[..v.len()].copy_from_slice(v);
    out[v.len()..].fill(0);
    Ok(v.len())
}

/// A string option: the value plus its NUL terminator.
pub(crate) fn put_string(out: &mut [u8], v: &[u8]) -> Result<usize> {
    if out.len() < v.len() + 1 {
        return Err(Error::Inval);
    }
    out[..v.len()].copy_from_slice(v);
    out[v.len()..].fill(0);
    Ok(v.len() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn i(v: i32) -> Vec<u8> {
        v.to_ne_bytes().to_vec()
    }

    #[test]
    fn int_options_need_exact_size() {
        let mut o = Options::new(8);
        assert_eq!(o.set(ZMQ_SNDHWM, Some(&[1, 0])), Err(Error::Inval));
        assert_eq!(o.set(ZMQ_SNDHWM, Some(&i(-1))), Err(Error::Inval));
        o.set(ZMQ_SNDHWM, Some(&i(5))).unwrap();
        let mut b = [0u8; 4];
        assert_eq!(o.get(ZMQ_SNDHWM, &mut b), Ok(4));
        assert_eq!(i32::from_ne_bytes(b), 5);
        let mut b8 = [0u8; 8];
        assert_eq!(o.get(ZMQ_SNDHWM, &mut b8), Err(Error::Inval));
        assert_eq!(o.set(ZMQ_LINGER, Some(&i(-2))), Err(Error::Inval));
    }

    #[test]
    fn routing_id_and_strings() {
        let mut o = Options::new(5);
        assert_eq!(o.set(ZMQ_ROUTING_ID, Some(b"")), Err(Error::Inval));
        assert_eq!(o.set(ZMQ_ROUTING_ID, Some(&[1u8; 256])), Err(Error::Inval));
        o.set(ZMQ_ROUTING_ID, Some(b"abc")).unwrap();
        let mut b = [9u8; 5];
        assert_eq!(o.get(ZMQ_ROUTING_ID, &mut b), Ok(3));
        assert_eq!(&b, b"abc\0\0");
        let mut s = [0u8; 1];
        assert_eq!(o.get(ZMQ_ZAP_DOMAIN, &mut s), Ok(1));
        assert_eq!(o.get(ZMQ_ZAP_DOMAIN, &mut []), Err(Error::Inval));
    }

    #[test]
    fn metadata_needs_x_prefix() {
        let mut o = Options::new(5);
        assert_eq!(o.set(ZMQ_METADATA, Some(b"Foo:bar")), Err(Error::Inval));
        assert_eq!(o.set(ZMQ_METADATA, Some(b"X-Foo:")), Err(Error::Inval));
        o.set(ZMQ_METADATA, Some(b"X-Foo:bar")).unwrap();
        assert_eq!(o.metadata, vec![("X-Foo".to_string(), b"bar".to_vec())]);
    }

    #[test]
    fn draft_options() {
        let mut r = Options::new(6);
        let mut d = Options::new(5);
        let mut b = [0u8; 4];
        assert_eq!(d.set(ZMQ_ROUTER_NOTIFY, Some(&i(1))), Err(Error::Inval));
        assert_eq!(r.set(ZMQ_ROUTER_NOTIFY, Some(&i(4))), Err(Error::Inval));
        r.set(ZMQ_ROUTER_NOTIFY, Some(&i(3))).unwrap();
        r.get(ZMQ_ROUTER_NOTIFY, &mut b).unwrap();
        assert_eq!(i32::from_ne_bytes(b), 3);
        d.get(ZMQ_IN_BATCH_SIZE, &mut b).unwrap();
        assert_eq!(i32::from_ne_bytes(b), 8192);
        assert_eq!(d.set(ZMQ_OUT_BATCH_SIZE, Some(&i(0))), Err(Error::Inval));
        d.set(ZMQ_IN_BATCH_SIZE, Some(&i(10))).unwrap();
        assert_eq!(d.in_batch_size, Some(10));
        assert_eq!(d.set(ZMQ_PRIORITY, Some(&i(-1))), Err(Error::Inval));
        d.set(ZMQ_BUSY_POLL, Some(&i(-1))).unwrap();
        // Hello goes out from DEALER and ROUTER, not PUB; hiccup only to
        // DEALER, disconnect only to ROUTER.
        let mut p = Options::new(1);
        for o in [&mut r, &mut d, &mut p] {
            o.set(ZMQ_HELLO_MSG, Some(b"h")).unwrap();
            o.set(ZMQ_HICCUP_MSG, Some(b"c")).unwrap();
            o.set(ZMQ_DISCONNECT_MSG, Some(b"d")).unwrap();
        }
        assert_eq!(r.hello(), Some(&b"h"[..]));
        assert_eq!(d.hello(), Some(&b"h"[..]));
        assert_eq!(p.hello(), None);
        assert_eq!((r.hiccup(), d.hiccup()), (None, Some(&b"c"[..])));
        assert_eq!((r.disconnect(), d.disconnect()), (Some(&b"d"[..]), None));
        d.set(ZMQ_HELLO_MSG, None).unwrap();
        assert_eq!(d.hello(), None);
        for opt in 117..=124 {
            assert_eq!(d.set(opt, Some(&i(1))), Err(Error::Inval));
        }
    }

    #[test]
    fn heartbeat_ttl_is_deciseconds() {
        let mut o = Options::new(5);
        o.set(ZMQ_HEARTBEAT_TTL, Some(&i(2500))).unwrap();
        assert_eq!(o.heartbeat_ttl, 25);
        let mut b = [0u8; 4];
        o.get(ZMQ_HEARTBEAT_TTL, &mut b).unwrap();
        assert_eq!(i32::from_ne_bytes(b), 2500);
        assert_eq!(
            o.set(ZMQ_HEARTBEAT_TTL, Some(&i(6_553_600))),
            Err(Error::Inval)
        );
    }
}
