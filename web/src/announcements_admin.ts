// Announcements as the chair and the secretariat handle them (#17 item 6):
// send one, see what has been sent, correct its text or importance, or
// withdraw it. Phones and the hall screen hear each change live; the list
// here follows the same events, so two staff screens stay in step.
import { csrfHeaders } from './api';
import { h, mount } from './dom';
import { connectLive } from './live';
import { formatDateTime } from './i18n';

export interface Announcement { id: number; text: string; important: boolean; created_at: number }

async function send(method: string, url: string, body?: unknown): Promise<{ ok: boolean; message: string }> {
  try {
    const r = await fetch(url, {
      method, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', ...csrfHeaders() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const j = await r.json().catch(() => null);
    return { ok: r.ok, message: j?.error?.message ?? `Lỗi ${r.status}` };
  } catch {
    return { ok: false, message: 'Mất kết nối, chưa gửi được' };
  }
}

// The card: a form to announce, then every announcement with its controls.
// Returns the element and a stop function (closes its live connection).
export function announcementsCard(slug: string): { el: HTMLElement; stop: () => void } {
  const base = `/api/v1/congresses/${encodeURIComponent(slug)}/announcements`;
  const text = h('textarea', { rows: '2', 'aria-label': 'Nội dung thông báo', placeholder: 'Thông báo tới tất cả đại biểu' }) as HTMLTextAreaElement;
  const important = h('input', { type: 'checkbox' }) as HTMLInputElement;
  const msg = h('span', { class: 'small', role: 'status' }, '');
  const list = h('ul', { class: 'list ann-admin' });

  // Rows are kept across refreshes (by id) so a message or an edit in
  // progress survives another screen's change.
  interface Row { li: HTMLElement; edit: HTMLTextAreaElement; imp: HTMLInputElement; meta: HTMLElement; last: Announcement }
  const rows = new Map<number, Row>();
  const metaText = (a: Announcement) => `${formatDateTime(a.created_at)}${a.important ? ' · quan trọng (giữ trên màn hình hội trường)' : ''}`;
  const row = (a: Announcement): Row => {
    const edit = h('textarea', { rows: '2', 'aria-label': 'Sửa thông báo' }) as HTMLTextAreaElement;
    edit.value = a.text;
    const imp = h('input', { type: 'checkbox', checked: a.important, 'aria-label': 'Quan trọng' }) as HTMLInputElement;
    const rowMsg = h('span', { class: 'small', role: 'status' }, '');
    const meta = h('p', { class: 'muted small' }, metaText(a));
    const li = h('li', { class: a.important ? 'important' : '', 'data-id': String(a.id) }, meta, edit,
      h('div', { class: 'actions' },
        h('label', { class: 'small' }, imp, ' Quan trọng'),
        h('button', { class: 'button', type: 'button', onclick: async () => {
          const r = await send('PATCH', `${base}/${a.id}`, { text: edit.value, important: imp.checked });
          rowMsg.textContent = r.ok ? '✓ đã sửa' : `✗ ${r.message}`;
        } }, 'Lưu sửa'),
        h('button', { class: 'button danger', type: 'button', onclick: async () => {
          if (!confirm(`Thu hồi thông báo "${a.text.slice(0, 80)}"? Thông báo sẽ biến mất trên mọi điện thoại và màn hình hội trường.`)) return;
          const r = await send('DELETE', `${base}/${a.id}`);
          rowMsg.textContent = r.ok ? '✓ đã thu hồi' : `✗ ${r.message}`;
        } }, 'Thu hồi'),
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
    const all = await fetch(base, { credentials: 'same-origin' }).then((r) => r.json())
      .then((j) => j.announcements as Announcement[]).catch(() => null);
    if (!all) return;
    const keep = new Set(all.map((a) => a.id));
    for (const [id, r] of rows) if (!keep.has(id)) { r.li.remove(); rows.delete(id); }
    for (const a of all) {
      const r = rows.get(a.id);
      if (r) update(r, a); else rows.set(a.id, row(a));
    }
    const order = all.map((a) => rows.get(a.id)!.li);
    const same = order.length > 0 && order.length === list.children.length && order.every((li, i) => list.children[i] === li);
    if (!same) mount(list, ...(order.length ? order : [h('li', { class: 'muted' }, 'Chưa có thông báo.')]));
  };

  const form = h('form', { onsubmit: async (e: Event) => {
    e.preventDefault();
    if (!text.value.trim()) { msg.textContent = '✗ Thông báo trống'; return; }
    const r = await send('POST', base, { text: text.value, important: important.checked });
    msg.textContent = r.ok ? '✓ đã gửi' : `✗ ${r.message}`;
    if (r.ok) { text.value = ''; important.checked = false; }
  } }, text, h('label', { class: 'small' }, important, ' Quan trọng (giữ trên màn hình hội trường đến khi thu hồi)'),
  h('div', { class: 'actions' }, h('button', { class: 'button', type: 'submit' }, 'Gửi thông báo'), msg));

  const el = h('section', { class: 'card announcements-admin', id: 'announcements' }, h('h2', {}, 'Thông báo'), form,
    h('h3', {}, 'Đã gửi'), list);
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
