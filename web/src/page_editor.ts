// The console's editor for the province pages: Markdown with images, a live
// preview rendered by the server (same renderer as the page), draft or
// published.
import { errorText, http } from './http';
import { pagesText } from './strings/faces';
import { staffText } from './strings/staff';
import { h, mount } from './dom';
import { pagesApi, type PageFull } from './province';


function slugify(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
}

export function pageEditorSection(slug: string): HTMLElement {
  const t = pagesText();
  const CATS = t.categories;
  const base = `/api/v1/congresses/${slug}`;
  const list = h('ul', { class: 'list' });
  const editor = h('div', {});
  const msg = h('p', { class: 'small', role: 'status' }, '');

  const open = (p: Partial<PageFull> | null) => {
    const isNew = !p?.slug;
    const title = h('input', { value: p?.title ?? '', 'aria-label': t.pageTitle, placeholder: t.titleHint }) as HTMLInputElement;
    const pslug = h('input', { value: p?.slug ?? '', 'aria-label': t.path, placeholder: t.pathHint, disabled: !isNew }) as HTMLInputElement;
    if (isNew) title.addEventListener('input', () => { pslug.value = slugify(title.value); });
    const cat = h('select', { 'aria-label': t.category }, ...CATS.map(([id, label]) => h('option', { value: id, selected: id === (p?.category ?? 'dia-danh') }, label))) as HTMLSelectElement;
    const summary = h('input', { value: p?.summary ?? '', 'aria-label': t.summary, placeholder: t.summaryHint }) as HTMLInputElement;
    const cover = h('input', { value: p?.cover ?? '', 'aria-label': t.cover, placeholder: t.coverHint }) as HTMLInputElement;
    const body = h('textarea', { rows: '14', class: 'md', 'aria-label': t.body }) as HTMLTextAreaElement;
    body.value = p?.body_md ?? '';
    const status = h('select', { 'aria-label': t.status },
      h('option', { value: 'draft', selected: p?.status !== 'published' }, t.draft),
      h('option', { value: 'published', selected: p?.status === 'published' }, t.published)) as HTMLSelectElement;
    const preview = h('article', { class: 'card doc-text province-text preview', 'aria-label': t.preview });
    let timer = 0;
    const renderPreview = () => {
      clearTimeout(timer);
      timer = window.setTimeout(async () => {
        const r = await http.post<{ html: string }>('/api/v1/markdown-preview', { markdown: body.value }).catch(() => null);
        if (r) preview.innerHTML = r.html;  // cmark safe mode on the server
      }, 300);
    };
    body.addEventListener('input', renderPreview);
    renderPreview();
    const image = h('input', { type: 'file', accept: 'image/jpeg,image/png', hidden: true }) as HTMLInputElement;
    image.addEventListener('change', async () => {
      const f = image.files?.[0];
      image.value = '';
      if (!f) return;
      const j = await http.post<{ url: string }>(`${base}/page-images`, f, { headers: { 'Content-Type': f.type } })
        .catch((err) => { msg.textContent = `✗ ${errorText(err)}`; return null; });
      if (!j) return;
      const at = body.selectionStart ?? body.value.length;
      body.setRangeText(`\n![${f.name.replace(/\.[^.]+$/, '')}](${j.url})\n`, at, at, 'end');
      if (!cover.value) cover.value = j.url;
      renderPreview();
    });
    const save = async () => {
      const s = pslug.value || slugify(title.value);
      const ok = await http.put(`${base}/pages/${encodeURIComponent(s)}`,
        { title: title.value, category: cat.value, summary: summary.value, body_md: body.value, cover: cover.value, status: status.value, position: p?.['position' as keyof typeof p] ?? 100 })
        .then(() => true, (err) => { msg.textContent = `✗ ${errorText(err)}`; return false; });
      if (ok) msg.textContent = t.saved(status.value === 'published');
      if (ok) void load();
    };
    mount(editor, h('section', { class: 'card page-editor' },
      h('div', { class: 'grid2' }, title, pslug, cat, status, summary, cover),
      h('div', { class: 'editor-split' }, body, preview),
      h('div', { class: 'actions' },
        h('button', { class: 'button', onclick: () => image.click() }, t.insertImage),
        h('button', { class: 'primary', onclick: () => void save() }, t.savePage),
        !isNew ? h('a', { class: 'button', href: `/c/${slug}/p/${p!.slug}`, target: '_blank' }, t.view) : null,
        !isNew ? h('button', { class: 'button danger', onclick: async () => {
          if (!confirm(t.confirmDelete(p!.title ?? ''))) return;
          msg.textContent = await http.del(`${base}/pages/${p!.slug}`).then(() => staffText().deleted, () => staffText().cannotDelete);
          mount(editor);
          void load();
        } }, staffText().delete) : null, image),
      msg));
  };

  const load = async () => {
    const pages = await pagesApi.list(slug, true);
    mount(list, ...pages.map((p) => h('li', {},
      h('button', { class: 'linkish', onclick: async () => open(await pagesApi.get(slug, p.slug)) }, p.title),
      h('span', { class: 'muted small' }, ` · ${CATS.find(([id]) => id === p.category)?.[1] ?? p.category_label} · ${t.stateLabel(p.status === 'published')}`))));
  };
  void load();
  return h('section', { class: 'card' }, h('h2', {}, t.title),
    h('p', { class: 'muted small' }, t.hint),
    list, h('div', { class: 'actions' }, h('button', { class: 'button', onclick: () => open(null) }, t.newPage)), editor);
}
