#!/usr/bin/env python3
"""Writes the hand-made seed inputs in fuzz/seeds/{handshake,frames,socks,udp,ws}/ (run
from anywhere; `make -C fuzz seeds` runs it).

These are well-formed streams a ZMTP 3.x peer could send (and a few of
ZMTP 1.0 and 2.0 peers), so that the
fuzzer starts from inputs that reach deep states (a completed handshake,
every command kind).  The libzmq corpora in ../shared/fuzz-seeds/ are used
as well, from where they are (run.sh); they are not copied here.

The seeds of the plain and curve targets are recorded conversations of the
real mechanisms (CURVE needs real crypto): src/seeds.rs writes them, through
examples/gen_seeds.rs.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def greeting(mech=b"NULL", major=3, minor=1, pad=1):
    g = bytearray(64)
    g[0] = 0xFF
    g[1:9] = struct.pack(">Q", pad)
    g[9] = 0x7F
    g[10] = major
    g[11] = minor
    g[12:12 + len(mech)] = mech
    return bytes(g)


def frame(body, more=False, command=False, long=None):
    flags = (1 if more else 0) | (4 if command else 0)
    if long or (long is None and len(body) > 255):
        return bytes([flags | 2]) + struct.pack(">Q", len(body)) + body
    return bytes([flags, len(body)]) + body


def v1(body, more=False, flags=None):
    """A ZMTP 1.0 frame: length (counting the flags byte), flags, body."""
    f = flags if flags is not None else (1 if more else 0)
    n = len(body) + 1
    if n >= 255:
        return b"\xff" + struct.pack(">Q", n) + bytes([f]) + body
    return bytes([n, f]) + body


def old_greeting(revision, stype, id_len=0):
    """Signature, revision (0 = ZMTP 1.0, 1 = ZMTP 2.0), socket type."""
    return (b"\xff" + struct.pack(">Q", id_len + 1) + b"\x7f"
            + bytes([revision, stype]))


def prop(name, value):
    return bytes([len(name)]) + name + struct.pack(">I", len(value)) + value


def cmd(name, data=b""):
    return frame(bytes([len(name)]) + name + data, command=True)


def ws_request(protocols):
    return (b"GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            b"Sec-WebSocket-Protocol: " + protocols + b"\r\nSec-WebSocket-Version: 13\r\n\r\n")


def ws_response(protocol):
    return (b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            b"Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            b"Sec-WebSocket-Protocol: " + protocol + b"\r\n\r\n")


def ws_frame(payload, op=0x2, mask=False, fin=True):
    """A WebSocket frame (RFC 6455), masked with a fixed key when asked."""
    h = bytes([(0x80 if fin else 0) | op])
    m = 0x80 if mask else 0
    n = len(payload)
    if n <= 125:
        h += bytes([m | n])
    elif n <= 0xFFFF:
        h += bytes([m | 126]) + struct.pack(">H", n)
    else:
        h += bytes([m | 127]) + struct.pack(">Q", n)
    if mask:
        key = b"\x12\x34\x56\x78"
        payload = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
        h += key
    return h + payload


def ready(stype, **extra):
    meta = prop(b"Socket-Type", stype)
    for k, v in extra.items():
        meta += prop(k.replace("_", "-").encode(), v)
    return cmd(b"READY", meta)


SEEDS = {
    "handshake": {
        "push_ready_messages": greeting() + ready(b"PUSH") + frame(b"hello")
        + frame(b"part1", more=True) + frame(b"") + frame(b"x" * 300)
        + frame(b"short-long", long=True) + cmd(b"PING", b"\x00\x19ctx")
        + cmd(b"PONG", b"ctx"),
        "dealer_identity_metadata": greeting(pad=4)
        + ready(b"DEALER", Identity=b"abc", X_Foo=b"bar")
        + frame(b"", more=True) + frame(b"request"),
        "sub_v30_subscribe": greeting(minor=0) + ready(b"SUB")
        + frame(b"\x01top") + frame(b"\x00top"),
        "sub_v31_subscribe": greeting() + ready(b"XSUB")
        + cmd(b"SUBSCRIBE", b"top") + cmd(b"CANCEL", b"top")
        + frame(b"\x01legacy"),
        "req_envelope": greeting() + ready(b"REQ", Identity=b"")
        + frame(b"", more=True) + frame(b"hello"),
        "error_instead_of_ready": greeting() + cmd(b"ERROR", b"\x03400"),
        "unknown_command_after_ready": greeting() + ready(b"PAIR")
        + cmd(b"X-FOO", b"data") + frame(b"msg"),
        "plain_greeting": greeting(b"PLAIN") + cmd(b"HELLO", b"\x01u\x01p"),
        "future_version": greeting(major=4, minor=0) + ready(b"PUSH")
        + frame(b"v4"),
        # NULL with a ZAP domain (the target's last run): the last three
        # bytes choose the type and ZMQ_ZAP_ENFORCE_DOMAIN (0x00: PULL, not
        # enforced; 0x84: PULL, enforced), the ZAP answer (see
        # src/zapctl.rs: 0x05 "200" with metadata, 0x03 "400", 0x09 a late
        # "200", 0x00 no handler) and, as ever, ZMQ_MAXMSGSIZE (0x00: none).
        "null_zap_200_metadata": greeting() + ready(b"PUSH")
        + frame(b"hello") + frame(b"zap\x00\x05\x00"),
        "null_zap_400_enforced": greeting() + ready(b"PUSH")
        + frame(b"zap\x84\x03\x00"),
        # A late answer: nothing may follow READY before ours goes out.
        "null_zap_late_200": greeting()
        + ready(b"PUSH", X_Zap=b"\x00\x09\x00"),
        "null_no_zap_handler_enforced": greeting() + ready(b"PUSH")
        + frame(b"zap\x84\x00\x00"),
        # Old peers (the legacy run): the third-last byte picks the type
        # ((b >> 3) % 6: 0x00 PULL, 0x08 ROUTER, 0x10 PUB) and, with 0x40,
        # security (the peer must be refused).
        "zmtp20_dealer": old_greeting(1, 5, 4) + frame(b"raw2")
        + frame(b"hello", more=True) + frame(b"world") + frame(b"z" * 300)
        + frame(b"\x04PING\x00\x00", command=True)
        + frame(b"end\x08\x00\x00"),
        "zmtp20_refused": old_greeting(1, 8) + frame(b"") + frame(b"x")
        + frame(b"end\x40\x00\x00"),
        "zmtp10_versioned": old_greeting(0, 5, 4) + v1(b"raw1")
        + v1(b"ab", more=True) + v1(b"q" * 300) + v1(b"xyz", flags=0xFE)
        + v1(b"end\x08\x00\x00"),
        "zmtp10_unversioned_sub": v1(b"") + v1(b"\x01topic")
        + v1(b"w" * 254) + v1(b"end\x10\x00\x00"),
        "zmtp10_zero_length": v1(b"id") + b"\x00\x00\x00\x00",
    },
    "frames": {
        "messages": frame(b"hello") + frame(b"a", more=True) + frame(b"b")
        + frame(b"y" * 256) + frame(b"", long=True),
        "commands": ready(b"ROUTER", Identity=b"id", X_Hwm=b"1000")
        + cmd(b"PING", b"\x00\x00" + b"c" * 16) + cmd(b"PONG", b"c" * 16)
        + cmd(b"SUBSCRIBE", b"topic") + cmd(b"CANCEL", b"topic")
        + cmd(b"ERROR", b"\x05error"),
        "join_leave": cmd(b"JOIN", b"weather") + cmd(b"LEAVE", b"weather")
        + cmd(b"JOIN", b"") + cmd(b"JOIN", b"g" * 255) + cmd(b"JOIN", b"g" * 256)
        + frame(b"weather", more=True) + frame(b"sunny"),
        "ready_body": b"\x05READY" + prop(b"Socket-Type", b"DEALER")
        + prop(b"Identity", b"abc") + prop(b"X-Foo", b"bar"),
        "metadata_block": prop(b"Socket-Type", b"SUB")
        + prop(b"User-Id", b"") + prop(b"X-Big", b"v" * 300),
        "greeting_then_frames": greeting() + frame(b"m"),
        "v1_frames": v1(b"hello", more=True) + v1(b"") + v1(b"x" * 253)
        + v1(b"y" * 254) + v1(b"f", flags=0x7F) + b"\x00",
        "v2_greeting_then_frames": old_greeting(1, 2) + frame(b"")
        + frame(b"\x01topic") + frame(b"\x04PING", command=True)
        + frame(b"z" * 256, more=True) + frame(b""),
    },
    # The udp target: RADIO/DISH datagrams, [group length][group][body].
    "udp": {
        "group_body": b"\x07weathersunny",
        "empty_group": b"\x00body",
        "empty": b"",
        "length_past_end": b"\x05abc",
        "longest_group": b"\xff" + b"g" * 255 + b"body",
        "largest": b"\x01g" + b"b" * 8190,
        "oversize": b"\x01g" + b"b" * 8191,
    },
    # The socks target: control byte (bit 0 user/password, bits 1-2 the
    # target kind), read-size seed, then what the proxy sends.
    "socks": {
        "noauth_ipv4_reply": b"\x00\x07" + b"\x05\x00"
        + b"\x05\x00\x00\x01\x7f\x00\x00\x01\x1f\x90" + b"\xffZMTP",
        "noauth_ipv6_reply": b"\x02\x09" + b"\x05\x00"
        + b"\x05\x00\x00\x04" + b"\x00" * 15 + b"\x01\x1f\x90",
        "noauth_domain_reply": b"\x04\x03" + b"\x05\x00"
        + b"\x05\x00\x00\x03\xff" + b"d" * 255 + b"\x00\x50",
        "auth_ok": b"\x01\x05" + b"\x05\x02" + b"\x01\x00"
        + b"\x05\x00\x00\x01\x0a\x00\x00\x01\x04\xd2",
        "auth_refused": b"\x01\x05" + b"\x05\x02" + b"\x01\x01",
        "auth_proxy_needs_none": b"\x01\x00" + b"\x05\x00"
        + b"\x05\x00\x00\x01\x00\x00\x00\x00\x00\x00",
        "no_acceptable_method": b"\x00\x00\x05\xff",
        "unoffered_method": b"\x00\x00\x05\x02\x01\x00",
        "refused_5": b"\x00\x00\x05\x00\x05\x05\x00\x01\x00\x00\x00\x00\x00\x00",
        "bad_reserved": b"\x00\x00\x05\x00\x05\x00\x01\x01",
        "bad_atyp": b"\x00\x00\x05\x00\x05\x00\x00\x02",
        "truncated_domain": b"\x00\x00\x05\x00\x05\x00\x00\x03\xffabc",
        "socks4_reply": b"\x00\x00\x00\x5a\x00\x00\x00\x00\x00\x00",
    },
    # The ws target: control byte (bit 0 server side, bits 1-2 mechanism,
    # bits 3-4 ZMQ_MAXMSGSIZE), then the peer's HTTP head and frames.
    "ws": {
        "server_null_ready_msg": b"\x01" + ws_request(b"ZWS2.0/NULL,ZWS2.0")
        + ws_frame(b"\x02" + cmd(b"READY", prop(b"Socket-Type", b"PUSH"))[2:], mask=True)
        + ws_frame(b"\x01one", mask=True) + ws_frame(b"\x00two", mask=True),
        "server_curve_hello": b"\x05" + ws_request(b"ZWS2.0/CURVE")
        + ws_frame(b"\x02\x05HELLO" + b"\x01\x00" + b"\x00" * 192, mask=True),
        "server_ping_close": b"\x01" + ws_request(b"ZWS2.0/NULL")
        + ws_frame(b"hi", op=0x9, mask=True) + ws_frame(b"\x03\xe8", op=0x8, mask=True),
        "server_fragmented": b"\x01" + ws_request(b"ZWS2.0/NULL")
        + ws_frame(b"\x00ab", mask=True, fin=False) + ws_frame(b"cd", op=0x0, mask=True, fin=False)
        + ws_frame(b"ef", op=0x0, mask=True),
        "server_long_frames": b"\x19" + ws_request(b"ZWS2.0/NULL")
        + ws_frame(b"\x00" + b"x" * 200, mask=True) + ws_frame(b"\x00" + b"y" * 70000, mask=True),
        "server_unmasked": b"\x01" + ws_request(b"ZWS2.0/NULL") + ws_frame(b"\x00abc"),
        "server_bad_request": b"\x01POST / HTTP/1.1\r\nHost: x\r\n\r\n",
        "client_null": b"\x00" + ws_response(b"ZWS2.0/NULL")
        + ws_frame(b"\x02" + cmd(b"READY", prop(b"Socket-Type", b"ROUTER"))[2:])
        + ws_frame(b"\x00msg") + ws_frame(b"p", op=0xA),
        "client_plain": b"\x02" + ws_response(b"ZWS2.0/PLAIN")
        + ws_frame(b"\x02\x07WELCOME"),
        "client_wrong_accept": b"\x00" + ws_response(b"ZWS2.0/NULL").replace(b"s3pP", b"AAAA"),
        "client_text_frame": b"\x00" + ws_response(b"ZWS2.0/NULL") + ws_frame(b"txt", op=0x1),
    },
}

for target, seeds in SEEDS.items():
    d = os.path.join(HERE, "seeds", target)
    os.makedirs(d, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
