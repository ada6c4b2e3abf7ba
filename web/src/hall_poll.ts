// The hall projector's view of a poll: while open the title, the mode and a
// progress bar of counts only (and the countdown); after publish the result
// ("ĐƯỢC THÔNG QUA" / the elected). Nothing between close and publish.
import { h, mount } from './dom';
import { onLive } from './live';
import { outcomeBlock, spansRounds, type Outcome } from './election_outcome';
import { http } from './http';
import { hallText } from './strings/hall';

interface Cand { position: number; full_name: string; votes: number; percent_base: string; percent_valid: string }
interface Result {
  kind: 'motion' | 'election'; base: number; yes: number; no: number; abstain: number; not_voted: number; passed: boolean;
  percent: { yes: string; no: string; abstain: string; not_voted: string };
  issued: number; returned: number; valid: number; invalid: number; threshold_base_text: string;
  candidates: Cand[]; elected: number[]; alternates: number[]; empty_seats: number; runoff: { positions: number[]; seats: number } | null;
  overall?: Outcome;
}
interface Poll { id: number; title: string; mode: string; state: string; result: Result | null; closes_in_s?: number }

const pct = (x: string) => x.replace('.', ',');

export function startHallPolls(slug: string, layer: HTMLElement): () => void {
  const s = hallText();
  const MODE: Record<string, string> = { named: s.modeNamed, secret: s.modeSecret, paper: s.modePaper };
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
      const tick = () => { clock.textContent = s.left(`${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`); left = Math.max(0, left - 1); };
      tick();
      timer = window.setInterval(tick, 1000);
    } else clock.textContent = '';
    void http.get(`${base}/${p.id}/progress`).then(progress).catch(() => {});
  };
  const progress = (x: { id: number; cast: number; eligible: number }) => {
    if (x.id !== current) return;
    count.textContent = s.cast(x.cast, x.eligible);
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
          h('tr', {}, h('th', {}, s.yes), h('td', {}, String(r.yes)), h('td', {}, `${pct(r.percent.yes)} %`)),
          h('tr', {}, h('th', {}, s.no), h('td', {}, String(r.no)), h('td', {}, `${pct(r.percent.no)} %`)),
          h('tr', {}, h('th', {}, s.abstain), h('td', {}, String(r.abstain)), h('td', {}, `${pct(r.percent.abstain)} %`)),
          h('tr', {}, h('th', {}, s.notVoted), h('td', {}, String(r.not_voted)), h('td', {}, `${pct(r.percent.not_voted)} %`))),
        h('p', { class: `hall-verdict ${r.passed ? 'ok' : 'no'}` }, r.passed ? s.passed : s.notPassed)));
      return;
    }
    const elected = new Set(r.elected);
    mount(layer, h('section', { class: 'hall-poll result' }, h('h1', {}, p.title),
      h('p', {}, s.electionLine(r)),
      h('table', { class: 'hall-table' }, ...r.candidates.map((c) => h('tr', { class: elected.has(c.position) ? 'elected' : '' },
        h('td', {}, String(c.position)), h('th', {}, c.full_name), h('td', {}, String(c.votes)), h('td', {}, `${pct(c.percent_base)} %`),
        h('td', {}, elected.has(c.position) ? s.elected : '')))),
      r.runoff ? h('p', { class: 'hall-verdict no' }, s.runoff(r.runoff.positions.length, r.runoff.seats)) : null,
      r.empty_seats ? h('p', {}, s.emptySeats(r.empty_seats)) : null,
      // After a runoff or a further round: everyone elected across the rounds.
      spansRounds(r.overall) ? outcomeBlock(r.overall, 'hall-outcome') : null));
  };
  const load = async (id: number) => {
    const p = await http.get<Poll>(`${base}/${id}`).catch(() => null);
    if (!p) return;
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
