// Announcements shown live on every screen of the delegate app, and the
// offline notice when the venue Wi-Fi drops.
import { h } from './dom';
import { t } from './i18n';
import { onLive } from './live';

const box = h('div', { class: 'notices', 'aria-live': 'assertive' });
let started = '';

interface Ann { id: number; text: string; important: boolean }

function toast(a: Ann): void {
  if (!box.isConnected) document.body.prepend(box);
  const close = h('button', { class: 'linkish', 'aria-label': t('close') }, '✕');
  const body = h('span', { class: 'notice-text' }, a.text);
  const el = h('div', { class: `notice ${a.important ? 'important' : ''}`, role: 'alert', 'data-id': String(a.id) },
    h('strong', {}, `${t('announcements')}: `), body, close);
  const important = a.important;
  close.addEventListener('click', () => el.remove());
  box.append(el);
  if (!important) setTimeout(() => el.remove(), 12000);
}

export function startNotices(slug: string): void {
  if (!box.isConnected) document.body.prepend(box);
  if (started === slug) return;
  started = slug;
  onLive('announcement', (a: Ann) => toast(a));
  // A withdrawn announcement disappears from every phone at once; a
  // corrected one shows its new text.
  const find = (id: number) => box.querySelector<HTMLElement>(`.notice[data-id="${id}"]`);
  onLive('announcement_withdrawn', (a: { id: number }) => find(a.id)?.remove());
  onLive('announcement_changed', (a: Ann) => {
    const el = find(a.id);
    if (!el) return;
    el.querySelector('.notice-text')!.textContent = a.text;
    el.classList.toggle('important', a.important);
  });
}

// "Đang ngoại tuyến" while the browser has no network.
const offline = h('div', { class: 'offline-bar', role: 'status', hidden: true }, '');
export function watchOnline(): void {
  if (!offline.isConnected) document.body.append(offline);
  const update = () => { offline.textContent = t('offlineReading'); offline.hidden = navigator.onLine; };
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  update();
}
