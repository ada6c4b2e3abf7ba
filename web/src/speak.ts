// The delegate's phone and the list of speakers: a "Phát biểu" button over
// every page of a congress (badge sign-in only). It opens a panel: the
// agenda item, who speaks now, and either the form to ask to speak (speech,
// tham luận, written opinion) or the delegate's own request with its place
// ("Bạn đang ở vị trí thứ 3") and "Rút đăng ký". The place follows the
// `speakers` events live; the button itself shows it too.
import { api, me, type Session } from './api';
import { errText, send, type Sent } from './admin_api';
import { http } from './http';
import { speakersText } from './strings/speakers';
import { h, mount } from './dom';
import { onLive } from './live';
import { speakersApi, type SpeakerList } from './speakers_common';
import { startTellers } from './tellers';

const s = speakersText;

let started = '';

export function startSpeaking(slug: string): void {
  if (started === slug) return;
  started = slug;
  void (async () => {
    const who = await me().catch(() => null);
    if (!who?.delegate) return;
    startTellers(slug);  // shown only to the tellers of an election
    const c = await api.congress(slug).catch(() => null);
    if (!c) return;
    build(slug, c.sessions);
  })();
}

function build(slug: string, sessions: Session[]): void {
  const base = speakersApi(slug);
  const items = sessions.flatMap((x) => x.agenda.map((a) => ({ ...a, session: x.name, date: x.date })));
  if (!items.length) return;
  const today = new Date().toISOString().slice(0, 10);
  let itemId = (items.find((a) => a.date === today) ?? items[0]).id;
  const fab = h('button', { class: 'speak-fab', type: 'button', 'aria-haspopup': 'dialog' }, s().fab);
  const panel = h('div', { class: 'speak-panel', role: 'dialog', 'aria-modal': 'true', hidden: true });
  const body = h('div', { class: 'speak-body' });
  const msg = h('p', { class: 'speak-msg', role: 'alert' }, '');
  const select = h('select', { class: 'speak-item', 'aria-label': s().item },
    ...items.map((a) => h('option', { value: String(a.id) }, `${a.session} · ${a.title}`))) as HTMLSelectElement;
  select.value = String(itemId);
  select.addEventListener('change', () => { itemId = Number(select.value); msg.textContent = ''; void refresh(); });
  mount(panel, h('div', { class: 'speak-card' }, h('h2', {}, s().askTitle), select, body, msg,
    h('button', { class: 'button speak-close', type: 'button', onclick: () => { panel.hidden = true; } }, s().close)));
  fab.addEventListener('click', () => { panel.hidden = false; void refresh(); });
  document.body.append(fab, panel);

  const post = (url: string, data: unknown = {}) => send('POST', url, data);
  const failed = async (r: Sent) => {
    msg.textContent = `✗ ${errText(r)}`;
  };
  const refresh = async () => {
    const l = await http.get<SpeakerList>(`${base}/agenda-items/${itemId}/speakers`).catch(() => null);
    if (!l) return;
    const mine = l.mine;
    fab.textContent = !mine ? s().fab
      : `${s().fab} · ${mine.state === 'speaking' ? s().speakingState : mine.place ? s().place(mine.place) : s().pendingState}`;
    fab.classList.toggle('active', !!mine);
    const now = l.current ? h('p', { class: 'speak-now' }, h('strong', {}, `${s().now}: `), `${l.current.delegate}${l.current.delegation ? ' — ' + l.current.delegation : ''}`)
      : h('p', { class: 'speak-now muted' }, s().nobodyNow);
    const count = h('p', { class: 'small muted' }, `${l.queue.length} ${s().waiting}`);
    if (mine) {
      mount(body, now, count, h('p', { class: `speak-mine state-${mine.state}` }, mine.message),
        ...(mine.state !== 'speaking' ? [h('button', { class: 'button danger speak-withdraw', type: 'button', onclick: async () => {
          const w = await post(`${base}/speakers/${mine.id}/withdraw`);
          if (!w.ok) await failed(w); else msg.textContent = '';
          void refresh();
        } }, s().withdraw)] : []));
      return;
    }
    const kind = h('select', { class: 'speak-kind', 'aria-label': s().askTitle },
      ...['speech', 'paper', 'written'].map((k) => h('option', { value: k }, s().askKinds[k]))) as HTMLSelectElement;
    const topic = h('textarea', { class: 'speak-topic', rows: '2', placeholder: s().topic, 'aria-label': s().topic, maxlength: '200' }) as HTMLTextAreaElement;
    kind.addEventListener('change', () => { topic.maxLength = kind.value === 'written' ? 4000 : 200; });
    mount(body, now, count, ...(l.closed ? [h('p', { class: 'warn' }, s().closedList)] : []), kind, topic,
      h('button', { class: 'primary speak-ask', type: 'button', onclick: async () => {
        const a = await post(`${base}/agenda-items/${itemId}/speakers`, { kind: kind.value, topic: topic.value });
        if (!a.ok) await failed(a); else msg.textContent = '';
        void refresh();
      } }, s().ask));
  };
  void refresh();
  onLive('speakers', (e: { agenda_item_id: number }) => { if (e.agenda_item_id === itemId) void refresh(); });
}
