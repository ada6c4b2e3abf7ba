#!/usr/bin/env python3
"""The vote rush (design V17): N official delegates checked in, a secret
election with C candidates for S seats; N clients, each with its own badge
session, cast within T seconds (uniform start), then D duplicate
resubmissions (the same nonce again, or a new nonce). One event stream
(the hall) records when the progress reaches N/N; then the poll is closed
and the time until the result is ready is measured. Baseline, same run, same
arrival pattern: GET /healthz from the same clients.

  bench/vote_rush.py --url http://127.0.0.1:PORT --user U --password P --data DATA_DIR \
      [--delegates 1000] [--candidates 50] [--seats 45] [--seconds 10] [--duplicates 200]
The badge tokens are written straight into DATA_DIR/phonghop.db (as printing
the badges does: only their SHA-256 is stored). Besides the hall, --streams
other event streams (the phones' live connection) are held open through the
rush; at the end the script counts how many are still connected and whether
the poll's `open` event is still in the replay history (Last-Event-ID: 0).
Prints a Markdown section."""
import argparse, base64, hashlib, http.client, json, os, random, secrets, selectors, socket, sqlite3, sys, threading, time
from urllib.parse import urlparse


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else 0


class Client:
    def __init__(self, host, port):
        self.host, self.port, self.c = host, port, None

    def call(self, method, path, body=None, headers=None, ctype='application/json'):
        h = dict(headers or {})
        if body is not None:
            h['Content-Type'] = ctype
        for attempt in range(2):
            try:
                if self.c is None:
                    self.c = http.client.HTTPConnection(self.host, self.port, timeout=60)
                self.c.request(method, path, body=body, headers=h)
                r = self.c.getresponse()
                return r.status, r.read(), r.getheader('Set-Cookie')
            except (http.client.HTTPException, OSError):
                self.c = None
                if attempt:
                    return 0, b'', None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--url', required=True)
    ap.add_argument('--user', required=True)
    ap.add_argument('--password', required=True)
    ap.add_argument('--data', required=True)
    ap.add_argument('--delegates', type=int, default=1000)
    ap.add_argument('--candidates', type=int, default=50)
    ap.add_argument('--seats', type=int, default=45)
    ap.add_argument('--seconds', type=float, default=10)
    ap.add_argument('--duplicates', type=int, default=200)
    ap.add_argument('--threads', type=int, default=64)
    ap.add_argument('--streams', type=int, default=1000)
    ap.add_argument('--slug', default='vote-rush')
    a = ap.parse_args()
    u = urlparse(a.url)
    admin = Client(u.hostname, u.port)
    st, b, cookie = admin.call('POST', '/api/v1/auth/login', json.dumps({'name': a.user, 'password': a.password}))
    assert st == 200, b
    H = {'Cookie': cookie.split(';')[0], 'X-CSRF-Token': json.loads(b)['csrf']}
    api = f'/api/v1/congresses/{a.slug}'
    st, b, _ = admin.call('POST', '/api/v1/congresses', json.dumps({'slug': a.slug, 'name': 'Đại hội thử tải bỏ phiếu', 'start_date': '2026-12-01', 'end_date': '2026-12-01'}), H)
    assert st == 201, b
    st, b, _ = admin.call('POST', f'{api}/sessions', json.dumps({'name': 'Phiên bầu cử', 'date': '2026-12-01', 'starts_at': '13:30', 'ends_at': '17:00'}), H)
    session = json.loads(b)['id']
    csv = 'Số thẻ,Họ và tên,Đoàn\n' + ''.join(f'{i+1:04d},Đại biểu {i+1:04d},Đoàn {i % 20 + 1}\n' for i in range(a.delegates))
    st, b, _ = admin.call('POST', f'{api}/delegates/import?create_delegations=1', csv.encode(), H, 'text/csv')
    assert st == 200, b
    for i in range(a.delegates):
        st, b, _ = admin.call('POST', f'{api}/checkin/manual', json.dumps({'badge': f'{i+1:04d}', 'reason': 'thử tải', 'session_id': session}), H)
        assert st in (200, 201), b
    st, b, _ = admin.call('POST', f'{api}/elections', json.dumps({'title': 'Bầu Ban Chấp hành (thử tải)', 'seats': a.seats}), H)
    eid = json.loads(b)['id']
    cands = 'Họ và tên,Ngày sinh,Đoàn\n' + ''.join(f'Ứng cử viên {k+1:02d},199{k % 10},Đoàn {k % 20 + 1}\n' for k in range(a.candidates))
    st, b, _ = admin.call('POST', f'{api}/elections/{eid}/candidates/import', cands.encode(), H, 'text/csv')
    assert st == 201, b
    st, b, _ = admin.call('PUT', f'{api}/elections/{eid}/tellers', json.dumps({'badges': ['0001', '0002']}), H)
    assert st == 200, b
    st, b, _ = admin.call('POST', f'{api}/polls', json.dumps({'session_id': session, 'kind': 'election', 'mode': 'secret', 'election_id': eid}), H)
    poll = json.loads(b)['id']

    # Badge tokens, as printing the badges would issue them.
    db = sqlite3.connect(os.path.join(a.data, 'phonghop.db'), timeout=30)
    rows = db.execute('SELECT d.id, d.badge FROM delegates d JOIN congresses c ON c.id = d.congress_id WHERE c.slug = ? ORDER BY d.badge', (a.slug,)).fetchall()
    tokens = []
    now = int(time.time())
    for did, badge in rows:
        t = secrets.token_urlsafe(18)
        db.execute('INSERT INTO delegate_tokens(delegate_id, token_hash, created_at) VALUES (?,?,?)', (did, hashlib.sha256(t.encode()).hexdigest(), now))
        tokens.append(t)
    db.commit()
    db.close()
    # One sign-in session per client (its own phone).
    sessions = []
    for t in tokens:
        st, b, ck = admin.call('POST', '/api/v1/auth/badge', json.dumps({'token': t}))
        assert st == 200, b
        sessions.append({'Cookie': ck.split(';')[0], 'X-CSRF-Token': json.loads(b)['csrf']})
    admin.call('POST', f'{api}/polls/{poll}/open', b'{}', H)

    # The phones' event streams, held open through the rush by one thread.
    sel = selectors.DefaultSelector()
    streams = {'open': 0, 'closed': 0, 'stop': False}
    for _ in range(a.streams):
        try:
            sk = socket.create_connection((u.hostname, u.port), timeout=10)
            sk.sendall(f'GET {api}/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n'.encode())
            sk.setblocking(False)
            sel.register(sk, selectors.EVENT_READ)
            streams['open'] += 1
        except OSError:
            pass
    def pump():
        while not streams['stop']:
            for key, _ in sel.select(timeout=0.2):
                try:
                    d = key.fileobj.recv(65536)
                except BlockingIOError:
                    continue
                except OSError:
                    d = b''
                if not d:
                    streams['closed'] += 1
                    sel.unregister(key.fileobj)
                    key.fileobj.close()
    pumper = threading.Thread(target=pump, daemon=True)
    pumper.start()

    # The hall: one event stream; when does the progress reach N/N?
    reached = {}
    def hall():
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
        c.request('GET', f'{api}/events')
        r = c.getresponse()
        ev = None
        while True:
            line = r.fp.readline()
            if not line:
                return
            line = line.decode().strip()
            if line.startswith('event:'):
                ev = line[6:].strip()
            elif line.startswith('data:') and ev == 'poll_progress':
                d = json.loads(line[5:])
                if d.get('id') == poll and d.get('cast') >= a.delegates and 'at' not in reached:
                    reached['at'] = time.perf_counter()
                    return
    th = threading.Thread(target=hall, daemon=True)
    th.start()
    time.sleep(0.5)

    rnd = random.Random(7)
    t0 = time.perf_counter() + 0.5
    plan = [(t0 + rnd.uniform(0, a.seconds), i) for i in range(a.delegates)]
    plan.sort()
    nonces = [secrets.token_bytes(16) for _ in range(a.delegates)]
    results, base_ms, lock = [], [], threading.Lock()
    last201 = [0.0]
    def ballot(i):
        keep = sorted(rnd.sample(range(1, a.candidates + 1), a.seats - rnd.randrange(0, 3)))
        n = base64.urlsafe_b64encode(nonces[i]).rstrip(b'=').decode()
        return json.dumps({'nonce': n, 'keep': keep})
    bodies = [ballot(i) for i in range(a.delegates)]
    def worker(items, kind):
        c = Client(u.hostname, u.port)
        for at, i in items:
            d = at - time.perf_counter()
            if d > 0:
                time.sleep(d)
            s = time.perf_counter()
            if kind == 'base':
                st, _, _ = c.call('GET', '/healthz')
                with lock: base_ms.append((time.perf_counter() - s) * 1000)
                continue
            body = bodies[i] if kind == 'vote' or i % 2 == 0 else json.dumps({'nonce': base64.urlsafe_b64encode(secrets.token_bytes(16)).rstrip(b'=').decode(), 'keep': [1]})
            st, _, _ = c.call('POST', f'{api}/polls/{poll}/ballots', body, sessions[i])
            e = time.perf_counter()
            with lock:
                results.append((kind, st, (e - s) * 1000))
                if st == 201: last201[0] = max(last201[0], e)
    def run(plan, kind):
        chunks = [plan[k::a.threads] for k in range(a.threads)]
        ts = [threading.Thread(target=worker, args=(ch, kind)) for ch in chunks]
        for t in ts: t.start()
        for t in ts: t.join()
    run(plan, 'vote')
    t1 = time.perf_counter() + 0.2
    dup = [(t1 + rnd.uniform(0, 2), rnd.randrange(a.delegates)) for _ in range(a.duplicates)]
    dup.sort()
    run(dup, 'dup')
    th.join(timeout=5)
    # Baseline: the same arrival pattern against /healthz.
    t2 = time.perf_counter() + 0.2
    run([(t2 + rnd.uniform(0, a.seconds), i) for i in range(a.delegates)], 'base')
    s = time.perf_counter()
    st, b, _ = admin.call('POST', f'{api}/polls/{poll}/close', b'{}', H)
    close_ms = (time.perf_counter() - s) * 1000
    res = json.loads(b).get('result') or {}
    st2, b2, _ = admin.call('GET', f'{api}/polls/{poll}/voters', None, H)
    voters = json.loads(b2)['count'] if st2 == 200 else -1

    streams['stop'] = True
    pumper.join(timeout=5)
    connected = streams['open'] - streams['closed']
    # The poll's `open` event must still be in the replay history: a phone
    # that reconnects after the rush learns that the ballot is open.
    in_history = False
    try:
        sk = socket.create_connection((u.hostname, u.port), timeout=10)
        sk.sendall(f'GET {api}/events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 0\r\n\r\n'.encode())
        sk.settimeout(2)
        buf = b''
        try:
            while len(buf) < 4_000_000:
                d = sk.recv(65536)
                if not d:
                    break
                buf += d
        except OSError:
            pass
        sk.close()
        ev = None
        for line in buf.decode(errors='replace').splitlines():
            if line.startswith('event:'):
                ev = line[6:].strip()
            elif line.startswith('data:') and ev == 'poll':
                try:
                    d = json.loads(line[5:])
                except ValueError:
                    continue
                in_history = in_history or (d.get('id') == poll and d.get('state') == 'open')
    except OSError:
        pass

    votes = [r for r in results if r[0] == 'vote']
    dups = [r for r in results if r[0] == 'dup']
    lat = [r[2] for r in votes]
    c201 = sum(1 for r in votes if r[1] == 201)
    dup_ok = sum(1 for r in dups if r[1] in (200, 409))
    five = sum(1 for r in results if r[1] >= 500 or r[1] == 0)
    lag = (reached['at'] - last201[0]) * 1000 if 'at' in reached else float('nan')
    print(f'## Vote rush\n')
    print(f'`bench/vote_rush.sh` — {a.delegates} official delegates checked in, a secret election with {a.candidates} candidates '
          f'for {a.seats} seats; {a.delegates} clients (own badge session each) cast within {a.seconds:g} s (uniform start, '
          f'{a.threads} client threads), then {a.duplicates} duplicates (half the same nonce, half a new one). '
          f'Baseline: GET /healthz with the same arrival pattern, same run.\n')
    print('| measure | result | goal |')
    print('|---|---|---|')
    print(f'| ballots answered 201 | {c201}/{a.delegates} | all |')
    print(f'| duplicates answered 200/409 | {dup_ok}/{len(dups)} | all |')
    print(f'| 5xx or no answer | {five} | 0 |')
    print(f'| ballot latency p50 / p99 / max | {pct(lat,50):.1f} / {pct(lat,99):.1f} / {max(lat):.1f} ms | p99 < 250 ms |')
    print(f'| baseline /healthz p50 / p99 | {pct(base_ms,50):.1f} / {pct(base_ms,99):.1f} ms | — |')
    print(f'| ballot p99 ÷ baseline p99 | {pct(lat,99) / max(pct(base_ms,99), 0.001):.1f}× | — |')
    print(f'| hall progress at {a.delegates}/{a.delegates} after the last 201 | {lag:.0f} ms | < 1 s |')
    print(f'| close → result ready (the close request) | {close_ms:.0f} ms | < 1 s |')
    print(f'| voters = ballots returned | {voters} = {res.get("returned")} | equal |')
    print(f'| event streams still connected after the rush | {connected}/{a.streams} | all |')
    print(f'| the poll\'s `open` event still in the replay history | {"yes" if in_history else "no"} | yes |')
    print()


if __name__ == '__main__':
    main()
