// The secretariat's election set-up (design §3.7 console): create an
// election (seats, alternates, threshold base, tie rule, rounds), add
// candidates typed in or imported from XLSX/CSV (họ và tên | ngày sinh |
// đoàn), name the tellers (the first is the head), create its ballot for a
// session, and download the outputs of its polls (result XLSX, bảng kê CSV,
// minutes PDF). Changes are refused by the server once a ballot opened.
import { csrfHeaders, type CongressOverview } from './api';
import { h, mount } from './dom';
import { send as sendJson, errText } from './admin_api';
import { currentLang } from './i18n';
import { outcomeBlock, type Outcome } from './election_outcome';

// Strings added this session (the lead folds them into the string tables).
const STR = {
  vi: { addName: 'Bổ sung vào danh sách', addFor: (r: number) => `Bổ sung người vào danh sách bầu vòng ${r}:`,
    added: (n: string) => `đã bổ sung ${n}`, withdraw: 'Rút', withdrawn: (n: string) => `${n} đã rút khỏi danh sách` },
  en: { addName: 'Add to the list', addFor: (r: number) => `Add a name to the list of round ${r}:`,
    added: (n: string) => `${n} added`, withdraw: 'Withdraw', withdrawn: (n: string) => `${n} withdrawn from the list` },
};
const tr = () => STR[currentLang()] ?? STR.vi;

interface Candidate { id: number; full_name: string; birth_date: string; delegation: string; withdrawn: boolean }
interface Election {
  id: number; title: string; seats: number; alternate_seats: number; threshold_base: string; threshold_base_text: string;
  tie_rule: string; max_rounds: number; candidates: Candidate[]; teller_ids: number[]; head_teller_id: number;
  outcome: Outcome | null;
}
interface Poll {
  id: number; kind: string; title: string; state: string; election_id: number | null; round: number; purpose: string;
  options: { position: number; label: string }[];
}

const BASES: [string, string][] = [['valid', 'hơn một nửa tổng số phiếu hợp lệ'], ['returned', 'hơn một nửa tổng số phiếu thu vào'],
  ['summoned', 'hơn một nửa tổng số đại biểu chính thức được triệu tập']];
const STATE: Record<string, string> = { created: 'chưa mở', open: 'đang bỏ phiếu', closed: 'đã đóng', published: 'đã công bố', cancelled: 'đã hủy' };

export function electionsSection(slug: string, c: CongressOverview): HTMLElement {
  const base = `/api/v1/congresses/${encodeURIComponent(slug)}`;
  const el = h('section', { class: 'card console-elections', id: 'elections' });
  const list = h('div', {});
  const msg = h('p', { class: 'small', role: 'alert' }, '');
  const send = (url: string, data: unknown, method = 'POST') => fetch(url, { method, credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', ...csrfHeaders() }, body: JSON.stringify(data) });
  const report = async (r: Response, ok: string) => {
    const j = await r.json().catch(() => null);
    msg.textContent = r.ok ? `✓ ${ok}` : `✗ ${j?.error?.message ?? r.status}`;
    if (r.ok) void refresh();
    return r.ok;
  };
  const title = h('input', { name: 'election-title', placeholder: 'Bầu Ban Chấp hành khóa mới', 'aria-label': 'Tên cuộc bầu cử' }) as HTMLInputElement;
  const seats = h('input', { name: 'election-seats', type: 'number', min: '1', value: '5', 'aria-label': 'Số lượng cần bầu' }) as HTMLInputElement;
  const alternates = h('input', { name: 'election-alternates', type: 'number', min: '0', value: '0', 'aria-label': 'Số dự khuyết' }) as HTMLInputElement;
  const threshold = h('select', { name: 'election-base', 'aria-label': 'Trúng cử khi được' },
    ...BASES.map(([v, t]) => h('option', { value: v }, t))) as HTMLSelectElement;
  const tie = h('select', { name: 'election-tie', 'aria-label': 'Khi ngang phiếu' },
    h('option', { value: 'runoff' }, 'Ngang phiếu: bầu lại'), h('option', { value: 'older' }, 'Ngang phiếu: người nhiều tuổi hơn')) as HTMLSelectElement;
  const rounds = h('input', { name: 'election-rounds', type: 'number', min: '1', max: '5', value: '2', 'aria-label': 'Số vòng bầu tối đa' }) as HTMLInputElement;
  const form = h('form', { class: 'grid2', onsubmit: async (e: Event) => {
    e.preventDefault();
    await report(await send(`${base}/elections`, { title: title.value, seats: Number(seats.value), alternate_seats: Number(alternates.value),
      threshold_base: threshold.value, tie_rule: tie.value, max_rounds: Number(rounds.value) }), `đã tạo "${title.value}"`);
  } },
  h('label', {}, 'Tên cuộc bầu cử ', title), h('label', {}, 'Số lượng cần bầu ', seats),
  h('label', {}, 'Số dự khuyết ', alternates), h('label', {}, 'Trúng cử khi được ', threshold),
  h('label', {}, 'Khi ngang phiếu ', tie), h('label', {}, 'Số vòng bầu tối đa ', rounds),
  h('button', { class: 'primary', type: 'submit' }, 'Tạo cuộc bầu cử'));

  const card = (e: Election, polls: Poll[]) => {
    const name = h('input', { placeholder: 'Họ và tên', 'aria-label': 'Họ và tên ứng cử viên', class: 'cand-name' }) as HTMLInputElement;
    const born = h('input', { placeholder: 'Ngày sinh (1990-05-17)', 'aria-label': 'Ngày sinh', class: 'cand-born' }) as HTMLInputElement;
    const unit = h('input', { placeholder: 'Đơn vị', 'aria-label': 'Đơn vị', class: 'cand-unit' }) as HTMLInputElement;
    const file = h('input', { type: 'file', accept: '.xlsx,.csv', 'aria-label': 'Nhập danh sách từ tệp XLSX/CSV', class: 'cand-file' }) as HTMLInputElement;
    file.addEventListener('change', async () => {
      const f = file.files?.[0];
      if (!f) return;
      const r = await fetch(`${base}/elections/${e.id}/candidates/import`, { method: 'POST', body: f, headers: csrfHeaders(), credentials: 'same-origin' });
      const j = await r.clone().json().catch(() => null);
      await report(r, `đã nhập ${j?.added ?? 0} người từ ${f.name}`);
      file.value = '';
    });
    const tellers = h('input', { placeholder: 'Số thẻ, cách nhau bởi dấu phẩy; người đầu là Trưởng ban', 'aria-label': 'Ban kiểm phiếu', class: 'tellers-badges' }) as HTMLInputElement;
    const session = h('select', { 'aria-label': 'Phiên họp', class: 'ballot-session' },
      ...c.sessions.map((s) => h('option', { value: String(s.id) }, s.name))) as HTMLSelectElement;
    const mode = h('select', { 'aria-label': 'Hình thức', class: 'ballot-mode' }, h('option', { value: 'secret' }, 'Phiếu kín trên điện thoại'),
      h('option', { value: 'paper' }, 'Phiếu giấy (Ban kiểm phiếu nhập)'), h('option', { value: 'named' }, 'Công khai trên điện thoại')) as HTMLSelectElement;
    const own = polls.filter((p) => p.election_id === e.id);
    const live = e.candidates.filter((k) => !k.withdrawn);
    const started = own.some((p) => p.state !== 'created' && p.state !== 'cancelled');
    // Before the first ballot opens a name can still be withdrawn (PATCH).
    const withdraw = (k: Candidate) => started ? null : h('button', { class: 'button small withdraw', type: 'button', onclick: async () => {
      const r = await sendJson('PATCH', `${base}/elections/${e.id}/candidates/${k.id}`, { withdrawn: true });
      msg.textContent = r.ok ? `✓ ${tr().withdrawn(k.full_name)}` : `✗ ${errText(r)}`;
      if (r.ok) void refresh();
    } }, tr().withdraw);
    // R8: names the congress adds to a further round's list, before it opens.
    const addToRound = (p: Poll) => {
      const who = h('input', { placeholder: 'Họ và tên', 'aria-label': tr().addFor(p.round), class: 'round-name' }) as HTMLInputElement;
      return h('form', { class: 'actions round-add', onsubmit: async (ev: Event) => {
        ev.preventDefault();
        const r = await sendJson('POST', `${base}/polls/${p.id}/candidates`, { full_name: who.value });
        msg.textContent = r.ok ? `✓ ${tr().added(who.value)}` : `✗ ${errText(r)}`;
        if (r.ok) { who.value = ''; void refresh(); }
      } }, h('span', { class: 'small' }, tr().addFor(p.round), ' ', p.options.map((o) => o.label).join(', ')), who,
      h('button', { class: 'button', type: 'submit' }, tr().addName));
    };
    return h('article', { class: 'election', 'data-election': String(e.id) },
      h('h3', {}, e.title),
      h('p', { class: 'small' }, `Bầu ${e.seats}${e.alternate_seats ? ` + ${e.alternate_seats} dự khuyết` : ''} trong ${live.length} người · trúng cử khi được ${e.threshold_base_text} · ${e.tie_rule === 'runoff' ? 'ngang phiếu: bầu lại' : 'ngang phiếu: người nhiều tuổi hơn'} · tối đa ${e.max_rounds} vòng · Ban kiểm phiếu: ${e.teller_ids.length} người`),
      h('ol', { class: 'list candidates' }, ...live.map((k) => h('li', {}, k.full_name, k.birth_date ? ` (${k.birth_date})` : '', k.delegation ? ` — ${k.delegation}` : '', ' ', withdraw(k)))),
      h('form', { class: 'actions', onsubmit: async (ev: Event) => {
        ev.preventDefault();
        if (await report(await send(`${base}/elections/${e.id}/candidates`, { full_name: name.value, birth_date: born.value, delegation: unit.value }), `đã thêm ${name.value}`)) {
          name.value = ''; born.value = ''; unit.value = '';
        }
      } }, name, born, unit, h('button', { class: 'button', type: 'submit' }, 'Thêm ứng cử viên'), h('label', { class: 'button' }, 'Nhập từ XLSX/CSV ', file)),
      h('form', { class: 'actions', onsubmit: async (ev: Event) => {
        ev.preventDefault();
        const badges = tellers.value.split(/[,;\s]+/).map((x) => x.trim()).filter(Boolean);
        await report(await send(`${base}/elections/${e.id}/tellers`, { badges }, 'PUT'), `Ban kiểm phiếu: ${badges.length} người`);
      } }, tellers, h('button', { class: 'button', type: 'submit' }, 'Lưu Ban kiểm phiếu')),
      h('form', { class: 'actions', onsubmit: async (ev: Event) => {
        ev.preventDefault();
        await report(await send(`${base}/polls`, { session_id: Number(session.value), kind: 'election', mode: mode.value, election_id: e.id }), 'đã tạo phiếu bầu; Chủ tọa mở khi sẵn sàng');
      } }, session, mode, h('button', { class: 'primary', type: 'submit' }, 'Tạo phiếu bầu')),
      own.length ? h('ul', { class: 'list election-polls' }, ...own.map((p) => h('li', {},
        `${p.title} — ${STATE[p.state] ?? p.state} `,
        ...(p.state === 'closed' || p.state === 'published' ? [
          h('a', { href: `${base}/polls/${p.id}/result.xlsx` }, 'Kết quả (XLSX)'), ' · ',
          h('a', { href: `${base}/polls/${p.id}/tally.csv` }, 'Bảng kê (CSV)'), ' · ',
          h('a', { href: `${base}/polls/${p.id}/minutes.pdf`, target: '_blank' }, 'Biên bản (PDF)')] : []),
        p.purpose === 'additional' && p.state === 'created' ? addToRound(p) : null))) : h('p', { class: 'muted small' }, 'Chưa có phiếu bầu.'),
      e.outcome ? outcomeBlock(e.outcome, 'console-outcome') : null);
  };
  const refresh = async () => {
    const [er, pr] = await Promise.all([fetch(`${base}/elections`, { credentials: 'same-origin' }), fetch(`${base}/polls`, { credentials: 'same-origin' })]);
    if (!er.ok || !pr.ok) return;
    const elections = (await er.json()).elections as Election[];
    const polls = (await pr.json()).polls as Poll[];
    mount(list, ...(elections.length ? elections.map((e) => card(e, polls)) : [h('p', { class: 'muted' }, 'Chưa có cuộc bầu cử.')]));
  };
  mount(el, h('h2', {}, 'Bầu cử'), form, msg, list);
  void refresh();
  return el;
}
