// The hall projector (/hall/SLUG): full screen, always follows the chair's
// presentation; shows announcements over whatever is presented: an ordinary
// one for 20 s, an important one until it is withdrawn (or made ordinary).
// No sign-in (what it shows is what the chair shows everyone); opened with a
// screen token (hall_screen.ts) it also shows a delegates-only document the
// chair presents, until the token is revoked.
import { api } from './api';
import { h, mount } from './dom';
import { t } from './i18n';
import { http } from './http';
import { hallText } from './strings/hall';
import { onLive, useLive } from './live';
import { renderViewer } from './viewer';
import { startHallPolls } from './hall_poll';
import { startHallSpeakers } from './hall_speakers';
import { openScreen, screenTag, stoppedScreen, watchScreen } from './hall_screen';

export async function renderHall(root: HTMLElement, slug: string): Promise<() => void> {
  const c = await api.congress(slug);
  const s = hallText();
  useLive(slug);
  const banner = h('div', { class: 'hall-banner' });
  const screen = await openScreen(banner);
  if (screen === 'revoked') { stoppedScreen(root); return () => {}; }
  const stage = h('div', { class: 'hall-stage' });
  const notice = h('div', { class: 'hall-notice', 'aria-live': 'assertive' });
  // Shown announcements by id: important ones stay, others time out.
  interface Ann { id: number; text: string; important: boolean }
  const timers = new Map<number, number>();
  const drop = (id: number) => {
    clearTimeout(timers.get(id));
    timers.delete(id);
    notice.querySelector(`[data-id="${id}"]`)?.remove();
  };
  const put = (a: Ann, fresh: boolean) => {
    let el = notice.querySelector<HTMLElement>(`[data-id="${a.id}"]`);
    if (!el) {
      if (!fresh && !a.important) return;  // an ordinary one is news only when it arrives
      el = h('p', { 'data-id': String(a.id) });
      notice.prepend(el);
    }
    el.textContent = a.text;
    el.classList.toggle('important', a.important);
    clearTimeout(timers.get(a.id));
    timers.delete(a.id);
    if (!a.important) timers.set(a.id, window.setTimeout(() => drop(a.id), 20000));
  };
  let shown = '';
  let cleanup: () => void = () => {};
  const idle = () => mount(stage, h('div', { class: 'hall-idle' }, h('p', { class: 'org' }, c.organization),
    h('h1', {}, `${c.name} ${c.ordinal}`), h('p', {}, `${t('term')} ${c.term}`)));
  // A document this screen may not open (delegates only, without a
  // screen sign-in) is said plainly instead of "loading" for ever.
  const restricted = (audience: string) => mount(stage, h('div', { class: 'hall-idle hall-restricted' },
    h('p', { class: 'org' }, c.organization),
    h('h1', {}, audience === 'roles' ? s.restrictedRoles : s.restrictedDelegates),
    h('p', {}, s.restrictedHint)));
  const show = async (p: { code: string; page: number; title: string; audience?: string }) => {
    if (!p.code) { shown = ''; cleanup(); idle(); return; }
    if (p.code !== shown) {
      shown = p.code;
      cleanup();
      cleanup = () => {};
      try {
        cleanup = await renderViewer(stage, p.code, { version: 0, q: '', page: p.page, prefetch: true, notes: false }, () => h('span', {}));
      } catch (err) {
        // Tried again at the next event (the visibility may have changed).
        shown = '';
        const status = (err as { status?: number }).status ?? 0;
        if ((p.audience && p.audience !== 'public') || status === 401 || status === 403) restricted(p.audience ?? 'delegates');
        else mount(stage, h('div', { class: 'hall-idle' }, h('h1', {}, s.cannotOpen)));
      }
    } else {
      window.dispatchEvent(new CustomEvent('ph-goto-page', { detail: p.page }));
    }
  };
  const pollLayer = h('div', { class: 'hall-poll-layer' });
  const speakerLayer = h('div', { class: 'hall-speaker-layer' });
  mount(root, h('main', { class: 'hall' }, banner, notice, pollLayer, speakerLayer, stage));
  if (screen) banner.append(screenTag(screen));
  const offPolls = startHallPolls(slug, pollLayer);
  const offSpeakers = startHallSpeakers(slug, speakerLayer);
  document.title = s.pageTitle(c.name);
  idle();
  const p = await http.get(`/api/v1/congresses/${slug}/presentation`).catch(() => null);
  if (p?.code) await show(p);
  const off1 = onLive('present', (x) => void show(x));
  // Important announcements made before the screen was switched on.
  const standing = await http.get<{ announcements: Ann[] }>(`/api/v1/congresses/${slug}/announcements`)
    .then((j) => j.announcements).catch(() => [] as Ann[]);
  for (const a of standing.filter((x) => x.important).reverse()) put(a, false);
  const offs = [
    onLive('announcement', (a: Ann) => put(a, true)),
    onLive('announcement_changed', (a: Ann) => put(a, false)),
    onLive('announcement_withdrawn', (a: { id: number }) => drop(a.id)),
  ];
  const stopAll = () => { off1(); offs.forEach((f) => f()); offPolls(); offSpeakers(); cleanup(); timers.forEach((t) => clearTimeout(t)); };
  let unwatch = () => {};
  if (screen) unwatch = watchScreen(screen, () => { stopAll(); stoppedScreen(root); });
  return () => { unwatch(); stopAll(); };
}
