// The chair's screen (/chair/SLUG): the programme with its documents as a
// list of checkboxes; ticking one shows the whole document at once (every
// file is fetched ahead, every page drawn). "Trình chiếu cho tất cả" pushes
// the open document and page to every delegate and to the hall screen;
// announcements go out from here too.
import { api, type Doc } from './api';
import { errorText, http } from './http';
import { chairText } from './strings/chair';
import { staffText } from './strings/staff';
import { h, mount } from './dom';
import { renderViewer } from './viewer';
import { requireStaff } from './staff';
import { chairPolls } from './chair_polls';
import { chairSpeakers } from './chair_speakers';
import { connectLive, useLive } from './live';
import { announcementsCard } from './announcements_admin';

const ROLES = ['admin', 'secretariat', 'chair'];

export async function renderChair(root: HTMLElement, slug: string, bar: (title: string) => HTMLElement): Promise<() => void> {
  const again = () => void renderChair(root, slug, bar);
  const who = await requireStaff(root, bar, ROLES, again, staffText().signInChair);
  if (!who) return () => {};
  const s = chairText();
  const [c, docs] = await Promise.all([api.congress(slug), api.documents(slug)]);
  // Pre-fetch every file so that a tick opens at once.
  for (const d of docs) void http.get(`/api/v1/documents/${encodeURIComponent(d.code)}/file`, { as: 'blob' }).catch(() => {});

  let open: Doc | null = null;
  let presenting = false;
  let page = 1;
  let cleanup: () => void = () => {};
  const stage = h('div', { class: 'chair-stage' }, h('p', { class: 'muted' }, s.pickDocument));
  const status = h('p', { class: 'small', role: 'status' }, '');
  const warn = h('p', { class: 'warn present-warning', role: 'alert' }, '');
  const presentBtn = h('button', { class: 'primary', disabled: true }, s.present) as HTMLButtonElement;

  const push = async () => {
    if (!open) return;
    const title = open.title;
    const j = await http.post<{ warning?: string }>(`/api/v1/congresses/${slug}/presentation`, { code: presenting ? open.code : '', page })
      .catch((err) => { status.textContent = `✗ ${errorText(err) || s.notSent}`; warn.textContent = ''; return null; });
    if (!j) return;
    // Who cannot follow a restricted document is said next to the status.
    status.textContent = presenting ? s.presentingPage(title, page) : s.stopped;
    warn.textContent = presenting && j?.warning ? `⚠ ${j.warning}` : '';
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
    presentBtn.textContent = presenting ? s.stopPresenting : s.present;
    presentBtn.classList.toggle('danger', presenting);
    await push();
  });

  const boxes: HTMLInputElement[] = [];
  const openDoc = async (d: Doc, box: HTMLInputElement) => {
    for (const b of boxes) if (b !== box) b.checked = false;
    if (!box.checked) { open = null; presentBtn.disabled = true; mount(stage, h('p', { class: 'muted' }, s.pickDocument)); return; }
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
    return h('li', {}, h('label', { class: 'chair-doc' }, box, ' ', d.title, h('span', { class: 'muted small' }, s.pagesShort(d.current.page_count))));
  };
  const programme = h('div', { class: 'chair-programme' });
  const drawProgramme = (cc: typeof c) => {
    boxes.length = 0;
    mount(programme, ...cc.sessions.map((x) => h('section', {},
      h('h3', {}, x.name),
      ...x.agenda.map((a) => h('div', { class: 'chair-item' },
        h('p', {}, h('strong', {}, a.starts_at), ` ${a.title}`),
        (byItem.get(a.id) ?? []).length ? h('ul', { class: 'list' }, ...(byItem.get(a.id) ?? []).map(docRow)) : null)))),
    ...((byItem.get(0) ?? []).length ? [h('section', {}, h('h3', {}, s.otherDocuments), h('ul', { class: 'list' }, ...(byItem.get(0) ?? []).map(docRow)))] : []));
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
  mount(root, bar(s.chair), h('main', { class: 'page chair' },
    h('p', { class: 'org' }, `${c.name} ${c.ordinal}`),
    polls.el,
    speakers.el,
    h('div', { class: 'chair-grid' },
      h('aside', { class: 'card' }, h('h2', {}, s.programmeAndDocs), programme, announce.el),
      h('section', {}, h('div', { class: 'actions sticky' }, presentBtn, h('a', { class: 'button', href: `/hall/${slug}`, target: '_blank' }, s.hallScreen), status), warn, stage))));
  document.title = s.pageTitle(c.name);
  return () => { polls.stop(); speakers.stop(); cleanup(); stopProgramme(); announce.stop(); };
}
