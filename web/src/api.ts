// Typed access to the phonghop HTTP API (docs/http-api.md), through the one
// client of http.ts.
import { ApiError, DATA_CACHE, DOCS_CACHE, http, setCsrf } from './http';

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

export { ApiError, csrfHeaders } from './http';

export interface Me { name: string; role: string; csrf: string; delegate: boolean; congress?: string }

// Who is signed in (null: nobody); keeps the session's CSRF token. Rejects
// with ApiError code 'network' when the server cannot be reached (a phone
// offline keeps its notes under the last person it knew).
export async function me(): Promise<Me | null> {
  const m = await http.get<Me>('/api/v1/auth/me').catch((err) => {
    if (err instanceof ApiError && err.code === 'network') throw err;
    return null;
  });
  if (m) setCsrf(m.csrf);
  return m;
}

export async function login(name: string, password: string): Promise<Me> {
  const m = await http.post<Me>('/api/v1/auth/login', { name, password });
  setCsrf(m.csrf);
  return m;
}

export async function badgeLogin(token: string): Promise<Me> {
  const m = await http.post<Me>('/api/v1/auth/badge', { token });
  setCsrf(m.csrf);
  return m;
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
  if ('caches' in window) await Promise.all([DATA_CACHE, 'ph-data-v1', DOCS_CACHE].map((n) => caches.delete(n)));
}

// Work to finish while the session still exists (notes written offline).
const beforeLogout: (() => Promise<void>)[] = [];
export function onBeforeLogout(f: () => Promise<void>): void { beforeLogout.push(f); }

export async function logout(): Promise<void> {
  for (const f of beforeLogout) await f().catch(() => {});
  try {
    await http.post('/api/v1/auth/logout').catch(() => {});
  } finally {
    // Offline too: the device keeps nothing of this person.
    setCsrf('');
    await clearOfflineData();
  }
}

export const api = {
  congresses: () => http.get<{ congresses: Congress[] }>('/api/v1/congresses').then((r) => r.congresses),
  congress: (slug: string) => http.get<CongressOverview>(`/api/v1/congresses/${encodeURIComponent(slug)}`),
  documents: (slug: string) => http.get<{ documents: Doc[] }>(`/api/v1/congresses/${encodeURIComponent(slug)}/documents`).then((r) => r.documents),
  document: (code: string) => http.get<Doc>(`/api/v1/documents/${encodeURIComponent(code)}`),
  pages: (code: string, version = 0) => http.get<{ pages: PageText[] }>(`/api/v1/documents/${encodeURIComponent(code)}/pages${version ? `?version=${version}` : ''}`).then((r) => r.pages),
  html: (code: string, version = 0) => http.get<{ html: string }>(`/api/v1/documents/${encodeURIComponent(code)}/html${version ? `?version=${version}` : ''}`).then((r) => r.html),
  // `signal` cancels a search the person has typed past (search as you type).
  search: (slug: string, q: string, signal?: AbortSignal) => http.get<{ query: string; results: SearchHit[] }>(`/api/v1/congresses/${encodeURIComponent(slug)}/search?q=${encodeURIComponent(q)}&limit=20`, { signal }),
  savings: (slug: string) => http.get<PaperSavings>(`/api/v1/congresses/${encodeURIComponent(slug)}/paper-savings`),
};
