// The tellers' tab on a delegate's phone ("Ban kiểm phiếu", design §3.7):
// shown only to the tellers of an election. For each closed or published
// ballot of their elections: the result preview (tellers see it before it
// is published), the paper entry set (one ballot per line: kept positions
// "1,2,4" or "invalid:marked"), the reconciliation of the sets, the minutes
// PDF and "Xác nhận biên bản" on its SHA-256.
import { errText, send as request } from './admin_api';
import { http } from './http';
import { tellersText } from './strings/voting';
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
  const s = tellersText();
  const base = `/api/v1/congresses/${encodeURIComponent(slug)}`;
  const fab = h('button', { class: 'tellers-fab', type: 'button', hidden: true, 'aria-haspopup': 'dialog' }, s.title);
  const panel = h('div', { class: 'speak-panel tellers-panel', role: 'dialog', 'aria-modal': 'true', hidden: true });
  const body = h('div', { class: 'tellers-body' });
  const msg = h('p', { class: 'speak-msg', role: 'alert' }, '');
  mount(panel, h('div', { class: 'speak-card' }, h('h2', {}, s.title), msg, body,
    h('button', { class: 'button speak-close', type: 'button', onclick: () => { panel.hidden = true; } }, s.close)));
  document.body.append(fab, panel);
  let mine: Election[] = [];
  const send = (url: string, data: unknown, method = 'POST') => request(method, url, data);
  const say = async (r: Awaited<ReturnType<typeof send>>, ok: string) => {
    msg.textContent = r.ok ? `✓ ${ok}` : `✗ ${errText(r)}`;
    return r.j;
  };
  const recView = (r: Rec) => h('div', { class: `tellers-rec ${r.complete ? 'ok' : 'warn'}` },
    h('p', {}, r.complete ? s.setsMatch(r) : `✗ ${r.problem}`),
    h('p', { class: 'small' }, Object.entries(r.sets).map(([k, v]) => s.setCount(k, v)).join(' · ')),
    ...(r.differences.length ? [h('ul', { class: 'list small' }, ...r.differences.map((d) => h('li', {}, `${d.pattern}: ${Object.entries(d.counts).map(([k, v]) => `${k}=${v}`).join(', ')}`)))] : []));
  const paperForm = (p: Poll) => {
    const set = h('select', { 'aria-label': s.entrySet, class: 'paper-set' }, ...['A', 'B', 'C'].map((x) => h('option', { value: x }, s.set(x)))) as HTMLSelectElement;
    const issued = h('input', { type: 'number', min: '0', placeholder: s.issued, 'aria-label': s.issued, class: 'paper-issued' }) as HTMLInputElement;
    const returned = h('input', { type: 'number', min: '0', placeholder: s.returned, 'aria-label': s.returned, class: 'paper-returned' }) as HTMLInputElement;
    const ballots = h('textarea', { rows: '6', class: 'paper-ballots', 'aria-label': s.ballots,
      placeholder: s.ballotsHint }) as HTMLTextAreaElement;
    const rec = h('div', {});
    void http.get<Rec>(`${base}/polls/${p.id}/paper`).then((r) => { if (r) mount(rec, recView(r)); }, () => {});
    return h('form', { class: 'tellers-paper', onsubmit: async (e: Event) => {
      e.preventDefault();
      const lines = ballots.value.split('\n').map((x) => x.trim()).filter(Boolean);
      const list = lines.map((l) => (l.startsWith('invalid:') ? { invalid: l.slice(8) } : { keep: l.split(/[,;\s]+/).filter(Boolean).map(Number) }));
      const data: Record<string, unknown> = { ballots: list };
      if (issued.value) data.issued = Number(issued.value);
      if (returned.value) data.returned = Number(returned.value);
      const r = await send(`${base}/polls/${p.id}/paper/${set.value}`, data, 'PUT');
      const j = await say(r, s.setSaved(set.value, list.length));
      if (r.ok) { mount(rec, recView(j)); void refresh(); }
    } }, h('p', { class: 'small' }, p.options.map((o) => `${o.position}. ${o.label}`).join(' · ')),
    set, issued, returned, ballots, h('button', { class: 'primary', type: 'submit' }, s.saveSet), rec);
  };
  const card = (p: Poll) => {
    const r = p.result;
    const names = (ps: number[]) => ps.map((x) => r.candidates[x - 1]?.full_name).join(', ');
    return h('article', { class: 'tellers-poll', 'data-poll': String(p.id) },
      h('h3', {}, p.title),
      h('p', { class: 'small' }, p.state === 'published' ? s.published : s.closedUnpublished),
      ...(p.mode === 'paper' && p.state === 'closed' ? [paperForm(p)] : []),
      ...(r && r.kind === 'election' ? [
        h('p', {}, s.resultLine(r)),
        h('ol', { class: 'list small' }, ...r.candidates.map((k: { full_name: string; votes: number }) => h('li', {}, `${k.full_name}: ${k.votes}`))),
        h('p', {}, h('strong', {}, s.elected), names(r.elected) || '—'),
        h('p', { class: 'small tellers-hash' }, s.tallyHash(p.tally_sha256 ?? '')),
        h('p', { class: 'actions' },
          h('a', { class: 'button', href: `${base}/polls/${p.id}/minutes.pdf`, target: '_blank' }, s.seeMinutes),
          ...(p.state === 'closed' ? [h('button', { class: 'primary tellers-sign', type: 'button', onclick: async () => {
            if (!confirm(s.confirmSign(p.title, p.tally_sha256 ?? ''))) return;
            await say(await send(`${base}/polls/${p.id}/signoff`, { sha256: p.tally_sha256 }), s.signed);
          } }, s.sign)] : []))] : []));
  };
  const refresh = async () => {
    const pr = await http.get<{ polls: Poll[] }>(`${base}/polls`).catch(() => null);
    if (!pr) return;
    const ids = new Set(mine.map((e) => e.id));
    const polls = pr.polls.filter((p) => p.election_id && ids.has(p.election_id) && (p.state === 'closed' || p.state === 'published'));
    mount(body, ...(polls.length ? polls.map(card) : [h('p', { class: 'muted' }, s.nothing)]));
  };
  const load = async () => {
    const r = await http.get<{ elections: Election[] }>(`${base}/elections`).catch(() => null);
    if (!r) return;
    mine = r.elections.filter((e) => e.you_are_teller);
    fab.hidden = mine.length === 0;
    if (!panel.hidden) void refresh();
  };
  fab.addEventListener('click', () => { panel.hidden = false; msg.textContent = ''; void refresh(); });
  void load();
  onLive('poll', () => void load());
}
