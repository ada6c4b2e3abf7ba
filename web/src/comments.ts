// Comments on drafts in the viewer (#17 item 14, decision 414): a delegate
// signed in with the badge sends a comment on the page in view and, if
// they like, the passage they selected — alone or for their delegation —
// and sees their own (and their delegation's) with the drafting team's
// "handled" mark.
import { me, type Doc } from './api';
import { currentLang, formatDateTime } from './i18n';
import { h, mount } from './dom';
import { icon } from './icons';
import { S } from './strings/comments';
import { ApiError, errorText, http } from './http';
import { onLive } from './live';

const s = () => S[currentLang()];

export const COMMENT_CATEGORIES = ['van-kien', 'bao-cao', 'du-thao-nghi-quyet'];

interface Comment { id: number; version: number; page: number; quote: string; text: string; author: string; group: string; created_at: string; handled: boolean; withdrawable?: boolean }

export async function commentCard(doc: Doc, version: number, pages: number, pageInView: () => number): Promise<HTMLElement | null> {
  if (!COMMENT_CATEGORIES.includes(doc.category)) return null;
  const who = await me().catch(() => null);
  if (!who?.delegate) return null;
  const url = `/api/v1/documents/${encodeURIComponent(doc.code)}/comments`;
  const page = h('input', { type: 'number', min: '1', max: String(Math.max(1, pages)), value: String(pageInView()), 'aria-label': s().page, class: 'comment-page', style: 'width:5rem' }) as HTMLInputElement;
  const quote = h('textarea', { rows: '2', 'aria-label': s().quote, placeholder: s().quote, class: 'comment-quote', maxlength: '1000' }) as HTMLTextAreaElement;
  const text = h('textarea', { rows: '3', 'aria-label': s().text, placeholder: s().text, class: 'comment-text', maxlength: '4000' }) as HTMLTextAreaElement;
  const group = h('input', { type: 'checkbox', class: 'comment-group' }) as HTMLInputElement;
  // Only the delegation's group secretary sends for the delegation (decision 417).
  const groupText = h('span', {}, '');
  const groupLabel = h('label', { class: 'small comment-group-label', hidden: true }, group, groupText);
  const msg = h('p', { class: 'small', role: 'status' }, '');
  const list = h('ul', { class: 'list comment-list' });

  const refresh = async () => {
    const j = await http.get<{ comments?: Comment[]; delegation?: string; group_secretary?: boolean }>(url, { cache: 'no-store' }).catch(() => null);
    if (!j) return;
    groupLabel.hidden = !j.group_secretary;
    if (!j.group_secretary) group.checked = false;
    groupText.textContent = ` ${s().forGroupOf(j.delegation ?? '')}`;
    const items = j.comments ?? [];
    mount(list, ...(items.length ? items.map((c) => h('li', { 'data-comment': String(c.id) },
      h('p', { class: 'muted small' }, `${s().page} ${c.page} · ${s().version} ${c.version} · ${formatDateTime(c.created_at)} · ${c.group ? `${c.group} (${c.author})` : c.author} · `,
        h('span', { class: c.handled ? 'ok' : '' }, c.handled ? s().handled : s().pending)),
      c.quote ? h('blockquote', {}, c.quote) : '',
      h('p', {}, c.text),
      c.withdrawable ? h('button', { class: 'linkish small comment-withdraw', onclick: () => void withdraw(c.id) }, s().withdraw) : '')) :
      [h('li', { class: 'muted small' }, s().none)]));
  };

  const withdraw = async (id: number) => {
    if (!confirm(s().confirmWithdraw)) return;
    try {
      await http.del(`${url}/${id}`);
      msg.textContent = `✓ ${s().withdrawn}`;
      msg.className = 'ok small';
    } catch (err) {
      msg.textContent = `✗ ${errorText(err)}`;
      msg.className = 'err small';
    }
    void refresh();
  };

  const submit = async () => {
    try {
      await http.post(url, { version, page: Number(page.value) || 0, quote: quote.value, text: text.value, for_group: group.checked });
    } catch (err) {
      const offline = !(err instanceof ApiError) || err.code === 'network';
      msg.textContent = `✗ ${offline ? s().offline : errorText(err)}`;
      msg.className = 'err small';
      return;
    }
    msg.textContent = `✓ ${s().sent}`;
    msg.className = 'ok small';
    quote.value = '';
    text.value = '';
    void refresh();
  };

  const card = h('details', { class: 'card comment-card' }, h('summary', {}, icon('comment'), s().title),
    h('p', { class: 'muted small' }, s().help),
    h('label', { class: 'small' }, `${s().page} `, page),
    quote,
    h('button', { class: 'linkish small', onclick: () => {
      const sel = window.getSelection()?.toString().trim() ?? '';
      if (sel) quote.value = sel.slice(0, 1000);
      page.value = String(pageInView());
    } }, s().takeSelection),
    text,
    groupLabel,
    h('div', { class: 'actions' }, h('button', { class: 'button primary', onclick: () => void submit() }, s().send)),
    msg,
    h('h3', {}, s().mine), list);
  card.addEventListener('toggle', () => { if ((card as HTMLDetailsElement).open) page.value = String(pageInView()); });
  void refresh();
  // The drafting team's "handled" mark shows without a reload. The listener
  // goes with the card (the viewer rebuilds it per document).
  const off = onLive('comments_changed', () => { if (card.isConnected) void refresh(); else off(); });
  return card;
}
