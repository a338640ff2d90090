#!/usr/bin/env python3
"""ZWS 2.0 against an independent WebSocket implementation: the Python
`websockets` package (Debian's python3-websockets) plays the ZeroMQ peer by
hand (the sub-protocol ZWS2.0/NULL, the NULL handshake as READY commands in
binary messages with the ZWS flags byte, then messages), against pyzmq
sockets on whichever libzmq is loaded (ours with LD_LIBRARY_PATH).

Cases (each must pass; the last line says how many did):
  ws-rep        websockets client -> our REP bound on ws://: READY both ways,
                a request and its reply, a WebSocket PING answered by PONG
                (libzmq 4.3.5 on: 4.3.4 ignores PING)
  ws-push       our PUSH connects to a websockets server: the server checks
                the upgrade request (path, the sub-protocol offered; the
                library checks the key and that frames are masked), READY
                both ways, then a two-part message
  wss-rep       ws-rep over TLS: our REP bound on wss:// with a certificate
                made with the openssl CLI, the websockets client trusting it
  wss-push      ws-push over TLS: our PUSH trusting the websockets server's
                certificate (ZMQ_WSS_TRUST_PEM, ZMQ_WSS_HOSTNAME)
The wss cases run only where zmq.has("WSS") is 1 (ours; Debian's libzmq has
no wss), and say "skip" otherwise.
"""
import asyncio
import os
import ssl
import struct
import subprocess
import sys
import tempfile
import threading

import websockets
import websockets.legacy.client
import websockets.legacy.server
import zmq

TIMEOUT = 10


# ZWS 2.0's sub-protocol names contain a '/', which is not an HTTP token
# character, so websockets refuses them as sub-protocols: offer and choose
# them by hand, keeping everything else (key/accept check, masking, frames,
# ping/pong, close) to the library.
ZWS = "ZWS2.0/NULL"


class ZwsClient(websockets.legacy.client.WebSocketClientProtocol):
    @staticmethod
    def process_subprotocol(headers, available_subprotocols):
        chosen = headers.get_all("Sec-WebSocket-Protocol")
        assert chosen == [ZWS], chosen
        return ZWS


class ZwsServer(websockets.legacy.server.WebSocketServerProtocol):
    def process_subprotocol(self, headers, available_subprotocols):
        offered = ",".join(headers.get_all("Sec-WebSocket-Protocol")).split(",")
        offered = [o.strip() for o in offered]
        assert ZWS in offered, offered
        return ZWS


def prop(name, value):
    return bytes([len(name)]) + name + struct.pack(">I", len(value)) + value


def ready(socket_type):
    """A READY command as a ZWS 2.0 message: flags 0x02, then the body."""
    return b"\x02" + b"\x05READY" + prop(b"Socket-Type", socket_type) + prop(b"Identity", b"")


def parse_ready(msg):
    assert isinstance(msg, bytes), "text frame from the ZeroMQ side"
    assert msg[0] == 0x02, "READY must carry the COMMAND flag: %r" % msg[:8]
    assert msg[1:7] == b"\x05READY", msg[:16]
    props, body = {}, msg[7:]
    while body:
        n = body[0]
        name = body[1:1 + n]
        vl = struct.unpack(">I", body[1 + n:5 + n])[0]
        props[name] = body[5 + n:5 + n + vl]
        body = body[5 + n + vl:]
    return props


def certs(tmp):
    """A CA and a server certificate for "localhost" signed by it: returns
    (CA PEM, chain PEM, key PEM). (A self-signed certificate marked CA:TRUE
    cannot be a server's own certificate for rustls's verifier.)"""
    def run(*args):
        subprocess.run(list(args), check=True, cwd=tmp,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", "/CN=ws-test-ca", "-keyout", "ca.key", "-out", "ca.pem")
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
        "-keyout", "key.pem", "-out", "server.csr")
    with open(os.path.join(tmp, "ext.cnf"), "w") as f:
        f.write("subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n")
    run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", "ext.cnf", "-out", "cert.pem")
    out = []
    for name in ("ca.pem", "cert.pem", "key.pem"):
        with open(os.path.join(tmp, name), "rb") as f:
            out.append(f.read())
    return out


async def rep_case(ctx, scheme, cert=None, key=None, cafile=None):
    rep = ctx.socket(zmq.REP)
    rep.linger = 0
    rep.rcvtimeo = TIMEOUT * 1000
    if scheme == "wss":
        rep.setsockopt(zmq.WSS_CERT_PEM, cert)
        rep.setsockopt(zmq.WSS_KEY_PEM, key)
    rep.bind("%s://127.0.0.1:*/zmq" % scheme)
    ep = rep.getsockopt(zmq.LAST_ENDPOINT).decode()
    port = int(ep.rsplit(":", 1)[1].split("/")[0])
    got = {}

    def serve():
        got["req"] = rep.recv()
        rep.send(b"world")

    t = threading.Thread(target=serve)
    t.start()
    sslctx = None
    uri = "ws://127.0.0.1:%d/zmq" % port
    if scheme == "wss":
        sslctx = ssl.create_default_context(cafile=cafile)
        uri = "wss://localhost:%d/zmq" % port
    async with websockets.connect(uri, create_protocol=ZwsClient, ssl=sslctx,
                                  extra_headers={"Sec-WebSocket-Protocol": ZWS},
                                  compression=None) as ws:
        assert ws.subprotocol == "ZWS2.0/NULL", ws.subprotocol
        props = parse_ready(await asyncio.wait_for(ws.recv(), TIMEOUT))
        assert props.get(b"Socket-Type") == b"REP", props
        await ws.send(ready(b"REQ"))
        # REQ envelope: an empty delimiter (MORE), then the body.
        await ws.send(b"\x01")
        await ws.send(b"\x00hello")
        delim = await asyncio.wait_for(ws.recv(), TIMEOUT)
        body = await asyncio.wait_for(ws.recv(), TIMEOUT)
        assert (delim, body) == (b"\x01", b"\x00world"), (delim, body)
        # libzmq answers PING from 4.3.5 on (4.3.4 ignores it).
        if zmq.zmq_version_info() >= (4, 3, 5):
            pong = await ws.ping(b"are you there")
            await asyncio.wait_for(pong, TIMEOUT)
    t.join(TIMEOUT)
    assert got.get("req") == b"hello", got
    rep.close()


async def push_case(ctx, scheme, certfile=None, keyfile=None, ca=None):
    done = asyncio.get_running_loop().create_future()

    async def handler(ws, path):
        try:
            assert path == "/sink", path
            assert ws.subprotocol == "ZWS2.0/NULL", ws.subprotocol
            await ws.send(ready(b"PULL"))
            props = parse_ready(await asyncio.wait_for(ws.recv(), TIMEOUT))
            assert props.get(b"Socket-Type") == b"PUSH", props
            a = await asyncio.wait_for(ws.recv(), TIMEOUT)
            b = await asyncio.wait_for(ws.recv(), TIMEOUT)
            assert (a, b) == (b"\x01part1", b"\x00part2"), (a, b)
            done.set_result(True)
        except Exception as e:  # reported by the case
            if not done.done():
                done.set_exception(e)

    sslctx = None
    if scheme == "wss":
        sslctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        sslctx.load_cert_chain(certfile, keyfile)
    async with websockets.serve(handler, "127.0.0.1", 0, create_protocol=ZwsServer,
                                ssl=sslctx, compression=None) as server:
        port = list(server.sockets)[0].getsockname()[1]
        push = ctx.socket(zmq.PUSH)
        push.linger = 0
        if scheme == "wss":
            push.setsockopt(zmq.WSS_TRUST_PEM, ca)
            push.setsockopt(zmq.WSS_HOSTNAME, b"localhost")
        push.connect("%s://127.0.0.1:%d/sink" % (scheme, port))
        push.send_multipart([b"part1", b"part2"])
        await asyncio.wait_for(done, TIMEOUT)
        push.close()


def main():
    ctx = zmq.Context()
    passed = failed = skipped = 0
    tmp = tempfile.mkdtemp(prefix="ferromq-ws-")
    ca, cert, key = certs(tmp)
    cafile = os.path.join(tmp, "ca.pem")
    certfile, keyfile = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    has_wss = zmq.has("WSS")
    cases = [
        ("ws-rep", lambda: rep_case(ctx, "ws"), True),
        ("ws-push", lambda: push_case(ctx, "ws"), True),
        ("wss-rep", lambda: rep_case(ctx, "wss", cert, key, cafile), has_wss),
        ("wss-push", lambda: push_case(ctx, "wss", certfile, keyfile, ca), has_wss),
    ]
    for name, case, run in cases:
        if not run:
            print("%-10s skip (zmq_has(\"WSS\") is 0 here)" % name)
            skipped += 1
            continue
        try:
            asyncio.run(asyncio.wait_for(case(), 3 * TIMEOUT))
            print("%-10s PASS" % name)
            passed += 1
        except Exception as e:
            print("%-10s FAIL %r" % (name, e))
            failed += 1
    subprocess.run(["rm", "-rf", tmp])
    ctx.term()
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
