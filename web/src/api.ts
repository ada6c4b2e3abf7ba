// Typed access to the phonghop HTTP API (docs/http-api.md).

export interface Quorum { numerator: number; denominator: number }
export interface Congress {
  slug: string; organization: string; name: string; ordinal: string; term: string;
  start_date: string; end_date: string; venue: string;
  status: 'planned' | 'ongoing' | 'closed'; quorum: Quorum;
}
export interface AgendaItem {
  id: number; session_id: number; position: number; starts_at: string;
  title: string; presenter: string; description: string;
}
export interface Session {
  id: number; position: number; name: string; date: string; starts_at: string;
  ends_at: string; agenda: AgendaItem[];
}
export interface Delegation { id: number; position: number; name: string; delegates: number }
export interface CongressOverview extends Congress {
  sessions: Session[]; delegations: Delegation[];
  delegates: { total: number; official: number };
}

export interface DocVersion {
  number: number; label: string; file_name: string; kind: string; mime: string; size: number;
  page_count: number; text_status: string; sha256: string; created_at: number;
}
export interface Doc {
  code: string; title: string; number: string; category: string; category_label: string;
  agenda_item_id: number | null; position: number; visibility: string; url: string;
  current: DocVersion; versions?: DocVersion[];
}
export interface PageText { page: number; text: string; needs_ocr: boolean }
export interface PaperSavings {
  documents: number; pages: number; copies: number; pages_printed: number; sheets: number;
  reams: number; cost_per_page_vnd: number; money_vnd: number;
}

export interface SearchHit {
  code: string; title: string; file_name: string; category: string; category_label: string;
  page: number; snippet: string; score: number; strong: boolean; url: string;
}

export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string) { super(message); }
}

// Until the service worker controls the page (the first visit on a fresh
// phone), the page keeps the answers it reads where the worker looks for
// them offline, under the worker's own rule: never a no-store reply.
function rememberForOffline(path: string, res: Response): void {
  if (!('caches' in window) || !window.isSecureContext || navigator.serviceWorker?.controller) return;
  if (res.status !== 200 || (res.headers.get('Cache-Control') ?? '').toLowerCase().includes('no-store')) return;
  const copy = res.clone();
  void caches.open('ph-data-v2').then((c) => c.put(path, copy)).catch(() => {});
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin', signal });
  rememberForOffline(path, res);
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const err = body?.error ?? {};
    throw new ApiError(res.status, err.code ?? 'http_error', err.message ?? `HTTP ${res.status}`);
  }
  return body as T;
}

export interface Me { name: string; role: string; csrf: string; delegate: boolean; congress?: string }

// The session's anti-forgery token: sent with every state-changing request.
let csrf = '';
export function csrfHeaders(): Record<string, string> { return csrf ? { 'X-CSRF-Token': csrf } : {}; }

export async function me(): Promise<Me | null> {
  const r = await fetch('/api/v1/auth/me', { credentials: 'same-origin' });
  if (!r.ok) return null;
  const m = await r.json() as Me;
  csrf = m.csrf;
  return m;
}

async function postJson(path: string, body: unknown): Promise<Response> {
  return fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', ...csrfHeaders() }, body: JSON.stringify(body) });
}

export async function login(name: string, password: string): Promise<Me> {
  const r = await postJson('/api/v1/auth/login', { name, password });
  const j = await r.json().catch(() => null);
  if (!r.ok) throw new ApiError(r.status, j?.error?.code ?? 'error', j?.error?.message ?? `HTTP ${r.status}`);
  csrf = j.csrf;
  return j as Me;
}

export async function badgeLogin(token: string): Promise<Me> {
  const r = await postJson('/api/v1/auth/badge', { token });
  const j = await r.json().catch(() => null);
  if (!r.ok) throw new ApiError(r.status, j?.error?.code ?? 'error', j?.error?.message ?? `HTTP ${r.status}`);
  csrf = j.csrf;
  return j as Me;
}

// Asks the service worker to drop every stored reply and document, and waits
// until it has (a shared tablet must keep nothing of the person before).
export async function clearOfflineData(): Promise<void> {
  const ctl = 'serviceWorker' in navigator ? navigator.serviceWorker.controller : null;
  if (ctl) {
    await new Promise<void>((resolve) => {
      const ch = new MessageChannel();
      const timer = setTimeout(resolve, 2000);
      ch.port1.onmessage = () => { clearTimeout(timer); resolve(); };
      ctl.postMessage({ type: 'signed-out' }, [ch.port2]);
    });
  }
  if ('caches' in window) await Promise.all(['ph-data-v2', 'ph-data-v1', 'ph-docs-v1'].map((n) => caches.delete(n)));
}

// Work to finish while the session still exists (notes written offline).
const beforeLogout: (() => Promise<void>)[] = [];
export function onBeforeLogout(f: () => Promise<void>): void { beforeLogout.push(f); }

export async function logout(): Promise<void> {
  for (const f of beforeLogout) await f().catch(() => {});
  try {
    await fetch('/api/v1/auth/logout', { method: 'POST', credentials: 'same-origin', headers: csrfHeaders() });
  } finally {
    // Offline too: the device keeps nothing of this person.
    csrf = '';
    await clearOfflineData();
  }
}

export const api = {
  congresses: () => getJson<{ congresses: Congress[] }>('/api/v1/congresses').then((r) => r.congresses),
  congress: (slug: string) => getJson<CongressOverview>(`/api/v1/congresses/${encodeURIComponent(slug)}`),
  documents: (slug: string) => getJson<{ documents: Doc[] }>(`/api/v1/congresses/${encodeURIComponent(slug)}/documents`).then((r) => r.documents),
  document: (code: string) => getJson<Doc>(`/api/v1/documents/${encodeURIComponent(code)}`),
  pages: (code: string, version = 0) => getJson<{ pages: PageText[] }>(`/api/v1/documents/${encodeURIComponent(code)}/pages${version ? `?version=${version}` : ''}`).then((r) => r.pages),
  html: (code: string, version = 0) => getJson<{ html: string }>(`/api/v1/documents/${encodeURIComponent(code)}/html${version ? `?version=${version}` : ''}`).then((r) => r.html),
  // `signal` cancels a search the person has typed past (search as you type).
  search: (slug: string, q: string, signal?: AbortSignal) => getJson<{ query: string; results: SearchHit[] }>(`/api/v1/congresses/${encodeURIComponent(slug)}/search?q=${encodeURIComponent(q)}&limit=20`, signal),
  savings: (slug: string) => getJson<PaperSavings>(`/api/v1/congresses/${encodeURIComponent(slug)}/paper-savings`),
};
