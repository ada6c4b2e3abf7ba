// The tellers' tab on a delegate's phone ("Ban kiểm phiếu", design §3.7):
// shown only to the tellers of an election. For each closed or published
// ballot of their elections: the result preview (tellers see it before it
// is published), the paper entry set (one ballot per line: kept positions
// "1,2,4" or "invalid:marked"), the reconciliation of the sets, the minutes
// PDF and "Xác nhận biên bản" on its SHA-256.
import { csrfHeaders } from './api';
import { h, mount } from './dom';
import { onLive } from './live';

interface Election { id: number; title: string; you_are_teller?: boolean; you_are_head_teller?: boolean }
interface Poll {
  id: number; kind: string; mode: string; title: string; state: string; election_id: number | null;
  options: { position: number; label: string }[]; result: any; tally_sha256?: string;
}
interface Rec { complete: boolean; returned: number; sets: Record<string, number>; differences: { pattern: string; counts: Record<string, number> }[]; problem: string }

let started = '';

export function startTellers(slug: string): void {
  if (started === slug) return;
  started = slug;
  const base = `/api/v1/congresses/${encodeURIComponent(slug)}`;
  const fab = h('button', { class: 'tellers-fab', type: 'button', hidden: true, 'aria-haspopup': 'dialog' }, 'Ban kiểm phiếu');
  const panel = h('div', { class: 'speak-panel tellers-panel', role: 'dialog', 'aria-modal': 'true', hidden: true });
  const body = h('div', { class: 'tellers-body' });
  const msg = h('p', { class: 'speak-msg', role: 'alert' }, '');
  mount(panel, h('div', { class: 'speak-card' }, h('h2', {}, 'Ban kiểm phiếu'), msg, body,
    h('button', { class: 'button speak-close', type: 'button', onclick: () => { panel.hidden = true; } }, 'Đóng')));
  document.body.append(fab, panel);
  let mine: Election[] = [];
  const send = (url: string, data: unknown, method = 'POST') => fetch(url, { method, credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', ...csrfHeaders() }, body: JSON.stringify(data) });
  const say = async (r: Response, ok: string) => {
    const j = await r.json().catch(() => null);
    msg.textContent = r.ok ? `✓ ${ok}` : `✗ ${j?.error?.message ?? r.status}`;
    return j;
  };
  const recView = (r: Rec) => h('div', { class: `tellers-rec ${r.complete ? 'ok' : 'warn'}` },
    h('p', {}, r.complete ? `✓ Các bộ nhập khớp nhau (${r.returned} phiếu)` : `✗ ${r.problem}`),
    h('p', { class: 'small' }, Object.entries(r.sets).map(([k, v]) => `Bộ ${k}: ${v} phiếu`).join(' · ')),
    ...(r.differences.length ? [h('ul', { class: 'list small' }, ...r.differences.map((d) => h('li', {}, `${d.pattern}: ${Object.entries(d.counts).map(([k, v]) => `${k}=${v}`).join(', ')}`)))] : []));
  const paperForm = (p: Poll) => {
    const set = h('select', { 'aria-label': 'Bộ nhập', class: 'paper-set' }, ...['A', 'B', 'C'].map((x) => h('option', { value: x }, `Bộ ${x}`))) as HTMLSelectElement;
    const issued = h('input', { type: 'number', min: '0', placeholder: 'Số phiếu phát ra', 'aria-label': 'Số phiếu phát ra', class: 'paper-issued' }) as HTMLInputElement;
    const returned = h('input', { type: 'number', min: '0', placeholder: 'Số phiếu thu vào', 'aria-label': 'Số phiếu thu vào', class: 'paper-returned' }) as HTMLInputElement;
    const ballots = h('textarea', { rows: '6', class: 'paper-ballots', 'aria-label': 'Các phiếu',
      placeholder: 'Mỗi dòng một phiếu: vị trí giữ lại (1,2,4) hoặc invalid:marked / invalid:added_name / invalid:not_issued' }) as HTMLTextAreaElement;
    const rec = h('div', {});
    void fetch(`${base}/polls/${p.id}/paper`, { credentials: 'same-origin' }).then((r) => (r.ok ? r.json() : null)).then((r) => { if (r) mount(rec, recView(r)); });
    return h('form', { class: 'tellers-paper', onsubmit: async (e: Event) => {
      e.preventDefault();
      const lines = ballots.value.split('\n').map((x) => x.trim()).filter(Boolean);
      const list = lines.map((l) => (l.startsWith('invalid:') ? { invalid: l.slice(8) } : { keep: l.split(/[,;\s]+/).filter(Boolean).map(Number) }));
      const data: Record<string, unknown> = { ballots: list };
      if (issued.value) data.issued = Number(issued.value);
      if (returned.value) data.returned = Number(returned.value);
      const r = await send(`${base}/polls/${p.id}/paper/${set.value}`, data, 'PUT');
      const j = await say(r, `đã lưu bộ ${set.value}: ${list.length} phiếu`);
      if (r.ok) { mount(rec, recView(j)); void refresh(); }
    } }, h('p', { class: 'small' }, p.options.map((o) => `${o.position}. ${o.label}`).join(' · ')),
    set, issued, returned, ballots, h('button', { class: 'primary', type: 'submit' }, 'Lưu bộ phiếu'), rec);
  };
  const card = (p: Poll) => {
    const r = p.result;
    const names = (ps: number[]) => ps.map((x) => r.candidates[x - 1]?.full_name).join(', ');
    return h('article', { class: 'tellers-poll', 'data-poll': String(p.id) },
      h('h3', {}, p.title),
      h('p', { class: 'small' }, p.state === 'published' ? 'Đã công bố' : 'Đã đóng — chưa công bố'),
      ...(p.mode === 'paper' && p.state === 'closed' ? [paperForm(p)] : []),
      ...(r && r.kind === 'election' ? [
        h('p', {}, `Phát ra ${r.issued}, thu vào ${r.returned}, hợp lệ ${r.valid}, không hợp lệ ${r.invalid}; trúng cử cần ≥ ${r.threshold_votes} phiếu.`),
        h('ol', { class: 'list small' }, ...r.candidates.map((k: { full_name: string; votes: number }) => h('li', {}, `${k.full_name}: ${k.votes}`))),
        h('p', {}, h('strong', {}, 'Trúng cử: '), names(r.elected) || '—'),
        h('p', { class: 'small tellers-hash' }, `SHA-256 bảng kê: ${p.tally_sha256 ?? ''}`),
        h('p', { class: 'actions' },
          h('a', { class: 'button', href: `${base}/polls/${p.id}/minutes.pdf`, target: '_blank' }, 'Xem biên bản'),
          ...(p.state === 'closed' ? [h('button', { class: 'primary tellers-sign', type: 'button', onclick: async () => {
            if (!confirm(`Xác nhận biên bản kiểm phiếu "${p.title}"?\nSHA-256: ${p.tally_sha256}`)) return;
            await say(await send(`${base}/polls/${p.id}/signoff`, { sha256: p.tally_sha256 }), 'đã xác nhận biên bản');
          } }, 'Xác nhận biên bản')] : []))] : []));
  };
  const refresh = async () => {
    const pr = await fetch(`${base}/polls`, { credentials: 'same-origin' });
    if (!pr.ok) return;
    const ids = new Set(mine.map((e) => e.id));
    const polls = ((await pr.json()).polls as Poll[]).filter((p) => p.election_id && ids.has(p.election_id) && (p.state === 'closed' || p.state === 'published'));
    mount(body, ...(polls.length ? polls.map(card) : [h('p', { class: 'muted' }, 'Chưa có phiếu bầu nào cần kiểm.')]));
  };
  const load = async () => {
    const r = await fetch(`${base}/elections`, { credentials: 'same-origin' });
    if (!r.ok) return;
    mine = ((await r.json()).elections as Election[]).filter((e) => e.you_are_teller);
    fab.hidden = mine.length === 0;
    if (!panel.hidden) void refresh();
  };
  fab.addEventListener('click', () => { panel.hidden = false; msg.textContent = ''; void refresh(); });
  void load();
  onLive('poll', () => void load());
}
