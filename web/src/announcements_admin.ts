// Announcements as the chair and the secretariat handle them (#17 item 6):
// send one, see what has been sent, correct its text or importance, or
// withdraw it. Phones and the hall screen hear each change live; the list
// here follows the same events, so two staff screens stay in step.
import { http, networkMessage } from './http';
import { announcementsText } from './strings/announcements';
import { h, mount } from './dom';
import { connectLive } from './live';
import { formatDateTime } from './i18n';

export interface Announcement { id: number; text: string; important: boolean; created_at: number }

async function send(method: string, url: string, body?: unknown): Promise<{ ok: boolean; message: string }> {
  return http.request(method, url, body).then(() => ({ ok: true, message: '' }),
    (err) => ({ ok: false, message: err.code === 'network' ? announcementsText().lost : err.message ?? networkMessage() }));
}

// The card: a form to announce, then every announcement with its controls.
// Returns the element and a stop function (closes its live connection).
export function announcementsCard(slug: string): { el: HTMLElement; stop: () => void } {
  const s = announcementsText();
  const base = `/api/v1/congresses/${encodeURIComponent(slug)}/announcements`;
  const text = h('textarea', { rows: '2', 'aria-label': s.text, placeholder: s.toAll }) as HTMLTextAreaElement;
  const important = h('input', { type: 'checkbox' }) as HTMLInputElement;
  const msg = h('span', { class: 'small', role: 'status' }, '');
  const list = h('ul', { class: 'list ann-admin' });

  // Rows are kept across refreshes (by id) so a message or an edit in
  // progress survives another screen's change.
  interface Row { li: HTMLElement; edit: HTMLTextAreaElement; imp: HTMLInputElement; meta: HTMLElement; last: Announcement }
  const rows = new Map<number, Row>();
  const metaText = (a: Announcement) => `${formatDateTime(a.created_at)}${a.important ? s.importantMeta : ''}`;
  const row = (a: Announcement): Row => {
    const edit = h('textarea', { rows: '2', 'aria-label': s.edit }) as HTMLTextAreaElement;
    edit.value = a.text;
    const imp = h('input', { type: 'checkbox', checked: a.important, 'aria-label': s.important }) as HTMLInputElement;
    const rowMsg = h('span', { class: 'small', role: 'status' }, '');
    const meta = h('p', { class: 'muted small' }, metaText(a));
    const li = h('li', { class: a.important ? 'important' : '', 'data-id': String(a.id) }, meta, edit,
      h('div', { class: 'actions' },
        h('label', { class: 'small' }, imp, ` ${s.important}`),
        h('button', { class: 'button', type: 'button', onclick: async () => {
          const r = await send('PATCH', `${base}/${a.id}`, { text: edit.value, important: imp.checked });
          rowMsg.textContent = r.ok ? s.edited : `✗ ${r.message}`;
        } }, s.saveEdit),
        h('button', { class: 'button danger', type: 'button', onclick: async () => {
          if (!confirm(s.confirmWithdraw(a.text.slice(0, 80)))) return;
          const r = await send('DELETE', `${base}/${a.id}`);
          rowMsg.textContent = r.ok ? s.withdrawn : `✗ ${r.message}`;
        } }, s.withdraw),
        rowMsg));
    return { li, edit, imp, meta, last: a };
  };
  const update = (r: Row, a: Announcement) => {
    // What the person is typing is kept; untouched fields follow the server.
    if (r.edit.value === r.last.text) r.edit.value = a.text;
    if (r.imp.checked === r.last.important) r.imp.checked = a.important;
    r.li.classList.toggle('important', a.important);
    r.meta.textContent = metaText(a);
    r.last = a;
  };
  const refresh = async () => {
    const all = await http.get<{ announcements: Announcement[] }>(base).then((j) => j.announcements).catch(() => null);
    if (!all) return;
    const keep = new Set(all.map((a) => a.id));
    for (const [id, r] of rows) if (!keep.has(id)) { r.li.remove(); rows.delete(id); }
    for (const a of all) {
      const r = rows.get(a.id);
      if (r) update(r, a); else rows.set(a.id, row(a));
    }
    const order = all.map((a) => rows.get(a.id)!.li);
    const same = order.length > 0 && order.length === list.children.length && order.every((li, i) => list.children[i] === li);
    if (!same) mount(list, ...(order.length ? order : [h('li', { class: 'muted' }, s.none)]));
  };

  const form = h('form', { onsubmit: async (e: Event) => {
    e.preventDefault();
    if (!text.value.trim()) { msg.textContent = s.empty; return; }
    const r = await send('POST', base, { text: text.value, important: important.checked });
    msg.textContent = r.ok ? s.sent : `✗ ${r.message}`;
    if (r.ok) { text.value = ''; important.checked = false; }
  } }, text, h('label', { class: 'small' }, important, s.importantLong),
  h('div', { class: 'actions' }, h('button', { class: 'button', type: 'submit' }, s.send), msg));

  const el = h('section', { class: 'card announcements-admin', id: 'announcements' }, h('h2', {}, s.title), form,
    h('h3', {}, s.sentList), list);
  void refresh();
  // The page may drop the card without calling stop (the console re-renders
  // on sign-out): the connection closes at the first event after that.
  let seen = false;
  const stop = connectLive(slug, () => { seen ||= el.isConnected; }, () => {
    if (seen && !el.isConnected) { stop(); return; }
    void refresh();
  }, ['announcement', 'announcement_changed', 'announcement_withdrawn']);
  return { el, stop };
}
