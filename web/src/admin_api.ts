// Small helpers shared by the console's sections: requests that report
// failure as a value, the server's error text, dates as people write them.
import { ApiError, networkMessage, request } from './http';
import { formatDate } from './i18n';

// A request whose failure is a value, not an exception: `ok`, the HTTP
// status (0: no answer) and the JSON body (the error body on failure).
// A thin wrapper over http.ts's request() for the staff sections.
export interface Sent { ok: boolean; status: number; j: any }

export async function send(method: string, url: string, body?: unknown): Promise<Sent> {
  try {
    const r = await request<Response>(method, url, { body, as: 'response' });
    return { ok: true, status: r.status, j: await r.json().catch(() => null) };
  } catch (err) {
    const e = err instanceof ApiError ? err : new ApiError(0, 'network', networkMessage());
    return { ok: false, status: e.status, j: { error: { code: e.code, message: e.message } } };
  }
}

export function errText(s: Sent): string {
  return s.j?.error?.message ?? (s.status === 0 ? networkMessage() : `${s.status}`);
}

// "2026-11-30" → "30/11/2026" (or "30 Nov 2026" in English): the one
// formatting policy of i18n.ts. (The name is older than the English switch.)
export function viDate(iso: string): string {
  return iso ? formatDate(iso) : '';
}

// A status line that keeps its message until the next one.
export function statusLine(): { el: HTMLElement; say: (ok: boolean, text: string) => void } {
  const el = document.createElement('p');
  el.className = 'small';
  el.setAttribute('role', 'status');
  return { el, say: (ok, text) => { el.textContent = text; el.className = ok ? 'ok small' : 'err small'; } };
}
