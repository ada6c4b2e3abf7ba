// Offline reading: the service worker (public/sw.js) keeps the app shell,
// the data the app read and every document file fetched whole. Opening a
// document stores it; "tải tất cả tài liệu" stores them all at once.
import type { Doc } from './api';
import { DATA_CACHE, DOCS_CACHE, http } from './http';

export const DOC_CACHE = DOCS_CACHE;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {});
}

export function offlineAvailable(): boolean { return 'caches' in window && window.isSecureContext; }

function fileUrl(code: string): string { return `/api/v1/documents/${encodeURIComponent(code)}/file`; }

// Stores an API answer where the service worker looks for it offline. Done
// here too, not only by the worker: on a fresh phone the worker may not yet
// control the page that asks. Never an answer the server says not to keep.
async function keepAnswer(url: string): Promise<void> {
  const r = await http.get<Response>(url, { as: 'response' }).catch(() => null);
  if (!r || r.status !== 200 || (r.headers.get('Cache-Control') ?? '').toLowerCase().includes('no-store')) return;
  await (await caches.open(DATA_CACHE)).put(url, r);
}

// Stores the whole current file of a document (no-op when already stored
// for this version), with what the viewer reads besides the file.
export async function keepDocument(code: string, version: number, kind = 'pdf'): Promise<boolean> {
  if (!offlineAvailable()) return false;
  const cache = await caches.open(DOC_CACHE);
  const key = `${fileUrl(code)}?v=${version}`;
  const enc = encodeURIComponent(code);
  await keepAnswer(`/api/v1/documents/${enc}`).catch(() => {});
  // Formats other than PDF and images are read as HTML from the server.
  if (kind !== 'pdf' && kind !== 'jpeg' && kind !== 'png') await keepAnswer(`/api/v1/documents/${enc}/html`).catch(() => {});
  if (await cache.match(key)) return true;
  const r = await http.get<Response>(fileUrl(code), { as: 'response' }).catch(() => null);
  if (!r) return false;
  const blob = await r.blob();
  const headers = { 'Content-Type': r.headers.get('Content-Type') ?? 'application/octet-stream', 'X-Doc-Version': String(version) };
  // Two keys: by version (to know what is stored) and the plain URL the
  // viewer asks for (what the service worker answers offline).
  await cache.put(key, new Response(blob, { headers }));
  await cache.put(fileUrl(code), new Response(blob, { headers }));
  return true;
}

export async function keepAll(docs: Doc[], progress: (done: number, total: number) => void): Promise<number> {
  let done = 0, ok = 0;
  for (const d of docs) {
    try { if (await keepDocument(d.code, d.current.number, d.current.kind)) ok++; } catch { /* next */ }
    progress(++done, docs.length);
  }
  return ok;
}

export async function storedCount(docs: Doc[]): Promise<number> {
  if (!offlineAvailable()) return 0;
  const cache = await caches.open(DOC_CACHE);
  let n = 0;
  for (const d of docs) if (await cache.match(`${fileUrl(d.code)}?v=${d.current.number}`)) n++;
  return n;
}
