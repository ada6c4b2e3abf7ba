// The hall projector's view of a poll: while open the title, the mode and a
// progress bar of counts only (and the countdown); after publish the result
// ("ĐƯỢC THÔNG QUA" / the elected). Nothing between close and publish.
import { h, mount } from './dom';
import { onLive } from './live';
import { outcomeBlock, spansRounds, type Outcome } from './election_outcome';

interface Cand { position: number; full_name: string; votes: number; percent_base: string; percent_valid: string }
interface Result {
  kind: 'motion' | 'election'; base: number; yes: number; no: number; abstain: number; not_voted: number; passed: boolean;
  percent: { yes: string; no: string; abstain: string; not_voted: string };
  issued: number; returned: number; valid: number; invalid: number; threshold_base_text: string;
  candidates: Cand[]; elected: number[]; alternates: number[]; empty_seats: number; runoff: { positions: number[]; seats: number } | null;
  overall?: Outcome;
}
interface Poll { id: number; title: string; mode: string; state: string; result: Result | null; closes_in_s?: number }

const MODE: Record<string, string> = { named: 'Biểu quyết công khai', secret: 'Bỏ phiếu kín', paper: 'Giơ thẻ' };
const pct = (s: string) => s.replace('.', ',');

export function startHallPolls(slug: string, layer: HTMLElement): () => void {
  let current = 0;
  let timer = 0;
  const bar = h('div', { class: 'hall-progress' }, h('span', { class: 'fill' }));
  const count = h('p', { class: 'hall-count' }, '');
  const clock = h('p', { class: 'hall-clock' }, '');
  const hide = () => { layer.hidden = true; layer.replaceChildren(); current = 0; clearInterval(timer); };
  const base = `/api/v1/congresses/${encodeURIComponent(slug)}/polls`;
  const showOpen = (p: Poll) => {
    current = p.id;
    layer.hidden = false;
    mount(layer, h('section', { class: 'hall-poll' }, h('p', { class: 'hall-mode' }, MODE[p.mode] ?? ''), h('h1', {}, p.title), bar, count, clock));
    clearInterval(timer);
    if (p.closes_in_s !== undefined) {
      let left = p.closes_in_s;
      const tick = () => { clock.textContent = `Còn ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`; left = Math.max(0, left - 1); };
      tick();
      timer = window.setInterval(tick, 1000);
    } else clock.textContent = '';
    void fetch(`${base}/${p.id}/progress`).then((r) => r.json()).then(progress).catch(() => {});
  };
  const progress = (x: { id: number; cast: number; eligible: number }) => {
    if (x.id !== current) return;
    count.textContent = `Đã bỏ phiếu ${x.cast}/${x.eligible}`;
    (bar.firstChild as HTMLElement).style.width = `${x.eligible ? Math.min(100, (100 * x.cast) / x.eligible) : 0}%`;
  };
  const showResult = (p: Poll) => {
    const r = p.result;
    if (!r) return;
    current = p.id;
    clearInterval(timer);
    layer.hidden = false;
    if (r.kind === 'motion') {
      mount(layer, h('section', { class: 'hall-poll result' }, h('h1', {}, p.title),
        h('table', { class: 'hall-table' },
          h('tr', {}, h('th', {}, 'Tán thành'), h('td', {}, String(r.yes)), h('td', {}, `${pct(r.percent.yes)} %`)),
          h('tr', {}, h('th', {}, 'Không tán thành'), h('td', {}, String(r.no)), h('td', {}, `${pct(r.percent.no)} %`)),
          h('tr', {}, h('th', {}, 'Không biểu quyết'), h('td', {}, String(r.abstain)), h('td', {}, `${pct(r.percent.abstain)} %`)),
          h('tr', {}, h('th', {}, 'Không tham gia'), h('td', {}, String(r.not_voted)), h('td', {}, `${pct(r.percent.not_voted)} %`))),
        h('p', { class: `hall-verdict ${r.passed ? 'ok' : 'no'}` }, r.passed ? 'ĐƯỢC THÔNG QUA' : 'KHÔNG ĐƯỢC THÔNG QUA')));
      return;
    }
    const elected = new Set(r.elected);
    mount(layer, h('section', { class: 'hall-poll result' }, h('h1', {}, p.title),
      h('p', {}, `Phát ra ${r.issued} · Thu vào ${r.returned} · Hợp lệ ${r.valid} · Không hợp lệ ${r.invalid} · Trúng cử: ${r.threshold_base_text}`),
      h('table', { class: 'hall-table' }, ...r.candidates.map((c) => h('tr', { class: elected.has(c.position) ? 'elected' : '' },
        h('td', {}, String(c.position)), h('th', {}, c.full_name), h('td', {}, String(c.votes)), h('td', {}, `${pct(c.percent_base)} %`),
        h('td', {}, elected.has(c.position) ? 'TRÚNG CỬ' : '')))),
      r.runoff ? h('p', { class: 'hall-verdict no' }, `Bầu lại giữa ${r.runoff.positions.length} người cho ${r.runoff.seats} vị trí`) : null,
      r.empty_seats ? h('p', {}, `Còn ${r.empty_seats} vị trí chưa bầu đủ`) : null,
      // After a runoff or a further round: everyone elected across the rounds.
      spansRounds(r.overall) ? outcomeBlock(r.overall, 'hall-outcome') : null));
  };
  const load = async (id: number) => {
    const r = await fetch(`${base}/${id}`, { credentials: 'same-origin' });
    if (!r.ok) return;
    const p = await r.json() as Poll;
    if (p.state === 'open') showOpen(p);
    else if (p.state === 'published') showResult(p);
    else if (p.id === current) hide();
  };
  const offs = [
    onLive('poll', (p: { id: number; state: string; title: string; mode: string }) => {
      if (p.state === 'open' || p.state === 'published') void load(p.id);
      else if (p.id === current) hide();
    }),
    onLive('poll_progress', progress),
    onLive('poll_result', (p: { id: number }) => void load(p.id)),
  ];
  hide();
  return () => { offs.forEach((f) => f()); clearInterval(timer); };
}
