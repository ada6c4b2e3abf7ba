// The chair's list of speakers: pick the agenda item; approve or reject
// requests; the queue in order (move up / down, give the floor, skip); the
// speaker now with the server-owned countdown, pause / resume / end and
// "Mời người tiếp theo"; open or close the list; export for the minutes.
import { errText, send, type Sent } from './admin_api';
import { http } from './http';
import { speakersText } from './strings/speakers';
import { h, mount } from './dom';
import { onLive } from './live';
import { countdown, speakersApi, type SpeakerList, type SpeechRequest, type TimerEvent } from './speakers_common';

interface Session { id: number; name: string; agenda: { id: number; title: string }[] }

export function chairSpeakers(slug: string, sessions: Session[]): { el: HTMLElement; stop: () => void } {
  const s = speakersText();
  const KIND_VI = s.kinds;
  const base = speakersApi(slug);
  const el = h('section', { class: 'card chair-speakers' });
  const items = sessions.flatMap((x) => x.agenda.map((a) => ({ id: a.id, label: `${x.name} · ${a.title}` })));
  const select = h('select', { class: 'speakers-item', 'aria-label': s.agendaItem },
    ...items.map((a) => h('option', { value: String(a.id) }, a.label))) as HTMLSelectElement;
  const msg = h('p', { class: 'small', role: 'alert' }, '');
  const now = h('div', { class: 'speakers-now' });
  const lists = h('div', { class: 'speakers-lists' });
  const clock = h('span', { class: 'speakers-clock' }, '');
  const timer = countdown(clock);
  let list: SpeakerList | null = null;
  const post = (url: string, data: unknown = {}, method = 'POST') => send(method, url, data);
  const done = async (r: Sent, ok: string) => {
    msg.textContent = r.ok ? `✓ ${ok}` : `✗ ${errText(r)}`;
    void refresh();
  };
  const act = (x: SpeechRequest, action: string, ok: string) => async () => done(await post(`${base}/speakers/${x.id}/${action}`), ok);
  const move = (i: number, d: number) => async () => {
    if (!list) return;
    const ids = list.queue.map((x) => x.id);
    const j = i + d;
    if (j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j], ids[i]];
    await done(await post(`${base}/agenda-items/${list.agenda_item_id}/speakers/order`, { version: list.version, ids }, 'PUT'), s.reordered);
  };
  const who = (x: SpeechRequest) => `${x.delegate}${x.delegation ? ' — ' + x.delegation : ''} · ${KIND_VI[x.kind] ?? x.kind}${x.topic ? ': ' + x.topic : ''}`;
  const render = (l: SpeakerList) => {
    list = l;
    const next = l.queue[0];
    if (l.current) {
      const paused = !!l.current.paused_at;
      timer.set(l.current.remaining_s ?? l.current.limit_s, paused);
      mount(now, h('p', { class: 'speakers-current' }, h('strong', {}, s.speaking), who(l.current), ' ', clock),
        h('div', { class: 'actions' },
          paused ? h('button', { class: 'button speakers-resume', onclick: act(l.current, 'resume', s.resumed) }, s.resume)
            : h('button', { class: 'button speakers-pause', onclick: act(l.current, 'pause', s.paused) }, s.pause),
          h('button', { class: 'button speakers-end', onclick: act(l.current, 'end', s.ended) }, s.end),
          next ? h('button', { class: 'primary speakers-next', onclick: act(next, 'start', s.invited(next.delegate)) }, s.inviteNext(next.delegate)) : null));
    } else {
      timer.set(0, true);
      mount(now, h('p', { class: 'muted' }, s.nobody),
        ...(next ? [h('div', { class: 'actions' }, h('button', { class: 'primary speakers-next', onclick: act(next, 'start', s.invited(next.delegate)) }, s.invite(next.delegate)))] : []));
    }
    mount(lists,
      h('h3', {}, s.pending(l.requested.length)),
      h('ul', { class: 'list speakers-requested' }, ...l.requested.map((x) => h('li', {}, who(x), ' ',
        h('button', { class: 'button speakers-approve', onclick: act(x, 'approve', s.approved(x.delegate)) }, s.approve),
        h('button', { class: 'button danger', onclick: act(x, 'reject', s.rejected(x.delegate)) }, s.reject)))),
      h('h3', {}, s.queue(l.queue.length)),
      h('ol', { class: 'list speakers-queue' }, ...l.queue.map((x, i) => h('li', {}, who(x), ' ',
        h('button', { class: 'button', title: s.up, 'aria-label': s.up, onclick: move(i, -1) }, '↑'),
        h('button', { class: 'button', title: s.down, 'aria-label': s.down, onclick: move(i, 1) }, '↓'),
        h('button', { class: 'button speakers-start', onclick: act(x, 'start', s.invited(x.delegate)) }, s.inviteSpeak),
        h('button', { class: 'button', onclick: act(x, 'skip', s.skipped(x.delegate)) }, s.skip)))),
      h('p', { class: 'actions' },
        h('button', { class: 'button speakers-lock', onclick: async () => done(await post(`${base}/agenda-items/${l.agenda_item_id}/speakers/state`, { closed: !l.closed }, 'PUT'), l.closed ? s.reopened : s.locked) },
          l.closed ? s.reopen : s.lock),
        h('a', { class: 'button', href: `${base}/agenda-items/${l.agenda_item_id}/speakers/export?format=xlsx` }, s.exportXlsx)));
  };
  const refresh = async () => {
    const l = await http.get<SpeakerList>(`${base}/agenda-items/${select.value}/speakers`).catch(() => null);
    if (l) render(l);
  };
  select.addEventListener('change', () => void refresh());
  mount(el, h('h2', {}, s.title), select, now, msg, lists);
  // Follow whoever has the floor: open on their item.
  void http.get(`${base}/speakers/current`).then((c) => {
    if (c?.agenda_item_id) select.value = String(c.agenda_item_id);
  }).catch(() => {}).finally(() => void refresh());
  const offs = [
    onLive('speakers', (e: { agenda_item_id: number }) => { if (String(e.agenda_item_id) === select.value) void refresh(); }),
    onLive('speaker_timer', (t: TimerEvent) => { if (list?.current?.id === t.id) timer.set(t.remaining_s, t.paused_at !== null); }),
  ];
  return { el, stop: () => { offs.forEach((f) => f()); timer.stop(); } };
}
