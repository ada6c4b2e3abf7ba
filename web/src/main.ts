import './style.css';
import { api, ApiError, badgeLogin, logout, me, type Me, type AgendaItem, type CongressOverview, type Doc, type Session } from './api';
import { h, mount } from './dom';
import { http, onSessionEnded } from './http';
import { loginForm } from './staff';
import { staffText } from './strings/staff';
import { currentLang, formatDate, formatDay, formatNumber, formatTime, setLang, t, type Key } from './i18n';
import { onLive, onLiveState, useLive, type LiveState } from './live';
import { startFollow, refreshFollowBar } from './follow';
import { startNotices, watchOnline } from './notices';
import { startBallots } from './ballot';
import { keepAll, offlineAvailable, registerServiceWorker, storedCount } from './offline';
import { startNoteSync } from './notes';
import { pagesApi, provinceList, provincePage } from './province';

const root = document.getElementById('app')!;
let stopLive: (() => void) | null = null;
// Who is signed in on this phone (undefined: not asked yet).
let signedIn: Me | null | undefined;

// --- text size (older officials) -------------------------------------------
const sizes = [16, 18, 20, 23];
function applyTextSize(i: number): void {
  const idx = Math.max(0, Math.min(sizes.length - 1, i));
  localStorage.setItem('textSize', String(idx));
  document.documentElement.style.fontSize = `${sizes[idx]}px`;
}
applyTextSize(Number(localStorage.getItem('textSize') ?? 1));
setLang(currentLang());
registerServiceWorker();
// The server ended this person's session (signed out elsewhere, disabled):
// the next page asks again who is here.
onSessionEnded(() => { signedIn = null; });
startNoteSync();
watchOnline();

// --- routing ----------------------------------------------------------------
function navigate(path: string): void {
  history.pushState(null, '', path);
  void render();
}
window.addEventListener('popstate', () => void render());

function topBar(title: string, live?: HTMLElement): HTMLElement {
  const sizeIdx = () => Number(localStorage.getItem('textSize') ?? 1);
  return h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: '/', onclick: (e: Event) => { e.preventDefault(); navigate('/'); } }, title),
    live ?? null,
    h('div', { class: 'tools' },
      h('button', { class: 'tool', 'aria-label': `${t('textSize')} −`, onclick: () => applyTextSize(sizeIdx() - 1) }, 'A−'),
      h('button', { class: 'tool', 'aria-label': `${t('textSize')} +`, onclick: () => applyTextSize(sizeIdx() + 1) }, 'A+'),
      h('button', {
        class: 'tool lang', onclick: () => { setLang(currentLang() === 'vi' ? 'en' : 'vi'); void render(); },
      }, t('language')),
    ));
}

function errorView(err: unknown): HTMLElement {
  const msg = err instanceof ApiError && err.code !== 'network' ? err.message : t('error');
  return h('main', { class: 'page' },
    h('div', { class: 'card error', role: 'alert' }, h('p', {}, msg),
      h('button', { class: 'primary', onclick: () => void render() }, t('retry'))));
}

// --- the route table: one entry per page -------------------------------------
// A page is its path pattern, the key of its title, its access and its view
// (a module loaded on first use). `staff` pages ask for a staff sign-in
// with one of `roles` before their module loads; `delegate` pages need a
// badge session; `public` pages are open to anyone with the link.
type Access = 'public' | 'delegate' | 'staff';
interface Route {
  pattern: RegExp; title: Key; access: Access; roles?: string[];
  signIn?: 'signInSecretariat' | 'signInChair' | 'signInKiosk' | 'signInAttendance';
  // Draws the page; may return what stops its live updates.
  view: (m: RegExpMatchArray, bar: (title: string) => HTMLElement) => Promise<void | (() => void)>;
}
const bar = (title: string) => topBar(title);
const routes: Route[] = [
  // The personal QR on a delegate's badge: sign in, then the badge's own
  // congress, named and with a sign-out.
  { pattern: /^\/t\/([0-9A-Za-z]{16,64})\/?$/, title: 'appName', access: 'public', view: async (m) => {
    signedIn = await badgeLogin(m[1]);
    history.replaceState(null, '', signedIn.congress ? `/c/${signedIn.congress}` : '/');
    return render();
  } },
  { pattern: /^\/kiosk\/([a-z0-9-]+)\/?$/, title: 'titleKiosk', access: 'staff', roles: ['admin', 'secretariat', 'checkin'], signIn: 'signInKiosk',
    view: async (m, b) => (await import('./kiosk')).renderKiosk(root, m[1], b) },
  { pattern: /^\/attendance\/([a-z0-9-]+)\/?$/, title: 'titleAttendance', access: 'staff', roles: ['admin', 'secretariat', 'chair', 'checkin'], signIn: 'signInAttendance',
    view: async (m, b) => (await import('./dashboard')).renderDashboard(root, m[1], b) },
  { pattern: /^\/chair\/([a-z0-9-]+)\/?$/, title: 'titleChair', access: 'staff', roles: ['admin', 'secretariat', 'chair'], signIn: 'signInChair',
    view: async (m, b) => (await import('./chair')).renderChair(root, m[1], b) },
  // The projector: no sign-in (it shows what the chair shows everyone).
  { pattern: /^\/hall\/([a-z0-9-]+)\/?$/, title: 'titleHall', access: 'public',
    view: async (m) => (await import('./hall')).renderHall(root, m[1]) },
  { pattern: /^\/c\/([a-z0-9-]+)\/p\/([a-z0-9-]+)\/?$/, title: 'province', access: 'public',
    view: (m) => renderProvincePage(m[1], m[2]) },
  { pattern: /^\/setup\/([0-9A-Za-z]{16,64})\/?$/, title: 'titleSetup', access: 'public',
    view: async (m, b) => (await import('./first_run')).renderSetup(root, m[1], b) },
  { pattern: /^\/console\/?$/, title: 'titleConsole', access: 'staff', roles: ['admin', 'secretariat'],
    view: async (_m, b) => (await import('./first_run')).renderConsoleHome(root, b) },
  { pattern: /^\/console\/([a-z0-9-]+)\/?$/, title: 'titleConsole', access: 'staff', roles: ['admin', 'secretariat'],
    view: async (m, b) => (await import('./console')).renderConsole(root, m[1], b) },
  { pattern: /^\/d\/([0-9A-Za-z]{4,32})\/?$/, title: 'documents', access: 'public', view: (m) => renderDocument(m[1]) },
  { pattern: /^\/c\/([a-z0-9-]+)\/?(programme|documents|delegations|about|search|province)?$/, title: 'appName', access: 'public',
    view: (m) => renderCongress(m[1], (m[2] as Tab) ?? 'programme') },
  { pattern: /^/, title: 'appName', access: 'public', view: () => renderList() },
];

async function render(): Promise<void> {
  stopLive?.();
  stopLive = null;
  const path = location.pathname;
  for (const route of routes) {
    const m = path.match(route.pattern);
    if (!m) continue;
    try {
      document.title = t(route.title);
      if (route.access !== 'public') {
        const who = await me();
        const allowed = route.access === 'delegate' ? Boolean(who?.delegate) : Boolean(who && route.roles?.includes(who.role));
        if (!allowed) {
          const s = staffText();
          loginForm(root, bar, () => void render(), who ? s.noRight(who.name, who.role) : '', s[route.signIn ?? 'signInSecretariat']);
          return;
        }
      }
      const stop = await route.view(m, bar);
      if (stop) stopLive = stop;
    } catch (err) {
      mount(root, topBar(t('appName')), errorView(err));
    }
    return;
  }
}

// A document by its QR code, and the congress it belongs to: follow the
// chair, hear announcements.
async function renderDocument(code: string): Promise<() => void> {
  const q = new URLSearchParams(location.search);
  const { renderViewer } = await import('./viewer');
  const stop = await renderViewer(root, code, {
    version: Number(q.get('version') ?? 0) || 0, q: q.get('q') ?? '', page: Number(q.get('page') ?? 1) || 1,
  }, (title) => topBar(title));
  const slug = await api.document(code).then((x) => (x as { congress?: string }).congress ?? '').catch(() => '');
  if (slug) { useLive(slug); startFollow(slug, navigate); startNotices(slug); startBallots(slug); }
  refreshFollowBar(navigate);
  return stop;
}

async function renderList(): Promise<void> {
  const list = await api.congresses();
  const needsSetup = list.length === 0
    ? await http.get<{ needed: boolean }>('/api/v1/setup').then((j) => Boolean(j.needed)).catch(() => false) : false;
  if (list.length === 1 && location.pathname === '/') {
    history.replaceState(null, '', `/c/${list[0].slug}`);
    return renderCongress(list[0].slug, 'programme');
  }
  mount(root, topBar(t('appName')), h('main', { class: 'page' },
    h('h1', {}, t('chooseCongress')),
    list.length === 0 ? h('div', {}, h('p', {}, t('noCongress')),
      h('p', { class: 'muted small' }, h('a', { href: '/console' }, t('secretariatLink'))),
      needsSetup ? h('p', { class: 'muted small' }, t('needsSetup')) : '')
    : h('ul', { class: 'list' },
      ...list.map((c) => h('li', {},
        h('a', { class: 'card link', href: `/c/${c.slug}`, onclick: (e: Event) => { e.preventDefault(); navigate(`/c/${c.slug}`); } },
          h('strong', {}, `${c.name} ${c.ordinal}`),
          h('span', { class: 'muted' }, `${t('term')} ${c.term}`)))))));
}

type Tab = 'programme' | 'documents' | 'delegations' | 'about' | 'search' | 'province';

function statusLabel(s: CongressOverview['status']): string {
  const k: Record<string, Key> = { planned: 'statusPlanned', ongoing: 'statusOngoing', closed: 'statusClosed' };
  return t(k[s]);
}


// The agenda item in progress: today's session, last item already started.
function currentItem(sessions: Session[], now = new Date()): AgendaItem | null {
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  const hhmm = `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
  let found: AgendaItem | null = null;
  for (const s of sessions) {
    if (s.date !== today || (s.ends_at && hhmm >= s.ends_at) || (s.starts_at && hhmm < s.starts_at)) continue;
    for (const a of s.agenda) if (a.starts_at && a.starts_at <= hhmm) found = a;
  }
  return found;
}

async function renderCongress(slug: string, tab: Tab): Promise<void> {
  const c = await api.congress(slug);
  const liveBadge = h('span', { class: 'live', role: 'status' }, '');
  const setLive = (s: LiveState) => {
    liveBadge.className = `live ${s}`;
    liveBadge.textContent = s === 'offline' ? t('offline') : s === 'open' ? `● ${t('live')}` : '…';
  };
  useLive(slug);
  startFollow(slug, navigate);
  startNotices(slug);
  startBallots(slug);
  const offs = [onLiveState(setLive),
    ...['programme_changed', 'congress_changed', 'delegates_changed', 'documents_changed', 'document_version', 'pages_changed', 'announcement', 'announcement_changed', 'announcement_withdrawn'].map((ev) => onLive(ev, () => void render()))];
  stopLive = () => offs.forEach((f) => f());

  const tabs: [Tab, Key][] = [['programme', 'programme'], ['documents', 'documents'], ['province', 'province'], ['delegations', 'delegations'], ['about', 'about']];
  const nav = h('nav', { class: 'tabs', 'aria-label': t('appName') },
    ...tabs.map(([id, key]) => h('a', {
      href: `/c/${slug}/${id}`, class: id === tab ? 'tab active' : 'tab',
      'aria-current': id === tab ? 'page' : false,
      onclick: (e: Event) => { e.preventDefault(); navigate(`/c/${slug}/${id}`); },
    }, t(key))));

  if (signedIn === undefined) signedIn = await me().catch(() => null);
  const who = signedIn ? h('p', { class: 'who small' }, `${t('signedInAs')} `, h('strong', {}, signedIn.name), ' · ',
    h('button', { class: 'linkish', onclick: async () => { await logout(); signedIn = null; void render(); } }, t('signOut'))) : '';
  const hero = h('section', { class: 'hero' },
    who,
    h('p', { class: 'org' }, c.organization),
    h('h1', {}, `${c.name} ${c.ordinal}`),
    h('p', { class: 'meta' }, `${t('term')} ${c.term}`, ' · ', h('span', { class: `status ${c.status}` }, statusLabel(c.status))),
    h('p', { class: 'stats' }, `${c.delegates.total} ${t('delegatesTotal')} · ${c.delegates.official} ${t('official')} · ${c.delegations.length} ${t('delegations').toLowerCase()}`));

  // Search box on every tab; results replace the tab's content as you type.
  const searchInput = h('input', {
    type: 'search', class: 'search-input', placeholder: t('searchPlaceholder'), 'aria-label': t('search'),
    value: tab === 'search' ? new URLSearchParams(location.search).get('q') ?? '' : '',
  }) as HTMLInputElement;
  const searchBox = h('form', { class: 'search', role: 'search', onsubmit: (e: Event) => e.preventDefault() }, searchInput);
  const resultsBox = h('div', { class: 'search-results' });
  let searchTimer = 0;
  let searchSeq = 0;
  // The request of the previous keystroke pause: cancelled when the person
  // types on, so the server never works on a query nobody will read.
  let inFlight: AbortController | null = null;
  const runSearch = async () => {
    const q = searchInput.value.trim();
    const seq = ++searchSeq;
    inFlight?.abort();
    inFlight = null;
    history.replaceState(null, '', q ? `/c/${slug}/search?q=${encodeURIComponent(q)}` : `/c/${slug}/${tab === 'search' ? 'programme' : tab}`);
    if (!q) { resultsBox.replaceChildren(); tabBody.hidden = false; return; }
    const ctl = new AbortController();
    inFlight = ctl;
    let r: Awaited<ReturnType<typeof api.search>>;
    try {
      r = await api.search(slug, q, ctl.signal);
    } catch (e) {
      if (ctl.signal.aborted) return;  // typed past: a newer search runs
      throw e;
    } finally {
      if (inFlight === ctl) inFlight = null;
    }
    if (seq !== searchSeq) return;  // a newer keystroke won
    tabBody.hidden = true;
    const hit = (x: typeof r.results[number]) => {
      const snippet = h('p', { class: 'snippet' });
      snippet.innerHTML = x.snippet;  // server-escaped text with <mark> only
      return h('li', {}, h('a', { class: 'hit-link', href: x.url, onclick: (e: Event) => { e.preventDefault(); navigate(x.url); } },
        h('span', { class: 'doc-title' }, x.title),
        h('span', { class: 'muted small' }, `${x.category_label} · ${t('page')} ${x.page}`), snippet));
    };
    const strong = r.results.filter((x) => x.strong), weak = r.results.filter((x) => !x.strong);
    const pageHits = (r as { pages?: { title: string; url: string; snippet: string }[] }).pages ?? [];
    resultsBox.replaceChildren(
      strong.length ? h('ul', { class: 'card list hits' }, ...strong.map(hit)) : h('p', { class: 'card' }, t('noResults')),
      pageHits.length ? h('h2', { class: 'weak-title' }, t('pagesResults')) : '',
      pageHits.length ? h('ul', { class: 'card list hits pages' }, ...pageHits.map((x) => h('li', {},
        h('a', { class: 'hit-link', href: x.url, onclick: (e: Event) => { e.preventDefault(); navigate(x.url); } },
          h('span', { class: 'doc-title' }, x.title), h('span', { class: 'muted small' }, x.snippet))))) : '',
      weak.length ? h('h2', { class: 'weak-title' }, t('weakResults')) : '',
      weak.length ? h('ul', { class: 'card list hits weak' }, ...weak.map(hit)) : '');
  };
  // Debounce: search after a 250 ms pause in typing; typing again cancels
  // the pending timer and the request already sent.
  searchInput.addEventListener('input', () => {
    clearTimeout(searchTimer);
    inFlight?.abort();
    searchTimer = window.setTimeout(() => void runSearch(), 250);
  });

  let body: HTMLElement;
  if (tab === 'province') {
    body = provinceList(slug, await pagesApi.list(slug), navigate);
  } else if (tab === 'programme' || tab === 'search') {
    const cur = currentItem(c.sessions);
    const news = await http.get<{ announcements: { id: number; text: string; important: boolean; created_at: number }[] }>(`/api/v1/congresses/${slug}/announcements`)
      .then((j) => j.announcements).catch(() => []);
    const newsCard = news.length ? h('section', { class: 'card announcements' }, h('h2', {}, t('announcements')),
      h('ul', { class: 'list' }, ...news.slice(0, 3).map((a) => h('li', { class: a.important ? 'important' : '' },
        h('span', { class: 'muted small' }, formatTime(a.created_at)), ' ', a.text)))) : null;
    body = h('div', { class: 'sessions' }, newsCard ?? '', ...c.sessions.map((s) => h('section', { class: 'card session' },
      h('h2', {}, s.name),
      h('p', { class: 'muted' }, `${formatDay(s.date)} · ${s.starts_at}–${s.ends_at}`),
      h('ol', { class: 'agenda' }, ...s.agenda.map((a) => h('li', { class: cur?.id === a.id ? 'item now' : 'item' },
        h('span', { class: 'time' }, a.starts_at),
        h('div', { class: 'what' },
          h('span', { class: 'title' }, a.title),
          cur?.id === a.id ? h('span', { class: 'badge' }, t('now')) : null,
          a.presenter ? h('span', { class: 'muted small' }, a.presenter) : null,
          a.description ? h('p', { class: 'desc' }, a.description) : null)))))));
  } else if (tab === 'documents') {
    const docs = await api.documents(slug);
    const byItem = new Map<number, Doc[]>();
    for (const d of docs) {
      const k = d.agenda_item_id ?? 0;
      if (!byItem.has(k)) byItem.set(k, []);
      byItem.get(k)!.push(d);
    }
    const docLink = (d: Doc) => h('li', {}, h('a', { class: 'doc-link', href: `/d/${d.code}`, onclick: (e: Event) => { e.preventDefault(); navigate(`/d/${d.code}`); } },
      h('span', { class: 'doc-title' }, d.title),
      h('span', { class: 'muted small' }, [d.category_label, d.number, `${d.current.page_count} ${t('pages')}`].filter(Boolean).join(' · '))));
    const groups: HTMLElement[] = [];
    for (const s of c.sessions) for (const a of s.agenda) {
      const list = byItem.get(a.id);
      if (list?.length) groups.push(h('section', { class: 'card' }, h('h2', {}, `${a.starts_at} · ${a.title}`),
        h('p', { class: 'muted small' }, s.name), h('ul', { class: 'list docs' }, ...list.map(docLink))));
    }
    const rest = byItem.get(0) ?? [];
    if (rest.length) groups.push(h('section', { class: 'card' }, h('h2', {}, t('otherDocuments')), h('ul', { class: 'list docs' }, ...rest.map(docLink))));
    const keepMsg = h('span', { class: 'muted small', 'aria-live': 'polite' }, '');
    const keepBtn = h('button', { class: 'button', disabled: !offlineAvailable() }, `⬇ ${t('downloadAll')}`) as HTMLButtonElement;
    if (offlineAvailable()) void storedCount(docs).then((n) => { if (n) keepMsg.textContent = `${t('downloadedN')} ${n}/${docs.length}`; });
    else keepMsg.textContent = t('offlineNeedsHttps');
    keepBtn.addEventListener('click', async () => {
      keepBtn.disabled = true;
      const n = await keepAll(docs, (done, total) => { keepMsg.textContent = `${done}/${total}…`; });
      keepMsg.textContent = `✓ ${t('downloadedN')} ${n}/${docs.length}`;
      keepBtn.disabled = false;
    });
    const keepCard = h('section', { class: 'card keep' }, h('p', { class: 'small' }, t('downloadAllHint')), h('div', { class: 'actions' }, keepBtn, keepMsg));
    body = h('div', {}, keepCard, ...(groups.length ? groups : [h('p', { class: 'card' }, t('noDocuments'))]));
  } else if (tab === 'delegations') {
    body = h('ul', { class: 'card list delegations' }, ...c.delegations.map((d) => h('li', {},
      h('span', {}, d.name), h('span', { class: 'count' }, String(d.delegates)))));
  } else {
    const saved = await api.savings(slug).catch(() => null);
    const fmt = (x: number) => formatNumber(x);
    body = h('div', {}, saved && saved.documents ? h('section', { class: 'card savings' },
      h('h2', {}, t('paperSaved')),
      h('p', { class: 'big' }, `${fmt(saved.sheets)} ${t('sheets')}`),
      h('p', {}, `${fmt(saved.pages_printed)} ${t('pages')} · ${formatNumber(saved.reams)} ${t('reams')} · ${fmt(saved.money_vnd)} ${t('dong')} ${t('money')}`),
      h('p', { class: 'muted small' }, `${saved.documents} ${t('documents').toLowerCase()} × ${saved.copies} ${t('copiesDuplex')} ${fmt(saved.cost_per_page_vnd)} ${t('perPage')}`)) : '',
      h('section', { class: 'card' },
      h('dl', { class: 'facts' },
        h('dt', {}, t('term')), h('dd', {}, c.term),
        h('dt', {}, t('venue')), h('dd', {}, c.venue),
        h('dt', {}, t('dates')), h('dd', {}, `${formatDate(c.start_date)} – ${formatDate(c.end_date)}`))));
  }
  const tabBody = h('div', {}, body);
  // The tab strip scrolls sideways on a phone: a cue says there is more.
  const cue = h('span', { class: 'tabs-cue', 'aria-hidden': 'true' }, '›');
  const updateCue = () => { cue.hidden = nav.scrollLeft + nav.clientWidth >= nav.scrollWidth - 4; };
  nav.addEventListener('scroll', updateCue, { passive: true });
  mount(root, topBar(t('appName'), liveBadge), h('main', { class: 'page' }, hero, searchBox, resultsBox,
    h('div', { class: 'tabs-wrap' }, nav, cue), tabBody));
  nav.querySelector<HTMLElement>('.tab.active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  updateCue();
  if (tab === 'search') void runSearch();
  document.title = `${c.name} ${c.ordinal}`;
}

void render();

async function renderProvincePage(slug: string, page: string): Promise<void> {
  const p = await pagesApi.get(slug, page);
  useLive(slug);
  startFollow(slug, navigate);
  startNotices(slug);
  startBallots(slug);
  document.title = p.title;
  mount(root, topBar(t('appName')), h('main', { class: 'page' }, provincePage(slug, p, navigate)));
}

