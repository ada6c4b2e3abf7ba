// The secretariat's election set-up (design §3.7 console): create an
// election (seats, alternates, threshold base, tie rule, rounds), add
// candidates typed in or imported from XLSX/CSV (họ và tên | ngày sinh |
// đoàn), name the tellers (the first is the head), create its ballot for a
// session, and download the outputs of its polls (result XLSX, bảng kê CSV,
// minutes PDF). Changes are refused by the server once a ballot opened.
import { type CongressOverview } from './api';
import { errText, send as request, type Sent } from './admin_api';
import { http } from './http';
import { electionsText } from './strings/voting';
import { h, mount } from './dom';
import { send as sendJson } from './admin_api';
import { currentLang } from './i18n';
import { outcomeBlock, type Outcome } from './election_outcome';
import { STR } from './strings/elections_extra';

// Strings added this session (the lead folds them into the string tables).
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


export function electionsSection(slug: string, c: CongressOverview): HTMLElement {
  const s = electionsText();
  const BASES: [string, string][] = [['valid', s.baseValid], ['returned', s.baseReturned], ['summoned', s.baseSummoned]];
  const STATE: Record<string, string> = { created: s.stateCreated, open: s.stateOpen, closed: s.stateClosed, published: s.statePublished, cancelled: s.stateCancelled };
  const base = `/api/v1/congresses/${encodeURIComponent(slug)}`;
  const el = h('section', { class: 'card console-elections', id: 'elections' });
  const list = h('div', {});
  const msg = h('p', { class: 'small', role: 'alert' }, '');
  const send = (url: string, data: unknown, method = 'POST') => request(method, url, data);
  const report = async (r: Sent, ok: string) => {
    msg.textContent = r.ok ? `✓ ${ok}` : `✗ ${errText(r)}`;
    if (r.ok) void refresh();
    return r.ok;
  };
  const title = h('input', { name: 'election-title', placeholder: s.titleExample, 'aria-label': s.name }) as HTMLInputElement;
  const seats = h('input', { name: 'election-seats', type: 'number', min: '1', value: '5', 'aria-label': s.seats }) as HTMLInputElement;
  const alternates = h('input', { name: 'election-alternates', type: 'number', min: '0', value: '0', 'aria-label': s.alternates }) as HTMLInputElement;
  const threshold = h('select', { name: 'election-base', 'aria-label': s.threshold },
    ...BASES.map(([v, t]) => h('option', { value: v }, t))) as HTMLSelectElement;
  const tie = h('select', { name: 'election-tie', 'aria-label': s.tie },
    h('option', { value: 'runoff' }, s.tieRunoff), h('option', { value: 'older' }, s.tieOlder)) as HTMLSelectElement;
  const rounds = h('input', { name: 'election-rounds', type: 'number', min: '1', max: '5', value: '2', 'aria-label': s.rounds }) as HTMLInputElement;
  const form = h('form', { class: 'grid2', onsubmit: async (e: Event) => {
    e.preventDefault();
    await report(await send(`${base}/elections`, { title: title.value, seats: Number(seats.value), alternate_seats: Number(alternates.value),
      threshold_base: threshold.value, tie_rule: tie.value, max_rounds: Number(rounds.value) }), s.created(title.value));
  } },
  h('label', {}, `${s.name} `, title), h('label', {}, `${s.seats} `, seats),
  h('label', {}, `${s.alternates} `, alternates), h('label', {}, `${s.threshold} `, threshold),
  h('label', {}, `${s.tie} `, tie), h('label', {}, `${s.rounds} `, rounds),
  h('button', { class: 'primary', type: 'submit' }, s.create));

  const card = (e: Election, polls: Poll[]) => {
    const name = h('input', { placeholder: s.fullName, 'aria-label': s.candidateName, class: 'cand-name' }) as HTMLInputElement;
    const born = h('input', { placeholder: s.bornExample, 'aria-label': s.born, class: 'cand-born' }) as HTMLInputElement;
    const unit = h('input', { placeholder: s.unit, 'aria-label': s.unit, class: 'cand-unit' }) as HTMLInputElement;
    const file = h('input', { type: 'file', accept: '.xlsx,.csv', 'aria-label': s.importFile, class: 'cand-file' }) as HTMLInputElement;
    file.addEventListener('change', async () => {
      const f = file.files?.[0];
      if (!f) return;
      const r = await request('POST', `${base}/elections/${e.id}/candidates/import`, f);
      await report(r, s.imported(r.j?.added ?? 0, f.name));
      file.value = '';
    });
    const tellers = h('input', { placeholder: s.tellersHint, 'aria-label': s.tellers, class: 'tellers-badges' }) as HTMLInputElement;
    const session = h('select', { 'aria-label': s.session, class: 'ballot-session' },
      ...c.sessions.map((x) => h('option', { value: String(x.id) }, x.name))) as HTMLSelectElement;
    const mode = h('select', { 'aria-label': s.mode, class: 'ballot-mode' }, h('option', { value: 'secret' }, s.secretOnPhone),
      h('option', { value: 'paper' }, s.paperByTellers), h('option', { value: 'named' }, s.namedOnPhone)) as HTMLSelectElement;
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
      const who = h('input', { placeholder: tr().fullName, 'aria-label': tr().addFor(p.round), class: 'round-name' }) as HTMLInputElement;
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
      h('p', { class: 'small' }, s.summary({ ...e, threshold_base_text: BASES.find(([v]) => v === e.threshold_base)?.[1] ?? e.threshold_base_text }, live.length)),
      h('ol', { class: 'list candidates' }, ...live.map((k) => h('li', {}, k.full_name, k.birth_date ? ` (${k.birth_date})` : '', k.delegation ? ` — ${k.delegation}` : '', ' ', withdraw(k)))),
      h('form', { class: 'actions', onsubmit: async (ev: Event) => {
        ev.preventDefault();
        if (await report(await send(`${base}/elections/${e.id}/candidates`, { full_name: name.value, birth_date: born.value, delegation: unit.value }), s.added(name.value))) {
          name.value = ''; born.value = ''; unit.value = '';
        }
      } }, name, born, unit, h('button', { class: 'button', type: 'submit' }, s.addCandidate), h('label', { class: 'button' }, s.importButton, file)),
      h('form', { class: 'actions', onsubmit: async (ev: Event) => {
        ev.preventDefault();
        const badges = tellers.value.split(/[,;\s]+/).map((x) => x.trim()).filter(Boolean);
        await report(await send(`${base}/elections/${e.id}/tellers`, { badges }, 'PUT'), s.tellersSaved(badges.length));
      } }, tellers, h('button', { class: 'button', type: 'submit' }, s.saveTellers)),
      h('form', { class: 'actions', onsubmit: async (ev: Event) => {
        ev.preventDefault();
        await report(await send(`${base}/polls`, { session_id: Number(session.value), kind: 'election', mode: mode.value, election_id: e.id }), s.ballotCreated);
      } }, session, mode, h('button', { class: 'primary', type: 'submit' }, s.createBallot)),
      own.length ? h('ul', { class: 'list election-polls' }, ...own.map((p) => h('li', {},
        `${p.title} — ${STATE[p.state] ?? p.state} `,
        ...(p.state === 'closed' || p.state === 'published' ? [
          h('a', { href: `${base}/polls/${p.id}/result.xlsx` }, s.resultXlsx), ' · ',
          h('a', { href: `${base}/polls/${p.id}/tally.csv` }, s.tallyCsv), ' · ',
          h('a', { href: `${base}/polls/${p.id}/minutes.pdf`, target: '_blank' }, s.minutesPdf)] : []),
        p.purpose === 'additional' && p.state === 'created' ? addToRound(p) : null))) : h('p', { class: 'muted small' }, s.noBallot),
      e.outcome ? outcomeBlock(e.outcome, 'console-outcome') : null);
  };
  const refresh = async () => {
    const both = await Promise.all([http.get<{ elections: Election[] }>(`${base}/elections`), http.get<{ polls: Poll[] }>(`${base}/polls`)]).catch(() => null);
    if (!both) return;
    const [{ elections }, { polls }] = both;
    mount(list, ...(elections.length ? elections.map((e) => card(e, polls)) : [h('p', { class: 'muted' }, s.noElection)]));
  };
  mount(el, h('h2', {}, s.elections), form, msg, list);
  void refresh();
  return el;
}
