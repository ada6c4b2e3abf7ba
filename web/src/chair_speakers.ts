// The chair's list of speakers: pick the agenda item; approve or reject
// requests; the queue in order (move up / down, give the floor, skip); the
// speaker now with the server-owned countdown, pause / resume / end and
// "Mời người tiếp theo"; open or close the list; export for the minutes.
import { csrfHeaders } from './api';
import { h, mount } from './dom';
import { onLive } from './live';
import { countdown, KIND_VI, speakersApi, type SpeakerList, type SpeechRequest, type TimerEvent } from './speakers_common';

interface Session { id: number; name: string; agenda: { id: number; title: string }[] }

export function chairSpeakers(slug: string, sessions: Session[]): { el: HTMLElement; stop: () => void } {
  const base = speakersApi(slug);
  const el = h('section', { class: 'card chair-speakers' });
  const items = sessions.flatMap((x) => x.agenda.map((a) => ({ id: a.id, label: `${x.name} · ${a.title}` })));
  const select = h('select', { class: 'speakers-item', 'aria-label': 'Nội dung chương trình' },
    ...items.map((a) => h('option', { value: String(a.id) }, a.label))) as HTMLSelectElement;
  const msg = h('p', { class: 'small', role: 'alert' }, '');
  const now = h('div', { class: 'speakers-now' });
  const lists = h('div', { class: 'speakers-lists' });
  const clock = h('span', { class: 'speakers-clock' }, '');
  const timer = countdown(clock);
  let list: SpeakerList | null = null;
  const post = (url: string, data: unknown = {}, method = 'POST') => fetch(url, { method, credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', ...csrfHeaders() }, body: JSON.stringify(data) });
  const done = async (r: Response, ok: string) => {
    const j = await r.json().catch(() => null);
    msg.textContent = r.ok ? `✓ ${ok}` : `✗ ${j?.error?.message ?? r.status}`;
    void refresh();
  };
  const act = (x: SpeechRequest, action: string, ok: string) => async () => done(await post(`${base}/speakers/${x.id}/${action}`), ok);
  const move = (i: number, d: number) => async () => {
    if (!list) return;
    const ids = list.queue.map((x) => x.id);
    const j = i + d;
    if (j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j], ids[i]];
    await done(await post(`${base}/agenda-items/${list.agenda_item_id}/speakers/order`, { version: list.version, ids }, 'PUT'), 'đã sắp xếp');
  };
  const who = (x: SpeechRequest) => `${x.delegate}${x.delegation ? ' — ' + x.delegation : ''} · ${KIND_VI[x.kind] ?? x.kind}${x.topic ? ': ' + x.topic : ''}`;
  const render = (l: SpeakerList) => {
    list = l;
    const next = l.queue[0];
    if (l.current) {
      const paused = !!l.current.paused_at;
      timer.set(l.current.remaining_s ?? l.current.limit_s, paused);
      mount(now, h('p', { class: 'speakers-current' }, h('strong', {}, 'Đang phát biểu: '), who(l.current), ' ', clock),
        h('div', { class: 'actions' },
          paused ? h('button', { class: 'button speakers-resume', onclick: act(l.current, 'resume', 'tiếp tục') }, 'Tiếp tục')
            : h('button', { class: 'button speakers-pause', onclick: act(l.current, 'pause', 'tạm dừng') }, 'Tạm dừng'),
          h('button', { class: 'button speakers-end', onclick: act(l.current, 'end', 'đã kết thúc') }, 'Kết thúc'),
          next ? h('button', { class: 'primary speakers-next', onclick: act(next, 'start', `mời ${next.delegate}`) }, `Mời người tiếp theo: ${next.delegate}`) : null));
    } else {
      timer.set(0, true);
      mount(now, h('p', { class: 'muted' }, 'Chưa có ai phát biểu.'),
        ...(next ? [h('div', { class: 'actions' }, h('button', { class: 'primary speakers-next', onclick: act(next, 'start', `mời ${next.delegate}`) }, `Mời phát biểu: ${next.delegate}`))] : []));
    }
    mount(lists,
      h('h3', {}, `Chờ duyệt (${l.requested.length})`),
      h('ul', { class: 'list speakers-requested' }, ...l.requested.map((x) => h('li', {}, who(x), ' ',
        h('button', { class: 'button speakers-approve', onclick: act(x, 'approve', `đã duyệt ${x.delegate}`) }, 'Duyệt'),
        h('button', { class: 'button danger', onclick: act(x, 'reject', `đã từ chối ${x.delegate}`) }, 'Từ chối')))),
      h('h3', {}, `Danh sách phát biểu (${l.queue.length})`),
      h('ol', { class: 'list speakers-queue' }, ...l.queue.map((x, i) => h('li', {}, who(x), ' ',
        h('button', { class: 'button', title: 'Lên', 'aria-label': 'Lên', onclick: move(i, -1) }, '↑'),
        h('button', { class: 'button', title: 'Xuống', 'aria-label': 'Xuống', onclick: move(i, 1) }, '↓'),
        h('button', { class: 'button speakers-start', onclick: act(x, 'start', `mời ${x.delegate}`) }, 'Mời phát biểu'),
        h('button', { class: 'button', onclick: act(x, 'skip', `bỏ qua ${x.delegate}`) }, 'Bỏ qua')))),
      h('p', { class: 'actions' },
        h('button', { class: 'button speakers-lock', onclick: async () => done(await post(`${base}/agenda-items/${l.agenda_item_id}/speakers/state`, { closed: !l.closed }, 'PUT'), l.closed ? 'đã mở đăng ký' : 'đã khóa đăng ký') },
          l.closed ? 'Mở lại đăng ký' : 'Khóa đăng ký'),
        h('a', { class: 'button', href: `${base}/agenda-items/${l.agenda_item_id}/speakers/export?format=xlsx` }, 'Xuất danh sách (XLSX)')));
  };
  const refresh = async () => {
    const r = await fetch(`${base}/agenda-items/${select.value}/speakers`, { credentials: 'same-origin' });
    if (r.ok) render(await r.json() as SpeakerList);
  };
  select.addEventListener('change', () => void refresh());
  mount(el, h('h2', {}, 'Danh sách phát biểu'), select, now, msg, lists);
  // Follow whoever has the floor: open on their item.
  void fetch(`${base}/speakers/current`).then((r) => r.json()).then((c) => {
    if (c?.agenda_item_id) select.value = String(c.agenda_item_id);
  }).catch(() => {}).finally(() => void refresh());
  const offs = [
    onLive('speakers', (e: { agenda_item_id: number }) => { if (String(e.agenda_item_id) === select.value) void refresh(); }),
    onLive('speaker_timer', (t: TimerEvent) => { if (list?.current?.id === t.id) timer.set(t.remaining_s, t.paused_at !== null); }),
  ];
  return { el, stop: () => { offs.forEach((f) => f()); timer.stop(); } };
}
