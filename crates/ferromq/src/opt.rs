//! libzmq's numeric constants used by the engine: socket options, flags,
//! context options, message properties and monitor events.

#![allow(missing_docs)]

// Send/recv flags.
pub const ZMQ_DONTWAIT: i32 = 1;
pub const ZMQ_SNDMORE: i32 = 2;

// Poll events.
pub const ZMQ_POLLIN: i16 = 1;
pub const ZMQ_POLLOUT: i16 = 2;
pub const ZMQ_POLLERR: i16 = 4;
pub const ZMQ_POLLPRI: i16 = 8;

// Security mechanisms.
pub const ZMQ_NULL: i32 = 0;
pub const ZMQ_PLAIN: i32 = 1;
pub const ZMQ_CURVE: i32 = 2;
pub const ZMQ_GSSAPI: i32 = 3;

// Message properties.
pub const ZMQ_MORE: i32 = 1;
pub const ZMQ_SRCFD: i32 = 2;
pub const ZMQ_SHARED: i32 = 3;

// Context options.
pub const ZMQ_IO_THREADS: i32 = 1;
pub const ZMQ_MAX_SOCKETS: i32 = 2;
pub const ZMQ_SOCKET_LIMIT: i32 = 3;
pub const ZMQ_THREAD_PRIORITY: i32 = 3;
pub const ZMQ_THREAD_SCHED_POLICY: i32 = 4;
pub const ZMQ_MAX_MSGSZ: i32 = 5;
pub const ZMQ_MSG_T_SIZE: i32 = 6;
pub const ZMQ_THREAD_AFFINITY_CPU_ADD: i32 = 7;
pub const ZMQ_THREAD_AFFINITY_CPU_REMOVE: i32 = 8;
pub const ZMQ_THREAD_NAME_PREFIX: i32 = 9;
pub const ZMQ_ZERO_COPY_RECV: i32 = 10;
pub const ZMQ_IPV6_CTX: i32 = 42;
pub const ZMQ_BLOCKY: i32 = 70;

// Socket options.
pub const ZMQ_AFFINITY: i32 = 4;
pub const ZMQ_ROUTING_ID: i32 = 5;
pub const ZMQ_SUBSCRIBE: i32 = 6;
pub const ZMQ_UNSUBSCRIBE: i32 = 7;
pub const ZMQ_RATE: i32 = 8;
pub const ZMQ_RECOVERY_IVL: i32 = 9;
pub const ZMQ_SNDBUF: i32 = 11;
pub const ZMQ_RCVBUF: i32 = 12;
pub const ZMQ_RCVMORE: i32 = 13;
pub const ZMQ_FD: i32 = 14;
pub const ZMQ_EVENTS: i32 = 15;
pub const ZMQ_TYPE: i32 = 16;
pub const ZMQ_LINGER: i32 = 17;
pub const ZMQ_RECONNECT_IVL: i32 = 18;
pub const ZMQ_BACKLOG: i32 = 19;
pub const ZMQ_RECONNECT_IVL_MAX: i32 = 21;
pub const ZMQ_MAXMSGSIZE: i32 = 22;
pub const ZMQ_SNDHWM: i32 = 23;
pub const ZMQ_RCVHWM: i32 = 24;
pub const ZMQ_MULTICAST_HOPS: i32 = 25;
pub const ZMQ_RCVTIMEO: i32 = 27;
pub const ZMQ_SNDTIMEO: i32 = 28;
pub const ZMQ_LAST_ENDPOINT: i32 = 32;
pub const ZMQ_ROUTER_MANDATORY: i32 = 33;
pub const ZMQ_TCP_KEEPALIVE: i32 = 34;
pub const ZMQ_TCP_KEEPALIVE_CNT: i32 = 35;
pub const ZMQ_TCP_KEEPALIVE_IDLE: i32 = 36;
pub const ZMQ_TCP_KEEPALIVE_INTVL: i32 = 37;
pub const ZMQ_IMMEDIATE: i32 = 39;
pub const ZMQ_XPUB_VERBOSE: i32 = 40;
pub const ZMQ_ROUTER_RAW: i32 = 41;
pub const ZMQ_IPV6: i32 = 42;
pub const ZMQ_MECHANISM: i32 = 43;
pub const ZMQ_PLAIN_SERVER: i32 = 44;
pub const ZMQ_PLAIN_USERNAME: i32 = 45;
pub const ZMQ_PLAIN_PASSWORD: i32 = 46;
pub const ZMQ_CURVE_SERVER: i32 = 47;
pub const ZMQ_CURVE_PUBLICKEY: i32 = 48;
pub const ZMQ_CURVE_SECRETKEY: i32 = 49;
pub const ZMQ_CURVE_SERVERKEY: i32 = 50;
pub const ZMQ_PROBE_ROUTER: i32 = 51;
pub const ZMQ_REQ_CORRELATE: i32 = 52;
pub const ZMQ_REQ_RELAXED: i32 = 53;
pub const ZMQ_CONFLATE: i32 = 54;
pub const ZMQ_ZAP_DOMAIN: i32 = 55;
pub const ZMQ_ROUTER_HANDOVER: i32 = 56;
pub const ZMQ_TOS: i32 = 57;
pub const ZMQ_CONNECT_ROUTING_ID: i32 = 61;
pub const ZMQ_GSSAPI_SERVER: i32 = 62;
pub const ZMQ_GSSAPI_PRINCIPAL: i32 = 63;
pub const ZMQ_GSSAPI_SERVICE_PRINCIPAL: i32 = 64;
pub const ZMQ_GSSAPI_PLAINTEXT: i32 = 65;
pub const ZMQ_HANDSHAKE_IVL: i32 = 66;
pub const ZMQ_SOCKS_PROXY: i32 = 68;
pub const ZMQ_XPUB_NODROP: i32 = 69;
pub const ZMQ_XPUB_MANUAL: i32 = 71;
pub const ZMQ_XPUB_WELCOME_MSG: i32 = 72;
pub const ZMQ_STREAM_NOTIFY: i32 = 73;
pub const ZMQ_INVERT_MATCHING: i32 = 74;
pub const ZMQ_HEARTBEAT_IVL: i32 = 75;
pub const ZMQ_HEARTBEAT_TTL: i32 = 76;
pub const ZMQ_HEARTBEAT_TIMEOUT: i32 = 77;
pub const ZMQ_XPUB_VERBOSER: i32 = 78;
pub const ZMQ_CONNECT_TIMEOUT: i32 = 79;
pub const ZMQ_TCP_MAXRT: i32 = 80;
pub const ZMQ_THREAD_SAFE: i32 = 81;
pub const ZMQ_MULTICAST_MAXTPDU: i32 = 84;
pub const ZMQ_VMCI_BUFFER_SIZE: i32 = 85;
pub const ZMQ_VMCI_BUFFER_MIN_SIZE: i32 = 86;
pub const ZMQ_VMCI_BUFFER_MAX_SIZE: i32 = 87;
pub const ZMQ_VMCI_CONNECT_TIMEOUT: i32 = 88;
pub const ZMQ_USE_FD: i32 = 89;
pub const ZMQ_GSSAPI_PRINCIPAL_NAMETYPE: i32 = 90;
pub const ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE: i32 = 91;
pub const ZMQ_BINDTODEVICE: i32 = 92;
pub const ZMQ_IPV4ONLY: i32 = 31;
pub const ZMQ_TCP_ACCEPT_FILTER: i32 = 38;
pub const ZMQ_IPC_FILTER_PID: i32 = 58;
pub const ZMQ_IPC_FILTER_UID: i32 = 59;
pub const ZMQ_IPC_FILTER_GID: i32 = 60;
// Draft options that libzmq 4.3 handles even in a stable build.
pub const ZMQ_ZAP_ENFORCE_DOMAIN: i32 = 93;
pub const ZMQ_LOOPBACK_FASTPATH: i32 = 94;
pub const ZMQ_METADATA: i32 = 95;
pub const ZMQ_MULTICAST_LOOP: i32 = 96;
pub const ZMQ_ROUTER_NOTIFY: i32 = 97;
pub const ZMQ_XPUB_MANUAL_LAST_VALUE: i32 = 98;
pub const ZMQ_SOCKS_USERNAME: i32 = 99;
pub const ZMQ_SOCKS_PASSWORD: i32 = 100;
pub const ZMQ_WSS_KEY_PEM: i32 = 103;
pub const ZMQ_WSS_CERT_PEM: i32 = 104;
pub const ZMQ_WSS_TRUST_PEM: i32 = 105;
pub const ZMQ_WSS_HOSTNAME: i32 = 106;
pub const ZMQ_WSS_TRUST_SYSTEM: i32 = 107;
pub const ZMQ_ONLY_FIRST_SUBSCRIBE: i32 = 108;
pub const ZMQ_RECONNECT_STOP: i32 = 109;
// Draft options (a libzmq draft build; our library is one).
pub const ZMQ_IN_BATCH_SIZE: i32 = 101;
pub const ZMQ_OUT_BATCH_SIZE: i32 = 102;
pub const ZMQ_HELLO_MSG: i32 = 110;
pub const ZMQ_DISCONNECT_MSG: i32 = 111;
pub const ZMQ_PRIORITY: i32 = 112;
pub const ZMQ_BUSY_POLL: i32 = 113;
pub const ZMQ_HICCUP_MSG: i32 = 114;
pub const ZMQ_XSUB_VERBOSE_UNSUBSCRIBE: i32 = 115;
pub const ZMQ_TOPICS_COUNT: i32 = 116;
pub const ZMQ_NOTIFY_CONNECT: i32 = 1;
pub const ZMQ_NOTIFY_DISCONNECT: i32 = 2;
pub const ZMQ_RECONNECT_STOP_CONN_REFUSED: i32 = 0x1;
pub const ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED: i32 = 0x2;
pub const ZMQ_RECONNECT_STOP_AFTER_DISCONNECT: i32 = 0x4;
/// ferromq extension (read-only, u64): messages this socket dropped at a
/// pipe's high-water mark (see README). Outside libzmq's option numbers.
pub const ZMQ_FERROMQ_HWM_DROPPED: i32 = 0x4652_0001;

// Monitor events.
pub const ZMQ_EVENT_CONNECTED: u32 = 0x0001;
pub const ZMQ_EVENT_CONNECT_DELAYED: u32 = 0x0002;
pub const ZMQ_EVENT_CONNECT_RETRIED: u32 = 0x0004;
pub const ZMQ_EVENT_LISTENING: u32 = 0x0008;
pub const ZMQ_EVENT_BIND_FAILED: u32 = 0x0010;
pub const ZMQ_EVENT_ACCEPTED: u32 = 0x0020;
pub const ZMQ_EVENT_ACCEPT_FAILED: u32 = 0x0040;
pub const ZMQ_EVENT_CLOSED: u32 = 0x0080;
pub const ZMQ_EVENT_CLOSE_FAILED: u32 = 0x0100;
pub const ZMQ_EVENT_DISCONNECTED: u32 = 0x0200;
pub const ZMQ_EVENT_MONITOR_STOPPED: u32 = 0x0400;
pub const ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL: u32 = 0x0800;
pub const ZMQ_EVENT_HANDSHAKE_SUCCEEDED: u32 = 0x1000;
pub const ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL: u32 = 0x2000;
pub const ZMQ_EVENT_HANDSHAKE_FAILED_AUTH: u32 = 0x4000;
pub const ZMQ_EVENT_ALL: u32 = 0xFFFF;
/// Monitor v2 only: per-pipe queue statistics.
pub const ZMQ_EVENT_PIPES_STATS: u64 = 0x10000;
/// ferromq extension, monitor v2 only: messages dropped at a high-water
/// mark (see README). A high bit, far from libzmq's event numbers.
pub const ZMQ_FERROMQ_EVENT_HWM_DROPPED: u64 = 1 << 48;
