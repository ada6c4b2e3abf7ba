#!/usr/bin/env python3
"""A check-in rush: N delegates (LFW people with at least two photos) are
enrolled with one photo each, then walk up to K kiosks at once, each kiosk
sending another photo of the person. Reports every answer's latency and what
the answers were; the goal is every answer under 1 s.

  bench/checkin_rush.py --url http://127.0.0.1:PORT --user U --password P \
      --lfw ../shared/faces/lfw/images [--delegates 500] [--kiosks 4]
Prints a Markdown section."""
import argparse, json, os, random, sys, threading, time, urllib.request, urllib.error, http.client, http.cookiejar
from urllib.parse import urlparse

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--url', required=True)
    ap.add_argument('--user', required=True)
    ap.add_argument('--password', required=True)
    ap.add_argument('--lfw', required=True)
    ap.add_argument('--delegates', type=int, default=500)
    ap.add_argument('--kiosks', type=int, default=4)
    ap.add_argument('--slug', default='rush')
    ap.add_argument('--background', default='', help='a shell command run during the rush (e.g. wrk on a PDF)')
    ap.add_argument('--title', default='')
    ap.add_argument('--frames', type=int, default=1, help='frames per check-in (the kiosk sends 3, multipart)')
    ap.add_argument('--background-note', default='', help='what to say about --background instead of wrk figures')
    a = ap.parse_args()

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    def call(method, path, body=None, ctype='application/json', csrf=None):
        req = urllib.request.Request(a.url + path, data=body, method=method)
        if body is not None: req.add_header('Content-Type', ctype)
        if csrf: req.add_header('X-CSRF-Token', csrf)
        try:
            with opener.open(req, timeout=60) as r: return r.status, r.read()
        except urllib.error.HTTPError as e: return e.code, e.read()
    st, b = call('POST', '/api/v1/auth/login', json.dumps({'name': a.user, 'password': a.password}).encode())
    assert st == 200, b
    csrf = json.loads(b)['csrf']
    cookie = '; '.join(f'{c.name}={c.value}' for c in jar)

    people = sorted(p for p in os.listdir(a.lfw) if len(os.listdir(os.path.join(a.lfw, p))) >= 2)
    random.Random(5).shuffle(people)
    people = people[:a.delegates]
    st, b = call('POST', '/api/v1/congresses', json.dumps({'slug': a.slug, 'name': 'Đại hội thử tải điểm danh', 'start_date': '2026-12-01', 'end_date': '2026-12-01'}).encode(), csrf=csrf)
    assert st in (201, 409), b
    st, b = call('POST', f'/api/v1/congresses/{a.slug}/sessions', json.dumps({'name': 'Phiên thứ nhất', 'date': '2026-12-01', 'starts_at': '07:30', 'ends_at': '11:30'}).encode(), csrf=csrf)
    csv = 'Số thẻ,Họ và tên,Đoàn\n' + ''.join(f'{i+1:04d},{p.replace("_", " ")},Đoàn {i % 10 + 1}\n' for i, p in enumerate(people))
    st, b = call('POST', f'/api/v1/congresses/{a.slug}/delegates/import?create_delegations=1', csv.encode(), 'text/csv', csrf)
    assert st == 200, b

    enrolled, enrol_ms, probes = 0, [], []
    for i, p in enumerate(people):
        files = sorted(os.listdir(os.path.join(a.lfw, p)))
        used = None
        for k, f in enumerate(files[:-1][:3]):
            data = open(os.path.join(a.lfw, p, f), 'rb').read()
            t0 = time.perf_counter()
            st, b = call('POST', f'/api/v1/congresses/{a.slug}/delegates/{i+1:04d}/face?consent=1', data, 'image/jpeg', csrf)
            enrol_ms.append((time.perf_counter() - t0) * 1000)
            if st == 201: used = k; break
        if used is not None:
            enrolled += 1
            probes.append((f'{i+1:04d}', open(os.path.join(a.lfw, p, files[-1]), 'rb').read()))

    # The rush: K kiosks, each a keep-alive connection, people queue evenly.
    u = urlparse(a.url)
    lat, outcomes, wrong = [], {}, 0
    lock = threading.Lock()
    queues = [probes[k::a.kiosks] for k in range(a.kiosks)]
    def kiosk(k):
        nonlocal wrong
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        for badge, data in queues[k]:
            t0 = time.perf_counter()
            if a.frames > 1:
                # As the kiosk does: several frames of one moment in one multipart request.
                bnd = 'rushframes7d3a'
                body_out = b''.join(b'--' + bnd.encode() + b'\r\nContent-Disposition: form-data; name="frame"; filename="f.jpg"\r\n'
                                    b'Content-Type: image/jpeg\r\n\r\n' + data + b'\r\n' for _ in range(a.frames)) + b'--' + bnd.encode() + b'--\r\n'
                ctype = 'multipart/form-data; boundary=' + bnd
            else:
                body_out, ctype = data, 'image/jpeg'
            conn.request('POST', f'/api/v1/congresses/{a.slug}/checkin/face?kiosk=K{k+1}', body=body_out,
                         headers={'Content-Type': ctype, 'Cookie': cookie, 'X-CSRF-Token': csrf})
            r = conn.getresponse(); body = r.read()
            ms = (time.perf_counter() - t0) * 1000
            res = json.loads(body).get('result', f'http {r.status}') if r.status == 200 else f'http {r.status}'
            with lock:
                lat.append(ms)
                outcomes[res] = outcomes.get(res, 0) + 1
                if res == 'checked_in' and json.loads(body)['delegate']['badge'] != badge: wrong += 1
    import subprocess, signal
    bg = subprocess.Popen(a.background, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True) if a.background else None
    if bg: time.sleep(1.0)
    t0 = time.perf_counter()
    ts = [threading.Thread(target=kiosk, args=(k,)) for k in range(a.kiosks)]
    for t in ts: t.start()
    for t in ts: t.join()
    wall = time.perf_counter() - t0
    bg_out = ''
    if bg:
        os.killpg(bg.pid, signal.SIGINT)
        try: bg_out = bg.communicate(timeout=20)[0]
        except Exception: bg.kill()
    lat.sort()
    pct = lambda v, q: v[min(len(v) - 1, int(q * (len(v) - 1) + 0.5))] if v else 0
    st, b = call('GET', f'/api/v1/congresses/{a.slug}/attendance')
    roll = json.loads(b)
    print(f'### {a.title or f"Check-in rush: {len(probes)} delegates through {a.kiosks} kiosks"}\n')
    print(f'`bench/checkin_rush.py --delegates {a.delegates} --kiosks {a.kiosks}` (from `bench/face.sh` and `bench/load.sh`). '
          f'{len(people)} LFW people with at least two photos are imported as delegates; {enrolled} enrolled '
          f'(first photo that passes the enrolment quality gates; enrolment p50 {pct(sorted(enrol_ms), .5):.0f} ms), '
          f'then each walks to one of {a.kiosks} kiosks that sends a different photo of them'
          f'{f" ({a.frames} copies in one request, as the kiosk sends 3 frames)" if a.frames > 1 else ""}, all kiosks at once.\n')
    print('| answers | p50 | p99 | max | goal | wall time | throughput |')
    print('|---|---|---|---|---|---|---|')
    print(f'| {len(lat)} | {pct(lat, .5):.0f} ms | {pct(lat, .99):.0f} ms | {lat[-1]:.0f} ms | every answer < 1,000 ms: '
          f'**{"met" if lat and lat[-1] < 1000 else "missed"}** | {wall:.1f} s | {len(lat) / wall:.1f} check-ins/s |\n')
    outs = ', '.join(f'{k}: {v}' for k, v in sorted(outcomes.items()))
    print(f'Answers: {outs}; recognised as the wrong delegate: **{wrong}**. Present on the roll afterwards: '
          f'{roll["present"]} of {roll["expected"]}. LFW photos are press photos taken years apart; '
          f'"unknown" and "bad_frame" answers are people the kiosk would send to the badge/name fallback.\n')
    if bg and a.background_note:
        print(f'Meanwhile: {a.background_note}. Its output: `{" ".join(bg_out.split())[:300]}`\n')
    elif bg:
        import re
        m = re.search(r'Requests/sec:\s*([\d.]+)', bg_out)
        tr = re.search(r'Transfer/sec:\s*([\d.]+\w+)', bg_out)
        print(f'Meanwhile: `{a.background.split(" http")[0]} …` — {m.group(1) if m else "?"} downloads/s, {tr.group(1) if tr else "?"}/s '
              f'of the 5 MB PDF on the same server.\n')

if __name__ == '__main__':
    main()
