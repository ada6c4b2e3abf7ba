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

export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string) { super(message); }
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const err = body?.error ?? {};
    throw new ApiError(res.status, err.code ?? 'http_error', err.message ?? `HTTP ${res.status}`);
  }
  return body as T;
}

export const api = {
  congresses: () => getJson<{ congresses: Congress[] }>('/api/v1/congresses').then((r) => r.congresses),
  congress: (slug: string) => getJson<CongressOverview>(`/api/v1/congresses/${encodeURIComponent(slug)}`),
};
