// The secretariat's console (/console/SLUG): upload documents by drag and
// drop with a progress bar per file, new versions, metadata, QR sheets,
// delegate import/export, and the paper-saved figures.
import { api, csrfHeaders, logout, me, type CongressOverview, type Doc } from './api';
import { loginForm } from './staff';
import { faceSection } from './faces';
import { pageEditorSection } from './page_editor';
import { congressSettingsSection, programmeSection, usersSection } from './setup_console';
import { rosterSection } from './roster';
import { electionsSection } from './console_elections';
import { announcementsCard } from './announcements_admin';
import { screensSection } from './screens_admin';
import { commentsSection } from './comments_admin';
import { formatNumber } from './i18n';
import { h, mount } from './dom';

interface Category { id: string; label: string }

function upload(url: string, form: FormData, onProgress: (f: number) => void): Promise<{ status: number; body: any }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    for (const [k, v] of Object.entries(csrfHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => { let body: any = null; try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ } resolve({ status: xhr.status, body }); };
    xhr.onerror = () => resolve({ status: 0, body: { error: { message: 'Mất kết nối khi tải lên' } } });
    xhr.send(form);
  });
}

function agendaOptions(c: CongressOverview, selected: number | null): HTMLOptionElement[] {
  const opts = [h('option', { value: '' }, '— Không gắn mục chương trình —') as HTMLOptionElement];
  for (const s of c.sessions) for (const a of s.agenda)
    opts.push(h('option', { value: String(a.id), selected: a.id === selected }, `${s.name} · ${a.starts_at} ${a.title}`) as HTMLOptionElement);
  return opts;
}

// What the congress must file: PDF to print and sign, XLSX to edit.
function reportsCard(slug: string, c: CongressOverview): HTMLElement {
  const base = `/api/v1/congresses/${slug}/reports`;
  const session = h('select', { 'aria-label': 'Phiên họp' },
    ...c.sessions.map((s) => h('option', { value: String(s.id) }, s.name))) as HTMLSelectElement;
  const open = (kind: string, format: string, withSession: boolean) => () =>
    window.open(`${base}/${kind}?format=${format}${withSession && session.value ? `&session=${session.value}` : ''}`, '_blank');
  return h('section', { class: 'card', id: 'reports' }, h('h2', {}, 'Hồ sơ đại hội'),
    h('p', { class: 'muted small' }, 'Bản PDF để in và ký; bản Excel để chỉnh sửa. Số liệu có mặt lấy theo phiên đã chọn.'),
    h('div', { class: 'row' }, session),
    h('div', { class: 'actions' },
      h('button', { class: 'button', onclick: open('attendance', 'pdf', true) }, 'Danh sách dự họp (PDF)'),
      h('button', { class: 'button', onclick: open('attendance', 'xlsx', true) }, 'Danh sách dự họp (Excel)'),
      h('button', { class: 'button', onclick: open('credentials', 'pdf', true) }, 'Báo cáo thẩm tra tư cách (PDF)'),
      h('button', { class: 'button', onclick: open('credentials', 'xlsx', true) }, 'Báo cáo thẩm tra tư cách (Excel)'),
      h('button', { class: 'button', onclick: open('delegations', 'pdf', false) }, 'Đại biểu theo đoàn (PDF)'),
      h('button', { class: 'button', onclick: open('delegations', 'xlsx', false) }, 'Đại biểu theo đoàn (Excel)')));
}

export async function renderConsole(root: HTMLElement, slug: string, bar: (title: string) => HTMLElement): Promise<void> {
  const who = await me();
  if (!who || (who.role !== 'admin' && who.role !== 'secretariat')) {
    loginForm(root, bar, () => void renderConsole(root, slug, bar),
      who ? `Tài khoản ${who.name} (${who.role}) không có quyền quản trị.` : '');
    return;
  }
  let [c, docs, cats, savings] = await Promise.all([
    api.congress(slug), api.documents(slug),
    fetch('/api/v1/document-categories').then((r) => r.json()).then((j) => j.categories as Category[]),
    api.savings(slug),
  ]);
  const categorySelect = (value = 'khac') => h('select', { name: 'category', 'aria-label': 'Loại tài liệu' },
    ...cats.map((x) => h('option', { value: x.id, selected: x.id === value }, x.label))) as HTMLSelectElement;

  // --- upload -----------------------------------------------------------
  const cat = categorySelect();
  const agenda = h('select', { 'aria-label': 'Mục chương trình' }, ...agendaOptions(c, null)) as HTMLSelectElement;
  const visibility = h('select', { 'aria-label': 'Ai được xem' },
    h('option', { value: 'public' }, 'Công khai (ai có mã QR)'),
    h('option', { value: 'delegates' }, 'Chỉ đại biểu')) as HTMLSelectElement;
  const progressList = h('ul', { class: 'uploads' });
  const fileInput = h('input', { type: 'file', multiple: true, accept: '.pdf,.docx,.odt,.doc,.md,.txt,.jpg,.jpeg,.png', hidden: true }) as HTMLInputElement;
  const send = async (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const barEl = h('progress', { max: '100', value: '0' }) as HTMLProgressElement;
      const status = h('span', { class: 'muted small' }, 'đang tải lên…');
      progressList.append(h('li', {}, h('strong', {}, file.name), barEl, status));
      const form = new FormData();
      form.append('category', cat.value);
      if (agenda.value) form.append('agenda_item_id', agenda.value);
      form.append('visibility', visibility.value);
      form.append('file', file);
      const r = await upload(`/api/v1/congresses/${slug}/documents`, form, (f) => { barEl.value = Math.round(f * 100); });
      barEl.value = 100;
      if (r.status === 201) {
        status.replaceChildren('✓ ', h('a', { href: `/d/${r.body.code}` }, r.body.title), ` — ${r.body.current.page_count} trang`);
        status.className = 'ok small';
      } else {
        status.textContent = `✗ ${r.body?.error?.message ?? `Lỗi ${r.status}`}`;
        status.className = 'err small';
      }
    }
    void refreshList();
  };
  fileInput.addEventListener('change', () => { if (fileInput.files) void send(fileInput.files); fileInput.value = ''; });
  const drop = h('div', { class: 'dropzone', tabindex: '0', role: 'button', 'aria-label': 'Chọn hoặc kéo thả tệp' },
    h('p', {}, h('strong', {}, 'Kéo thả tệp vào đây'), ' hoặc bấm để chọn'),
    h('p', { class: 'muted small' }, 'PDF, Word (DOCX, DOC), ODT, Markdown, TXT, ảnh JPEG/PNG'));
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
    const title = h('textarea', { 'aria-label': 'Tiêu đề', rows: '2', class: 'doc-title' }) as HTMLTextAreaElement;
    title.value = d.title;
    const vis = h('select', { 'aria-label': 'Ai được xem' },
      h('option', { value: 'public', selected: d.visibility === 'public' }, 'Công khai (ai có mã QR)'),
      h('option', { value: 'delegates', selected: d.visibility === 'delegates' }, 'Chỉ đại biểu'),
      ...(d.visibility === 'roles' ? [h('option', { value: 'roles', selected: true }, 'Chỉ một số vai trò')] : [])) as HTMLSelectElement;
    const number = h('input', { value: d.number, placeholder: 'Số hiệu', 'aria-label': 'Số hiệu' }) as HTMLInputElement;
    const category = categorySelect(d.category);
    const item = h('select', { 'aria-label': 'Mục chương trình' }, ...agendaOptions(c, d.agenda_item_id)) as HTMLSelectElement;
    const msg = h('span', { class: 'small' }, '');
    const versionInput = h('input', { type: 'file', hidden: true }) as HTMLInputElement;
    versionInput.addEventListener('change', async () => {
      const f = versionInput.files?.[0];
      if (!f) return;
      const label = prompt('Tên phiên bản (ví dụ "Dự thảo lần 2")', '') ?? '';
      const form = new FormData();
      form.append('version_label', label);
      form.append('file', f);
      msg.textContent = 'đang tải lên…';
      const r = await upload(`/api/v1/documents/${d.code}/versions`, form, (p) => { msg.textContent = `${Math.round(p * 100)}%`; });
      msg.textContent = r.status === 201 ? '✓ đã thay phiên bản (mã QR giữ nguyên)' : `✗ ${r.body?.error?.message ?? r.status}`;
      void refreshList();
    });
    return h('section', { class: 'card' },
      h('div', { class: 'grid2' }, title, number, category, item, vis),
      h('p', { class: 'muted small' }, `${d.current.label || `Phiên bản ${d.current.number}`} · ${d.current.page_count} trang · ${d.current.file_name} · `,
        h('a', { href: `/d/${d.code}` }, `/d/${d.code}`)),
      h('div', { class: 'actions' },
        h('button', { class: 'button', onclick: async () => {
          const r = await fetch(`/api/v1/documents/${d.code}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json', ...csrfHeaders() },
            body: JSON.stringify({ title: title.value, number: number.value, category: category.value, agenda_item_id: item.value ? Number(item.value) : null, visibility: vis.value }) });
          const j = await r.json().catch(() => null);
          msg.textContent = r.ok ? `✓ đã lưu (${vis.value === 'public' ? 'công khai' : vis.value === 'delegates' ? 'chỉ đại biểu xem được' : 'chỉ một số vai trò'})` : `✗ ${j?.error?.message ?? `Lỗi ${r.status}`}`;
        } }, 'Lưu'),
        h('button', { class: 'button', onclick: () => versionInput.click() }, 'Phiên bản mới'),
        h('a', { class: 'button', href: `/api/v1/documents/${d.code}/qr?format=png`, download: `qr-${d.code}.png` }, 'Mã QR'),
        h('button', { class: 'button danger', onclick: async () => {
          if (!confirm(`Xóa tài liệu "${d.title}" và mọi phiên bản?`)) return;
          const r = await fetch(`/api/v1/documents/${d.code}`, { method: 'DELETE', headers: csrfHeaders() });
          if (r.ok) void refreshList(); else msg.textContent = '✗ không xóa được';
        } }, 'Xóa'),
        versionInput, msg));
  };
  const refreshList = async () => {
    const fresh = await api.documents(slug);
    mount(list, ...(fresh.length ? fresh.map(row) : [h('p', { class: 'muted' }, 'Chưa có tài liệu.')]));
  };
  mount(list, ...(docs.length ? docs.map(row) : [h('p', { class: 'muted' }, 'Chưa có tài liệu.')]));

  const fmt = (x: number) => formatNumber(x);
  const heading = h('h1', {}, `Quản trị: ${c.name} ${c.ordinal}`);
  mount(root, bar('Ban Thư ký'), h('main', { class: 'page console' },
    h('p', { class: 'org' }, h('a', { href: '/console' }, 'Các đại hội'), ' · ', c.organization, ' · ', `${who.name}`, ' · ',
      h('button', { class: 'linkish', onclick: async () => { await logout(); void renderConsole(root, slug, bar); } }, 'Đăng xuất')),
    heading,
    h('section', { class: 'card' }, h('h2', {}, 'Tải tài liệu lên'),
      h('div', { class: 'grid2' }, cat, agenda, visibility), drop, fileInput, progressList),
    h('section', { class: 'card' }, h('h2', {}, 'In mã QR'),
      h('div', { class: 'actions' },
        h('a', { class: 'button', href: `/api/v1/congresses/${slug}/qr-sheet?kind=labels`, target: '_blank' }, 'Tem mã QR tài liệu (A4)'),
        h('a', { class: 'button', href: `/api/v1/congresses/${slug}/qr-sheet?kind=posters`, target: '_blank' }, 'Áp phích theo mục chương trình'),
        h('a', { class: 'button', href: '#roster' }, 'Thẻ đại biểu (A6): xem mục Đại biểu'))),
    h('section', { class: 'card' }, h('h2', {}, 'Giấy tiết kiệm được'),
      h('p', { class: 'big ok' }, `${fmt(savings.sheets)} tờ · ${fmt(savings.money_vnd)} đ`),
      h('p', { class: 'muted small' }, `${savings.documents} tài liệu, ${fmt(savings.pages)} trang × ${savings.copies} bản = ${fmt(savings.pages_printed)} trang in, ${savings.reams} ram`)),
    reportsCard(slug, c),
    electionsSection(slug, c),
    h('section', { class: 'card' }, h('h2', {}, 'Trong phiên họp'),
      h('div', { class: 'actions' },
        h('a', { class: 'button', href: `/chair/${slug}` }, 'Màn hình chủ tọa'),
        h('a', { class: 'button', href: `/hall/${slug}`, target: '_blank' }, 'Màn hình hội trường'),
        h('a', { class: 'button', href: `/attendance/${slug}` }, 'Bảng điểm danh'))),
    screensSection(slug),
    announcementsCard(slug).el,
    commentsSection(slug),
    congressSettingsSection(slug, c, (fresh) => { c = fresh; heading.textContent = `Quản trị: ${c.name} ${c.ordinal}`; }),
    programmeSection(slug, c, (fresh) => {
      c = fresh;
      // Keep the upload form's choice while its list of agenda items changes.
      const keep = agenda.value;
      mount(agenda, ...agendaOptions(c, keep ? Number(keep) : null));
    }),
    faceSection(slug),
    pageEditorSection(slug),
    who.role === 'admin' ? usersSection(who.name) : '',
    rosterSection(slug, c, () => {}),
    h('h2', {}, `Tài liệu (${docs.length})`), list));
  document.title = `Quản trị · ${c.name}`;
}
