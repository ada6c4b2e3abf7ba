// phonghop service worker: the delegate app keeps working when the venue
// Wi-Fi drops. Network first (fresh data whenever there is a network), the
// cache when there is none. Document files are stored whole by the app
// (ph-docs-v1); byte-range requests from the PDF viewer are answered from
// the stored file when offline.
//
// The app's own code is stored whole when the worker installs: the build
// writes the list of its hashed files into PRECACHE below (see
// vite.config.ts), so the viewer's chunks and the PDF.js worker are there
// offline even on a phone that never opened a document online (decision 411).
//
// What is kept: only what the server lets be kept. Replies to staff carry
// `Cache-Control: no-store` and are never stored; a 401 that ends a session
// (header X-Session-Ended) or a
// sign-out message from the app clears every stored reply and document, so
// the next person at a shared tablet finds nothing of the last one.
// Replaced at build time (vite.config.ts, closeBundle): the files of
// dist/assets and a digest of that list. Left empty in development.
const PRECACHE = [];
const BUILD = 'dev';
const SHELL = `ph-shell-${BUILD}`;
const DATA = 'ph-data-v2';  // v1 stored staff replies: dropped on activate
const DOCS = 'ph-docs-v1';
const KEEP = [SHELL, DATA, DOCS];

function storable(r) {
  const cc = (r.headers.get('Cache-Control') || '').toLowerCase();
  return r.ok && r.status === 200 && !cc.includes('no-store');
}
// A 401 that ends a session (the server says so with X-Session-Ended; an
// anonymous visitor's ordinary 401 on /auth/me does not).
function sessionEnded(r) {
  return r.status === 401 && r.headers.get('X-Session-Ended') === '1';
}
function clearPrivate() {
  return Promise.all([caches.delete(DATA), caches.delete(DOCS)]);
}
self.addEventListener('message', (e) => {
  if (e.data && e.data.type === 'signed-out') {
    const done = clearPrivate().then(() => { if (e.ports && e.ports[0]) e.ports[0].postMessage('cleared'); });
    if (e.waitUntil) e.waitUntil(done);
  }
});

self.addEventListener('install', (e) => {
  // The shell must be there; an asset that fails to arrive now is stored on
  // its first use instead (cache on fetch below), so one bad reply does not
  // keep the worker from installing.
  e.waitUntil(caches.open(SHELL)
    .then((c) => c.addAll(['/', '/manifest.webmanifest', '/icon.svg'])
      .then(() => Promise.all(PRECACHE.map((u) => c.match(u).then((hit) => hit || fetch(u).then((r) => {
        if (storable(r)) return c.put(u, r);
      }).catch(() => {}))))))
    .then(() => self.skipWaiting()));
});
self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => !KEEP.includes(n)).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

function rangeResponse(full, rangeHeader) {
  return full.arrayBuffer().then((buf) => {
    const m = /bytes=(\d*)-(\d*)/.exec(rangeHeader || '');
    const size = buf.byteLength;
    let start = m && m[1] ? Number(m[1]) : 0;
    let end = m && m[2] ? Number(m[2]) : size - 1;
    if (m && !m[1] && m[2]) { start = size - Number(m[2]); end = size - 1; }
    end = Math.min(end, size - 1);
    return new Response(buf.slice(start, end + 1), {
      status: 206,
      headers: { 'Content-Type': full.headers.get('Content-Type') || 'application/pdf',
        'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': String(end - start + 1), 'Accept-Ranges': 'bytes' },
    });
  });
}

self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== location.origin) return;
  if (url.pathname.endsWith('/events')) return;  // live stream: never cached

  // Document files: the network, else the stored whole file (sliced for Range).
  if (/^\/api\/v1\/documents\/[^/]+\/file$/.test(url.pathname) && !url.search) {
    e.respondWith(fetch(req).then((r) => {
      if (sessionEnded(r)) return clearPrivate().then(() => r);
      return r;
    }, () => caches.open(DOCS).then((c) => c.match(url.pathname)).then((hit) => {
      if (!hit) return Response.error();
      return req.headers.get('Range') ? rangeResponse(hit, req.headers.get('Range')) : hit;
    })));
    return;
  }
  // Built assets have content hashes: cache first.
  if (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/province/')) {
    e.respondWith(caches.open(SHELL).then((c) => c.match(req, { ignoreVary: true }).then((hit) => hit || fetch(req).then((r) => {
      if (storable(r)) c.put(req, r.clone());
      return r;
    }))));
    return;
  }
  // API reads: network first, remember the answer for offline.
  if (url.pathname.startsWith('/api/')) {
    if (req.headers.get('Range')) return;
    e.respondWith(fetch(req).then((r) => {
      if (sessionEnded(r)) return clearPrivate().then(() => r);
      if (storable(r)) { const copy = r.clone(); caches.open(DATA).then((c) => c.put(req, copy)); }
      return r;
    }).catch(() => caches.open(DATA).then((c) => c.match(req)).then((hit) => hit || Response.error())));
    return;
  }
  // Pages of the app: network first, else the cached shell (the app routes itself).
  if (req.mode === 'navigate') {
    e.respondWith(fetch(req).then((r) => {
      if (r.ok) { const copy = r.clone(); caches.open(SHELL).then((c) => c.put('/', copy)); }
      return r;
    }).catch(() => caches.open(SHELL).then((c) => c.match('/'))));
  }
});
