// Comments on drafts for the drafting team (#17 item 14, decision 414):
// every comment by document, a "handled" mark, and the export for the
// compilation (Excel or CSV).
import { send, errText, statusLine } from './admin_api';
import { currentLang, formatDateTime } from './i18n';
import { h, mount } from './dom';
import { connectLive } from './live';
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
  // New, withdrawn and handled comments show at once (decision 416): the
  // event carries nothing, the list is read again through the staff route.
  connectLive(slug, () => {}, () => void load(), ['comments_changed']);
  const exportUrl = (format: string) => `${base}/export?format=${format}${filter.value ? `&document=${encodeURIComponent(filter.value)}` : ''}`;
  void load();
  return h('section', { class: 'card', id: 'comments' }, h('h2', {}, s().title),
    secretariesBox(slug),
    h('p', { class: 'muted small' }, s().help),
    h('div', { class: 'row' }, filter,
      h('button', { class: 'button', onclick: () => void load() }, s().refresh),
      h('button', { class: 'button', onclick: () => window.open(exportUrl('xlsx'), '_blank') }, s().excel),
      h('button', { class: 'button', onclick: () => window.open(exportUrl('csv'), '_blank') }, s().csv)),
    status.el, count, list);
}

interface Secretary { delegation_id: number; delegation: string; delegate_id: number; name: string }
interface Member { id: number; full_name: string; delegation_id: number | null }

// Who sends comments for each delegation (decision 417): one select per
// delegation among its own delegates, read when the box is opened.
function secretariesBox(slug: string): HTMLElement {
  const base = `/api/v1/congresses/${encodeURIComponent(slug)}`;
  const status = statusLine();
  const body = h('div', { class: 'secretaries' });
  const load = async () => {
    const [g, d] = await Promise.all([send('GET', `${base}/group-secretaries`), send('GET', `${base}/delegates`)]);
    if (!g.ok || !d.ok) { status.say(false, errText(g.ok ? d : g)); return; }
    const members = (d.j.delegates ?? []) as Member[];
    const rows = ((g.j.secretaries ?? []) as Secretary[]).map((x) => {
      const pick = h('select', { 'aria-label': x.delegation, 'data-delegation': String(x.delegation_id) },
        h('option', { value: '0' }, s().noSecretary),
        ...members.filter((m) => m.delegation_id === x.delegation_id).map((m) =>
          h('option', { value: String(m.id), selected: m.id === x.delegate_id }, m.full_name))) as HTMLSelectElement;
      pick.addEventListener('change', async () => {
        const r = await send('PUT', `${base}/delegations/${x.delegation_id}/secretary`, { delegate_id: Number(pick.value) });
        status.say(r.ok, r.ok ? `✓ ${s().secretarySaved(r.j.delegation, r.j.name)}` : `✗ ${errText(r)}`);
      });
      return h('label', { class: 'small secretary-row' }, h('span', {}, x.delegation), pick);
    });
    mount(body, ...(rows.length ? rows : [h('p', { class: 'muted small' }, s().noDelegations)]));
  };
  const box = h('details', { class: 'secretaries-box' }, h('summary', {}, s().secretaries),
    h('p', { class: 'muted small' }, s().secretariesHelp), body, status.el);
  box.addEventListener('toggle', () => { if ((box as HTMLDetailsElement).open) void load(); });
  return box;
}
