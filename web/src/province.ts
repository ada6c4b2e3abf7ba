// The province pages: places, culture, people, cuisine, festivals.
import { h } from './dom';
import { t } from './i18n';
import { http } from './http';

export interface PageSummary {
  slug: string; title: string; category: string; category_label: string; summary: string; cover: string; status: string;
}
export interface PageFull extends PageSummary { body_md: string; html: string; updated_at: string }

const base = (slug: string) => `/api/v1/congresses/${encodeURIComponent(slug)}`;

const json = <T>(url: string): Promise<T> => http.get<T>(url);

export const pagesApi = {
  list: (slug: string, drafts = false) => json<{ pages: PageSummary[] }>(`${base(slug)}/pages${drafts ? '?drafts=1' : ''}`).then((r) => r.pages),
  get: (slug: string, page: string) => json<PageFull>(`${base(slug)}/pages/${encodeURIComponent(page)}`),
};

export function provinceList(slug: string, pages: PageSummary[], navigate: (p: string) => void): HTMLElement {
  return h('div', {},
    h('p', { class: 'muted' }, t('provincePages')),
    h('ul', { class: 'province-grid' }, ...pages.map((p) => h('li', {},
      h('a', { class: 'card province-card', href: `/c/${slug}/p/${p.slug}`, onclick: (e: Event) => { e.preventDefault(); navigate(`/c/${slug}/p/${p.slug}`); } },
        p.cover ? h('img', { src: p.cover, alt: '', loading: 'lazy' }) : null,
        h('span', { class: 'org' }, p.category_label),
        h('strong', {}, p.title),
        h('span', { class: 'muted small' }, p.summary))))));
}

export function provincePage(slug: string, p: PageFull, navigate: (p: string) => void): HTMLElement {
  const article = h('article', { class: 'card doc-text province-text' });
  article.innerHTML = p.html;  // server-rendered with cmark's safe mode (no raw HTML)
  return h('div', {},
    h('p', {}, h('a', { href: `/c/${slug}/province`, onclick: (e: Event) => { e.preventDefault(); navigate(`/c/${slug}/province`); } }, `‹ ${t('province')}`)),
    h('p', { class: 'org' }, p.category_label),
    h('h1', { class: 'province-title' }, p.title),
    article);
}
