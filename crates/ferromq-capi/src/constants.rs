//! Constants of `zmq.h`, with libzmq 4.3.5's names and values.
//!
//! cbindgen turns each of these into a `#define` of `include/zmq.h`. The
//! ones libzmq declares only inside `#ifdef ZMQ_BUILD_DRAFT_API` are behind the
//! `draft` feature here, which cbindgen maps to that same `#if`, so a C program
//! sees a draft constant only when it defines `ZMQ_BUILD_DRAFT_API`.
//!
//! Macros cbindgen cannot express (`ZMQ_MAKE_VERSION`, `ZMQ_VERSION`,
//! `ZMQ_HAVE_TIMERS`, the `#ifndef` errno fallbacks, the draft string
//! constants) are hand-written in `cbindgen.toml`.

use std::os::raw::c_int;

// Version of the libzmq API this library implements.
/// API version implemented: major.
pub const ZMQ_VERSION_MAJOR: c_int = 4;
/// API version implemented: minor.
pub const ZMQ_VERSION_MINOR: c_int = 3;
/// API version implemented: patch.
pub const ZMQ_VERSION_PATCH: c_int = 5;

// Errors: libzmq's own errno values, above every system errno.
/// Base of libzmq's private errno range.
pub const ZMQ_HAUSNUMERO: c_int = 156384712;
/// errno: operation not possible in the socket's current state.
pub const EFSM: c_int = ZMQ_HAUSNUMERO + 51;
/// errno: transport not compatible with the socket type.
pub const ENOCOMPATPROTO: c_int = ZMQ_HAUSNUMERO + 52;
/// errno: the context was terminated.
pub const ETERM: c_int = ZMQ_HAUSNUMERO + 53;
/// errno: no I/O thread available.
pub const EMTHREAD: c_int = ZMQ_HAUSNUMERO + 54;

// Context options (zmq_ctx_set / zmq_ctx_get).
/// Context option: number of I/O threads.
pub const ZMQ_IO_THREADS: c_int = 1;
/// Context option: maximum number of sockets.
pub const ZMQ_MAX_SOCKETS: c_int = 2;
/// Context option (get): largest accepted ZMQ_MAX_SOCKETS.
pub const ZMQ_SOCKET_LIMIT: c_int = 3;
/// Context option (set): I/O thread scheduling priority.
pub const ZMQ_THREAD_PRIORITY: c_int = 3;
/// Context option: I/O thread scheduling policy.
pub const ZMQ_THREAD_SCHED_POLICY: c_int = 4;
/// Context option: maximum message size.
pub const ZMQ_MAX_MSGSZ: c_int = 5;
/// Context option (get): sizeof (zmq_msg_t).
pub const ZMQ_MSG_T_SIZE: c_int = 6;
/// Context option (set): add a CPU to the I/O threads' affinity.
pub const ZMQ_THREAD_AFFINITY_CPU_ADD: c_int = 7;
/// Context option (set): remove a CPU from the I/O threads' affinity.
pub const ZMQ_THREAD_AFFINITY_CPU_REMOVE: c_int = 8;
/// Context option: prefix of I/O thread names.
pub const ZMQ_THREAD_NAME_PREFIX: c_int = 9;

// Context defaults.
/// Default ZMQ_IO_THREADS of a new context.
pub const ZMQ_IO_THREADS_DFLT: c_int = 1;
/// Default ZMQ_MAX_SOCKETS of a new context.
pub const ZMQ_MAX_SOCKETS_DFLT: c_int = 1023;
/// Default ZMQ_THREAD_PRIORITY (-1: leave the OS default).
pub const ZMQ_THREAD_PRIORITY_DFLT: c_int = -1;
/// Default ZMQ_THREAD_SCHED_POLICY (-1: leave the OS default).
pub const ZMQ_THREAD_SCHED_POLICY_DFLT: c_int = -1;

// Socket types.
/// Socket type: exclusive pair.
pub const ZMQ_PAIR: c_int = 0;
/// Socket type: publisher.
pub const ZMQ_PUB: c_int = 1;
/// Socket type: subscriber.
pub const ZMQ_SUB: c_int = 2;
/// Socket type: request (client of REP).
pub const ZMQ_REQ: c_int = 3;
/// Socket type: reply (service of REQ).
pub const ZMQ_REP: c_int = 4;
/// Socket type: asynchronous request (load-balancing).
pub const ZMQ_DEALER: c_int = 5;
/// Socket type: asynchronous reply (routes by peer routing id).
pub const ZMQ_ROUTER: c_int = 6;
/// Socket type: pipeline receiver.
pub const ZMQ_PULL: c_int = 7;
/// Socket type: pipeline sender.
pub const ZMQ_PUSH: c_int = 8;
/// Socket type: publisher that sees subscriptions.
pub const ZMQ_XPUB: c_int = 9;
/// Socket type: subscriber that sends raw subscriptions.
pub const ZMQ_XSUB: c_int = 10;
/// Socket type: raw TCP stream.
pub const ZMQ_STREAM: c_int = 11;
/// Deprecated alias of ZMQ_DEALER.
pub const ZMQ_XREQ: c_int = ZMQ_DEALER;
/// Deprecated alias of ZMQ_ROUTER.
pub const ZMQ_XREP: c_int = ZMQ_ROUTER;

// Socket options (zmq_setsockopt / zmq_getsockopt).
/// Socket option: I/O thread affinity bitmask (uint64_t).
pub const ZMQ_AFFINITY: c_int = 4;
/// Socket option: routing id announced to ROUTER peers.
pub const ZMQ_ROUTING_ID: c_int = 5;
/// Socket option: add a SUB prefix filter.
pub const ZMQ_SUBSCRIBE: c_int = 6;
/// Socket option: remove a SUB prefix filter.
pub const ZMQ_UNSUBSCRIBE: c_int = 7;
/// Socket option: multicast data rate, kbit/s.
pub const ZMQ_RATE: c_int = 8;
/// Socket option: multicast recovery interval, ms.
pub const ZMQ_RECOVERY_IVL: c_int = 9;
/// Socket option: kernel send buffer size.
pub const ZMQ_SNDBUF: c_int = 11;
/// Socket option: kernel receive buffer size.
pub const ZMQ_RCVBUF: c_int = 12;
/// Socket option (get): more message parts follow.
pub const ZMQ_RCVMORE: c_int = 13;
/// Socket option (get): file descriptor signalling socket events.
pub const ZMQ_FD: c_int = 14;
/// Socket option (get): ZMQ_POLLIN / ZMQ_POLLOUT readiness now.
pub const ZMQ_EVENTS: c_int = 15;
/// Socket option (get): socket type.
pub const ZMQ_TYPE: c_int = 16;
/// Socket option: linger period on close, ms.
pub const ZMQ_LINGER: c_int = 17;
/// Socket option: reconnection interval, ms.
pub const ZMQ_RECONNECT_IVL: c_int = 18;
/// Socket option: listen backlog.
pub const ZMQ_BACKLOG: c_int = 19;
/// Socket option: maximum reconnection interval, ms.
pub const ZMQ_RECONNECT_IVL_MAX: c_int = 21;
/// Socket option: maximum inbound message size (int64_t).
pub const ZMQ_MAXMSGSIZE: c_int = 22;
/// Socket option: outbound high-water mark, messages.
pub const ZMQ_SNDHWM: c_int = 23;
/// Socket option: inbound high-water mark, messages.
pub const ZMQ_RCVHWM: c_int = 24;
/// Socket option: multicast TTL.
pub const ZMQ_MULTICAST_HOPS: c_int = 25;
/// Socket option: receive timeout, ms.
pub const ZMQ_RCVTIMEO: c_int = 27;
/// Socket option: send timeout, ms.
pub const ZMQ_SNDTIMEO: c_int = 28;
/// Socket option (get): last endpoint bound or connected.
pub const ZMQ_LAST_ENDPOINT: c_int = 32;
/// Socket option: ROUTER reports unroutable messages.
pub const ZMQ_ROUTER_MANDATORY: c_int = 33;
/// Socket option: override SO_KEEPALIVE.
pub const ZMQ_TCP_KEEPALIVE: c_int = 34;
/// Socket option: override TCP_KEEPCNT.
pub const ZMQ_TCP_KEEPALIVE_CNT: c_int = 35;
/// Socket option: override TCP_KEEPIDLE.
pub const ZMQ_TCP_KEEPALIVE_IDLE: c_int = 36;
/// Socket option: override TCP_KEEPINTVL.
pub const ZMQ_TCP_KEEPALIVE_INTVL: c_int = 37;
/// Socket option: queue only on completed connections.
pub const ZMQ_IMMEDIATE: c_int = 39;
/// Socket option: XPUB passes on every subscription.
pub const ZMQ_XPUB_VERBOSE: c_int = 40;
/// Socket option: ROUTER in raw mode.
pub const ZMQ_ROUTER_RAW: c_int = 41;
/// Socket option: enable IPv6.
pub const ZMQ_IPV6: c_int = 42;
/// Socket option (get): security mechanism in use.
pub const ZMQ_MECHANISM: c_int = 43;
/// Socket option: act as PLAIN server.
pub const ZMQ_PLAIN_SERVER: c_int = 44;
/// Socket option: PLAIN user name.
pub const ZMQ_PLAIN_USERNAME: c_int = 45;
/// Socket option: PLAIN password.
pub const ZMQ_PLAIN_PASSWORD: c_int = 46;
/// Socket option: act as CURVE server.
pub const ZMQ_CURVE_SERVER: c_int = 47;
/// Socket option: own CURVE public key.
pub const ZMQ_CURVE_PUBLICKEY: c_int = 48;
/// Socket option: own CURVE secret key.
pub const ZMQ_CURVE_SECRETKEY: c_int = 49;
/// Socket option: CURVE server's public key.
pub const ZMQ_CURVE_SERVERKEY: c_int = 50;
/// Socket option: send an empty message on connect.
pub const ZMQ_PROBE_ROUTER: c_int = 51;
/// Socket option: REQ matches replies to requests.
pub const ZMQ_REQ_CORRELATE: c_int = 52;
/// Socket option: REQ may send before the reply arrives.
pub const ZMQ_REQ_RELAXED: c_int = 53;
/// Socket option: keep only the last message.
pub const ZMQ_CONFLATE: c_int = 54;
/// Socket option: ZAP authentication domain.
pub const ZMQ_ZAP_DOMAIN: c_int = 55;
/// Socket option: ROUTER hands a routing id over to a new peer.
pub const ZMQ_ROUTER_HANDOVER: c_int = 56;
/// Socket option: IP type of service.
pub const ZMQ_TOS: c_int = 57;
/// Socket option: routing id for the next connect.
pub const ZMQ_CONNECT_ROUTING_ID: c_int = 61;
/// Socket option: act as GSSAPI server.
pub const ZMQ_GSSAPI_SERVER: c_int = 62;
/// Socket option: own GSSAPI principal.
pub const ZMQ_GSSAPI_PRINCIPAL: c_int = 63;
/// Socket option: GSSAPI principal of the server.
pub const ZMQ_GSSAPI_SERVICE_PRINCIPAL: c_int = 64;
/// Socket option: disable GSSAPI encryption.
pub const ZMQ_GSSAPI_PLAINTEXT: c_int = 65;
/// Socket option: handshake time limit, ms.
pub const ZMQ_HANDSHAKE_IVL: c_int = 66;
/// Socket option: SOCKS5 proxy address.
pub const ZMQ_SOCKS_PROXY: c_int = 68;
/// Socket option: XPUB blocks instead of dropping at the high-water mark.
pub const ZMQ_XPUB_NODROP: c_int = 69;
/// Context option: block on termination (new sockets' linger).
pub const ZMQ_BLOCKY: c_int = 70;
/// Socket option: XPUB subscriptions handled by the application.
pub const ZMQ_XPUB_MANUAL: c_int = 71;
/// Socket option: message XPUB sends to each new subscriber.
pub const ZMQ_XPUB_WELCOME_MSG: c_int = 72;
/// Socket option: STREAM reports connects and disconnects.
pub const ZMQ_STREAM_NOTIFY: c_int = 73;
/// Socket option: deliver messages NOT matching the filters.
pub const ZMQ_INVERT_MATCHING: c_int = 74;
/// Socket option: ZMTP heartbeat interval, ms.
pub const ZMQ_HEARTBEAT_IVL: c_int = 75;
/// Socket option: ZMTP heartbeat TTL, ms.
pub const ZMQ_HEARTBEAT_TTL: c_int = 76;
/// Socket option: ZMTP heartbeat timeout, ms.
pub const ZMQ_HEARTBEAT_TIMEOUT: c_int = 77;
/// Socket option: XPUB passes on every subscribe and unsubscribe.
pub const ZMQ_XPUB_VERBOSER: c_int = 78;
/// Socket option: TCP connect timeout, ms.
pub const ZMQ_CONNECT_TIMEOUT: c_int = 79;
/// Socket option: TCP maximum retransmit timeout, ms.
pub const ZMQ_TCP_MAXRT: c_int = 80;
/// Socket option (get): the socket is thread-safe.
pub const ZMQ_THREAD_SAFE: c_int = 81;
/// Socket option: multicast maximum transport data unit.
pub const ZMQ_MULTICAST_MAXTPDU: c_int = 84;
/// Socket option: VMCI buffer size (uint64_t).
pub const ZMQ_VMCI_BUFFER_SIZE: c_int = 85;
/// Socket option: VMCI minimum buffer size (uint64_t).
pub const ZMQ_VMCI_BUFFER_MIN_SIZE: c_int = 86;
/// Socket option: VMCI maximum buffer size (uint64_t).
pub const ZMQ_VMCI_BUFFER_MAX_SIZE: c_int = 87;
/// Socket option: VMCI connect timeout, ms.
pub const ZMQ_VMCI_CONNECT_TIMEOUT: c_int = 88;
/// Socket option: listen on this pre-opened file descriptor.
pub const ZMQ_USE_FD: c_int = 89;
/// Socket option: name type of the own GSSAPI principal.
pub const ZMQ_GSSAPI_PRINCIPAL_NAMETYPE: c_int = 90;
/// Socket option: name type of the GSSAPI service principal.
pub const ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE: c_int = 91;
/// Socket option: bind to this network interface.
pub const ZMQ_BINDTODEVICE: c_int = 92;

// Message properties (zmq_msg_get).
/// Message property: more parts follow.
pub const ZMQ_MORE: c_int = 1;
/// Message property: the message buffer may be shared.
pub const ZMQ_SHARED: c_int = 3;

// Send / receive flags.
/// Send/receive flag: do not block.
pub const ZMQ_DONTWAIT: c_int = 1;
/// Send flag: more parts follow.
pub const ZMQ_SNDMORE: c_int = 2;

// Security mechanisms (ZMQ_MECHANISM values).
/// Security mechanism: none.
pub const ZMQ_NULL: c_int = 0;
/// Security mechanism: PLAIN.
pub const ZMQ_PLAIN: c_int = 1;
/// Security mechanism: CURVE.
pub const ZMQ_CURVE: c_int = 2;
/// Security mechanism: GSSAPI.
pub const ZMQ_GSSAPI: c_int = 3;

// RADIO-DISH.
/// Longest RADIO-DISH group name, bytes.
pub const ZMQ_GROUP_MAX_LENGTH: c_int = 255;

// Deprecated options and aliases.
/// Deprecated alias of ZMQ_ROUTING_ID.
pub const ZMQ_IDENTITY: c_int = ZMQ_ROUTING_ID;
/// Deprecated alias of ZMQ_CONNECT_ROUTING_ID.
pub const ZMQ_CONNECT_RID: c_int = ZMQ_CONNECT_ROUTING_ID;
/// Deprecated socket option: accept TCP peers from this address only.
pub const ZMQ_TCP_ACCEPT_FILTER: c_int = 38;
/// Deprecated socket option: accept IPC peers with this pid only.
pub const ZMQ_IPC_FILTER_PID: c_int = 58;
/// Deprecated socket option: accept IPC peers with this uid only.
pub const ZMQ_IPC_FILTER_UID: c_int = 59;
/// Deprecated socket option: accept IPC peers with this gid only.
pub const ZMQ_IPC_FILTER_GID: c_int = 60;
/// Deprecated socket option: inverse of ZMQ_IPV6.
pub const ZMQ_IPV4ONLY: c_int = 31;
/// Deprecated alias of ZMQ_IMMEDIATE.
pub const ZMQ_DELAY_ATTACH_ON_CONNECT: c_int = ZMQ_IMMEDIATE;
/// Deprecated alias of ZMQ_DONTWAIT.
pub const ZMQ_NOBLOCK: c_int = ZMQ_DONTWAIT;
/// Deprecated alias of ZMQ_ROUTER_MANDATORY.
pub const ZMQ_FAIL_UNROUTABLE: c_int = ZMQ_ROUTER_MANDATORY;
/// Deprecated alias of ZMQ_ROUTER_MANDATORY.
pub const ZMQ_ROUTER_BEHAVIOR: c_int = ZMQ_ROUTER_MANDATORY;

// Deprecated message properties.
/// Deprecated message property: file descriptor the message came from.
pub const ZMQ_SRCFD: c_int = 2;

// GSSAPI principal name types.
/// GSSAPI name type: host-based service.
pub const ZMQ_GSSAPI_NT_HOSTBASED: c_int = 0;
/// GSSAPI name type: user name.
pub const ZMQ_GSSAPI_NT_USER_NAME: c_int = 1;
/// GSSAPI name type: Kerberos 5 principal.
pub const ZMQ_GSSAPI_NT_KRB5_PRINCIPAL: c_int = 2;

// Socket monitor events (zmq_socket_monitor).
/// Monitor event: connection established; value is the fd (0x0001).
pub const ZMQ_EVENT_CONNECTED: c_int = 0x0001;
/// Monitor event: connect in progress; value is the errno (0x0002).
pub const ZMQ_EVENT_CONNECT_DELAYED: c_int = 0x0002;
/// Monitor event: reconnect scheduled; value is the interval, ms (0x0004).
pub const ZMQ_EVENT_CONNECT_RETRIED: c_int = 0x0004;
/// Monitor event: bound and listening; value is the fd (0x0008).
pub const ZMQ_EVENT_LISTENING: c_int = 0x0008;
/// Monitor event: bind failed; value is the errno (0x0010).
pub const ZMQ_EVENT_BIND_FAILED: c_int = 0x0010;
/// Monitor event: connection accepted; value is the fd (0x0020).
pub const ZMQ_EVENT_ACCEPTED: c_int = 0x0020;
/// Monitor event: accept failed; value is the errno (0x0040).
pub const ZMQ_EVENT_ACCEPT_FAILED: c_int = 0x0040;
/// Monitor event: connection closed; value is the fd (0x0080).
pub const ZMQ_EVENT_CLOSED: c_int = 0x0080;
/// Monitor event: close failed; value is the errno (0x0100).
pub const ZMQ_EVENT_CLOSE_FAILED: c_int = 0x0100;
/// Monitor event: session broken; value is the fd (0x0200).
pub const ZMQ_EVENT_DISCONNECTED: c_int = 0x0200;
/// Monitor event: monitoring stopped (0x0400).
pub const ZMQ_EVENT_MONITOR_STOPPED: c_int = 0x0400;
/// Monitor event mask: every event (0xFFFF).
pub const ZMQ_EVENT_ALL: c_int = 0xFFFF;
/// ferromq extension, not libzmq: read-only uint64_t option, messages dropped at HWM.
///
/// Messages the socket dropped because a peer's pipe was at its
/// high-water mark (PUB, XPUB, ROUTER; one per message and peer).
pub const ZMQ_FERROMQ_HWM_DROPPED: c_int = 0x4652_0001;
/// Monitor event: handshake failed (system error); value is the errno (0x0800).
pub const ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL: c_int = 0x0800;
/// Monitor event: handshake (and authentication) succeeded (0x1000).
pub const ZMQ_EVENT_HANDSHAKE_SUCCEEDED: c_int = 0x1000;
/// Monitor event: handshake protocol error; value is a ZMQ_PROTOCOL_ERROR_* (0x2000).
pub const ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL: c_int = 0x2000;
/// Monitor event: authentication failed; value is the ZAP status code (0x4000).
pub const ZMQ_EVENT_HANDSHAKE_FAILED_AUTH: c_int = 0x4000;
/// Protocol error: unspecified ZMTP error (0x10000000).
pub const ZMQ_PROTOCOL_ERROR_ZMTP_UNSPECIFIED: c_int = 0x10000000;
/// Protocol error: unexpected ZMTP command (0x10000001).
pub const ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND: c_int = 0x10000001;
/// Protocol error: invalid sequence (0x10000002).
pub const ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE: c_int = 0x10000002;
/// Protocol error: key exchange failed (0x10000003).
pub const ZMQ_PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE: c_int = 0x10000003;
/// Protocol error: malformed command (0x10000011).
pub const ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED: c_int = 0x10000011;
/// Protocol error: malformed MESSAGE command (0x10000012).
pub const ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE: c_int = 0x10000012;
/// Protocol error: malformed HELLO command (0x10000013).
pub const ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO: c_int = 0x10000013;
/// Protocol error: malformed INITIATE command (0x10000014).
pub const ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE: c_int = 0x10000014;
/// Protocol error: malformed ERROR command (0x10000015).
pub const ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR: c_int = 0x10000015;
/// Protocol error: malformed READY command (0x10000016).
pub const ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY: c_int = 0x10000016;
/// Protocol error: malformed WELCOME command (0x10000017).
pub const ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME: c_int = 0x10000017;
/// Protocol error: invalid metadata (0x10000018).
pub const ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_METADATA: c_int = 0x10000018;
/// Protocol error: cryptographic failure (often a peer's key configuration) (0x11000001).
pub const ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC: c_int = 0x11000001;
/// Protocol error: peers use different security mechanisms (0x11000002).
pub const ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH: c_int = 0x11000002;
/// Protocol error: unspecified ZAP error (0x20000000).
pub const ZMQ_PROTOCOL_ERROR_ZAP_UNSPECIFIED: c_int = 0x20000000;
/// Protocol error: malformed ZAP reply (0x20000001).
pub const ZMQ_PROTOCOL_ERROR_ZAP_MALFORMED_REPLY: c_int = 0x20000001;
/// Protocol error: ZAP reply with a wrong request id (0x20000002).
pub const ZMQ_PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID: c_int = 0x20000002;
/// Protocol error: ZAP reply with a wrong version (0x20000003).
pub const ZMQ_PROTOCOL_ERROR_ZAP_BAD_VERSION: c_int = 0x20000003;
/// Protocol error: ZAP reply with an invalid status code (0x20000004).
pub const ZMQ_PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE: c_int = 0x20000004;
/// Protocol error: ZAP reply with invalid metadata (0x20000005).
pub const ZMQ_PROTOCOL_ERROR_ZAP_INVALID_METADATA: c_int = 0x20000005;
/// Protocol error: unspecified WebSocket error (0x30000000).
pub const ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED: c_int = 0x30000000;

// I/O multiplexing (zmq_poll).
/// Poll event: readable / message available.
pub const ZMQ_POLLIN: c_int = 1;
/// Poll event: writable / can send.
pub const ZMQ_POLLOUT: c_int = 2;
/// Poll event: error (plain file descriptors only).
pub const ZMQ_POLLERR: c_int = 4;
/// Poll event: urgent data (plain file descriptors only).
pub const ZMQ_POLLPRI: c_int = 8;
/// Default number of poll items.
pub const ZMQ_POLLITEMS_DFLT: c_int = 16;

// Capabilities and deprecated devices.
/// zmq_has() is available.
pub const ZMQ_HAS_CAPABILITIES: c_int = 1;
/// Deprecated zmq_device type (ignored).
pub const ZMQ_STREAMER: c_int = 1;
/// Deprecated zmq_device type (ignored).
pub const ZMQ_FORWARDER: c_int = 2;
/// Deprecated zmq_device type (ignored).
pub const ZMQ_QUEUE: c_int = 3;

// ===== DRAFT API: only with the `draft` feature / ZMQ_BUILD_DRAFT_API. =====

// DRAFT socket types.
/// DRAFT socket type: thread-safe server.
#[cfg(feature = "draft")]
pub const ZMQ_SERVER: c_int = 12;
/// DRAFT socket type: thread-safe client.
#[cfg(feature = "draft")]
pub const ZMQ_CLIENT: c_int = 13;
/// DRAFT socket type: group publisher.
#[cfg(feature = "draft")]
pub const ZMQ_RADIO: c_int = 14;
/// DRAFT socket type: group subscriber.
#[cfg(feature = "draft")]
pub const ZMQ_DISH: c_int = 15;
/// DRAFT socket type: thread-safe pipeline receiver.
#[cfg(feature = "draft")]
pub const ZMQ_GATHER: c_int = 16;
/// DRAFT socket type: thread-safe pipeline sender.
#[cfg(feature = "draft")]
pub const ZMQ_SCATTER: c_int = 17;
/// DRAFT socket type: UDP datagrams.
#[cfg(feature = "draft")]
pub const ZMQ_DGRAM: c_int = 18;
/// DRAFT socket type: peer-to-peer.
#[cfg(feature = "draft")]
pub const ZMQ_PEER: c_int = 19;
/// DRAFT socket type: thread-safe pair.
#[cfg(feature = "draft")]
pub const ZMQ_CHANNEL: c_int = 20;

// DRAFT socket options.
/// DRAFT socket option: strict ZAP domain handling (RFC 27).
#[cfg(feature = "draft")]
pub const ZMQ_ZAP_ENFORCE_DOMAIN: c_int = 93;
/// DRAFT socket option: Windows loopback fast path.
#[cfg(feature = "draft")]
pub const ZMQ_LOOPBACK_FASTPATH: c_int = 94;
/// DRAFT socket option: add an "X-name:value" handshake property.
#[cfg(feature = "draft")]
pub const ZMQ_METADATA: c_int = 95;
/// DRAFT socket option: loop UDP multicast back locally.
#[cfg(feature = "draft")]
pub const ZMQ_MULTICAST_LOOP: c_int = 96;
/// DRAFT socket option: ROUTER reports peer connects/disconnects.
#[cfg(feature = "draft")]
pub const ZMQ_ROUTER_NOTIFY: c_int = 97;
/// DRAFT socket option: XPUB manual mode with last-value caching.
#[cfg(feature = "draft")]
pub const ZMQ_XPUB_MANUAL_LAST_VALUE: c_int = 98;
/// DRAFT socket option: SOCKS5 user name.
#[cfg(feature = "draft")]
pub const ZMQ_SOCKS_USERNAME: c_int = 99;
/// DRAFT socket option: SOCKS5 password.
#[cfg(feature = "draft")]
pub const ZMQ_SOCKS_PASSWORD: c_int = 100;
/// DRAFT socket option: inbound batch size.
#[cfg(feature = "draft")]
pub const ZMQ_IN_BATCH_SIZE: c_int = 101;
/// DRAFT socket option: outbound batch size.
#[cfg(feature = "draft")]
pub const ZMQ_OUT_BATCH_SIZE: c_int = 102;
/// DRAFT socket option: WSS private key (PEM).
#[cfg(feature = "draft")]
pub const ZMQ_WSS_KEY_PEM: c_int = 103;
/// DRAFT socket option: WSS certificate (PEM).
#[cfg(feature = "draft")]
pub const ZMQ_WSS_CERT_PEM: c_int = 104;
/// DRAFT socket option: WSS trusted CA (PEM).
#[cfg(feature = "draft")]
pub const ZMQ_WSS_TRUST_PEM: c_int = 105;
/// DRAFT socket option: WSS expected server host name.
#[cfg(feature = "draft")]
pub const ZMQ_WSS_HOSTNAME: c_int = 106;
/// DRAFT socket option: WSS trusts the system CA store.
#[cfg(feature = "draft")]
pub const ZMQ_WSS_TRUST_SYSTEM: c_int = 107;
/// DRAFT socket option: only the first part may be a (un)subscription.
#[cfg(feature = "draft")]
pub const ZMQ_ONLY_FIRST_SUBSCRIBE: c_int = 108;
/// DRAFT socket option: when to stop reconnecting (ZMQ_RECONNECT_STOP_*).
#[cfg(feature = "draft")]
pub const ZMQ_RECONNECT_STOP: c_int = 109;
/// DRAFT socket option: message sent to each new peer.
#[cfg(feature = "draft")]
pub const ZMQ_HELLO_MSG: c_int = 110;
/// DRAFT socket option: message delivered when a peer disconnects.
#[cfg(feature = "draft")]
pub const ZMQ_DISCONNECT_MSG: c_int = 111;
/// DRAFT socket option: SO_PRIORITY.
#[cfg(feature = "draft")]
pub const ZMQ_PRIORITY: c_int = 112;
/// DRAFT socket option: SO_BUSY_POLL.
#[cfg(feature = "draft")]
pub const ZMQ_BUSY_POLL: c_int = 113;
/// DRAFT socket option: message delivered when a connection drops.
#[cfg(feature = "draft")]
pub const ZMQ_HICCUP_MSG: c_int = 114;
/// DRAFT socket option: XSUB forwards duplicate unsubscriptions.
#[cfg(feature = "draft")]
pub const ZMQ_XSUB_VERBOSE_UNSUBSCRIBE: c_int = 115;
/// DRAFT socket option (get): number of subscribed topics.
#[cfg(feature = "draft")]
pub const ZMQ_TOPICS_COUNT: c_int = 116;
/// DRAFT socket option: NORM congestion control mode (ZMQ_NORM_*).
#[cfg(feature = "draft")]
pub const ZMQ_NORM_MODE: c_int = 117;
/// DRAFT socket option: NORM unicast NACKs.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_UNICAST_NACK: c_int = 118;
/// DRAFT socket option: NORM buffer size, KB.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_BUFFER_SIZE: c_int = 119;
/// DRAFT socket option: NORM segment size, bytes.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_SEGMENT_SIZE: c_int = 120;
/// DRAFT socket option: NORM FEC block size.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_BLOCK_SIZE: c_int = 121;
/// DRAFT socket option: NORM parity segments per block.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_NUM_PARITY: c_int = 122;
/// DRAFT socket option: NORM proactive parity segments.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_NUM_AUTOPARITY: c_int = 123;
/// DRAFT socket option: NORM push mode.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_PUSH: c_int = 124;

// DRAFT ZMQ_NORM_MODE values.
/// DRAFT ZMQ_NORM_MODE: fixed rate.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_FIXED: c_int = 0;
/// DRAFT ZMQ_NORM_MODE: congestion control.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_CC: c_int = 1;
/// DRAFT ZMQ_NORM_MODE: loss-tolerant congestion control.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_CCL: c_int = 2;
/// DRAFT ZMQ_NORM_MODE: ECN congestion control.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_CCE: c_int = 3;
/// DRAFT ZMQ_NORM_MODE: ECN-only congestion control.
#[cfg(feature = "draft")]
pub const ZMQ_NORM_CCE_ECNONLY: c_int = 4;

// DRAFT ZMQ_RECONNECT_STOP bits.
/// DRAFT ZMQ_RECONNECT_STOP bit: stop after connection refused (0x1).
#[cfg(feature = "draft")]
pub const ZMQ_RECONNECT_STOP_CONN_REFUSED: c_int = 0x1;
/// DRAFT ZMQ_RECONNECT_STOP bit: stop after a failed handshake (0x2).
#[cfg(feature = "draft")]
pub const ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED: c_int = 0x2;
/// DRAFT ZMQ_RECONNECT_STOP bit: stop after a disconnect (0x4; 0x3 in libzmq 4.3.4).
#[cfg(feature = "draft")]
pub const ZMQ_RECONNECT_STOP_AFTER_DISCONNECT: c_int = 0x4;

// DRAFT context options.
/// DRAFT context option: zero-copy receive.
#[cfg(feature = "draft")]
pub const ZMQ_ZERO_COPY_RECV: c_int = 10;

// DRAFT message property names (zmq_msg_gets).
/// DRAFT message property name: routing id.
///
/// cbindgen:ignore
#[cfg(feature = "draft")]
pub const ZMQ_MSG_PROPERTY_ROUTING_ID: &str = "Routing-Id";
/// DRAFT message property name: peer socket type.
///
/// cbindgen:ignore
#[cfg(feature = "draft")]
pub const ZMQ_MSG_PROPERTY_SOCKET_TYPE: &str = "Socket-Type";
/// DRAFT message property name: user id from ZAP.
///
/// cbindgen:ignore
#[cfg(feature = "draft")]
pub const ZMQ_MSG_PROPERTY_USER_ID: &str = "User-Id";
/// DRAFT message property name: peer address.
///
/// cbindgen:ignore
#[cfg(feature = "draft")]
pub const ZMQ_MSG_PROPERTY_PEER_ADDRESS: &str = "Peer-Address";

// DRAFT ZMQ_ROUTER_NOTIFY values.
/// DRAFT ZMQ_ROUTER_NOTIFY bit: report connects.
#[cfg(feature = "draft")]
pub const ZMQ_NOTIFY_CONNECT: c_int = 1;
/// DRAFT ZMQ_ROUTER_NOTIFY bit: report disconnects.
#[cfg(feature = "draft")]
pub const ZMQ_NOTIFY_DISCONNECT: c_int = 2;

// DRAFT socket monitor events.
/// DRAFT monitor event (v2): pipe queue statistics (0x10000).
#[cfg(feature = "draft")]
pub const ZMQ_EVENT_PIPES_STATS: c_int = 0x10000;
/// DRAFT: monitor event format version 1.
#[cfg(feature = "draft")]
pub const ZMQ_CURRENT_EVENT_VERSION: c_int = 1;
/// DRAFT: monitor event format version 2.
#[cfg(feature = "draft")]
pub const ZMQ_CURRENT_EVENT_VERSION_DRAFT: c_int = 2;
/// ferromq extension, not libzmq: monitor v2 event, messages dropped at HWM.
///
/// Never part of ZMQ_EVENT_ALL_V2 (ask for it): a send dropped messages
/// at a high-water mark; 2 values: dropped since the previous such event,
/// total.
#[cfg(feature = "draft")]
pub const ZMQ_FERROMQ_EVENT_HWM_DROPPED: u64 = 0x0001_0000_0000_0000;
/// DRAFT monitor event mask: every v1 event.
#[cfg(feature = "draft")]
pub const ZMQ_EVENT_ALL_V1: c_int = ZMQ_EVENT_ALL;
/// DRAFT monitor event mask: every v2 event.
#[cfg(feature = "draft")]
pub const ZMQ_EVENT_ALL_V2: c_int = ZMQ_EVENT_ALL_V1 | ZMQ_EVENT_PIPES_STATS;
