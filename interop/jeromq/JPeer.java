// interop/jeromq/JPeer.java - the JeroMQ side of the JeroMQ matrix (run.sh
// beside this file). Same roles, messages and output as cpeer.c (see its
// header comment):
//
//   java -cp jeromq.jar:DIR JPeer ROLE bind|connect ENDPOINT COUNT [STOPFILE]
//
// Binding uses bindToRandomPort on the endpoint's host (JeroMQ 0.3.6 has no
// "*" port), between $JPEER_PORT_MIN and $JPEER_PORT_MAX when set (run.sh
// gives every case its own range, so that a peer of a finished case that
// reconnects never reaches the next case's socket), and prints
// "endpoint tcp://HOST:PORT". Prints "result OK" and
// exits 0 on success, "result FAIL <why>" and exits 1 otherwise.

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.zeromq.ZMQ;

public class JPeer {
    static final int[] SIZES = {0, 1, 254, 255, 256, 2000};
    static int timeoutMs = 10000;

    static void fail(String why) {
        System.out.println("result FAIL " + why);
        System.out.flush();
        System.exit(1);
    }

    static byte[] payload(int i) {
        byte[] p = new byte[SIZES[i % 6]];
        Arrays.fill(p, (byte) (i & 0xFF));
        return p;
    }

    static void sendFrame(ZMQ.Socket s, byte[] data, boolean more) {
        if (!s.send(data, more ? ZMQ.SNDMORE : 0)) {
            fail("send failed (timeout?)");
        }
    }

    static void sendMsg(ZMQ.Socket s, String tag, int i) {
        sendFrame(s, (tag + "-" + i).getBytes(StandardCharsets.US_ASCII), true);
        sendFrame(s, payload(i), false);
    }

    static byte[] recvFrame(ZMQ.Socket s) {
        byte[] b = s.recv(0);
        if (b == null) {
            fail("recv timed out");
        }
        return b;
    }

    // Receives [TAG-n, P(n)] and returns n; want >= 0: n must be want.
    static int recvMsg(ZMQ.Socket s, String tag, int want) {
        String t = new String(recvFrame(s), StandardCharsets.US_ASCII);
        String prefix = tag + "-";
        if (!t.startsWith(prefix)) {
            fail("expected a " + tag + " message, got \"" + t + "\"");
        }
        int n = Integer.parseInt(t.substring(prefix.length()));
        if (want >= 0 && n != want) {
            fail("expected " + tag + "-" + want + ", got " + t);
        }
        if (!s.hasReceiveMore()) {
            fail(t + ": no second frame");
        }
        byte[] p = recvFrame(s);
        if (s.hasReceiveMore()) {
            fail(t + ": more than two frames");
        }
        if (p.length != SIZES[n % 6]) {
            fail(t + ": payload of " + p.length + " bytes, expected " + SIZES[n % 6]);
        }
        for (int k = 0; k < p.length; k++) {
            if (p[k] != (byte) (n & 0xFF)) {
                fail(t + ": payload byte " + k + " is " + p[k]);
            }
        }
        return n;
    }

    static void expectExact(ZMQ.Socket s, byte[] want) {
        byte[] got = recvFrame(s);
        if (!Arrays.equals(got, want) || s.hasReceiveMore()) {
            fail("expected a " + want.length + "-byte frame starting " + want[0]
                 + ", got " + got.length + " bytes starting " + (got.length > 0 ? got[0] : -1));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: JPeer ROLE bind|connect ENDPOINT COUNT [STOPFILE]");
            System.exit(2);
        }
        String role = args[0], mode = args[1], ep = args[2];
        int count = Integer.parseInt(args[3]);
        String stopfile = args.length > 4 ? args[4] : null;
        String env = System.getenv("PEER_TIMEOUT_MS");
        if (env != null && Integer.parseInt(env) > 0) {
            timeoutMs = Integer.parseInt(env);
        }
        System.out.println("jeromq " + ZMQ.class.getProtectionDomain().getCodeSource().getLocation());
        int type;
        switch (role) {
            case "req": type = ZMQ.REQ; break;
            case "rep": type = ZMQ.REP; break;
            case "dealer": type = ZMQ.DEALER; break;
            case "router": type = ZMQ.ROUTER; break;
            case "pub": type = ZMQ.PUB; break;
            case "sub": type = ZMQ.SUB; break;
            case "xpub": type = ZMQ.XPUB; break;
            case "xsub": type = ZMQ.XSUB; break;
            case "push": type = ZMQ.PUSH; break;
            case "pull": type = ZMQ.PULL; break;
            case "pair-a": case "pair-b": type = ZMQ.PAIR; break;
            default: fail("unknown role " + role); return;
        }
        if (role.equals("pub") && stopfile == null) {
            fail("pub needs STOPFILE");
        }
        ZMQ.Context ctx = ZMQ.context(1);
        ZMQ.Socket s = ctx.socket(type);
        s.setReceiveTimeOut(timeoutMs);
        s.setSendTimeOut(timeoutMs);
        s.setLinger(5000);
        if (type == ZMQ.DEALER) {
            s.setIdentity("dealer-7".getBytes(StandardCharsets.US_ASCII));
        }
        if (type == ZMQ.SUB) {
            s.subscribe("weather".getBytes(StandardCharsets.US_ASCII));
        }
        if (mode.equals("bind")) {
            // "tcp://HOST:*" -> bindToRandomPort("tcp://HOST")
            String base = ep.endsWith(":*") ? ep.substring(0, ep.length() - 2) : ep;
            String lo = System.getenv("JPEER_PORT_MIN"), hi = System.getenv("JPEER_PORT_MAX");
            int port = lo != null && hi != null
                ? s.bindToRandomPort(base, Integer.parseInt(lo), Integer.parseInt(hi))
                : s.bindToRandomPort(base);
            System.out.println("endpoint " + base + ":" + port);
            System.out.flush();
        } else {
            s.connect(ep);
        }

        switch (role) {
            case "req":
                for (int i = 0; i < count; i++) { sendMsg(s, "req", i); recvMsg(s, "rep", i); }
                break;
            case "rep":
                for (int i = 0; i < count; i++) { recvMsg(s, "req", i); sendMsg(s, "rep", i); }
                break;
            case "dealer":
                for (int i = 0; i < count; i++) { sendMsg(s, "dl", i); recvMsg(s, "rt", i); }
                break;
            case "router":
                for (int i = 0; i < count; i++) {
                    byte[] id = recvFrame(s);
                    if (!Arrays.equals(id, "dealer-7".getBytes(StandardCharsets.US_ASCII))
                        || !s.hasReceiveMore()) {
                        fail("router: peer routing id \""
                             + new String(id, StandardCharsets.US_ASCII) + "\", expected dealer-7");
                    }
                    recvMsg(s, "dl", i);
                    sendFrame(s, id, true);
                    sendMsg(s, "rt", i);
                }
                break;
            case "push":
                for (int i = 0; i < count; i++) { sendMsg(s, "push", i); }
                break;
            case "pull":
                for (int i = 0; i < count; i++) { recvMsg(s, "push", i); }
                break;
            case "pair-a":
                for (int i = 0; i < count; i++) { sendMsg(s, "pa", i); recvMsg(s, "pb", i); }
                break;
            case "pair-b":
                for (int i = 0; i < count; i++) { recvMsg(s, "pa", i); sendMsg(s, "pb", i); }
                break;
            case "pub": {
                long deadline = System.currentTimeMillis() + 3L * timeoutMs;
                File stop = new File(stopfile);
                for (int i = 0; !stop.exists(); i++) {
                    if (System.currentTimeMillis() > deadline) {
                        fail("pub: no stop file after " + 3 * timeoutMs + " ms");
                    }
                    sendMsg(s, "other", i);
                    sendMsg(s, "weather", i);
                    Thread.sleep(2);
                }
                break;
            }
            case "sub": {
                int last = -1;
                for (int i = 0; i < count; i++) {
                    int n = recvMsg(s, "weather", -1);
                    if (n <= last) {
                        fail("sub: weather-" + n + " after weather-" + last);
                    }
                    last = n;
                }
                if (stopfile != null) {
                    new File(stopfile).createNewFile();
                }
                break;
            }
            case "xpub":
                expectExact(s, "\u0001weather".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < count; i++) { sendMsg(s, "other", i); sendMsg(s, "weather", i); }
                expectExact(s, "\u0000weather".getBytes(StandardCharsets.US_ASCII));
                break;
            case "xsub":
                sendFrame(s, "\u0001weather".getBytes(StandardCharsets.US_ASCII), false);
                for (int i = 0; i < count; i++) { recvMsg(s, "weather", i); }
                sendFrame(s, "\u0000weather".getBytes(StandardCharsets.US_ASCII), false);
                break;
            default:
                fail("unknown role " + role);
        }
        s.close();
        ctx.term();
        System.out.println("result OK");
        System.out.flush();
        System.exit(0);
    }
}
