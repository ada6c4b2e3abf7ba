// The chair's poll controls: templates, the quorum banner (both halves of
// R1), open / close / publish / cancel with confirmation, live progress
// (counts only) and, after close, the private preview of the result with
// the computed decision and the next step as buttons: a runoff for a tie
// (R7), the congress's decision and a further round for empty seats (R8).
import { errText, send, type Sent } from './admin_api';
import { http } from './http';
import { chairText } from './strings/chair';
import { h, mount } from './dom';
import { onLive } from './live';
import { outcomeBlock, spansRounds } from './election_outcome';
import { formatNumber } from './i18n';

interface Poll {
  id: number; title: string; kind: string; mode: string; state: string; session_id: number; attempt: number;
  result: any; tally_sha256?: string;
  round?: number; purpose?: string; seats?: number; election_id?: number | null; follows_id?: number | null;
  published_at?: string | null; minutes_code?: string | null;
}
interface Session { id: number; name: string }

async function post(url: string, body: unknown = {}): Promise<Sent> {
  return send('POST', url, body);
}

export function chairPolls(slug: string, sessions: Session[]): { el: HTMLElement; stop: () => void } {
  const s = chairText();
  const TEMPLATES = s.templates;
  const STATE: Record<string, string> = { created: s.stateCreated, open: s.stateOpen, closed: s.stateClosed,
    published: s.statePublished, cancelled: s.stateCancelled };
  const MODE: Record<string, string> = { named: s.modeNamed, secret: s.modeSecret, paper: s.modePaper };
  const api = `/api/v1/congresses/${encodeURIComponent(slug)}`;
  const el = h('section', { class: 'card chair-polls' });
  const banner = h('p', { class: 'quorum-banner', role: 'status' }, '');
  const list = h('div', {});
  const msg = h('p', { class: 'small', role: 'alert' }, '');
  const progress = new Map<number, HTMLElement>();
  const sessionSel = h('select', { 'aria-label': s.session }, ...sessions.map((x) => h('option', { value: String(x.id) }, x.name))) as HTMLSelectElement;
  const title = h('input', { list: 'poll-templates', placeholder: s.pollTitle, 'aria-label': s.pollTitle }) as HTMLInputElement;
  const mode = h('select', { 'aria-label': s.mode }, h('option', { value: 'secret' }, s.secretOnPhone),
    h('option', { value: 'named' }, s.namedOnPhone), h('option', { value: 'paper' }, s.paperTotals)) as HTMLSelectElement;
  const form = h('form', { class: 'actions', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await post(`${api}/polls`, { session_id: Number(sessionSel.value), kind: 'motion', mode: mode.value, title: title.value });
    msg.textContent = r.ok ? s.created : `✗ ${errText(r)}`;
    if (r.ok) { title.value = ''; void refresh(); }
  } }, sessionSel, title, h('datalist', { id: 'poll-templates' }, ...TEMPLATES.map((t) => h('option', { value: t }))), mode,
  h('button', { class: 'button', type: 'submit' }, s.createPoll));

  const quorum = async () => {
    const q = await http.get(`${api}/attendance?session=${sessionSel.value}`).catch(() => null);
    if (!q) return;
    banner.className = `quorum-banner ${q.quorum_met ? 'ok' : 'warn'}`;
    banner.textContent = s.quorumLine(q.quorum_met ? s.quorumOk : '✗ ' + (s.quorumNotMet ?? q.quorum_message), q);
  };
  const act = async (p: Poll, action: string) => {
    let body: unknown = {};
    if (action === 'cancel') {
      const reason = prompt(s.cancelReason);
      if (reason === null) return;
      body = { reason };
    } else if (action === 'tally') {
      const v = prompt(s.tallyPrompt);
      if (!v) return;
      const [yes, no, abstain] = v.split(/[,; ]+/).map(Number);
      body = { yes, no, abstain };
    } else if (!confirm(s.confirmAct(({ open: s.actOpen, close: s.actClose, publish: s.actPublish, restart: s.actRestart } as Record<string, string>)[action], p.title))) return;
    const r = await post(`${api}/polls/${p.id}/${action}`, body);
    const j = r.j;
    msg.textContent = r.ok ? `✓ ${p.title}: ${STATE[j.state] ?? j.state}` : `✗ ${errText(r)}`;
    void refresh();
  };
  // R7: a runoff among the tied names, for the seats at stake.
  const runoff = async (p: Poll) => {
    if (!confirm(s.confirmRunoff(p.result.runoff.positions.length, p.result.runoff.seats))) return;
    const r = await post(`${api}/polls/${p.id}/runoff`);
    const j = r.j;
    msg.textContent = r.ok ? s.createdTitle(j.title) : `✗ ${errText(r)}`;
    void refresh();
  };
  // R8: first the congress decides (a motion), then the further round names that decision.
  const askCongress = async (p: Poll) => {
    const title = s.askTitle((p.round ?? 1) + 1, p.result.empty_seats);
    if (!confirm(s.confirmCreatePoll(title))) return;
    // A procedural decision: a show of hands, as congresses take them.
    const r = await post(`${api}/polls`, { session_id: p.session_id, kind: 'motion', mode: 'paper', title });
    msg.textContent = r.ok ? s.createdMotion(title) : `✗ ${errText(r)}`;
    void refresh();
  };
  const nextRound = async (p: Poll, decision: Poll) => {
    if (!confirm(s.confirmNextRound((p.round ?? 1) + 1, decision.title))) return;
    const r = await post(`${api}/polls/${p.id}/next-round`, { decision_poll_id: decision.id });
    const j = r.j;
    msg.textContent = r.ok ? s.createdTitle(j.title) : `✗ ${errText(r)}`;
    void refresh();
  };
  const preview = (p: Poll) => {
    const r = p.result;
    if (!r) return null;
    if (r.kind === 'motion')
      return h('p', { class: `preview ${r.passed ? 'ok' : 'warn'}` }, s.motionPreview(r),
        h('strong', {}, r.passed ? s.passed : s.notPassed));
    const names = (ps: number[]) => ps.map((x) => r.candidates[x - 1]?.full_name).join(', ');
    return h('div', { class: 'preview' }, h('p', {}, s.electionPreview(r)),
      h('p', {}, h('strong', {}, s.elected), names(r.elected) || '—'),
      r.runoff ? h('p', { class: 'warn' }, s.tie(names(r.runoff.positions), r.runoff.seats)) : null,
      r.empty_seats ? h('p', { class: 'warn' }, s.emptySeats(r.empty_seats)) : null,
      spansRounds(r.overall) ? outcomeBlock(r.overall, 'chair-outcome') : null);
  };
  const row = (p: Poll, all: Poll[]) => {
    const buttons: HTMLElement[] = [];
    const b = (label: string, action: string, cls = 'button') => buttons.push(h('button', { class: cls, onclick: () => void act(p, action) }, label));
    if (p.state === 'created') b(s.open, 'open', 'primary');
    if (p.state === 'open' && p.mode === 'paper') b(s.enterTally, 'tally', 'primary');
    if (p.state === 'open' && p.mode !== 'paper') b(s.close, 'close', 'primary');
    if (p.state === 'closed') b(s.publish, 'publish', 'primary');
    if (p.state === 'created' || p.state === 'open' || p.state === 'closed') b(s.cancel, 'cancel', 'button danger');
    if (p.state === 'cancelled') b(s.restart, 'restart');
    const followed = all.some((q) => q.follows_id === p.id && q.state !== 'cancelled');
    if (p.kind === 'election' && p.state === 'published' && p.result && !followed) {
      if (p.result.runoff)
        buttons.push(h('button', { class: 'primary runoff', onclick: () => void runoff(p) },
          s.runoffButton(p.result.runoff.positions.length)));
      if (p.result.empty_seats > 0) {
        // The latest published motion that passed after this result is the congress's decision.
        const decision = all.filter((q) => q.kind === 'motion' && q.state === 'published' && q.result?.passed && q.id > p.id)
          .sort((a, b2) => b2.id - a.id)[0];
        if (decision)
          buttons.push(h('button', { class: 'primary next-round', onclick: () => void nextRound(p, decision) },
            s.nextRoundButton((p.round ?? 1) + 1, p.result.empty_seats)));
        else
          buttons.push(h('button', { class: 'button ask-congress', onclick: () => void askCongress(p) }, s.askCongress));
      }
    }
    const prog = h('span', { class: 'small muted' }, '');
    progress.set(p.id, prog);
    if (p.state === 'open') void http.get(`${api}/polls/${p.id}/progress`).then((x) => { prog.textContent = s.cast(x.cast, x.eligible); }).catch(() => {});
    return h('li', { class: `poll-row state-${p.state}` },
      h('p', {}, h('strong', {}, p.title), ` (${p.kind === 'election' ? s.kindElection : s.kindMotion}, ${MODE[p.mode]}${p.purpose === 'runoff' ? s.runoff : ''}${(p.round ?? 1) > 1 ? s.round(p.round ?? 1) : ''}${p.attempt > 1 ? s.attempt(p.attempt) : ''}) — ${STATE[p.state]}`, prog),
      p.state === 'closed' || p.state === 'published' ? preview(p) : null,
      p.state === 'closed' || p.state === 'published' ? h('p', { class: 'small poll-outputs' },
        h('a', { href: `${api}/polls/${p.id}/minutes.pdf`, target: '_blank' }, s.minutesPdf), ' · ',
        h('a', { href: `${api}/polls/${p.id}/result.xlsx` }, s.resultXlsx), ' · ',
        h('a', { href: `${api}/polls/${p.id}/tally.csv` }, s.tallyCsv),
        ...(p.minutes_code ? [' · ', h('a', { href: `/d/${p.minutes_code}`, target: '_blank' }, s.minutesDoc)] : [])) : null,
      h('div', { class: 'actions' }, ...buttons));
  };
  const refresh = async () => {
    const j = await http.get<{ polls: Poll[] }>(`${api}/polls`).catch(() => null);
    if (!j) return;
    progress.clear();
    mount(list, h('ul', { class: 'list' }, ...j.polls.map((p) => row(p, j.polls))));
    void quorum();
  };
  sessionSel.addEventListener('change', () => void quorum());
  mount(el, h('h2', {}, s.polls), banner, form, msg, list);
  void refresh();
  const offs = [
    onLive('poll', () => void refresh()),
    onLive('attendance', () => void quorum()),
    onLive('poll_progress', (x: { id: number; cast: number; eligible: number }) => {
      const p = progress.get(x.id);
      if (p) p.textContent = s.castPct(x.cast, x.eligible, x.eligible ? formatNumber(Number(((100 * x.cast) / x.eligible).toFixed(2))) : '0');
    }),
  ];
  return { el, stop: () => offs.forEach((f) => f()) };
}
