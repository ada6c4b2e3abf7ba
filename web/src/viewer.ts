// The document viewer a delegate lands on from a QR code (/d/CODE).
// PDFs are drawn page by page with PDF.js, fetching only the byte ranges a
// page needs; other formats come as readable HTML from the server.
import { api, type Doc, type PageText } from './api';
import { h, mount } from './dom';
import { icon } from './icons';
import { fold, foldMap } from './fold';
import { formatDate, t } from './i18n';
import { noteCard } from './notes';
import { commentCard } from './comments';
import { keepDocument } from './offline';
import { onLive } from './live';

export interface ViewerOptions {
  version: number; q: string; page: number;
  prefetch?: boolean;                 // draw every page now (the chair's view)
  onPage?: (page: number) => void;    // the page in view changed
  notes?: boolean;                    // show the personal note (default true)
}

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function fileUrl(code: string, version: number, download = false): string {
  const q = new URLSearchParams();
  if (version) q.set('version', String(version));
  if (download) q.set('download', '1');
  const s = q.toString();
  return `/api/v1/documents/${encodeURIComponent(code)}/file${s ? `?${s}` : ''}`;
}

// Words of a query, folded, without quotes or stars.
function terms(q: string): string[] {
  return fold(q).replace(/["*]/g, ' ').split(/\s+/).filter((w) => w.length > 0);
}

const isWordChar = (c: string) => /[\p{L}\p{N}]/u.test(c);

// [start, end) ranges where a term is a whole word of `folded` text; the
// last term may also be the start of a word (it is still being typed).
function wordRanges(folded: string, ts: string[]): [number, number][] {
  const out: [number, number][] = [];
  ts.forEach((w, k) => {
    const prefix = k === ts.length - 1;
    let i = folded.indexOf(w);
    while (i >= 0) {
      const end = i + w.length;
      if ((i === 0 || !isWordChar(folded[i - 1])) && (prefix || end >= folded.length || !isWordChar(folded[end])))
        out.push([i, end]);
      i = folded.indexOf(w, i + 1);
    }
  });
  return out.sort((a, b) => a[0] - b[0]);
}

// Pages where every term starts some word, with a snippet around the first.
function findPages(pages: PageText[], q: string): { page: number; snippet: string }[] {
  const ts = terms(q);
  if (!ts.length) return [];
  const out: { page: number; snippet: string }[] = [];
  for (const p of pages) {
    const { f, map } = foldMap(p.text);
    const firsts = ts.map((w, k) => wordRanges(f, k === ts.length - 1 ? [w] : [w, '\u0000'])[0]);
    if (firsts.some((r) => !r)) continue;
    const at = map[firsts[0][0]];
    const start = Math.max(0, at - 40);
    out.push({ page: p.page, snippet: `${start > 0 ? '…' : ''}${p.text.slice(start, at + 80).replace(/\s+/g, ' ')}…` });
  }
  return out;
}

export async function renderViewer(root: HTMLElement, code: string, opts: ViewerOptions,
  bar: (title: string) => HTMLElement): Promise<() => void> {
  mount(root, bar(t('documents')), h('main', { class: 'page' }, h('p', { class: 'loading' }, t('loadingDoc'))));
  const doc = await api.document(code);
  const version = opts.version && opts.version !== doc.current.number ? opts.version : 0;
  const v = version ? doc.versions?.find((x) => x.number === version) ?? doc.current : doc.current;
  document.title = doc.title;

  const findInput = h('input', { type: 'search', class: 'find-input', placeholder: t('findPlaceholder'), 'aria-label': t('find') }) as HTMLInputElement;
  const findResults = h('ol', { class: 'find-results' });
  const findBox = h('section', { class: 'card find', hidden: !opts.q }, findInput, findResults);
  const thumbs = h('section', { class: 'card thumbs', hidden: true });
  const body = h('div', { class: 'doc-body' });

  const head = h('section', { class: 'doc-head' },
    h('p', { class: 'org' }, [doc.category_label, doc.number].filter(Boolean).join(' · ')),
    h('h1', {}, doc.title),
    h('p', { class: 'meta' }, `${v.label || `${t('version')} ${v.number}`} · ${v.page_count} ${t('pages')} · ${formatSize(v.size)}`),
    v.text_status === 'ocr_pending' ? h('p', { class: 'note' }, t('textPending')) : null,
    h('div', { class: 'actions' },
      h('a', { class: 'button', href: fileUrl(code, version, true), download: v.file_name }, `⬇ ${t('download')}`),
      h('button', { class: 'button', onclick: () => { findBox.hidden = !findBox.hidden; if (!findBox.hidden) findInput.focus(); } }, icon('search'), t('find')),
      v.kind === 'pdf' ? h('button', { class: 'button', onclick: () => toggleThumbs() }, `▦ ${t('thumbnails')}`) : null));

  const banner = version ? h('p', { class: 'card warn' }, t('oldVersion'), ' ',
    h('a', { href: `/d/${code}` }, t('viewCurrent'))) : null;
  const history = (doc.versions?.length ?? 0) > 1 ? h('details', { class: 'card versions' },
    h('summary', {}, `${t('versions')} (${doc.versions!.length})`),
    h('ul', {}, ...doc.versions!.map((x) => h('li', {},
      h('a', { href: x.number === doc.current.number ? `/d/${code}` : `/d/${code}?version=${x.number}` },
        `${x.label || x.number}${x.number === doc.current.number ? ` (${t('current')})` : ''}`),
      ` · ${formatDate(x.created_at)}`)))) : null;

  const newer = h('p', { class: 'card warn', hidden: true }, t('newVersion'), ' ',
    h('a', { href: `/d/${code}` }, t('openNewVersion')));
  const notes = h('div', {});
  mount(root, bar(t('appName')), h('main', { class: 'page viewer' }, head, banner ?? '', newer, findBox, thumbs, history ?? '', notes, body));
  if (opts.notes !== false) void noteCard(code).then((c) => notes.replaceChildren(c)).catch(() => {});
  // Comments on drafts (#17 item 14): the page in view goes with a comment.
  let pageInView = opts.page || 1;
  const onPageOuter = opts.onPage;
  opts = { ...opts, onPage: (n: number) => { pageInView = n; onPageOuter?.(n); } };
  const comments = h('div', {});
  notes.after(comments);
  if (opts.notes !== false) void commentCard(doc, v.number, v.page_count, () => pageInView).then((c) => { if (c) comments.replaceChildren(c); }).catch(() => {});
  // Kept for reading offline (whole file, in the background).
  if (!version) void keepDocument(code, v.number, v.kind).catch(() => {});
  const cleanups: (() => void)[] = [];
  cleanups.push(onLive('document_version', (e: { code?: string }) => { if (!e || e.code === code) newer.hidden = false; }));

  let goToPage: (n: number, q?: string) => void = () => {};
  let pagesText: PageText[] | null = null;
  const runFind = async () => {
    const q = findInput.value.trim();
    pagesText ??= await api.pages(code, version);
    const hits = findPages(pagesText, q);
    mount(findResults, ...(q ? (hits.length ? hits : []).map((x) => h('li', {},
      h('button', { class: 'hit', onclick: () => goToPage(x.page, q) },
        h('strong', {}, `${t('page')} ${x.page}`), ' ', x.snippet))) : []));
    if (q && !hits.length) findResults.append(h('li', { class: 'muted' }, t('noMatch')));
  };
  let timer = 0;
  findInput.addEventListener('input', () => { clearTimeout(timer); timer = window.setTimeout(() => void runFind(), 200); });

  function toggleThumbs(): void {
    thumbs.hidden = !thumbs.hidden;
    if (thumbs.hidden || thumbs.childElementCount) return;
    for (let i = 1; i <= v.page_count; i++) {
      thumbs.append(h('button', { class: 'thumb', 'aria-label': `${t('page')} ${i}`, onclick: () => goToPage(i) },
        h('img', { loading: 'lazy', alt: '', src: `/api/v1/documents/${encodeURIComponent(code)}/pages/${i}/thumb?w=160${version ? `&version=${version}` : ''}` }),
        h('span', {}, String(i))));
    }
  }

  const onGoto = (e: Event) => goToPage(Number((e as CustomEvent).detail) || 1);
  window.addEventListener('ph-goto-page', onGoto);
  cleanups.push(() => window.removeEventListener('ph-goto-page', onGoto));
  if (v.kind === 'pdf') {
    goToPage = await renderPdf(body, doc, version, opts);
  } else if (v.kind === 'jpeg' || v.kind === 'png') {
    body.append(h('img', { class: 'doc-image', src: fileUrl(code, version), alt: doc.title }));
  } else {
    const html = await api.html(code, version);
    const article = h('article', { class: 'card doc-text' });
    article.innerHTML = html;  // produced by the server: escaped text or safe cmark output
    body.append(article);
    goToPage = (n: number, q?: string) => {
      const sec = article.querySelector(`#page-${n}`) ?? article;
      if (q) markText(article, q);
      sec.scrollIntoView({ behavior: 'smooth', block: 'start' });
    };
    if (opts.q) { markText(article, opts.q); }
    if (opts.page > 1) goToPage(opts.page, opts.q);
  }
  if (opts.q) { findInput.value = opts.q; void runFind(); }
  return () => cleanups.forEach((f) => f());
}

// Wraps the words that match the query in <mark> (HTML text or the PDF
// text layer, whose spans keep their geometry).
function markText(container: HTMLElement, q: string): void {
  const ts = terms(q);
  if (!ts.length) return;
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  while (walker.nextNode()) nodes.push(walker.currentNode as Text);
  for (const node of nodes) {
    if (node.parentElement?.tagName === 'MARK') continue;
    const text = node.data;
    const { f, map } = foldMap(text);
    const ranges = wordRanges(f, ts);
    if (!ranges.length) continue;
    const frag = document.createDocumentFragment();
    let pos = 0;
    for (const [fa, fb] of ranges) {
      const a = map[fa], b = map[fb];
      if (a < pos) continue;
      frag.append(text.slice(pos, a), h('mark', { class: 'hl' }, text.slice(a, b)));
      pos = b;
    }
    frag.append(text.slice(pos));
    node.replaceWith(frag);
  }
}

// The PDF text layer splits words into many spans (one per font run), so
// matches are found on the joined text and marked piece by piece. A <br>
// (end of a PDF line) separates words.
function markTextLayer(layer: HTMLElement, q: string): void {
  const ts = terms(q);
  if (!ts.length) return;
  const nodes: Text[] = [];
  let f = '';
  const where: [number, number][] = [];  // folded char → [node, offset]
  const walker = document.createTreeWalker(layer, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  while (walker.nextNode()) {
    const n = walker.currentNode;
    if (n.nodeType === Node.ELEMENT_NODE) {
      if ((n as Element).tagName === 'BR') { f += ' '; where.push([-1, 0]); }
      continue;
    }
    const t = n as Text;
    const { f: nf, map } = foldMap(t.data);
    for (let k = 0; k < nf.length; k++) { f += nf[k]; where.push([nodes.length, map[k]]); }
    nodes.push(t);
  }
  const pieces = new Map<number, [number, number][]>();
  for (const [a, b] of wordRanges(f, ts)) {
    for (let k = a; k < b; k++) {
      const [ni, off] = where[k];
      if (ni < 0) continue;
      const list = pieces.get(ni) ?? [];
      const last = list[list.length - 1];
      if (last && last[1] === off) last[1] = off + 1; else list.push([off, off + 1]);
      pieces.set(ni, list);
    }
  }
  pieces.forEach((ranges, ni) => {
    const node = nodes[ni];
    const text = node.data;
    const frag = document.createDocumentFragment();
    let pos = 0;
    for (const [a, b0] of ranges) {
      let b = b0;
      while (b < text.length && /\p{M}/u.test(text[b])) b++;  // keep combining marks with their letter
      if (a < pos) continue;
      frag.append(text.slice(pos, a), h('mark', { class: 'hl' }, text.slice(a, b)));
      pos = b;
    }
    frag.append(text.slice(pos));
    node.replaceWith(frag);
  });
}

async function renderPdf(body: HTMLElement, doc: Doc, version: number, opts: ViewerOptions): Promise<(n: number, q?: string) => void> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const workerUrl = (await import('pdfjs-dist/legacy/build/pdf.worker.min.mjs?url')).default;
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  // Range requests: the first page shows before the whole file arrives.
  const pdf = await pdfjs.getDocument({
    url: fileUrl(doc.code, version), rangeChunkSize: 65536, disableAutoFetch: !opts.prefetch,
    isEvalSupported: false, withCredentials: true,
  }).promise;
  const n = pdf.numPages;
  let scale = 1;
  let query = opts.q;
  const counter = h('span', { class: 'counter', 'aria-live': 'polite' }, `1 / ${n}`);
  const pagesBox = h('div', { class: 'pdf-pages' });
  const first = await pdf.getPage(1);
  const base = first.getViewport({ scale: 1 });
  const slots: HTMLElement[] = [];
  const rendered = new Map<number, number>();  // page → scale it was drawn at

  const cssWidth = () => Math.min(pagesBox.clientWidth || window.innerWidth - 24, 900) * scale;
  for (let i = 1; i <= n; i++) {
    const slot = h('div', { class: 'pdf-page', 'data-page': String(i) });
    slot.style.aspectRatio = `${base.width} / ${base.height}`;
    slots.push(slot);
    pagesBox.append(slot);
  }

  async function draw(i: number): Promise<void> {
    const width = cssWidth();
    if (rendered.get(i) === width) return;
    rendered.set(i, width);
    const page = await pdf.getPage(i);
    const vp1 = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: width / vp1.width });
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    const canvas = h('canvas') as HTMLCanvasElement;
    canvas.width = Math.floor(viewport.width * dpr);
    canvas.height = Math.floor(viewport.height * dpr);
    canvas.style.width = `${viewport.width}px`;
    canvas.style.height = `${viewport.height}px`;
    const ctx = canvas.getContext('2d')!;
    await page.render({ canvasContext: ctx, viewport, transform: dpr !== 1 ? [dpr, 0, 0, dpr, 0, 0] : undefined }).promise;
    // Zoomed while this page was drawing: a newer drawing at the new width
    // replaces it, so pages never end up at different scales.
    if (rendered.get(i) !== width) return;
    const layer = h('div', { class: 'textLayer' });
    layer.style.setProperty('--scale-factor', String(viewport.scale));
    const slot = slots[i - 1];
    slot.style.width = `${viewport.width}px`;
    slot.replaceChildren(canvas, layer);
    const tl = new pdfjs.TextLayer({ textContentSource: await page.getTextContent(), container: layer, viewport });
    await tl.render();
    if (query) markTextLayer(layer, query);
  }

  const io = new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting) void draw(Number((e.target as HTMLElement).dataset.page));
  }, { rootMargin: '600px 0px' });
  slots.forEach((s) => io.observe(s));
  // The page in view is the one under the upper third of the screen (not
  // "whichever crossed 50% last", which lagged a page behind when scrolling
  // forward and while following the chair).
  let shown = 1;
  const setShown = (i: number) => {
    if (i === shown && counter.textContent === `${i} / ${n}`) return;
    shown = i;
    counter.textContent = `${i} / ${n}`;
    opts.onPage?.(i);
  };
  const pageInView = () => {
    const line = window.innerHeight * 0.35;
    let at = 1;
    for (const slot of slots) {
      const r = slot.getBoundingClientRect();
      if (r.top <= line) at = Number(slot.dataset.page); else break;
    }
    return at;
  };
  let settling = 0;
  let scrollFrame = 0;
  // The viewer has no teardown hook here: the listeners remove themselves
  // once its pages leave the document (another document opened).
  const gone = () => {
    if (pagesBox.isConnected) return false;
    window.removeEventListener('scroll', onScroll);
    window.removeEventListener('scrollend', onScrollEnd);
    return true;
  };
  const onScrollEnd = () => { if (gone()) return; settling = 0; setShown(pageInView()); };
  const onScroll = () => {
    if (gone() || scrollFrame) return;
    scrollFrame = requestAnimationFrame(() => {
      scrollFrame = 0;
      if (Date.now() < settling) return;  // a jump is under way: its target is shown
      setShown(pageInView());
    });
  };
  window.addEventListener('scroll', onScroll, { passive: true });
  window.addEventListener('scrollend', onScrollEnd);

  const current = () => shown;
  const goTo = (i: number, q?: string) => {
    if (q !== undefined && q !== query) { query = q; rendered.clear(); }
    const to = Math.max(1, Math.min(n, i));
    slots[to - 1].scrollIntoView({ behavior: 'smooth', block: 'start' });
    settling = Date.now() + 1500;
    setShown(to);
    void draw(to);
  };
  const zoom = (f: number) => {
    scale = Math.max(0.6, Math.min(3, scale * f));
    const at = current();
    slots.forEach((s) => { s.style.width = `${cssWidth()}px`; });
    rendered.clear();
    goTo(at);
  };
  const toolbar = h('nav', { class: 'pdf-toolbar', 'aria-label': 'PDF' },
    h('button', { class: 'tool-btn', 'aria-label': t('prev'), onclick: () => goTo(current() - 1) }, '‹'),
    counter,
    h('button', { class: 'tool-btn', 'aria-label': t('next'), onclick: () => goTo(current() + 1) }, '›'),
    h('button', { class: 'tool-btn', 'aria-label': t('zoomOut'), onclick: () => zoom(1 / 1.25) }, '−'),
    h('button', { class: 'tool-btn', 'aria-label': t('zoomIn'), onclick: () => zoom(1.25) }, '+'));
  body.append(pagesBox, toolbar);
  if (opts.page > 1) setTimeout(() => goTo(opts.page), 50);
  // The chair sees the whole document at once: every page drawn now.
  if (opts.prefetch) void (async () => { for (let i = 1; i <= n; i++) await draw(i); })();
  return goTo;
}
