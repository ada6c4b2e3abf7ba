// The console's editor for the province pages: Markdown with images, a live
// preview rendered by the server (same renderer as the page), draft or
// published.
import { csrfHeaders } from './api';
import { h, mount } from './dom';
import { pagesApi, type PageFull } from './province';

const CATS: [string, string][] = [['dia-danh', 'Địa danh'], ['van-hoa', 'Văn hóa'], ['con-nguoi', 'Con người'], ['am-thuc', 'Ẩm thực'], ['le-hoi', 'Lễ hội']];

function slugify(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
}

export function pageEditorSection(slug: string): HTMLElement {
  const base = `/api/v1/congresses/${slug}`;
  const list = h('ul', { class: 'list' });
  const editor = h('div', {});
  const msg = h('p', { class: 'small', role: 'status' }, '');

  const open = (p: Partial<PageFull> | null) => {
    const isNew = !p?.slug;
    const title = h('input', { value: p?.title ?? '', 'aria-label': 'Tiêu đề trang', placeholder: 'Tiêu đề' }) as HTMLInputElement;
    const pslug = h('input', { value: p?.slug ?? '', 'aria-label': 'Đường dẫn', placeholder: 'duong-dan', disabled: !isNew }) as HTMLInputElement;
    if (isNew) title.addEventListener('input', () => { pslug.value = slugify(title.value); });
    const cat = h('select', { 'aria-label': 'Chuyên mục' }, ...CATS.map(([id, label]) => h('option', { value: id, selected: id === (p?.category ?? 'dia-danh') }, label))) as HTMLSelectElement;
    const summary = h('input', { value: p?.summary ?? '', 'aria-label': 'Tóm tắt', placeholder: 'Tóm tắt một câu' }) as HTMLInputElement;
    const cover = h('input', { value: p?.cover ?? '', 'aria-label': 'Ảnh bìa (đường dẫn)', placeholder: 'Ảnh bìa: /api/v1/page-images/…' }) as HTMLInputElement;
    const body = h('textarea', { rows: '14', class: 'md', 'aria-label': 'Nội dung (Markdown)' }) as HTMLTextAreaElement;
    body.value = p?.body_md ?? '';
    const status = h('select', { 'aria-label': 'Trạng thái' },
      h('option', { value: 'draft', selected: p?.status !== 'published' }, 'Bản nháp'),
      h('option', { value: 'published', selected: p?.status === 'published' }, 'Đã đăng')) as HTMLSelectElement;
    const preview = h('article', { class: 'card doc-text province-text preview', 'aria-label': 'Xem trước' });
    let timer = 0;
    const renderPreview = () => {
      clearTimeout(timer);
      timer = window.setTimeout(async () => {
        const r = await fetch('/api/v1/markdown-preview', { method: 'POST', headers: { 'Content-Type': 'application/json', ...csrfHeaders() }, body: JSON.stringify({ markdown: body.value }) });
        if (r.ok) preview.innerHTML = (await r.json()).html;  // cmark safe mode on the server
      }, 300);
    };
    body.addEventListener('input', renderPreview);
    renderPreview();
    const image = h('input', { type: 'file', accept: 'image/jpeg,image/png', hidden: true }) as HTMLInputElement;
    image.addEventListener('change', async () => {
      const f = image.files?.[0];
      image.value = '';
      if (!f) return;
      const r = await fetch(`${base}/page-images`, { method: 'POST', headers: { 'Content-Type': f.type, ...csrfHeaders() }, body: f });
      const j = await r.json().catch(() => null);
      if (!r.ok) { msg.textContent = `✗ ${j?.error?.message ?? r.status}`; return; }
      const at = body.selectionStart ?? body.value.length;
      body.setRangeText(`\n![${f.name.replace(/\.[^.]+$/, '')}](${j.url})\n`, at, at, 'end');
      if (!cover.value) cover.value = j.url;
      renderPreview();
    });
    const save = async () => {
      const s = pslug.value || slugify(title.value);
      const r = await fetch(`${base}/pages/${encodeURIComponent(s)}`, { method: 'PUT', headers: { 'Content-Type': 'application/json', ...csrfHeaders() },
        body: JSON.stringify({ title: title.value, category: cat.value, summary: summary.value, body_md: body.value, cover: cover.value, status: status.value, position: p?.['position' as keyof typeof p] ?? 100 }) });
      const j = await r.json().catch(() => null);
      msg.textContent = r.ok ? `✓ đã lưu (${status.value === 'published' ? 'đã đăng' : 'bản nháp'})` : `✗ ${j?.error?.message ?? r.status}`;
      if (r.ok) void load();
    };
    mount(editor, h('section', { class: 'card page-editor' },
      h('div', { class: 'grid2' }, title, pslug, cat, status, summary, cover),
      h('div', { class: 'editor-split' }, body, preview),
      h('div', { class: 'actions' },
        h('button', { class: 'button', onclick: () => image.click() }, 'Chèn ảnh'),
        h('button', { class: 'primary', onclick: () => void save() }, 'Lưu trang'),
        !isNew ? h('a', { class: 'button', href: `/c/${slug}/p/${p!.slug}`, target: '_blank' }, 'Xem') : null,
        !isNew ? h('button', { class: 'button danger', onclick: async () => {
          if (!confirm(`Xóa trang "${p!.title}"?`)) return;
          const r = await fetch(`${base}/pages/${p!.slug}`, { method: 'DELETE', headers: csrfHeaders() });
          msg.textContent = r.ok ? '✓ đã xóa' : '✗ không xóa được';
          mount(editor);
          void load();
        } }, 'Xóa') : null, image),
      msg));
  };

  const load = async () => {
    const pages = await pagesApi.list(slug, true);
    mount(list, ...pages.map((p) => h('li', {},
      h('button', { class: 'linkish', onclick: async () => open(await pagesApi.get(slug, p.slug)) }, p.title),
      h('span', { class: 'muted small' }, ` · ${p.category_label} · ${p.status === 'published' ? 'đã đăng' : 'bản nháp'}`))));
  };
  void load();
  return h('section', { class: 'card' }, h('h2', {}, 'Trang giới thiệu tỉnh'),
    h('p', { class: 'muted small' }, 'Địa danh, văn hóa, con người, ẩm thực, lễ hội — hiện ở mục "Tỉnh nhà" của ứng dụng và trong kết quả tìm kiếm.'),
    list, h('div', { class: 'actions' }, h('button', { class: 'button', onclick: () => open(null) }, 'Trang mới')), editor);
}
