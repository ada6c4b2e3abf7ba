// The one way the web app talks to the server (decision 60). Every request
// goes through `request()`: same-origin credentials, the CSRF header on
// state-changing methods, the server's `{error:{code,message}}` turned into
// one error type, a network failure as its own code, the offline-keeping
// rule and the end-of-session rule of the service worker (public/sw.js).
//
// Not through here, on purpose: public/sw.js (the worker is its own
// program), EventSource in live.ts (a stream, not a request), and links or
// window.open() to files and printable sheets (the browser downloads them).
import { httpText } from './strings/http';

export class ApiError extends Error {
  // `code` is the server's error code (not_found, invalid_argument, …), or
  // 'network' when no answer came, 'aborted' when the caller cancelled, and
  // 'http_error' for an answer without the JSON error body.
  constructor(public status: number, public code: string, message: string) { super(message); }
}

const w = httpText;
export const networkMessage = (): string => w().network;

// The session's anti-forgery token, from /auth/me, /auth/login or /auth/badge.
let csrf = '';
export function setCsrf(token: string): void { csrf = token; }
export function csrfHeaders(): Record<string, string> { return csrf ? { 'X-CSRF-Token': csrf } : {}; }

// Caches the worker keeps (public/sw.js): replies and document files.
export const DATA_CACHE = 'ph-data-v2';
export const DOCS_CACHE = 'ph-docs-v1';

// Until the service worker controls the page (the first visit on a fresh
// phone), the page keeps the answers it reads where the worker looks for
// them offline, under the worker's own rule: never a no-store reply.
function rememberForOffline(path: string, res: Response): void {
  if (!('caches' in window) || !window.isSecureContext || navigator.serviceWorker?.controller) return;
  if (res.status !== 200 || (res.headers.get('Cache-Control') ?? '').toLowerCase().includes('no-store')) return;
  const copy = res.clone();
  void caches.open(DATA_CACHE).then((c) => c.put(path, copy)).catch(() => {});
}

// A 401 that ends a session (X-Session-Ended: 1; an anonymous visitor's
// ordinary 401 does not): the token goes, and what this page stored itself
// (before a worker controlled it) is dropped, as the worker drops its own.
const endedHandlers: (() => void)[] = [];
export function onSessionEnded(f: () => void): void { endedHandlers.push(f); }
function sessionEnded(res: Response): void {
  if (res.status !== 401 || res.headers.get('X-Session-Ended') !== '1') return;
  csrf = '';
  if ('caches' in window) void Promise.all([caches.delete(DATA_CACHE), caches.delete(DOCS_CACHE)]).catch(() => {});
  for (const f of endedHandlers) f();
}

export type Body = unknown;
export interface RequestOptions {
  body?: Body;                 // FormData, Blob/File (sent as is) or a value sent as JSON
  signal?: AbortSignal;
  as?: 'json' | 'text' | 'blob' | 'response';  // what a success resolves to (default json)
  headers?: Record<string, string>;
  cache?: RequestCache;         // e.g. 'no-store' for what must be read fresh
}

function isRaw(b: unknown): b is BodyInit {
  return b instanceof FormData || b instanceof Blob || b instanceof ArrayBuffer || b instanceof URLSearchParams;
}

async function errorOf(res: Response): Promise<ApiError> {
  const j = await res.json().catch(() => null);
  const e = j?.error ?? {};
  return new ApiError(res.status, e.code ?? 'http_error', e.message ?? w().status(res.status));
}

// Sends one request; resolves to the parsed answer, rejects with ApiError.
export async function request<T = any>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...(opts.as === 'json' || !opts.as ? { Accept: 'application/json' } : {}), ...opts.headers };
  if (method !== 'GET' && method !== 'HEAD') Object.assign(headers, csrfHeaders());
  let body: BodyInit | undefined;
  if (opts.body !== undefined) {
    if (isRaw(opts.body)) {
      body = opts.body;
      // A Blob carries its own type; FormData sets its boundary itself.
      if (opts.body instanceof Blob && opts.body.type && !headers['Content-Type']) headers['Content-Type'] = opts.body.type;
    } else {
      body = JSON.stringify(opts.body);
      headers['Content-Type'] = 'application/json';
    }
  }
  let res: Response;
  try {
    res = await fetch(path, { method, credentials: 'same-origin', headers, body, signal: opts.signal, cache: opts.cache });
  } catch (err) {
    if (opts.signal?.aborted) throw new ApiError(0, 'aborted', (err as Error).message);
    throw new ApiError(0, 'network', w().network);
  }
  sessionEnded(res);
  if (!res.ok) throw await errorOf(res);
  if (method === 'GET' && (opts.as ?? 'json') === 'json') rememberForOffline(path, res);
  switch (opts.as ?? 'json') {
    case 'response': return res as unknown as T;
    case 'blob': return await res.blob() as unknown as T;
    case 'text': return await res.text() as unknown as T;
    default: return (res.status === 204 ? null : await res.json().catch(() => null)) as T;
  }
}

export const http = {
  get: <T = any>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T = any>(path: string, body?: Body, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  put: <T = any>(path: string, body?: Body, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  patch: <T = any>(path: string, body?: Body, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
  del: <T = any>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
  request: <T = any>(method: string, path: string, body?: Body, opts?: RequestOptions) => request<T>(method, path, { ...opts, body }),
};

// An error as one line of text for a status line: the server's message, or
// the network one.
export function errorText(err: unknown): string {
  return err instanceof ApiError ? err.message : err instanceof Error ? err.message : String(err);
}

// An upload with a progress bar (fetch cannot report upload progress, so
// this one request is an XMLHttpRequest), with the same headers and errors.
export function upload<T = any>(path: string, form: FormData, onProgress: (f: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries(csrfHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let j: any = null;
      try { j = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) { resolve(j as T); return; }
      if (xhr.status === 401 && xhr.getResponseHeader('X-Session-Ended') === '1') csrf = '';
      reject(new ApiError(xhr.status, j?.error?.code ?? 'http_error', j?.error?.message ?? w().status(xhr.status)));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', w().network));
    xhr.send(form);
  });
}
