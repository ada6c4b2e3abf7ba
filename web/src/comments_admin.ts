// Comments on drafts for the drafting team (#17 item 14, decision 414):
// every comment by document, a "handled" mark, and the export for the
// compilation (Excel or CSV).
import { send, errText, statusLine } from './admin_api';
import { currentLang, formatDateTime } from './i18n';
import { h, mount } from './dom';
import { S } from './strings/comments_admin';

const s = () => S[currentLang()];

interface Comment {
  id: number; document: string; document_title: string; version: number; page: number; quote: string; text: string;
  author: string; group: string; created_at: string; handled: boolean; handled_by: string;
}

export function commentsSection(slug: string): HTMLElement {
  const base = `/api/v1/congresses/${encodeURIComponent(slug)}/comments`;
  const filter = h('select', { 'aria-label': s().all, class: 'comment-filter' }, h('option', { value: '' }, s().all)) as HTMLSelectElement;
  const status = statusLine();
  const count = h('p', { class: 'muted small comment-count' }, '');
  const list = h('div', { class: 'comment-admin' });
  let known = new Set<string>();

  const row = (c: Comment) => {
    const box = h('input', { type: 'checkbox', checked: c.handled, 'aria-label': s().handled }) as HTMLInputElement;
    const meta = h('span', { class: 'muted small' }, c.handled && c.handled_by ? ` (${s().by} ${c.handled_by})` : '');
    box.addEventListener('change', async () => {
      const r = await send('PATCH', `${base}/${c.id}`, { handled: box.checked });
      if (!r.ok) { box.checked = !box.checked; status.say(false, errText(r)); return; }
      meta.textContent = r.j.handled && r.j.handled_by ? ` (${s().by} ${r.j.handled_by})` : '';
      void load(false);
    });
    return h('article', { class: 'card comment-row', 'data-comment': String(c.id) },
      h('p', { class: 'small' }, h('strong', {}, c.group ? `${c.group} — ${c.author}` : c.author),
        ` · ${c.document_title} · ${s().version} ${c.version} · ${s().page} ${c.page} · ${formatDateTime(c.created_at)}`),
      c.quote ? h('blockquote', {}, c.quote) : '',
      h('p', {}, c.text),
      h('label', { class: 'small' }, box, ` ${s().handled}`, meta));
  };

  const load = async (redraw = true) => {
    const q = filter.value ? `?document=${encodeURIComponent(filter.value)}` : '';
    const r = await send('GET', base + q);
    if (!r.ok) { status.say(false, errText(r)); return; }
    const items = (r.j.comments ?? []) as Comment[];
    for (const c of items) if (!known.has(c.document)) {
      known.add(c.document);
      filter.append(h('option', { value: c.document }, c.document_title));
    }
    count.textContent = s().count.replace('{n}', String(items.length)).replace('{h}', String(items.filter((c) => c.handled).length));
    if (redraw) mount(list, ...(items.length ? items.map(row) : [h('p', { class: 'muted' }, s().none)]));
  };
  filter.addEventListener('change', () => void load());
  const exportUrl = (format: string) => `${base}/export?format=${format}${filter.value ? `&document=${encodeURIComponent(filter.value)}` : ''}`;
  void load();
  return h('section', { class: 'card', id: 'comments' }, h('h2', {}, s().title),
    h('p', { class: 'muted small' }, s().help),
    h('div', { class: 'row' }, filter,
      h('button', { class: 'button', onclick: () => void load() }, s().refresh),
      h('button', { class: 'button', onclick: () => window.open(exportUrl('xlsx'), '_blank') }, s().excel),
      h('button', { class: 'button', onclick: () => window.open(exportUrl('csv'), '_blank') }, s().csv)),
    status.el, count, list);
}
