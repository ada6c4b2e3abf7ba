// Small helpers shared by the console's sections: JSON requests with the
// CSRF header, Vietnamese error text, dates as people write them.
import { csrfHeaders } from './api';
import { formatDate } from './i18n';

export interface Sent { ok: boolean; status: number; j: any }

export async function send(method: string, url: string, body?: unknown): Promise<Sent> {
  const r = await fetch(url, {
    method, credentials: 'same-origin',
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...csrfHeaders() },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch(() => null);
  if (!r) return { ok: false, status: 0, j: { error: { message: 'Mất kết nối tới máy chủ' } } };
  const j = await r.json().catch(() => null);
  return { ok: r.ok, status: r.status, j };
}

export function errText(s: Sent): string {
  return s.j?.error?.message ?? (s.status === 0 ? 'Mất kết nối tới máy chủ' : `Lỗi ${s.status}`);
}

// "2026-11-30" → "30/11/2026" (the staff pages are Vietnamese): the one
// formatting policy of i18n.ts, pinned to Vietnamese.
export function viDate(iso: string): string {
  return iso ? formatDate(iso, 'vi') : '';
}

// A status line that keeps its message until the next one.
export function statusLine(): { el: HTMLElement; say: (ok: boolean, text: string) => void } {
  const el = document.createElement('p');
  el.className = 'small';
  el.setAttribute('role', 'status');
  return { el, say: (ok, text) => { el.textContent = text; el.className = ok ? 'ok small' : 'err small'; } };
}
