// One Server-Sent-Events connection per open app. EventSource reconnects by
// itself and sends Last-Event-ID, so missed events are replayed.
export type LiveState = 'connecting' | 'open' | 'offline';

// A separate connection for a page that owns it (kiosk, dashboard).
export function connectLive(
  slug: string,
  onState: (s: LiveState) => void,
  onEvent: (type: string, data: unknown) => void,
  types: string[] = [],
): () => void {
  if (typeof EventSource === 'undefined') return () => {};
  const es = new EventSource(`/api/v1/congresses/${encodeURIComponent(slug)}/events`);
  onState('connecting');
  es.onopen = () => onState('open');
  es.onerror = () => onState(es.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
  for (const type of types) {
    es.addEventListener(type, (e) => {
      try { onEvent(type, JSON.parse((e as MessageEvent).data)); } catch { /* ignore bad event */ }
    });
  }
  return () => es.close();
}

// The delegate app's shared connection: it stays open across screens (one
// per app), and screens subscribe to the event types they care about.
type Fn = (data: any) => void;
let shared: EventSource | null = null;
let sharedSlug = '';
const subs = new Map<string, Set<Fn>>();
const stateSubs = new Set<(s: LiveState) => void>();
let state: LiveState = 'connecting';

function setState(s: LiveState): void {
  state = s;
  for (const f of stateSubs) f(s);
}

function attach(type: string): void {
  shared?.addEventListener(type, (e) => {
    let data: unknown = null;
    try { data = JSON.parse((e as MessageEvent).data); } catch { return; }
    for (const f of subs.get(type) ?? []) f(data);
  });
}

export function useLive(slug: string): void {
  if (typeof EventSource === 'undefined' || (shared && sharedSlug === slug)) return;
  shared?.close();
  sharedSlug = slug;
  shared = new EventSource(`/api/v1/congresses/${encodeURIComponent(slug)}/events`);
  setState('connecting');
  shared.onopen = () => setState('open');
  shared.onerror = () => setState(shared?.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
  for (const type of subs.keys()) attach(type);
}

export function liveSlug(): string { return sharedSlug; }

// Subscribes to an event type on the shared connection; returns the unsubscribe.
export function onLive(type: string, fn: Fn): () => void {
  if (!subs.has(type)) {
    subs.set(type, new Set());
    attach(type);
  }
  subs.get(type)!.add(fn);
  return () => subs.get(type)!.delete(fn);
}

export function onLiveState(fn: (s: LiveState) => void): () => void {
  stateSubs.add(fn);
  fn(state);
  return () => stateSubs.delete(fn);
}
