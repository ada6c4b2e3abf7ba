// The chair's poll controls: templates, the quorum banner (both halves of
// R1), open / close / publish / cancel with confirmation, live progress
// (counts only) and, after close, the private preview of the result with
// the computed decision and the next step as buttons: a runoff for a tie
// (R7), the congress's decision and a further round for empty seats (R8).
import { csrfHeaders } from './api';
import { h, mount } from './dom';
import { onLive } from './live';
import { outcomeBlock, spansRounds } from './election_outcome';

interface Poll {
  id: number; title: string; kind: string; mode: string; state: string; session_id: number; attempt: number;
  result: any; tally_sha256?: string;
  round?: number; purpose?: string; seats?: number; election_id?: number | null; follows_id?: number | null;
  published_at?: string | null; minutes_code?: string | null;
}
interface Session { id: number; name: string }

const TEMPLATES = ['Thông qua chương trình Đại hội', 'Thông qua số lượng Ban Chấp hành', 'Thông qua danh sách bầu cử',
  'Bầu Ban kiểm phiếu', 'Thông qua Nghị quyết Đại hội'];
const STATE: Record<string, string> = { created: 'Chưa mở', open: 'Đang bỏ phiếu', closed: 'Đã đóng (chưa công bố)',
  published: 'Đã công bố', cancelled: 'Đã hủy' };
const MODE: Record<string, string> = { named: 'công khai', secret: 'phiếu kín', paper: 'giơ thẻ' };

async function post(url: string, body: unknown = {}): Promise<Response> {
  return fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', ...csrfHeaders() }, body: JSON.stringify(body) });
}

export function chairPolls(slug: string, sessions: Session[]): { el: HTMLElement; stop: () => void } {
  const api = `/api/v1/congresses/${encodeURIComponent(slug)}`;
  const el = h('section', { class: 'card chair-polls' });
  const banner = h('p', { class: 'quorum-banner', role: 'status' }, '');
  const list = h('div', {});
  const msg = h('p', { class: 'small', role: 'alert' }, '');
  const progress = new Map<number, HTMLElement>();
  const sessionSel = h('select', { 'aria-label': 'Phiên' }, ...sessions.map((s) => h('option', { value: String(s.id) }, s.name))) as HTMLSelectElement;
  const title = h('input', { list: 'poll-templates', placeholder: 'Nội dung biểu quyết', 'aria-label': 'Nội dung biểu quyết' }) as HTMLInputElement;
  const mode = h('select', { 'aria-label': 'Hình thức' }, h('option', { value: 'secret' }, 'Phiếu kín trên điện thoại'),
    h('option', { value: 'named' }, 'Công khai trên điện thoại'), h('option', { value: 'paper' }, 'Giơ thẻ (nhập tổng số)')) as HTMLSelectElement;
  const form = h('form', { class: 'actions', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await post(`${api}/polls`, { session_id: Number(sessionSel.value), kind: 'motion', mode: mode.value, title: title.value });
    const j = await r.json().catch(() => null);
    msg.textContent = r.ok ? '✓ đã tạo' : `✗ ${j?.error?.message ?? r.status}`;
    if (r.ok) { title.value = ''; void refresh(); }
  } }, sessionSel, title, h('datalist', { id: 'poll-templates' }, ...TEMPLATES.map((t) => h('option', { value: t }))), mode,
  h('button', { class: 'button', type: 'submit' }, 'Tạo biểu quyết'));

  const quorum = async () => {
    const r = await fetch(`${api}/attendance?session=${sessionSel.value}`, { credentials: 'same-origin' });
    if (!r.ok) return;
    const q = await r.json();
    banner.className = `quorum-banner ${q.quorum_met ? 'ok' : 'warn'}`;
    banner.textContent = `${q.quorum_met ? '✓ Đủ điều kiện biểu quyết' : '✗ ' + q.quorum_message} · Đại biểu chính thức ${q.official_present}/${q.official_expected} (cần ${q.quorum_needed}) · Đơn vị ${q.units_present}/${q.units_expected} (cần ${q.units_needed})`;
  };
  const act = async (p: Poll, action: string) => {
    let body: unknown = {};
    if (action === 'cancel') {
      const reason = prompt('Lý do hủy cuộc biểu quyết:');
      if (reason === null) return;
      body = { reason };
    } else if (action === 'tally') {
      const v = prompt('Số thẻ Tán thành, Không tán thành, Không biểu quyết (ví dụ: 120,5,3):');
      if (!v) return;
      const [yes, no, abstain] = v.split(/[,; ]+/).map(Number);
      body = { yes, no, abstain };
    } else if (!confirm(`${({ open: 'Mở', close: 'Đóng', publish: 'Công bố kết quả', restart: 'Tổ chức lại' } as Record<string, string>)[action]}: "${p.title}"?`)) return;
    const r = await post(`${api}/polls/${p.id}/${action}`, body);
    const j = await r.json().catch(() => null);
    msg.textContent = r.ok ? `✓ ${p.title}: ${STATE[j.state] ?? j.state}` : `✗ ${j?.error?.message ?? r.status}`;
    void refresh();
  };
  // R7: a runoff among the tied names, for the seats at stake.
  const runoff = async (p: Poll) => {
    if (!confirm(`Tạo cuộc bầu lại giữa ${p.result.runoff.positions.length} người ngang phiếu cho ${p.result.runoff.seats} vị trí?`)) return;
    const r = await post(`${api}/polls/${p.id}/runoff`);
    const j = await r.json().catch(() => null);
    msg.textContent = r.ok ? `✓ đã tạo: ${j.title}` : `✗ ${j?.error?.message ?? r.status}`;
    void refresh();
  };
  // R8: first the congress decides (a motion), then the further round names that decision.
  const askCongress = async (p: Poll) => {
    const title = `Đại hội có đồng ý bầu lần ${(p.round ?? 1) + 1} cho ${p.result.empty_seats} vị trí còn thiếu không?`;
    if (!confirm(`Tạo biểu quyết: "${title}"?`)) return;
    // A procedural decision: a show of hands, as congresses take them.
    const r = await post(`${api}/polls`, { session_id: p.session_id, kind: 'motion', mode: 'paper', title });
    const j = await r.json().catch(() => null);
    msg.textContent = r.ok ? `✓ đã tạo biểu quyết: ${title}` : `✗ ${j?.error?.message ?? r.status}`;
    void refresh();
  };
  const nextRound = async (p: Poll, decision: Poll) => {
    if (!confirm(`Tạo vòng bầu ${(p.round ?? 1) + 1} theo biểu quyết "${decision.title}"?`)) return;
    const r = await post(`${api}/polls/${p.id}/next-round`, { decision_poll_id: decision.id });
    const j = await r.json().catch(() => null);
    msg.textContent = r.ok ? `✓ đã tạo: ${j.title}` : `✗ ${j?.error?.message ?? r.status}`;
    void refresh();
  };
  const preview = (p: Poll) => {
    const r = p.result;
    if (!r) return null;
    if (r.kind === 'motion')
      return h('p', { class: `preview ${r.passed ? 'ok' : 'warn'}` }, `Tán thành ${r.yes} · Không tán thành ${r.no} · Không biểu quyết ${r.abstain} · Không tham gia ${r.not_voted} (cơ sở ${r.base}) → `,
        h('strong', {}, r.passed ? 'ĐƯỢC THÔNG QUA' : 'KHÔNG ĐƯỢC THÔNG QUA'));
    const names = (ps: number[]) => ps.map((x) => r.candidates[x - 1]?.full_name).join(', ');
    return h('div', { class: 'preview' }, h('p', {}, `Thu vào ${r.returned}, hợp lệ ${r.valid}, không hợp lệ ${r.invalid}; trúng cử cần ≥ ${r.threshold_votes} phiếu (${r.threshold_base_text}).`),
      h('p', {}, h('strong', {}, 'Trúng cử: '), names(r.elected) || '—'),
      r.runoff ? h('p', { class: 'warn' }, `Hòa phiếu: bầu lại giữa ${names(r.runoff.positions)} cho ${r.runoff.seats} vị trí`) : null,
      r.empty_seats ? h('p', { class: 'warn' }, `Còn ${r.empty_seats} vị trí trống`) : null,
      spansRounds(r.overall) ? outcomeBlock(r.overall, 'chair-outcome') : null);
  };
  const row = (p: Poll, all: Poll[]) => {
    const buttons: HTMLElement[] = [];
    const b = (label: string, action: string, cls = 'button') => buttons.push(h('button', { class: cls, onclick: () => void act(p, action) }, label));
    if (p.state === 'created') b('Mở', 'open', 'primary');
    if (p.state === 'open' && p.mode === 'paper') b('Nhập kết quả giơ thẻ', 'tally', 'primary');
    if (p.state === 'open' && p.mode !== 'paper') b('Đóng', 'close', 'primary');
    if (p.state === 'closed') b('Công bố', 'publish', 'primary');
    if (p.state === 'created' || p.state === 'open' || p.state === 'closed') b('Hủy', 'cancel', 'button danger');
    if (p.state === 'cancelled') b('Tổ chức lại', 'restart');
    const followed = all.some((q) => q.follows_id === p.id && q.state !== 'cancelled');
    if (p.kind === 'election' && p.state === 'published' && p.result && !followed) {
      if (p.result.runoff)
        buttons.push(h('button', { class: 'primary runoff', onclick: () => void runoff(p) },
          `Tạo bầu lại cho ${p.result.runoff.positions.length} người hòa phiếu`));
      if (p.result.empty_seats > 0) {
        // The latest published motion that passed after this result is the congress's decision.
        const decision = all.filter((q) => q.kind === 'motion' && q.state === 'published' && q.result?.passed && q.id > p.id)
          .sort((a, b2) => b2.id - a.id)[0];
        if (decision)
          buttons.push(h('button', { class: 'primary next-round', onclick: () => void nextRound(p, decision) },
            `Tạo vòng bầu ${(p.round ?? 1) + 1} cho ${p.result.empty_seats} vị trí còn thiếu`));
        else
          buttons.push(h('button', { class: 'button ask-congress', onclick: () => void askCongress(p) }, 'Xin ý kiến Đại hội bầu tiếp'));
      }
    }
    const prog = h('span', { class: 'small muted' }, '');
    progress.set(p.id, prog);
    if (p.state === 'open') void fetch(`${api}/polls/${p.id}/progress`).then((r) => r.json()).then((x) => { prog.textContent = ` · Đã bỏ phiếu ${x.cast}/${x.eligible}`; }).catch(() => {});
    return h('li', { class: `poll-row state-${p.state}` },
      h('p', {}, h('strong', {}, p.title), ` (${p.kind === 'election' ? 'bầu cử' : 'biểu quyết'}, ${MODE[p.mode]}${p.purpose === 'runoff' ? ', bầu lại' : ''}${(p.round ?? 1) > 1 ? `, vòng ${p.round}` : ''}${p.attempt > 1 ? `, lần ${p.attempt}` : ''}) — ${STATE[p.state]}`, prog),
      p.state === 'closed' || p.state === 'published' ? preview(p) : null,
      p.state === 'closed' || p.state === 'published' ? h('p', { class: 'small poll-outputs' },
        h('a', { href: `${api}/polls/${p.id}/minutes.pdf`, target: '_blank' }, 'Biên bản (PDF)'), ' · ',
        h('a', { href: `${api}/polls/${p.id}/result.xlsx` }, 'Kết quả (XLSX)'), ' · ',
        h('a', { href: `${api}/polls/${p.id}/tally.csv` }, 'Bảng kê (CSV)'),
        ...(p.minutes_code ? [' · ', h('a', { href: `/d/${p.minutes_code}`, target: '_blank' }, 'Biên bản trong tài liệu')] : [])) : null,
      h('div', { class: 'actions' }, ...buttons));
  };
  const refresh = async () => {
    const r = await fetch(`${api}/polls`, { credentials: 'same-origin' });
    if (!r.ok) return;
    const j = await r.json() as { polls: Poll[] };
    progress.clear();
    mount(list, h('ul', { class: 'list' }, ...j.polls.map((p) => row(p, j.polls))));
    void quorum();
  };
  sessionSel.addEventListener('change', () => void quorum());
  mount(el, h('h2', {}, 'Biểu quyết và bầu cử'), banner, form, msg, list);
  void refresh();
  const offs = [
    onLive('poll', () => void refresh()),
    onLive('attendance', () => void quorum()),
    onLive('poll_progress', (x: { id: number; cast: number; eligible: number }) => {
      const p = progress.get(x.id);
      if (p) p.textContent = ` · Đã bỏ phiếu ${x.cast}/${x.eligible} (${x.eligible ? ((100 * x.cast) / x.eligible).toFixed(2).replace('.', ',') : 0} %)`;
    }),
  ];
  return { el, stop: () => offs.forEach((f) => f()) };
}
