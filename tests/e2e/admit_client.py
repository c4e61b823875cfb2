#!/usr/bin/env python3
# admit_client.py: raw-socket clients for admission.sh (src/net/admit.c).
# Each mode prints "ok - ..." / "FAIL - ..." lines (counted by t_count) and
# figures; every wait is bounded.
#
#   flood PORT PID N SIZE SEND GRAPHCTL SRV RSS_LIMIT_KB
#       N connections each send a frame header announcing SIZE bytes and then
#       up to SEND bytes of it, before any handshake. graphd's VmRSS is
#       sampled meanwhile; a normal client (graphctl status) must work.
#   silent PORT MIN_S MAX_S
#       a connection that sends nothing is closed within [MIN_S, MAX_S].
#   slowloris PORT MIN_S MAX_S
#       an HTTP request whose header trickles in one byte every 0.3 s is
#       closed within [MIN_S, MAX_S] (a per-byte idle timeout never fires).
#   hold PORT N SECONDS FILE
#       opens N connections (non-blocking; those the server cannot take stay
#       pending), writes "held K" to FILE, keeps them SECONDS, closes them.
import os, select, socket, struct, subprocess, sys, threading, time

def rss_kb(pid):
    try:
        with open("/proc/%s/status" % pid) as f:
            for l in f:
                if l.startswith("VmRSS:"):
                    return int(l.split()[1])
    except OSError:
        pass
    return -1

def report(ok, name, why=""):
    print(("ok - %s" % name) if ok else ("FAIL - %s: %s" % (name, why)))
    sys.stdout.flush()

def flood(port, pid, n, size, send, graphctl, srv, limit_kb):
    stop = time.monotonic() + 30
    closed = [0]
    lock = threading.Lock()
    chunk = b"\0" * 65536

    def one():
        s = socket.create_connection(("127.0.0.1", port), timeout=20)
        s.settimeout(max(1, stop - time.monotonic()))
        sent = 0
        try:
            s.sendall(struct.pack(">I", size))
            while sent < send and time.monotonic() < stop:
                s.sendall(chunk)
                sent += len(chunk)
            # The server must close it: wait for the end (bounded).
            s.settimeout(max(1, stop - time.monotonic()))
            while s.recv(65536):
                pass
            with lock:
                closed[0] += 1
        except (ConnectionError, BrokenPipeError):
            with lock:
                closed[0] += 1
        except socket.timeout:
            pass
        finally:
            s.close()

    base = rss_kb(pid)
    peak = [base]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kb(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    # A normal client meanwhile.
    st = subprocess.run([graphctl, "-s", srv, "--cluster",
                         os.environ.get("ADMIT_CLUSTER", "e2e"), "status"],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                        timeout=20)
    for t in threads:
        t.join(max(0.1, stop - time.monotonic() + 5))
    done.set()
    sampler.join()
    peak[0] = max(peak[0], rss_kb(pid))
    print("figure: graphd VmRSS %d kB before, peak %d kB during %d "
          "pre-login frames of %d bytes (%d bytes sent on each)"
          % (base, peak[0], n, size, send))
    report(st.returncode == 0, "a normal client is served during the flood",
           st.stdout.decode(errors="replace")[-300:])
    report(closed[0] == n, "graphd closed all %d flooding connections" % n,
           "%d closed" % closed[0])
    if limit_kb > 0:
        report(peak[0] < limit_kb,
               "VmRSS stays under %d kB (peak %d kB)" % (limit_kb, peak[0]),
               "peak %d kB" % peak[0])
    else:
        print("note: VmRSS not checked under AddressSanitizer")

def wait_closed(s, max_s, trickle=None):
    t0 = time.monotonic()
    s.setblocking(False)
    nxt = t0
    while time.monotonic() - t0 < max_s:
        r, _, _ = select.select([s], [], [], 0.05)
        if r:
            try:
                if not s.recv(4096):
                    return time.monotonic() - t0
            except ConnectionError:
                return time.monotonic() - t0
        if trickle and time.monotonic() >= nxt:
            try:
                s.send(trickle)
            except (ConnectionError, BlockingIOError):
                return time.monotonic() - t0
            nxt = time.monotonic() + 0.3
    return None

def silent(port, lo, hi):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    took = wait_closed(s, hi)
    s.close()
    report(took is not None and took >= lo,
           "a silent client is closed by the handshake deadline "
           "(after %s s)" % (None if took is None else "%.1f" % took),
           "expected within [%s, %s] s" % (lo, hi))

def slowloris(port, lo, hi):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    took = wait_closed(s, hi, trickle=b"a")
    s.close()
    report(took is not None and took >= lo,
           "a trickling HTTP header is closed by the read deadline "
           "(after %s s)" % (None if took is None else "%.1f" % took),
           "expected within [%s, %s] s" % (lo, hi))

def hold(port, n, secs, path):
    socks = []
    for _ in range(n):
        s = socket.socket()
        s.setblocking(False)
        try:
            s.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        except OSError:
            s.close()
            continue
        socks.append(s)
    with open(path, "w") as f:
        f.write("held %d\n" % len(socks))
    time.sleep(secs)
    for s in socks:
        s.close()

def main():
    m, a = sys.argv[1], sys.argv[2:]
    if m == "flood":
        flood(int(a[0]), a[1], int(a[2]), int(a[3]), int(a[4]), a[5], a[6],
              int(a[7]))
    elif m == "silent":
        silent(int(a[0]), float(a[1]), float(a[2]))
    elif m == "slowloris":
        slowloris(int(a[0]), float(a[1]), float(a[2]))
    elif m == "hold":
        hold(int(a[0]), int(a[1]), float(a[2]), a[3])

main()
