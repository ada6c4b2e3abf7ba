#!/usr/bin/env python3
"""Helpers of bench/cluster.sh (standard library only).

  cluster_bench.py prepare URL USER PASSWORD DELEGATES [PER_CONGRESS]
      signs in, creates DELEGATES / PER_CONGRESS (default 500) congresses
      `tai-cum-1`… with one session and PER_CONGRESS delegates each (badges
      00001…), prints "COOKIE CSRF CONGRESSES" for wrk (bench/checkin.lua)
  cluster_bench.py present URL COOKIE CONGRESSES
      prints how many delegates of those congresses are checked in
  cluster_bench.py fanout --nodes URL,URL,URL --user U --password P [--clients N] [--rounds R]
      N event streams of the demo congress spread evenly over the nodes (one
      selector loop in this process); each round a delegation is added
      through the FIRST node and the time from sending that POST to each
      stream reading the new event is taken; prints one Markdown table row
      per round and a summary line, the first node's streams ("same node")
      apart from the others' (the event crossed PostgreSQL's LISTEN/NOTIFY)
"""
import datetime
import http.client
import json
import selectors
import socket
import sys
import time
import urllib.parse

SLUG = "tai-cum"


def call(url, method, path, body=None, headers=None, timeout=120):
    u = urllib.parse.urlparse(url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        c.close()


def login(url, user, password):
    st, h, b = call(url, "POST", "/api/v1/auth/login", json.dumps({"name": user, "password": password}),
                    {"Content-Type": "application/json"})
    assert st == 200, (st, b[:300])
    return h["set-cookie"].split(";")[0], json.loads(b)["csrf"]


def prepare(url, user, password, delegates, per):
    """Congresses of a realistic size: a check-in recomputes its congress's
    roll (for the `attendance` event), so one congress of 30,000 delegates
    would measure that, not the store."""
    cookie, csrf = login(url, user, password)
    hdr = {"Cookie": cookie, "X-CSRF-Token": csrf, "Content-Type": "application/json"}
    today = (datetime.datetime.utcnow() + datetime.timedelta(hours=7)).strftime("%Y-%m-%d")
    count = max(1, (delegates + per - 1) // per)
    for k in range(1, count + 1):
        slug = f"{SLUG}-{k}"
        st, _, b = call(url, "POST", "/api/v1/congresses", json.dumps(
            {"slug": slug, "name": f"Đại hội thử tải cụm {k}", "start_date": today, "end_date": today}), hdr)
        assert st in (201, 409), (st, b[:300])
        if st == 201:
            st, _, b = call(url, "POST", f"/api/v1/congresses/{slug}/sessions", json.dumps(
                {"name": "Phiên thứ nhất", "date": today, "starts_at": "00:00", "ends_at": "23:59"}), hdr)
            assert st in (200, 201), (st, b[:300])
        csv = "Số thẻ,Họ và tên,Đoàn\n" + "".join(
            f"{i:05d},Đại biểu số {i},Đoàn {i % 20 + 1}\n" for i in range(1, per + 1))
        st, _, b = call(url, "POST", f"/api/v1/congresses/{slug}/delegates/import?create_delegations=1",
                        csv.encode(), dict(hdr, **{"Content-Type": "text/csv"}), timeout=600)
        assert st == 200, (st, b[:300])
    print(cookie, csrf, count)


def present(url, cookie, count):
    total = 0
    for k in range(1, count + 1):
        st, _, b = call(url, "GET", f"/api/v1/congresses/{SLUG}-{k}/attendance", headers={"Cookie": cookie})
        assert st == 200, (st, b[:300])
        total += json.loads(b)["present"]
    print(total)


def pct(v, q):
    return v[min(len(v) - 1, int(q * (len(v) - 1) + 0.5))] if v else float("nan")


def fanout(args):
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--clients", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=10)
    a = ap.parse_args(args)
    nodes = a.nodes.split(",")
    cookie, csrf = login(nodes[0], a.user, a.password)
    sel = selectors.DefaultSelector()
    socks = []  # (socket, node index)
    for k in range(a.clients):
        n = k % len(nodes)
        u = urllib.parse.urlparse(nodes[n])
        s = socket.create_connection((u.hostname, u.port), timeout=10)
        s.sendall(b"GET /api/v1/congresses/demo/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
        socks.append((s, n))
    for s, _ in socks:
        buf = b""
        while b"\r\n\r\n" not in buf:
            buf += s.recv(65536)
        assert buf.startswith(b"HTTP/1.1 200"), buf[:200]
        s.setblocking(False)
    for s, n in socks:
        sel.register(s, selectors.EVENT_READ, n)
    time.sleep(1.0)
    for s, _ in socks:
        try:
            while s.recv(65536):
                pass
        except BlockingIOError:
            pass
    rows, same_all, other_all, post_ms = [], [], [], []
    hdr = {"Cookie": cookie, "X-CSRF-Token": csrf, "Content-Type": "application/json"}
    u0 = urllib.parse.urlparse(nodes[0])
    for r in range(a.rounds):
        pending = {s for s, _ in socks}
        same, other = [], []
        body = json.dumps({"name": f"Đoàn đo lan tỏa {time.time_ns()}"})
        c = http.client.HTTPConnection(u0.hostname, u0.port, timeout=30)
        t0 = time.perf_counter()
        c.request("POST", "/api/v1/congresses/demo/delegations", body=body, headers=hdr)
        # Read the streams while the POST is in flight: an event may come first.
        sent = c.sock
        sent.setblocking(False)
        reply = b""
        done_post = None
        deadline = t0 + 15
        while (pending or done_post is None) and time.perf_counter() < deadline:
            if done_post is None:
                try:
                    chunk = sent.recv(65536)
                    reply += chunk
                    if b"\r\n\r\n" in reply or not chunk:
                        done_post = (time.perf_counter() - t0) * 1000
                except BlockingIOError:
                    pass
            for key, _ in sel.select(0.002 if done_post is None else 0.2):
                s = key.fileobj
                try:
                    data = s.recv(65536)
                except BlockingIOError:
                    continue
                if s in pending and b"event: delegates_changed" in data:
                    pending.discard(s)
                    (same if key.data == 0 else other).append((time.perf_counter() - t0) * 1000)
        c.close()
        assert reply.startswith(b"HTTP/1.1 201"), reply[:300]
        post_ms.append(done_post or float("nan"))
        all_ms = sorted(same + other)
        rows.append((r + 1, len(all_ms), pct(all_ms, .5), pct(all_ms, .99), all_ms[-1] if all_ms else float("nan"),
                     pct(sorted(same), .99), pct(sorted(other), .99), done_post))
        same_all += same
        other_all += other
        time.sleep(0.3)
    for s, _ in socks:
        s.close()
    print("| round | streams reached | p50 ms | p99 ms | max ms | p99 same node | p99 other nodes | POST reply ms | goal p99 < 250 ms |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for (r, n, p50, p99, mx, ps, po, pm) in rows:
        print(f"| {r} | {n}/{a.clients} | {p50:.1f} | {p99:.1f} | {mx:.1f} | {ps:.1f} | {po:.1f} | {pm:.1f} | "
              f"{'met' if n == a.clients and p99 < 250 else 'missed'} |")
    every = sorted(same_all + other_all)
    print(f"\nAll rounds: {len(every)} deliveries of {a.clients * a.rounds}; p50 {pct(every, .5):.1f} ms, "
          f"**p99 {pct(every, .99):.1f} ms**; streams on the publishing node p99 {pct(sorted(same_all), .99):.1f} ms, "
          f"on the other two p99 {pct(sorted(other_all), .99):.1f} ms.")


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "prepare":
        prepare(argv[1], argv[2], argv[3], int(argv[4]), int(argv[5]) if len(argv) > 5 else 500)
    elif argv[0] == "present":
        present(argv[1], argv[2], int(argv[3]))
    elif argv[0] == "fanout":
        fanout(argv[1:])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
