// A delegate's private note on a document, kept on the server (autosaved).
import { csrfHeaders, me } from './api';
import { h } from './dom';
import { t } from './i18n';

export async function noteCard(code: string): Promise<HTMLElement> {
  const who = await me().catch(() => null);
  if (!who) return h('section', { class: 'card note-card muted small' }, t('signInForNotes'));
  const r = await fetch(`/api/v1/documents/${encodeURIComponent(code)}/note`, { credentials: 'same-origin' });
  const j = r.ok ? await r.json() : { text: '' };
  const area = h('textarea', { class: 'note-text', rows: '4', placeholder: t('notePlaceholder'), 'aria-label': t('myNote') }) as HTMLTextAreaElement;
  area.value = j.text ?? '';
  const state = h('span', { class: 'muted small', 'aria-live': 'polite' }, '');
  let timer = 0;
  area.addEventListener('input', () => {
    state.textContent = t('saving');
    clearTimeout(timer);
    timer = window.setTimeout(async () => {
      const res = await fetch(`/api/v1/documents/${encodeURIComponent(code)}/note`, {
        method: 'PUT', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', ...csrfHeaders() },
        body: JSON.stringify({ text: area.value }),
      }).catch(() => null);
      state.textContent = res?.ok ? `✓ ${t('saved')}` : '✗';
    }, 700);
  });
  return h('details', { class: 'card note-card', open: !!j.text }, h('summary', {}, `📝 ${t('myNote')}`), area, state);
}
