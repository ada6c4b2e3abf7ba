// One Server-Sent-Events connection per open app. EventSource reconnects by
// itself and sends Last-Event-ID, so missed events are replayed.
export type LiveState = 'connecting' | 'open' | 'offline';

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
