// The secretariat's console (/console/SLUG): upload documents by drag and
// drop with a progress bar per file, new versions, metadata, QR sheets,
// delegate import/export, and the paper-saved figures.
import { api, logout, me, type CongressOverview, type Doc } from './api';
import { ApiError, errorText, http, upload } from './http';
import { consoleText } from './strings/console';
import { staffText } from './strings/staff';
import { loginForm } from './staff';
import { faceSection } from './faces';
import { pageEditorSection } from './page_editor';
import { congressSettingsSection, programmeSection, usersSection } from './setup_console';
import { rosterSection } from './roster';
import { electionsSection } from './console_elections';
import { announcementsCard } from './announcements_admin';
import { screensSection } from './screens_admin';
import { commentsSection } from './comments_admin';
import { currentLang, formatNumber } from './i18n';
import { h, mount } from './dom';

interface Category { id: string; label: string; label_en?: string }

const st = () => consoleText();

function agendaOptions(c: CongressOverview, selected: number | null): HTMLOptionElement[] {
  const opts = [h('option', { value: '' }, st().noAgendaItem) as HTMLOptionElement];
  for (const s of c.sessions) for (const a of s.agenda)
    opts.push(h('option', { value: String(a.id), selected: a.id === selected }, `${s.name} · ${a.starts_at} ${a.title}`) as HTMLOptionElement);
  return opts;
}

// What the congress must file: PDF to print and sign, XLSX to edit.
// `refresh` follows the programme: sessions added or deleted later show up.
function reportsCard(slug: string, c: CongressOverview): { el: HTMLElement; refresh: (c: CongressOverview) => void } {
  const base = `/api/v1/congresses/${slug}/reports`;
  const session = h('select', { 'aria-label': st().session }) as HTMLSelectElement;
  const refresh = (fresh: CongressOverview) => {
    const keep = session.value;
    mount(session, ...fresh.sessions.map((s) => h('option', { value: String(s.id), selected: String(s.id) === keep }, s.name)));
  };
  refresh(c);
  const open = (kind: string, format: string, withSession: boolean) => () =>
    window.open(`${base}/${kind}?format=${format}${withSession && session.value ? `&session=${session.value}` : ''}`, '_blank');
  return { refresh, el: h('section', { class: 'card', id: 'reports' }, h('h2', {}, st().reports),
    h('p', { class: 'muted small' }, st().reportsHint),
    h('div', { class: 'row' }, session),
    h('div', { class: 'actions' },
      h('button', { class: 'button', onclick: open('attendance', 'pdf', true) }, st().attendancePdf),
      h('button', { class: 'button', onclick: open('attendance', 'xlsx', true) }, st().attendanceXlsx),
      h('button', { class: 'button', onclick: open('credentials', 'pdf', true) }, st().credentialsPdf),
      h('button', { class: 'button', onclick: open('credentials', 'xlsx', true) }, st().credentialsXlsx),
      h('button', { class: 'button', onclick: open('delegations', 'pdf', false) }, st().delegationsPdf),
      h('button', { class: 'button', onclick: open('delegations', 'xlsx', false) }, st().delegationsXlsx))) };
}

export async function renderConsole(root: HTMLElement, slug: string, bar: (title: string) => HTMLElement): Promise<void> {
  const who = await me();
  if (!who || (who.role !== 'admin' && who.role !== 'secretariat')) {
    loginForm(root, bar, () => void renderConsole(root, slug, bar),
      who ? staffText().noAdminRight(who.name, who.role) : '');
    return;
  }
  const s = st();
  let [c, docs, cats, savings] = await Promise.all([
    api.congress(slug), api.documents(slug),
    http.get<{ categories: Category[] }>('/api/v1/document-categories').then((j) => j.categories),
    api.savings(slug),
  ]);
  const categorySelect = (value = 'khac') => h('select', { name: 'category', 'aria-label': s.category },
    ...cats.map((x) => h('option', { value: x.id, selected: x.id === value }, currentLang() === 'en' ? x.label_en ?? x.label : x.label))) as HTMLSelectElement;

  // --- upload -----------------------------------------------------------
  const cat = categorySelect();
  const agenda = h('select', { 'aria-label': s.agendaItem, class: 'doc-agenda' }, ...agendaOptions(c, null)) as HTMLSelectElement;
  const visibility = h('select', { 'aria-label': s.whoSees },
    h('option', { value: 'public' }, s.visPublic),
    h('option', { value: 'delegates' }, s.visDelegates)) as HTMLSelectElement;
  const progressList = h('ul', { class: 'uploads' });
  const fileInput = h('input', { type: 'file', multiple: true, accept: '.pdf,.docx,.odt,.doc,.md,.txt,.jpg,.jpeg,.png', hidden: true }) as HTMLInputElement;
  const send = async (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const barEl = h('progress', { max: '100', value: '0' }) as HTMLProgressElement;
      const status = h('span', { class: 'muted small' }, staffText().uploading);
      progressList.append(h('li', {}, h('strong', {}, file.name), barEl, status));
      const form = new FormData();
      form.append('category', cat.value);
      if (agenda.value) form.append('agenda_item_id', agenda.value);
      form.append('visibility', visibility.value);
      form.append('file', file);
      try {
        const d = await upload<Doc>(`/api/v1/congresses/${slug}/documents`, form, (f) => { barEl.value = Math.round(f * 100); });
        status.replaceChildren('✓ ', h('a', { href: `/d/${d.code}` }, d.title), s.pagesN(d.current.page_count));
        status.className = 'ok small';
      } catch (err) {
        status.textContent = `✗ ${err instanceof ApiError && err.code === 'network' ? s.uploadLost : errorText(err)}`;
        status.className = 'err small';
      }
      barEl.value = 100;
    }
    void refreshList();
  };
  fileInput.addEventListener('change', () => { if (fileInput.files) void send(fileInput.files); fileInput.value = ''; });
  const drop = h('div', { class: 'dropzone', tabindex: '0', role: 'button', 'aria-label': s.chooseOrDrop },
    h('p', {}, h('strong', {}, s.dropHere), s.orClick),
    h('p', { class: 'muted small' }, s.formats));
  drop.addEventListener('click', () => fileInput.click());
  drop.addEventListener('keydown', (e) => { if ((e as KeyboardEvent).key === 'Enter') fileInput.click(); });
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const files = (e as DragEvent).dataTransfer?.files;
    if (files?.length) void send(files);
  });

  // --- list -------------------------------------------------------------
  const list = h('div', { class: 'doc-admin' });
  const row = (d: Doc) => {
    const title = h('textarea', { 'aria-label': s.title, rows: '2', class: 'doc-title' }) as HTMLTextAreaElement;
    title.value = d.title;
    const vis = h('select', { 'aria-label': s.whoSees },
      h('option', { value: 'public', selected: d.visibility === 'public' }, s.visPublic),
      h('option', { value: 'delegates', selected: d.visibility === 'delegates' }, s.visDelegates),
      ...(d.visibility === 'roles' ? [h('option', { value: 'roles', selected: true }, s.visRoles)] : [])) as HTMLSelectElement;
    const number = h('input', { value: d.number, placeholder: s.number, 'aria-label': s.number }) as HTMLInputElement;
    const category = categorySelect(d.category);
    const item = h('select', { 'aria-label': s.agendaItem, class: 'doc-agenda' }, ...agendaOptions(c, d.agenda_item_id)) as HTMLSelectElement;
    const msg = h('span', { class: 'small' }, '');
    const versionInput = h('input', { type: 'file', hidden: true }) as HTMLInputElement;
    versionInput.addEventListener('change', async () => {
      const f = versionInput.files?.[0];
      if (!f) return;
      const label = prompt(s.versionLabelPrompt, '') ?? '';
      const form = new FormData();
      form.append('version_label', label);
      form.append('file', f);
      msg.textContent = staffText().uploading;
      msg.textContent = await upload(`/api/v1/documents/${d.code}/versions`, form, (p) => { msg.textContent = `${Math.round(p * 100)}%`; })
        .then(() => s.versionReplaced, (err) => `✗ ${errorText(err)}`);
      void refreshList();
    });
    return h('section', { class: 'card' },
      h('div', { class: 'grid2' }, title, number, category, item, vis),
      h('p', { class: 'muted small' }, `${d.current.label || s.versionN(d.current.number)} · ${s.pagesShort(d.current.page_count)} · ${d.current.file_name} · `,
        h('a', { href: `/d/${d.code}` }, `/d/${d.code}`)),
      h('div', { class: 'actions' },
        h('button', { class: 'button', onclick: async () => {
          msg.textContent = await http.patch(`/api/v1/documents/${d.code}`,
            { title: title.value, number: number.value, category: category.value, agenda_item_id: item.value ? Number(item.value) : null, visibility: vis.value })
            .then(() => s.savedVis(vis.value), (err) => `✗ ${errorText(err)}`);
        } }, staffText().save),
        h('button', { class: 'button', onclick: () => versionInput.click() }, s.newVersion),
        h('a', { class: 'button', href: `/api/v1/documents/${d.code}/qr?format=png`, download: `qr-${d.code}.png` }, s.qr),
        h('button', { class: 'button danger', onclick: async () => {
          if (!confirm(s.confirmDeleteDoc(d.title))) return;
          await http.del(`/api/v1/documents/${d.code}`).then(() => void refreshList(), () => { msg.textContent = staffText().cannotDelete; });
        } }, staffText().delete),
        versionInput, msg));
  };
  const refreshList = async () => {
    const fresh = await api.documents(slug);
    mount(list, ...(fresh.length ? fresh.map(row) : [h('p', { class: 'muted' }, s.noDocuments)]));
  };
  mount(list, ...(docs.length ? docs.map(row) : [h('p', { class: 'muted' }, s.noDocuments)]));

  const fmt = (x: number) => formatNumber(x);
  const heading = h('h1', {}, s.adminOf(`${c.name} ${c.ordinal}`));
  const reports = reportsCard(slug, c);
  mount(root, bar(s.secretariat), h('main', { class: 'page console' },
    h('p', { class: 'org' }, h('a', { href: '/console' }, s.congresses), ' · ', c.organization, ' · ', `${who.name}`, ' · ',
      h('button', { class: 'linkish', onclick: async () => { await logout(); void renderConsole(root, slug, bar); } }, staffText().signOut)),
    heading,
    h('section', { class: 'card' }, h('h2', {}, s.upload),
      h('div', { class: 'grid2' }, cat, agenda, visibility), drop, fileInput, progressList),
    h('section', { class: 'card' }, h('h2', {}, s.printQr),
      h('div', { class: 'actions' },
        h('a', { class: 'button', href: `/api/v1/congresses/${slug}/qr-sheet?kind=labels`, target: '_blank' }, s.qrLabels),
        h('a', { class: 'button', href: `/api/v1/congresses/${slug}/qr-sheet?kind=posters`, target: '_blank' }, s.qrPosters),
        h('a', { class: 'button', href: '#roster' }, s.badgesSee))),
    h('section', { class: 'card' }, h('h2', {}, s.paperSaved),
      h('p', { class: 'big ok' }, s.savedBig(fmt(savings.sheets), fmt(savings.money_vnd))),
      h('p', { class: 'muted small' }, s.savedDetail(savings.documents, fmt(savings.pages), savings.copies, fmt(savings.pages_printed), savings.reams))),
    reports.el,
    electionsSection(slug, c),
    h('section', { class: 'card' }, h('h2', {}, s.inSession),
      h('div', { class: 'actions' },
        h('a', { class: 'button', href: `/chair/${slug}` }, s.chairScreen),
        h('a', { class: 'button', href: `/hall/${slug}`, target: '_blank' }, s.hallScreen),
        h('a', { class: 'button', href: `/attendance/${slug}` }, s.attendanceBoard))),
    screensSection(slug),
    announcementsCard(slug).el,
    commentsSection(slug),
    congressSettingsSection(slug, c, (fresh) => { c = fresh; heading.textContent = s.adminOf(`${c.name} ${c.ordinal}`); }),
    programmeSection(slug, c, (fresh) => {
      c = fresh;
      reports.refresh(c);
      // Keep the upload form's choice while its list of agenda items changes.
      const keep = agenda.value;
      mount(agenda, ...agendaOptions(c, keep ? Number(keep) : null));
    }),
    faceSection(slug),
    pageEditorSection(slug),
    who.role === 'admin' ? usersSection(who.name, slug) : '',
    rosterSection(slug, c, () => {}),
    h('h2', {}, s.documentsN(docs.length)), list));
  document.title = s.pageTitle(c.name);
}
