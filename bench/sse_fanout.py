#!/usr/bin/env python3
"""SSE fan-out: N phones hold the congress's event stream; the chair
presents a document; how long until the last phone has the event. Also the
server's memory per idle connection (VmRSS before/after connecting).

  bench/sse_fanout.py --url http://127.0.0.1:PORT --pid PID --user U --password P [--clients 2000] [--rounds 5]
Prints a Markdown section. Clients are sockets in one selector loop in this process."""
import argparse, json, selectors, socket, time, urllib.request, http.cookiejar
from urllib.parse import urlparse

def rss_kb(pid):
    for line in open(f'/proc/{pid}/status'):
        if line.startswith('VmRSS:'): return int(line.split()[1])
    return 0

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--url', required=True); ap.add_argument('--pid', type=int, required=True)
    ap.add_argument('--user', required=True); ap.add_argument('--password', required=True)
    ap.add_argument('--clients', type=int, default=2000); ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--slug', default='demo')
    a = ap.parse_args()
    u = urlparse(a.url)
    jar = http.cookiejar.CookieJar()
    op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    req = urllib.request.Request(a.url + '/api/v1/auth/login', json.dumps({'name': a.user, 'password': a.password}).encode(), {'Content-Type': 'application/json'})
    csrf = json.loads(op.open(req).read())['csrf']
    docs = json.loads(op.open(a.url + f'/api/v1/congresses/{a.slug}/documents').read())['documents']
    before = rss_kb(a.pid)
    # One selector loop for all phones: the client's own overhead stays small.
    sel = selectors.DefaultSelector()
    socks = []
    for _ in range(a.clients):
        s = socket.create_connection((u.hostname, u.port))
        s.sendall(f'GET /api/v1/congresses/{a.slug}/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n'.encode())
        socks.append(s)
    for s in socks:
        buf = b''
        while b'\r\n\r\n' not in buf:
            buf += s.recv(65536)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
    time.sleep(1.0)
    for s in socks:  # drain replayed history
        try:
            while s.recv(65536): pass
        except BlockingIOError: pass
    after = rss_kb(a.pid)
    lat = []
    for k in range(a.rounds):
        body = json.dumps({'code': docs[k % len(docs)]['code'], 'page': 1}).encode()
        req = urllib.request.Request(a.url + f'/api/v1/congresses/{a.slug}/presentation', body,
                                     {'Content-Type': 'application/json', 'X-CSRF-Token': csrf})
        pending = set(socks)
        times = []
        t0 = time.perf_counter()
        op.open(req).read()
        deadline = t0 + 10
        while pending and time.perf_counter() < deadline:
            for key, _ in sel.select(0.5):
                s = key.fileobj
                try:
                    data = s.recv(65536)
                except BlockingIOError:
                    continue
                if s in pending and b'event: present' in data:
                    pending.discard(s)
                    times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        n = len(times)
        lat.append((n, times[n // 2] if n else 0, times[int(0.99 * (n - 1))] if n else 0, times[-1] if n else 0))
        time.sleep(0.3)
    for s in socks: s.close()
    per_conn = (after - before) / a.clients
    print(f'### Fan-out: {a.clients} phones on the event stream, the chair presents a document\n')
    print(f'`bench/sse_fanout.py --clients {a.clients} --rounds {a.rounds}` (run by `bench/load.sh`). Each round the chair '
          'POSTs a presentation; the time is from sending the POST to each phone reading `event: present`. '
          'The phones are sockets in one Python selector loop on the same 2 cores as the server, so reading 2,000 sockets '
          'one by one is inside the figure.\n')
    print('| round | phones reached | p50 ms | p99 ms | last ms | goal p99 < 200 ms |')
    print('|---|---|---:|---:|---:|---|')
    for i, (n, p50, p99, mx) in enumerate(lat):
        print(f'| {i + 1} | {n}/{a.clients} | {p50:.1f} | {p99:.1f} | {mx:.1f} | {"met" if n == a.clients and p99 < 200 else "missed"} |')
    print(f'\nServer memory: {before / 1024:.1f} MB before, {after / 1024:.1f} MB with {a.clients} idle event streams: '
          f'**{per_conn:.1f} KB per idle connection**.\n')

main()
