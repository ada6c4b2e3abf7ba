#!/usr/bin/env python3
"""/metrics and JSON log lines, against the real binary (#16).

Starts `phonghop serve --demo --log-format json` on a fresh data directory,
reads /metrics with the Prometheus project's own text-format parser
(python3-prometheus-client), makes requests a user would make (the
programme, a wrong password, a manual check-in, a search) and checks that
the counters moved by exactly what was done; then checks that every log
line is a JSON object and that request lines carry their request id.

  metrics_test.py PHONGHOP_BINARY
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import http.cookiejar

from prometheus_client.parser import text_string_to_metric_families

BIN = sys.argv[1]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


JAR = http.cookiejar.CookieJar()
OPENER = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(JAR))


def fetch(url, data=None, headers=None, method=None, opener=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with (opener or urllib.request.build_opener()).open(req, timeout=10) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)


def samples(base):
    status, body, headers = fetch(base + "/metrics")
    assert status == 200, (status, body)
    assert headers["Content-Type"].startswith("text/plain; version=0.0.4"), headers
    out = {}
    for fam in text_string_to_metric_families(body.decode()):
        for s in fam.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def value(m, name, **labels):
    return m.get((name, tuple(sorted(labels.items()))), 0.0)


def main():
    data = tempfile.mkdtemp(prefix="ph-metrics-")
    port = free_port()
    log_path = os.path.join(data, "server.log")
    log = open(log_path, "wb")
    pw = "metrics-test-password"
    subprocess.run([BIN, "user", "add", "--data", os.path.join(data, "d"), "--role", "admin", "--name", "ops",
                    "--password-stdin"], input=pw.encode(), check=True, capture_output=True)
    proc = subprocess.Popen([BIN, "serve", "--data", os.path.join(data, "d"), "--demo",
                             "--listen", f"0.0.0.0:{port}", "--log-format", "json"],
                            stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if fetch(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.05)
        else:
            raise SystemExit("server did not start")

        before = samples(base)
        route = "/api/v1/congresses/{slug}"
        for _ in range(3):
            assert fetch(base + "/api/v1/congresses/demo")[0] == 200
        st, _, _ = fetch(base + "/api/v1/auth/login", data=b'{"name":"admin","password":"wrong"}',
                         headers={"Content-Type": "application/json"}, method="POST")
        assert st == 401, st
        st, _, _ = fetch(base + "/api/v1/congresses/demo/search?q=ngh%E1%BB%8B+quy%E1%BA%BFt")
        assert st == 200, st
        # The secretariat signs in and checks a delegate in by hand at the door.
        st, body, _ = fetch(base + "/api/v1/auth/login", data=json.dumps({"name": "ops", "password": pw}).encode(),
                            headers={"Content-Type": "application/json"}, method="POST", opener=OPENER)
        assert st == 200, (st, body)
        csrf = json.loads(body)["csrf"]
        st, body, _ = fetch(base + "/api/v1/congresses/demo/checkin/manual",
                            data=json.dumps({"badge": "001", "reason": "quên thẻ", "session_id": 1}).encode(),
                            headers={"Content-Type": "application/json", "X-CSRF-Token": csrf},
                            method="POST", opener=OPENER)
        assert st == 200, (st, body)
        # Requests whose path tries to forge log fields, and a byte that is
        # not UTF-8.
        assert fetch(base + "/x%20remote=10.9.9.9%20status=299")[0] == 404
        assert fetch(base + "/api/v1/%FF")[0] in (400, 404)
        after = samples(base)

        got = value(after, "phonghop_http_requests_total", route=route, method="GET", status="200") - \
            value(before, "phonghop_http_requests_total", route=route, method="GET", status="200")
        assert got == 3, f"congress GETs counted {got}, want 3"
        got = value(after, "phonghop_http_requests_total", route="/api/v1/auth/login", method="POST", status="401") - \
            value(before, "phonghop_http_requests_total", route="/api/v1/auth/login", method="POST", status="401")
        assert got == 1, f"failed sign-ins counted {got}, want 1"
        got = value(after, "phonghop_checkins_total", method="manual") - \
            value(before, "phonghop_checkins_total", method="manual")
        assert got == 1, f"manual check-ins counted {got}, want 1"
        got = value(after, "phonghop_search_seconds_count") - value(before, "phonghop_search_seconds_count")
        assert got == 1, f"searches timed {got}, want 1"
        n = value(after, "phonghop_http_request_duration_seconds_count", route=route) - \
            value(before, "phonghop_http_request_duration_seconds_count", route=route)
        assert n == 3, f"latency observations {n}, want 3"
        assert ("phonghop_open_connections", ()) in after, "no open-connections gauge"
        assert value(after, "phonghop_db_pool_wait_seconds_count") > 0, "pool acquisitions not recorded"

        # A phone behind a proxy on this machine looks local but is not.
        st, body, _ = fetch(base + "/metrics", headers={"X-Forwarded-For": "192.168.1.50"})
        assert st == 403, f"/metrics through a local proxy: {st}"
        # A signed-in secretariat may read them from anywhere.
        assert fetch(base + "/metrics", headers={"X-Forwarded-For": "192.168.1.50"}, opener=OPENER)[0] == 200
        # A delegate's phone on the venue network may not read the figures.
        lan = None
        try:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.connect(("10.255.255.255", 1))
            lan = s.getsockname()[0]
            s.close()
        except OSError:
            pass
        if lan and not lan.startswith("127."):
            st, body, _ = fetch(f"http://{lan}:{port}/metrics")
            assert st == 403, f"/metrics from {lan}: {st}"
            assert json.loads(body)["error"]["code"] == "permission_denied"
        else:
            print("note: no non-loopback address here; the 403 case was not exercised")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()

    lines = open(log_path, encoding="utf-8").read().split("\n")
    lines = [l for l in lines if l]
    assert lines, "no log lines"
    http_lines = []
    for line in lines:
        obj = json.loads(line)  # every line is one JSON object
        assert {"time", "level", "msg"} <= obj.keys(), obj
        if obj.get("event") == "http":
            http_lines.append(obj)
    assert any(o.get("path") == "/api/v1/congresses/demo" and o.get("status") == "200" and
               o.get("request_id") for o in http_lines), "request lines lack fields"
    assert not any("wrong" in l for l in lines), "a password reached the log"
    forged = [o for o in http_lines if o.get("path", "").startswith("/x")]
    assert forged and forged[0]["status"] == "404" and forged[0]["remote"] != "10.9.9.9", forged
    assert forged[0]["path"] == "/x%20remote=10.9.9.9%20status=299", forged[0]["path"]
    shutil.rmtree(data, ignore_errors=True)
    print("metrics and JSON logs: ok")


if __name__ == "__main__":
    main()
