// Announcements shown live on every screen of the delegate app, and the
// offline notice when the venue Wi-Fi drops.
import { h } from './dom';
import { t } from './i18n';
import { onLive } from './live';

const box = h('div', { class: 'notices', 'aria-live': 'assertive' });
let started = '';

function toast(text: string, important: boolean): void {
  if (!box.isConnected) document.body.prepend(box);
  const close = h('button', { class: 'linkish', 'aria-label': t('close') }, '✕');
  const el = h('div', { class: `notice ${important ? 'important' : ''}`, role: 'alert' },
    h('strong', {}, `${t('announcements')}: `), text, close);
  close.addEventListener('click', () => el.remove());
  box.append(el);
  if (!important) setTimeout(() => el.remove(), 12000);
}

export function startNotices(slug: string): void {
  if (!box.isConnected) document.body.prepend(box);
  if (started === slug) return;
  started = slug;
  onLive('announcement', (a: { text: string; important: boolean }) => toast(a.text, a.important));
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
