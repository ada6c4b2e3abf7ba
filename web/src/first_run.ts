// A fresh installation in the browser: the one-time set-up link creates the
// first admin; /console lists the congresses and creates a new one.
import { api, login, logout, me } from './api';
import { h, mount } from './dom';
import { loginForm } from './staff';
import { errText, send, viDate } from './admin_api';
import { http } from './http';
import { consoleText } from './strings/console';
import { staffText } from './strings/staff';

type Bar = (title: string) => HTMLElement;

export async function renderSetup(root: HTMLElement, token: string, bar: Bar): Promise<void> {
  const s = consoleText();
  const state = await http.get<{ needed: boolean }>('/api/v1/setup').catch(() => ({ needed: false }));
  if (!state.needed) {
    mount(root, bar(s.setup), h('main', { class: 'page' }, h('div', { class: 'card' },
      h('h1', {}, s.setupDone),
      h('p', {}, s.setupDoneText),
      h('a', { class: 'button primary', href: '/console' }, s.toConsole))));
    return;
  }
  const name = h('input', { name: 'username', autocomplete: 'username', 'aria-label': staffText().username, placeholder: s.usernameExample }) as HTMLInputElement;
  const pw = h('input', { type: 'password', autocomplete: 'new-password', 'aria-label': staffText().password, placeholder: s.passwordMin }) as HTMLInputElement;
  const pw2 = h('input', { type: 'password', autocomplete: 'new-password', 'aria-label': s.passwordAgain, placeholder: s.passwordAgain }) as HTMLInputElement;
  const msg = h('p', { class: 'err small', role: 'alert' }, '');
  const form = h('form', { class: 'card login', onsubmit: async (e: Event) => {
    e.preventDefault();
    if (pw.value !== pw2.value) { msg.textContent = s.passwordsDiffer; return; }
    const r = await send('POST', '/api/v1/setup', { token, name: name.value, password: pw.value });
    if (!r.ok) { msg.textContent = errText(r); return; }
    await login(name.value, pw.value);
    history.replaceState(null, '', '/console');
    await renderConsoleHome(root, bar);
  } }, h('h1', {}, s.firstAdmin),
  h('p', { class: 'muted small' }, s.firstAdminHint),
  name, pw, pw2, h('button', { class: 'primary', type: 'submit' }, s.createAccount), msg);
  mount(root, bar(s.setupTitle), h('main', { class: 'page' }, form));
  name.focus();
}

const statusLabel = (x: string): string =>
  ({ planned: consoleText().statusPlanned, ongoing: consoleText().statusOngoing, closed: consoleText().statusClosed } as Record<string, string>)[x] ?? x;

// /console without a congress: every congress, and a form for a new one.
export async function renderConsoleHome(root: HTMLElement, bar: Bar): Promise<void> {
  const who = await me();
  if (!who || (who.role !== 'admin' && who.role !== 'secretariat')) {
    loginForm(root, bar, () => void renderConsoleHome(root, bar), who ? staffText().noAdminRight(who.name, who.role) : '');
    return;
  }
  const s = consoleText();
  const list = await api.congresses();
  const slugify = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  const name = h('input', { 'aria-label': s.congressName, placeholder: s.congressNameExample }) as HTMLInputElement;
  const slug = h('input', { 'aria-label': s.shortAddress, placeholder: s.shortAddressHint }) as HTMLInputElement;
  let slugTouched = false;
  slug.addEventListener('input', () => { slugTouched = true; });
  name.addEventListener('input', () => { if (!slugTouched) slug.value = slugify(name.value); });
  const ordinal = h('input', { 'aria-label': s.ordinal, placeholder: s.ordinalExample }) as HTMLInputElement;
  const organization = h('input', { 'aria-label': s.organization, placeholder: s.organization }) as HTMLInputElement;
  const term = h('input', { 'aria-label': s.term, placeholder: s.termExample }) as HTMLInputElement;
  const start = h('input', { type: 'date', 'aria-label': s.opening, title: s.opening }) as HTMLInputElement;
  const end = h('input', { type: 'date', 'aria-label': s.closing, title: s.closing }) as HTMLInputElement;
  const venue = h('input', { 'aria-label': s.venue, placeholder: s.venue }) as HTMLInputElement;
  const msg = h('p', { class: 'err small', role: 'alert' }, '');
  const form = h('form', { class: 'card', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await send('POST', '/api/v1/congresses', { slug: slug.value, name: name.value, ordinal: ordinal.value,
      organization: organization.value, term: term.value, start_date: start.value, end_date: end.value, venue: venue.value });
    if (!r.ok) { msg.textContent = `✗ ${errText(r)}`; return; }
    location.href = `/console/${r.j.slug}`;
  } }, h('h2', {}, s.newCongress),
  h('div', { class: 'grid2' }, name, slug, ordinal, organization, term, start, end, venue),
  h('button', { class: 'button primary', type: 'submit' }, s.createCongress), msg);
  mount(root, bar(s.admin), h('main', { class: 'page console' },
    h('p', { class: 'org' }, who.name, ' · ', h('button', { class: 'linkish', onclick: async () => { await logout(); void renderConsoleHome(root, bar); } }, staffText().signOut)),
    h('h1', {}, s.congresses),
    list.length ? h('ul', { class: 'list' }, ...list.map((c) => h('li', {}, h('a', { class: 'card link', href: `/console/${c.slug}` },
      h('strong', {}, `${c.name} ${c.ordinal}`),
      h('span', { class: 'muted' }, [viDate(c.start_date), viDate(c.end_date)].filter(Boolean).join(' – '), ' · ', statusLabel(c.status))))))
      : h('p', { class: 'muted' }, s.noCongressYet),
    form));
  document.title = s.admin;
}
