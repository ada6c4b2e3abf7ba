// Shared by the speakers screens (hall, phone, chair): the wire shapes and
// the countdown. The server owns the timer: every screen counts down from
// the server's `remaining_s` at the server's `server_now`, corrected by the
// offset between the server's clock and this device's.
export interface SpeechRequest {
  id: number; agenda_item_id: number; delegate: string; delegation: string; kind: string; kind_label: string;
  topic: string; document_code: string; state: string; position: number; limit_s: number;
  began_at?: number; paused_at?: number | null; paused_total_s?: number; remaining_s?: number;
}
export interface SpeakerList {
  agenda_item_id: number; version: number; closed: boolean; current: SpeechRequest | null;
  queue: SpeechRequest[]; requested: SpeechRequest[]; others: SpeechRequest[];
  mine: { id: number; state: string; place: number | null; message: string } | null; server_now: number;
}
export interface TimerEvent {
  id: number; began_at: number; paused_at: number | null; paused_total_s: number; limit_s: number;
  remaining_s: number; server_now: number;
}

export function speakersApi(slug: string): string {
  return `/api/v1/congresses/${encodeURIComponent(slug)}`;
}

// "6:59", "-0:12" once over time.
export function mmss(s: number): string {
  const neg = s < 0;
  const a = Math.abs(Math.trunc(s));
  return `${neg ? '-' : ''}${Math.floor(a / 60)}:${String(a % 60).padStart(2, '0')}`;
}

// A countdown bound to one element: `set` with the server's figures, then
// it ticks locally (paused: it stands still). `stop` ends the ticking.
export function countdown(el: HTMLElement): { set: (remaining: number, paused: boolean) => void; stop: () => void } {
  let base = 0;
  let at = 0;
  let paused = true;
  const draw = () => {
    const left = paused ? base : base - (Date.now() - at) / 1000;
    el.textContent = mmss(Math.ceil(left));
    el.classList.toggle('over', left < 0);
    el.classList.toggle('paused', paused);
  };
  const timer = window.setInterval(draw, 250);
  return {
    set: (remaining: number, p: boolean) => { base = remaining; at = Date.now(); paused = p; draw(); },
    stop: () => window.clearInterval(timer),
  };
}
