// The hall page's screen token (#17 item 8, decision 413). Opened from the
// link the secretariat made (/hall/SLUG#screen=TOKEN), the page trades the
// token for an HttpOnly cookie and drops it from the address bar. While the
// token holds, the hall can show the delegates-only document the chair
// presents; once revoked (live event, or the check every few seconds) the
// page stops and says so.
import { currentLang } from './i18n';
import { onLive } from './live';
import { h, mount } from './dom';
import { S } from './strings/hall_screen';
import { ApiError, errorText, http } from './http';

const s = () => S[currentLang()];

export interface ScreenState { id: number; label: string }

// Opens the token in the address (if any), then reports what this browser
// holds: a live screen, a revoked one (`revoked`), or none (null).
export async function openScreen(banner: HTMLElement): Promise<ScreenState | 'revoked' | null> {
  const m = /(?:^|[#&])screen=([0-9A-Za-z]+)/.exec(location.hash);
  if (m) {
    history.replaceState(null, '', location.pathname + location.search);
    try {
      await http.post('/api/v1/screens/open', { token: m[1] });
    } catch (err) {
      mount(banner, h('p', { class: 'err' }, `${s().badOpen}: ${errorText(err)}`));
    }
  }
  return check();
}

async function check(): Promise<ScreenState | 'revoked' | null> {
  try {
    const j = await http.get<{ id: number; label: string }>('/api/v1/screens/me', { cache: 'no-store' });
    return { id: j.id, label: j.label };
  } catch (err) {
    // Revoked or expired: 401. Network down: keep showing what is on screen.
    return err instanceof ApiError && err.status === 401 ? 'revoked' : null;
  }
}

// Watches a live screen token; calls `stop` once when it is revoked.
export function watchScreen(screen: ScreenState, stop: () => void): () => void {
  let done = false;
  const test = async () => {
    if (done) return;
    if ((await check()) === 'revoked' && !done) { done = true; stop(); }
  };
  const timer = window.setInterval(() => void test(), 4000);
  const off = onLive('screen_revoked', (x: { id: number }) => { if (x?.id === screen.id) void test(); });
  return () => { done = true; clearInterval(timer); off(); };
}

export function stoppedScreen(root: HTMLElement): void {
  mount(root, h('main', { class: 'hall' }, h('div', { class: 'hall-stage' },
    h('div', { class: 'hall-idle hall-revoked', role: 'alert' }, h('h1', {}, s().stopped), h('p', {}, s().revoked)))));
  document.title = s().stopped;
}

export function screenTag(screen: ScreenState): HTMLElement {
  return h('span', { class: 'hall-screen-tag' }, `${s().screen}: ${screen.label}`);
}
