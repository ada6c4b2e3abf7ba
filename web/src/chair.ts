// The chair's screen (/chair/SLUG): the programme with its documents as a
// list of checkboxes; ticking one shows the whole document at once (every
// file is fetched ahead, every page drawn). "Trình chiếu cho tất cả" pushes
// the open document and page to every delegate and to the hall screen;
// announcements go out from here too.
import { api, csrfHeaders, type Doc } from './api';
import { h, mount } from './dom';
import { renderViewer } from './viewer';
import { requireStaff } from './staff';
import { chairPolls } from './chair_polls';
import { chairSpeakers } from './chair_speakers';
import { connectLive, useLive } from './live';
import { announcementsCard } from './announcements_admin';

const ROLES = ['admin', 'secretariat', 'chair'];

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', ...csrfHeaders() }, body: JSON.stringify(body) });
}

export async function renderChair(root: HTMLElement, slug: string, bar: (title: string) => HTMLElement): Promise<() => void> {
  const again = () => void renderChair(root, slug, bar);
  const who = await requireStaff(root, bar, ROLES, again, 'Đăng nhập chủ tọa');
  if (!who) return () => {};
  const [c, docs] = await Promise.all([api.congress(slug), api.documents(slug)]);
  // Pre-fetch every file so that a tick opens at once.
  for (const d of docs) void fetch(`/api/v1/documents/${encodeURIComponent(d.code)}/file`, { credentials: 'same-origin' }).then((r) => r.blob()).catch(() => {});

  let open: Doc | null = null;
  let presenting = false;
  let page = 1;
  let cleanup: () => void = () => {};
  const stage = h('div', { class: 'chair-stage' }, h('p', { class: 'muted' }, 'Đánh dấu một tài liệu để xem toàn văn.'));
  const status = h('p', { class: 'small', role: 'status' }, '');
  const warn = h('p', { class: 'warn present-warning', role: 'alert' }, '');
  const presentBtn = h('button', { class: 'primary', disabled: true }, 'Trình chiếu cho tất cả') as HTMLButtonElement;

  const push = async () => {
    if (!open) return;
    const r = await post(`/api/v1/congresses/${slug}/presentation`, { code: presenting ? open.code : '', page });
    const j = await r.json().catch(() => null);
    // Who cannot follow a restricted document is said next to the status.
    status.textContent = r.ok ? (presenting ? `Đang trình chiếu "${open.title}" — trang ${page}` : 'Đã dừng trình chiếu') : `✗ ${j?.error?.message ?? 'không gửi được'}`;
    warn.textContent = r.ok && presenting && j?.warning ? `⚠ ${j.warning}` : '';
  };
  let pageTimer = 0;
  const onPage = (n: number) => {
    page = n;
    if (!presenting) return;
    clearTimeout(pageTimer);
    pageTimer = window.setTimeout(() => void push(), 250);
  };
  presentBtn.addEventListener('click', async () => {
    presenting = !presenting;
    presentBtn.textContent = presenting ? 'Dừng trình chiếu' : 'Trình chiếu cho tất cả';
    presentBtn.classList.toggle('danger', presenting);
    await push();
  });

  const boxes: HTMLInputElement[] = [];
  const openDoc = async (d: Doc, box: HTMLInputElement) => {
    for (const b of boxes) if (b !== box) b.checked = false;
    if (!box.checked) { open = null; presentBtn.disabled = true; mount(stage, h('p', { class: 'muted' }, 'Đánh dấu một tài liệu để xem toàn văn.')); return; }
    open = d;
    page = 1;
    presentBtn.disabled = false;
    cleanup();
    cleanup = await renderViewer(stage, d.code, { version: 0, q: '', page: 1, prefetch: true, onPage, notes: false }, () => h('span', {}));
    if (presenting) await push();
  };

  const byItem = new Map<number, Doc[]>();
  for (const d of docs) {
    const k = d.agenda_item_id ?? 0;
    if (!byItem.has(k)) byItem.set(k, []);
    byItem.get(k)!.push(d);
  }
  const docRow = (d: Doc) => {
    const box = h('input', { type: 'checkbox', 'aria-label': d.title, 'data-code': d.code }) as HTMLInputElement;
    boxes.push(box);
    box.addEventListener('change', () => void openDoc(d, box));
    return h('li', {}, h('label', { class: 'chair-doc' }, box, ' ', d.title, h('span', { class: 'muted small' }, ` · ${d.current.page_count} tr.`)));
  };
  const programme = h('div', { class: 'chair-programme' });
  const drawProgramme = (cc: typeof c) => {
    boxes.length = 0;
    mount(programme, ...cc.sessions.map((s) => h('section', {},
      h('h3', {}, s.name),
      ...s.agenda.map((a) => h('div', { class: 'chair-item' },
        h('p', {}, h('strong', {}, a.starts_at), ` ${a.title}`),
        (byItem.get(a.id) ?? []).length ? h('ul', { class: 'list' }, ...(byItem.get(a.id) ?? []).map(docRow)) : null)))),
    ...((byItem.get(0) ?? []).length ? [h('section', {}, h('h3', {}, 'Tài liệu khác'), h('ul', { class: 'list' }, ...(byItem.get(0) ?? []).map(docRow)))] : []));
    for (const b of boxes) b.checked = open !== null && b.dataset.code === (open as Doc).code;
  };
  drawProgramme(c);
  // The secretariat edits the programme: it changes here at once, the open
  // document stays open.
  const stopProgramme = connectLive(slug, () => {}, () => { void api.congress(slug).then(drawProgramme).catch(() => {}); }, ['programme_changed']);

  const announce = announcementsCard(slug);

  useLive(slug);
  const polls = chairPolls(slug, c.sessions);
  const speakers = chairSpeakers(slug, c.sessions);
  mount(root, bar('Chủ tọa'), h('main', { class: 'page chair' },
    h('p', { class: 'org' }, `${c.name} ${c.ordinal}`),
    polls.el,
    speakers.el,
    h('div', { class: 'chair-grid' },
      h('aside', { class: 'card' }, h('h2', {}, 'Chương trình và tài liệu'), programme, announce.el),
      h('section', {}, h('div', { class: 'actions sticky' }, presentBtn, h('a', { class: 'button', href: `/hall/${slug}`, target: '_blank' }, 'Màn hình hội trường'), status), warn, stage))));
  document.title = `Chủ tọa · ${c.name}`;
  return () => { polls.stop(); speakers.stop(); cleanup(); stopProgramme(); announce.stop(); };
}
