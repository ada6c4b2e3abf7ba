// Following the chair: when the chair presents a document ("trình chiếu cho
// tất cả"), every app that follows opens it at the chair's page within a
// second; a bar at the bottom lets the delegate step out and back in.
import { ApiError, http } from './http';
import { h, mount } from './dom';
import { icon } from './icons';
import { t } from './i18n';
import { onLive } from './live';

export interface Presentation { code: string; title: string; page: number; since: number; audience?: string }

// False when this phone may not open the presented document (a guest and a
// delegates-only draft): the bar says so instead of opening an error page.
let mayOpen = true;

let current: Presentation | null = null;
let started = '';
const bar = h('div', { class: 'follow-bar', role: 'status', hidden: true });

export function isFollowing(): boolean { return localStorage.getItem('follow') !== '0'; }
function setFollowing(on: boolean): void { localStorage.setItem('follow', on ? '1' : '0'); }

async function canOpen(p: Presentation): Promise<boolean> {
  if (!p.code || !p.audience || p.audience === 'public') return true;
  // Refused: this phone may not open it; no answer: assume it can (offline copy).
  return http.get(`/api/v1/documents/${encodeURIComponent(p.code)}`)
    .then(() => true, (err) => !(err instanceof ApiError) || err.code === 'network');
}

function onDoc(code: string): boolean { return location.pathname === `/d/${code}`; }

function drawBar(navigate: (path: string) => void): void {
  const p = current;
  if (!p || !p.code) { bar.hidden = true; return; }
  bar.hidden = false;
  if (!mayOpen) {
    mount(bar, h('span', { class: 'follow-text' }, icon('screen'), t('presentingRestricted')));
    return;
  }
  const following = isFollowing();
  mount(bar,
    h('span', { class: 'follow-text' }, icon('screen'), following && onDoc(p.code) ? t('following') : `${t('presenting')}: ${p.title}`),
    !onDoc(p.code) ? h('button', { class: 'button', onclick: () => navigate(`/d/${p.code}?page=${p.page}`) }, t('open')) : h('span', {}),
    h('button', { class: 'button', 'data-follow': following ? 'on' : 'off', onclick: () => {
      setFollowing(!following);
      if (!following) apply(navigate, true);
      drawBar(navigate);
    } }, following ? t('unfollow') : t('follow')));
}

function apply(navigate: (path: string) => void, jump: boolean): void {
  const p = current;
  if (!p || !p.code || !isFollowing() || !mayOpen) return;
  if (onDoc(p.code)) window.dispatchEvent(new CustomEvent('ph-goto-page', { detail: p.page }));
  else if (jump) navigate(`/d/${p.code}?page=${p.page}`);
}

// Starts following the congress's presentations (once per congress).
export function startFollow(slug: string, navigate: (path: string) => void): void {
  if (!bar.isConnected) document.body.append(bar);
  if (started === slug) { drawBar(navigate); return; }
  started = slug;
  onLive('present', async (p: Presentation) => {
    current = p;
    mayOpen = await canOpen(p);
    if (current !== p) return;  // a newer presentation arrived meanwhile
    apply(navigate, true);
    drawBar(navigate);
  });
  http.get(`/api/v1/congresses/${encodeURIComponent(slug)}/presentation`).then((p) => {
    if (p && p.code) { current = p; void canOpen(p).then((ok) => { mayOpen = ok; drawBar(navigate); }); }
  }).catch(() => {});
}

export function refreshFollowBar(navigate: (path: string) => void): void { drawBar(navigate); }
