// The hall projector (/hall/SLUG): full screen, always follows the chair's
// presentation; shows announcements. No sign-in (what it shows is what the
// chair shows everyone).
import { api } from './api';
import { h, mount } from './dom';
import { onLive, useLive } from './live';
import { renderViewer } from './viewer';
import { startHallPolls } from './hall_poll';
import { startHallSpeakers } from './hall_speakers';

export async function renderHall(root: HTMLElement, slug: string): Promise<() => void> {
  const c = await api.congress(slug);
  useLive(slug);
  const stage = h('div', { class: 'hall-stage' });
  const notice = h('div', { class: 'hall-notice', 'aria-live': 'assertive' });
  let shown = '';
  let cleanup: () => void = () => {};
  const idle = () => mount(stage, h('div', { class: 'hall-idle' }, h('p', { class: 'org' }, c.organization),
    h('h1', {}, `${c.name} ${c.ordinal}`), h('p', {}, `Nhiệm kỳ ${c.term}`)));
  const show = async (p: { code: string; page: number; title: string }) => {
    if (!p.code) { shown = ''; cleanup(); idle(); return; }
    if (p.code !== shown) {
      shown = p.code;
      cleanup();
      cleanup = await renderViewer(stage, p.code, { version: 0, q: '', page: p.page, prefetch: true, notes: false }, () => h('span', {}));
    } else {
      window.dispatchEvent(new CustomEvent('ph-goto-page', { detail: p.page }));
    }
  };
  const pollLayer = h('div', { class: 'hall-poll-layer' });
  const speakerLayer = h('div', { class: 'hall-speaker-layer' });
  mount(root, h('main', { class: 'hall' }, notice, pollLayer, speakerLayer, stage));
  const offPolls = startHallPolls(slug, pollLayer);
  const offSpeakers = startHallSpeakers(slug, speakerLayer);
  document.title = `Hội trường · ${c.name}`;
  idle();
  const p = await fetch(`/api/v1/congresses/${slug}/presentation`).then((r) => r.json()).catch(() => null);
  if (p?.code) await show(p);
  const off1 = onLive('present', (x) => void show(x));
  const off2 = onLive('announcement', (a: { text: string }) => {
    notice.textContent = a.text;
    setTimeout(() => { notice.textContent = ''; }, 20000);
  });
  return () => { off1(); off2(); offPolls(); offSpeakers(); cleanup(); };
}
