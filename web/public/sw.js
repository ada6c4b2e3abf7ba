// phonghop service worker: the delegate app keeps working when the venue
// Wi-Fi drops. Network first (fresh data whenever there is a network), the
// cache when there is none. Document files are stored whole by the app
// (ph-docs-v1); byte-range requests from the PDF viewer are answered from
// the stored file when offline.
const SHELL = 'ph-shell-v1';
const DATA = 'ph-data-v1';
const DOCS = 'ph-docs-v1';

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(SHELL).then((c) => c.addAll(['/', '/manifest.webmanifest', '/icon.svg'])).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (e) => { e.waitUntil(self.clients.claim()); });

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
    e.respondWith(fetch(req).catch(() => caches.open(DOCS).then((c) => c.match(url.pathname)).then((hit) => {
      if (!hit) return Response.error();
      return req.headers.get('Range') ? rangeResponse(hit, req.headers.get('Range')) : hit;
    })));
    return;
  }
  // Built assets have content hashes: cache first.
  if (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/province/')) {
    e.respondWith(caches.open(SHELL).then((c) => c.match(req).then((hit) => hit || fetch(req).then((r) => {
      if (r.ok) c.put(req, r.clone());
      return r;
    }))));
    return;
  }
  // API reads: network first, remember the answer for offline.
  if (url.pathname.startsWith('/api/')) {
    if (req.headers.get('Range')) return;
    e.respondWith(fetch(req).then((r) => {
      if (r.ok && r.status === 200) { const copy = r.clone(); caches.open(DATA).then((c) => c.put(req, copy)); }
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
