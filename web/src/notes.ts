// A delegate's private note on a document, kept on the server (autosaved).
//
// The venue Wi-Fi drops: the note is kept on the device (localStorage, one
// entry per document) and sent when the network returns — from the note
// itself, from the 'online' event, or at the next start. Before writing, the
// server copy is read again: if it changed since this device last saw it (the
// same note edited on another device), both are kept, the server copy first
// and this device's text after a marker (decision 412). Signing out sends
// what it can, then the device forgets every note (like stored documents).
// The write is conditional (If-Match: the version read, decision 415): a
// save landing on the server between this device's read and write is
// answered 409, and the device reads again and merges again.
import { me, onBeforeLogout, type Me } from './api';
import { ApiError, http } from './http';
import { h } from './dom';
import { icon } from './icons';
import { t } from './i18n';

const PREFIX = 'ph-note:';     // + document code → Kept
const WHO = 'ph-note-who';     // who was last signed in here (for offline)

interface Kept {
  who: string;          // the person the note belongs to
  base: string | null;  // the server copy this text was written from (null: unknown)
  text: string;         // the text on this device
  pending: boolean;     // not yet on the server
  at: number;           // when it was last changed here (ms)
}
type Said = 'synced' | 'merged' | 'offline' | { error: string };
// 'idle': nothing was pending (another send took it first): nothing to say.
type Outcome = Said | 'idle';

const noteUrl = (code: string) => `/api/v1/documents/${encodeURIComponent(code)}/note`;
const identity = (m: Me) => `${m.role}|${m.name}|${m.congress ?? ''}`;

function load(code: string): Kept | null {
  try { return JSON.parse(localStorage.getItem(PREFIX + code) ?? 'null') as Kept | null; } catch { return null; }
}
function store(code: string, k: Kept): void {
  try { localStorage.setItem(PREFIX + code, JSON.stringify(k)); } catch { /* storage full: the text stays on screen */ }
}
function keptCodes(): string[] {
  const out: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i);
    if (k?.startsWith(PREFIX)) out.push(k.slice(PREFIX.length));
  }
  return out;
}

// Who is signed in: the server's answer, or offline the last person the
// server named on this device. Another person signing in on a shared device
// finds nothing of the one before.
async function whoNow(): Promise<{ who: string; online: boolean } | null> {
  let m: Me | null;
  try { m = await me(); } catch {
    const w = localStorage.getItem(WHO);
    return w ? { who: w, online: false } : null;
  }
  if (!m) { localStorage.removeItem(WHO); return null; }
  const who = identity(m);
  if (localStorage.getItem(WHO) !== who) {
    for (const code of keptCodes()) if (load(code)?.who !== who) localStorage.removeItem(PREFIX + code);
    localStorage.setItem(WHO, who);
  }
  return { who, online: true };
}

function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())} ${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()}`;
}

// Both sides of a note edited in two places: nothing is lost.
export function mergeNotes(server: string, local: string, at: number): string {
  if (!local.trim() || server.includes(local)) return server;
  if (!server.trim()) return local;
  return `${server}\n\n——— ${t('noteThisDevice')} ${stamp(at)} ———\n${local}`;
}

// No answer: try again later; an answer that refuses: say why.
function failure(err: unknown): Outcome {
  return err instanceof ApiError && err.code !== 'network' ? { error: err.message } : 'offline';
}

// Sends one document's pending note. One at a time per document.
async function sendNow(code: string, attempt = 0): Promise<Outcome> {
  const k = load(code);
  if (!k || !k.pending) return 'idle';
  let server: string;
  let version: number | null = null;
  try {
    const j = await http.get<{ text?: string; version?: number }>(noteUrl(code), { cache: 'no-store' });
    server = j.text ?? '';
    version = typeof j.version === 'number' ? j.version : null;
  } catch (err) { return failure(err); }
  const changedElsewhere = server !== (k.base ?? '') && server !== k.text;
  const text = changedElsewhere ? mergeNotes(server, k.text, k.at) : k.text;
  if (text !== server) {
    try {
      await http.put(noteUrl(code), { text }, version === null ? {} : { headers: { 'If-Match': `"${version}"` } });
    } catch (err) {
      // Changed on another device since the read above: read and merge again.
      if (err instanceof ApiError && err.status === 409 && attempt < 3) return sendNow(code, attempt + 1);
      return failure(err);
    }
  }
  // Typed on while this was on its way: keep that, on top of what was sent.
  const now = load(code) ?? k;
  if (now.text === k.text) store(code, { ...now, base: text, text, pending: false });
  else store(code, { ...now, base: text, text: changedElsewhere ? mergeNotes(server, now.text, now.at) : now.text, pending: true });
  return changedElsewhere && text !== k.text ? 'merged' : 'synced';
}

// The browser says it is online before the network really is, or the Wi-Fi
// is up without a route to the server (no 'online' event will come): try
// again soon, then every 30 s.
let retry = 0, failures = 0;
function retryLater(): void {
  if (retry) return;
  const delay = [1000, 3000, 10000][failures++] ?? 30000;
  retry = window.setTimeout(() => { retry = 0; void flushNotes(); }, delay);
}

const inFlight = new Map<string, Promise<Outcome>>();
function send(code: string): Promise<Outcome> {
  const before = inFlight.get(code) ?? Promise.resolve<Outcome>('synced');
  const next = before.then(() => sendNow(code), () => sendNow(code)).catch((): Outcome => 'offline');
  inFlight.set(code, next);
  void next.finally(() => { if (inFlight.get(code) === next) inFlight.delete(code); });
  next.then((o) => { if (o === 'offline') retryLater(); else failures = 0; }, () => {});
  // A send that found nothing pending (the typing pause, a retry or the
  // 'online' event queued behind the send that took it) says nothing: it
  // must not replace what that send said ("kept both" by "synced").
  next.then((o) => {
    if (o !== 'idle') window.dispatchEvent(new CustomEvent('ph-note-sent', { detail: { code, outcome: o } }));
  }, () => {});
  return next;
}

// Sends every note written here that is not yet on the server.
export async function flushNotes(): Promise<void> {
  const codes = keptCodes().filter((c) => load(c)?.pending);
  if (!codes.length) return;
  const who = await whoNow();
  if (!who) return;
  if (!who.online) { retryLater(); return; }
  for (const code of codes) if (load(code)?.who === who.who) await send(code).catch(() => {});
}

// At start, when the network returns, and before signing out.
export function startNoteSync(): void {
  window.addEventListener('online', () => { failures = 0; void flushNotes(); });
  onBeforeLogout(async () => {
    await flushNotes();
    for (const code of keptCodes()) localStorage.removeItem(PREFIX + code);
    localStorage.removeItem(WHO);
  });
  void flushNotes();
}

export async function noteCard(code: string): Promise<HTMLElement> {
  const who = await whoNow();
  if (!who) return h('section', { class: 'card note-card muted small' }, t('signInForNotes'));
  let kept = load(code);
  if (kept && kept.who !== who.who) kept = null;
  if (who.online && !kept?.pending) {
    const r = await http.get<{ text?: string }>(noteUrl(code), { cache: 'no-store' }).catch(() => null);
    if (r) {
      const text = r.text ?? '';
      kept = { who: who.who, base: text, text, pending: false, at: Date.now() };
      store(code, kept);
    }
  }
  const area = h('textarea', { class: 'note-text', rows: '4', placeholder: t('notePlaceholder'), 'aria-label': t('myNote') }) as HTMLTextAreaElement;
  area.value = kept?.text ?? '';
  const state = h('span', { class: 'note-state muted small', 'aria-live': 'polite' }, '');
  const show = (o: Said | 'queued' | 'saving') => {
    state.dataset.state = typeof o === 'string' ? o : 'error';
    state.textContent = o === 'saving' ? t('saving')
      : o === 'queued' || o === 'offline' ? `● ${t('noteQueued')}`
      : o === 'synced' ? `✓ ${t('noteSynced')}`
      : o === 'merged' ? `✓ ${t('noteMerged')}`
      : `✗ ${o.error}`;
  };
  if (kept?.pending) show('queued');

  let shown = false;  // on the page once: gone from it means the page changed
  const onSent = (e: Event) => {
    if (area.isConnected) shown = true;
    else { if (shown) window.removeEventListener('ph-note-sent', onSent); return; }
    const d = (e as CustomEvent<{ code: string; outcome: Said }>).detail;
    if (d.code !== code) return;
    const now = load(code);
    if (d.outcome === 'merged' && now && area.value !== now.text) area.value = now.text;
    show(now?.pending && d.outcome !== 'offline' && typeof d.outcome === 'string' ? 'saving' : d.outcome);
    if (now?.pending && typeof d.outcome === 'string' && d.outcome !== 'offline') void send(code);
  };
  window.addEventListener('ph-note-sent', onSent);

  let timer = 0;
  area.addEventListener('input', () => {
    const prev = load(code);
    const base = prev && prev.who === who.who ? prev.base : (kept?.base ?? null);
    store(code, { who: who.who, base, text: area.value, pending: true, at: Date.now() });
    show(navigator.onLine ? 'saving' : 'queued');
    clearTimeout(timer);
    timer = window.setTimeout(() => { if (navigator.onLine) void send(code); }, 700);
  });
  if (kept?.pending && navigator.onLine && who.online) void send(code);
  return h('details', { class: 'card note-card', open: !!area.value }, h('summary', {}, icon('note'), t('myNote')), area, state);
}
