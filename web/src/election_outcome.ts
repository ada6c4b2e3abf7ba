// The one result of an election across its rounds (main round, runoffs,
// further rounds): everyone elected with the round and the figures that
// elected them, the alternates and the seats still empty. The server
// computes it once and stores it with each election result ("overall");
// the hall, the chair and the console only draw it, so their figures are
// those of the minutes and the spreadsheet.
import { h } from './dom';
import { currentLang } from './i18n';
import { STR } from './strings/outcome';


export interface Seat { full_name: string; round: number; purpose: string; votes: number; percent_base: string }
export interface Outcome {
  title: string; seats: number; alternate_seats: number; max_rounds: number; rounds: number; polls: number[];
  elected: Seat[]; alternates: Seat[]; empty_seats: number; empty_alternates: number; status: string; final: boolean;
}

// Whether the outcome adds anything to the round's own result: it combines
// more than one poll.
export function spansRounds(o: Outcome | null | undefined): o is Outcome {
  return !!o && Array.isArray(o.polls) && o.polls.length > 1;
}

export function outcomeBlock(o: Outcome, cls = ''): HTMLElement {
  const s = STR[currentLang()] ?? STR.vi;
  const pct = (x: string) => (currentLang() === 'vi' ? x.replace('.', ',') : x);
  const row = (seat: Seat, i: number) => h('tr', { class: 'elected' },
    h('td', {}, String(i + 1)), h('th', {}, seat.full_name),
    h('td', {}, `${s.round} ${seat.round}${seat.purpose === 'runoff' ? `, ${s.runoff}` : ''}`),
    h('td', {}, `${seat.votes} ${s.votes}`), h('td', {}, `${pct(seat.percent_base)} %`));
  const verdict = o.status === 'complete' ? s.complete(o.seats)
    : o.status === 'runoff_pending' ? s.runoffPending
    : o.status === 'seats_left_empty' ? s.leftEmpty(o.empty_seats, o.max_rounds) : s.mayContinue(o.empty_seats);
  return h('section', { class: `election-outcome ${cls}`, 'data-status': o.status },
    h('h2', {}, `${s.heading}: ${o.title}`),
    h('p', { class: 'outcome-count' }, `${o.elected.length}/${o.seats} ${s.elected}`),
    o.elected.length ? h('table', { class: 'hall-table outcome-elected' }, ...o.elected.map(row)) : h('p', {}, s.none),
    o.alternates.length ? h('p', {}, h('strong', {}, s.alternates)) : null,
    o.alternates.length ? h('table', { class: 'hall-table outcome-alternates' }, ...o.alternates.map(row)) : null,
    h('p', { class: `outcome-verdict ${o.final ? 'final' : ''}` }, verdict));
}
