// The ballot card on the delegate's phone: when a poll opens, a full-screen
// card opens over whatever the delegate is reading. Motions: three large
// buttons then a confirmation. Elections: names in ballot order, tapping a
// name strikes the whole line, a "Giữ lại k/S" counter and the red
// invalid-ballot warning (a knowingly invalid ballot needs a second
// confirmation, as on paper). Progress events only touch the counter line:
// they never re-render a half-filled ballot. After sending: the receipt.
import { ApiError, http } from './http';
import { h, mount } from './dom';
import { ballotText } from './strings/voting';
import { onLive, onLiveState } from './live';
import { startSpeaking } from './speak';

interface PollOption { position: number; label: string }
interface Poll {
  id: number; kind: 'motion' | 'election'; mode: 'named' | 'secret' | 'paper'; title: string; state: string;
  seats: number; alternate_seats: number; options: PollOption[]; closes_in_s?: number;
}
interface Me { eligible: boolean; reason: string | null; message: string; voted: boolean }

const s = ballotText;

function nonce(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const layer = h('div', { class: 'ballot-layer', role: 'dialog', 'aria-modal': 'true', hidden: true });
let current = 0;
let started = '';
// The open poll this phone was refused for want of a check-in (a late
// arrival): asked again when the door checks someone in.
let waiting = 0;

function hide(): void { layer.hidden = true; layer.replaceChildren(); current = 0; }

// `recheck`: asked again after a check-in; only a ballot the delegate may
// now cast replaces the refusal on screen (never a half-filled ballot).
async function show(slug: string, id: number, recheck = false): Promise<void> {
  const base = `/api/v1/congresses/${encodeURIComponent(slug)}/polls/${id}`;
  const both = await Promise.all([http.get<Poll>(base), http.get<Me>(`${base}/me`)]).catch(() => null);
  if (!both) return;
  const [poll, me] = both;
  if (poll.state !== 'open' || poll.mode === 'paper' || me.voted) {
    if (waiting === id) waiting = 0;
    return;
  }
  if (recheck && (waiting !== id || !me.eligible)) return;
  if (current === id && !layer.hidden && !recheck) return;  // already on screen: never reset it
  current = id;
  if (!layer.isConnected) document.body.append(layer);
  layer.hidden = false;
  const progress = h('p', { class: 'small muted ballot-progress', 'aria-live': 'polite' }, '');
  const head = h('header', {}, h('span', { class: `badge mode-${poll.mode}` }, s()[poll.mode]), h('h2', {}, poll.title), progress);
  const body = h('div', { class: 'ballot-body' });
  const card = h('section', { class: 'ballot-card' }, head, body);
  mount(layer, card);
  if (!me.eligible) {
    waiting = me.reason === 'not_present' ? id : 0;
    mount(body, h('p', { class: 'ballot-warn' }, `${s().cannot}: ${me.message}`),
      ...(waiting ? [h('p', { class: 'small muted' }, s().afterCheckIn)] : []),
      h('button', { class: 'button', onclick: hide }, s().close));
    return;
  }
  waiting = 0;
  const send = async (ballot: Record<string, unknown>) => {
    const n = nonce();
    let j: { receipt?: string } | null = null;
    let failed: ApiError | null = null;
    for (let i = 0; i < 3; i++) {  // a retry keeps the same nonce: counted once
      try {
        j = await http.post(`${base}/ballots`, { nonce: n, ...ballot });
        failed = null;
        break;
      } catch (err) {
        failed = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
        if (failed.code !== 'network') break;  // only a lost answer is retried
      }
    }
    if (failed || !j) {
      mount(body, h('p', { class: 'ballot-warn', role: 'alert' }, `${s().error}: ${failed?.code === 'network' ? '' : failed?.message ?? ''}`),
        h('button', { class: 'button', onclick: hide }, s().close));
      return;
    }
    localStorage.setItem(`ballot:${slug}:${id}`, n);
    const done: Node[] = [h('p', { class: 'ballot-done' }, `✓ ${s().recorded}`)];
    if (poll.mode === 'secret')
      done.push(h('p', {}, `${s().receipt}: `, h('strong', { class: 'receipt' }, j.receipt ?? '')),
        h('p', { class: 'small muted' }, s().receiptHelp));
    done.push(h('button', { class: 'button', onclick: hide }, s().close));
    mount(body, ...done);
  };
  if (poll.kind === 'motion') {
    const choose = (c: 'Y' | 'N' | 'A') => mount(body,
      h('p', { class: 'ballot-confirm' }, `${s().confirm}: ${s()[c]}?`),
      h('div', { class: 'ballot-actions' },
        h('button', { class: 'primary big', onclick: () => void send({ choice: c }) }, s().confirm),
        h('button', { class: 'button', onclick: () => choices() }, s().back)));
    const choices = () => mount(body, h('div', { class: 'ballot-choices' },
      ...(['Y', 'N', 'A'] as const).map((c) => h('button', { class: `big choice-${c}`, onclick: () => choose(c) }, s()[c]))));
    choices();
    return;
  }
  // Election: strike-out ballot.
  const places = poll.seats + (poll.alternate_seats || 0);
  const struck = new Set<number>();
  const counter = h('p', { class: 'ballot-counter', 'aria-live': 'polite' }, '');
  const warn = h('p', { class: 'ballot-warn', role: 'alert' }, '');
  const sendBtn = h('button', { class: 'primary big' }, s().send) as HTMLButtonElement;
  let armed = false;
  const update = () => {
    const kept = poll.options.length - struck.size;
    counter.textContent = `${s().keep} ${kept}/${places}`;
    const surplus = poll.options.length > places;
    const invalid = surplus && (kept > places ? s().tooMany(kept, places) : kept === 0 ? s().noneKept : '');
    warn.textContent = invalid || '';
    warn.hidden = !invalid;
    armed = false;
    sendBtn.textContent = s().send;
  };
  const rows = poll.options.map((o) => {
    const li = h('li', {}, h('button', { class: 'ballot-name', 'aria-pressed': 'false', onclick: () => {
      if (struck.has(o.position)) struck.delete(o.position); else struck.add(o.position);
      li.classList.toggle('struck', struck.has(o.position));
      (li.firstChild as HTMLElement).setAttribute('aria-pressed', String(struck.has(o.position)));
      update();
    } }, `${o.position}. ${o.label}`));
    return li;
  });
  sendBtn.addEventListener('click', () => {
    if (!warn.hidden && !armed) { armed = true; sendBtn.textContent = s().sendAnyway; return; }
    const keep = poll.options.map((o) => o.position).filter((p) => !struck.has(p));
    void send({ keep });
  });
  mount(body, h('p', { class: 'small' }, `${s().ballotHead} — ${s().elect} ${places} ${s().of} ${poll.options.length}. ${s().strikeHelp}`),
    h('ol', { class: 'ballot-names' }, ...rows),
    h('div', { class: 'ballot-foot' }, counter, warn, h('div', { class: 'ballot-actions' }, sendBtn)));
  update();
}

// Starts listening for polls of `slug` (once per congress). Also asks for
// an open poll right away: a phone that reconnects after the poll opened
// still gets its ballot.
export function startBallots(slug: string): void {
  if (started === slug) return;
  started = slug;
  // The delegate's other way to take part: the list of speakers.
  startSpeaking(slug);
  onLive('poll', (p: { id: number; state: string }) => {
    if (p.state === 'open') void show(slug, p.id);
    else if (p.id === current) hide();
  });
  onLive('poll_progress', (p: { id: number; cast: number; eligible: number }) => {
    if (p.id !== current) return;
    const el = layer.querySelector('.ballot-progress');
    if (el) el.textContent = `${s().cast} ${p.cast}/${p.eligible}`;
  });
  // V19: a late arrival gets the ballot once the door checks them in. The
  // `attendance` event is counts only (no names), so a refused phone asks
  // again, at most once a second however many check in.
  let recheck = 0;
  onLive('attendance', () => {
    if (!waiting || recheck) return;
    recheck = window.setTimeout(() => { recheck = 0; if (waiting) void show(slug, waiting, true); }, 1000);
  });
  const checkOpen = () => void http.get<{ polls: { id: number }[] }>(`/api/v1/congresses/${encodeURIComponent(slug)}/polls?state=open`)
    .catch(() => ({ polls: [] as { id: number }[] }))
    .then((j) => { if (j.polls[0] && j.polls[0].id !== current) void show(slug, j.polls[0].id); })
    .catch(() => {});
  checkOpen();
  // V18: after the event stream comes back (Wi-Fi lost in the hall), ask
  // again — the `poll` event may have left the server's replay history.
  let connectedBefore = false;
  onLiveState((st) => {
    if (st !== 'open') return;
    if (connectedBefore) checkOpen();
    connectedBefore = true;
  });
}
