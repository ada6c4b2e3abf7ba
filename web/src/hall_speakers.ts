// The hall projector's list of speakers: while someone has the floor, the
// speaker (name, delegation, kind, topic), the server-owned countdown and
// the next three. Nothing when nobody speaks. Counts only public facts.
import { h, mount } from './dom';
import { onLive } from './live';
import { http } from './http';
import { speakersText } from './strings/speakers';
import { countdown, speakersApi, type SpeakerList, type SpeechRequest, type TimerEvent } from './speakers_common';

interface Brief { id: number; delegate: string; delegation: string; kind: string; topic: string }
interface SpeakersEvent { agenda_item_id: number; current: Brief | null; next: Brief[]; waiting: number }

export function startHallSpeakers(slug: string, layer: HTMLElement): () => void {
  const api = speakersApi(slug);
  const clock = h('p', { class: 'hall-speaker-clock', 'aria-live': 'off' }, '');
  const timer = countdown(clock);
  let currentId = 0;
  let shownItem = 0;
  layer.hidden = true;
  const render = (e: SpeakersEvent) => {
    if (!e.current) {
      // Another item's list changed while someone else speaks: keep what is shown.
      if (currentId && e.agenda_item_id !== shownItem) return;
      currentId = 0;
      layer.hidden = true;
      layer.replaceChildren();
      return;
    }
    shownItem = e.agenda_item_id;
    currentId = e.current.id;
    layer.hidden = false;
    mount(layer, h('section', { class: 'hall-speaker' },
      h('p', { class: 'hall-speaker-kind' }, speakersText().kinds[e.current.kind] ?? e.current.kind),
      h('h1', { class: 'hall-speaker-name' }, e.current.delegate),
      h('p', { class: 'hall-speaker-delegation' }, e.current.delegation),
      e.current.topic ? h('p', { class: 'hall-speaker-topic' }, e.current.topic) : null,
      clock,
      e.next.length ? h('div', { class: 'hall-speaker-next' }, h('h2', {}, speakersText().next),
        h('ol', {}, ...e.next.map((n) => h('li', {}, `${n.delegate}${n.delegation ? ' — ' + n.delegation : ''}`)))) : null));
  };
  const brief = (r: SpeechRequest): Brief => ({ id: r.id, delegate: r.delegate, delegation: r.delegation, kind: r.kind, topic: r.kind === 'written' ? '' : r.topic });
  const load = async () => {
    const cur = await http.get(`${api}/speakers/current`).catch(() => null);
    if (!cur?.agenda_item_id) return;
    const l = await http.get<SpeakerList>(`${api}/agenda-items/${cur.agenda_item_id}/speakers`).catch(() => null);
    if (!l || !l.current) return;
    render({ agenda_item_id: l.agenda_item_id, current: brief(l.current), next: l.queue.slice(0, 3).map(brief), waiting: l.queue.length });
    timer.set(l.current.remaining_s ?? l.current.limit_s, !!l.current.paused_at);
  };
  void load();
  const offs = [
    onLive('speakers', (e: SpeakersEvent) => render(e)),
    onLive('speaker_timer', (t: TimerEvent) => { if (t.id === currentId || !currentId) timer.set(t.remaining_s, t.paused_at !== null); }),
  ];
  return () => { offs.forEach((f) => f()); timer.stop(); };
}
