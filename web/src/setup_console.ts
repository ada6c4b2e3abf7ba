// The console's set-up sections: the congress's own settings, the
// programme (sessions and agenda items, edit/delete/reorder), and — for
// admins — users and roles. Each section refreshes only itself, so unsaved
// edits elsewhere and the last message stay on the page.
import { api, type Congress, type CongressOverview, type Session, type AgendaItem } from './api';
import { h, mount } from './dom';
import { errText, send, statusLine, viDate } from './admin_api';
import { http } from './http';
import { setupText } from './strings/setup';
import { staffText } from './strings/staff';

const st = () => setupText();

function field(label: string, attrs: Record<string, string> = {}): HTMLInputElement {
  return h('input', { 'aria-label': label, placeholder: label, title: label, ...attrs }) as HTMLInputElement;
}

function labelled(label: string, input: HTMLElement): HTMLElement {
  return h('label', { class: 'field' }, h('span', { class: 'muted small' }, label), input);
}

// Each input with its name shown above it (placeholders vanish once filled).
function withLabels(...els: HTMLElement[]): HTMLElement[] {
  return els.map((el) => labelled(el.getAttribute('aria-label') ?? '', el));
}

const statusLabels = (): Record<string, string> => ({ planned: st().statusPlanned, ongoing: st().statusOngoing, closed: st().statusClosed });

export function congressSettingsSection(slug: string, c: CongressOverview, onSaved: (c: CongressOverview) => void): HTMLElement {
  const base = `/api/v1/congresses/${slug}`;
  const s = st();
  const { el: msg, say } = statusLine();
  const name = field(s.congressName, { value: c.name });
  const ordinal = field(s.ordinal, { value: c.ordinal });
  const organization = field(s.organization, { value: c.organization });
  const term = field(s.term, { value: c.term });
  const start = field(s.opening, { type: 'date', value: c.start_date });
  const end = field(s.closing, { type: 'date', value: c.end_date });
  const venue = field(s.venue, { value: c.venue });
  const status = h('select', { 'aria-label': s.status },
    ...Object.entries(statusLabels()).map(([v, l]) => h('option', { value: v, selected: v === c.status }, l))) as HTMLSelectElement;
  const qn = field(s.numerator, { type: 'number', min: '1', value: String(c.quorum.numerator) });
  const qd = field(s.denominator, { type: 'number', min: '1', value: String(c.quorum.denominator) });
  const printing = (c as any).printing ?? { extra_copies: 20, cost_per_page_vnd: 500 };
  const extra = field(s.extraCopies, { type: 'number', min: '0', value: String(printing.extra_copies) });
  const cost = field(s.pageCost, { type: 'number', min: '0', value: String(printing.cost_per_page_vnd) });
  const form = h('form', { class: 'settings', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await send('PATCH', base, {
      name: name.value, ordinal: ordinal.value, organization: organization.value, term: term.value,
      start_date: start.value, end_date: end.value, venue: venue.value, status: status.value,
      quorum: { numerator: Number(qn.value), denominator: Number(qd.value) },
      printing: { extra_copies: Number(extra.value), cost_per_page_vnd: Number(cost.value) },
    });
    say(r.ok, r.ok ? s.congressSaved : `✗ ${errText(r)}`);
    if (r.ok) onSaved(await api.congress(slug));
  } },
  h('div', { class: 'grid2' },
    labelled(s.congressName, name), labelled(s.ordinal, ordinal), labelled(s.organization, organization),
    labelled(s.term, term), labelled(s.opening, start), labelled(s.closing, end),
    labelled(s.venue, venue), labelled(s.status, status),
    labelled(s.quorumNumerator, qn), labelled(s.quorumDenominator, qd),
    labelled(s.extraCopiesLong, extra), labelled(s.pageCostLong, cost)),
  h('div', { class: 'actions' }, h('button', { class: 'button primary', type: 'submit' }, s.saveCongress)));
  const del = h('button', { class: 'button danger', type: 'button', onclick: async () => {
    const dry = await send('DELETE', `${base}?dry_run=1`);
    if (!dry.ok) { say(false, `✗ ${errText(dry)}`); return; }
    const t = dry.j.takes_along;
    if (!confirm(s.confirmDeleteCongress(t))) return;
    const r = await send('DELETE', base);
    if (r.ok) location.href = '/console'; else say(false, `✗ ${errText(r)}`);
  } }, s.deleteCongressButton);
  return h('section', { class: 'card', id: 'congress-settings' }, h('h2', {}, s.congressInfo), form, msg,
    h('details', {}, h('summary', { class: 'muted small' }, s.deleteCongress), h('p', { class: 'muted small' },
      s.deleteCongressHint), del));
}

// Sessions and their agenda items, each editable in place.
export function programmeSection(slug: string, initial: CongressOverview, onChanged: (c: CongressOverview) => void): HTMLElement {
  const base = `/api/v1/congresses/${slug}`;
  const s = st();
  const { el: msg, say: sayAll } = statusLine();
  const say = sayAll;
  const body = h('div', {});
  let c = initial;

  const reload = async () => {
    c = await api.congress(slug);
    draw();
    onChanged(c);
  };

  const sessionRow = (ses: Session, idx: number) => {
    // Messages about this session also appear next to it.
    const near = h('p', { class: 'small', role: 'status' }, '');
    const say = (ok: boolean, text: string) => { near.textContent = text; near.className = ok ? 'ok small' : 'err small'; sayAll(ok, text); };
    const name = field(s.sessionName, { value: ses.name });
    const date = field(s.date, { type: 'date', value: ses.date });
    const start = field(s.starts, { type: 'time', value: ses.starts_at });
    const end = field(s.ends, { type: 'time', value: ses.ends_at });
    const save = h('button', { class: 'button', type: 'submit' }, s.saveSession);
    const up = h('button', { class: 'button', type: 'button', 'aria-label': s.moveUp(ses.name), disabled: idx === 0, onclick: async () => {
      const ids = c.sessions.map((x) => x.id);
      [ids[idx - 1], ids[idx]] = [ids[idx], ids[idx - 1]];
      const r = await send('PUT', `${base}/sessions/order`, { ids });
      say(r.ok, r.ok ? s.reordered : `✗ ${errText(r)}`);
      if (r.ok) void reload();
    } }, '↑');
    const remove = h('button', { class: 'button danger', type: 'button', onclick: async () => {
      const dry = await send('DELETE', `${base}/sessions/${ses.id}?dry_run=1`);
      if (!dry.ok) { say(false, `✗ ${errText(dry)}`); return; }
      const t = dry.j.takes_along;
      let url = `${base}/sessions/${ses.id}`;
      if (t.checkins > 0) { say(false, `✗ ${dry.j.refused}`); return; }
      if (t.documents > 0) {
        const others = c.sessions.filter((x) => x.id !== ses.id);
        if (!others.length) { say(false, `✗ ${dry.j.refused}`); return; }
        const target = prompt(s.moveItemsTo(dry.j.refused, others.map((x, i) => `${i + 1}. ${x.name}`).join('\n')), '1');
        const pick = others[Number(target) - 1];
        if (!pick) return;
        url += `?move_to=${pick.id}`;
      } else if (!confirm(s.confirmDeleteSession(ses.name, t.agenda_items))) return;
      const r = await send('DELETE', url);
      say(r.ok, r.ok ? s.deletedName(ses.name) : `✗ ${errText(r)}`);
      if (r.ok) void reload();
    } }, staffText().delete);
    const form = h('form', { class: 'grid2 session-edit', onsubmit: async (e: Event) => {
      e.preventDefault();
      const r = await send('PATCH', `${base}/sessions/${ses.id}`, { name: name.value, date: date.value, starts_at: start.value, ends_at: end.value });
      say(r.ok, r.ok ? s.savedName(name.value) : `✗ ${errText(r)}`);
      if (r.ok) void reload();
    } }, ...withLabels(name, date, start, end), h('div', { class: 'actions' }, save, up, remove), near);
    const items = ses.agenda.map((a) => itemRow(ses, a));
    return h('div', { class: 'card session-card' },
      h('h3', {}, `${ses.name} · ${viDate(ses.date)} ${ses.starts_at}${ses.ends_at ? `–${ses.ends_at}` : ''}`),
      form, h('ul', { class: 'list agenda-edit' }, ...items));
  };

  const itemRow = (ses: Session, a: AgendaItem) => {
    const near = h('span', { class: 'small', role: 'status' }, '');
    const say = (ok: boolean, text: string) => { near.textContent = text; near.className = ok ? 'ok small' : 'err small'; sayAll(ok, text); };
    const time = field(s.time, { type: 'time', value: a.starts_at });
    const title = field(s.itemTitle, { value: a.title });
    const presenter = field(s.presenter, { value: a.presenter });
    const session = h('select', { 'aria-label': s.session },
      ...c.sessions.map((x) => h('option', { value: String(x.id), selected: x.id === ses.id }, x.name))) as HTMLSelectElement;
    const form = h('form', { class: 'grid2', onsubmit: async (e: Event) => {
      e.preventDefault();
      const r = await send('PATCH', `${base}/agenda-items/${a.id}`, { session_id: Number(session.value), starts_at: time.value, title: title.value, presenter: presenter.value });
      say(r.ok, r.ok ? s.savedQuoted(title.value) : `✗ ${errText(r)}`);
      if (r.ok) void reload();
    } }, ...withLabels(time, title, presenter, session),
    h('div', { class: 'actions' }, h('button', { class: 'button', type: 'submit' }, staffText().save),
      h('button', { class: 'button danger', type: 'button', onclick: async () => {
        const dry = await send('DELETE', `${base}/agenda-items/${a.id}?dry_run=1`);
        if (!dry.ok) { say(false, `✗ ${errText(dry)}`); return; }
        let url = `${base}/agenda-items/${a.id}`;
        if (dry.j.takes_along.documents > 0) {
          if (!confirm(s.keepDocuments(dry.j.refused, dry.j.takes_along.documents))) return;
          url += '?move_to=0';
        } else if (!confirm(s.confirmDeleteItem(a.title))) return;
        const r = await send('DELETE', url);
        say(r.ok, r.ok ? s.deletedQuoted(a.title) : `✗ ${errText(r)}`);
        if (r.ok) void reload();
      } }, staffText().delete), near));
    return h('li', {}, form);
  };

  // --- add forms (kept across refreshes) ---------------------------------
  const sName = field(s.newSessionName);
  const sDate = field(s.date, { type: 'date' });
  const sStart = field(s.starts, { type: 'time' });
  const sEnd = field(s.ends, { type: 'time' });
  const addSession = h('form', { class: 'grid2', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await send('POST', `${base}/sessions`, { name: sName.value, date: sDate.value, starts_at: sStart.value, ends_at: sEnd.value });
    say(r.ok, r.ok ? s.sessionAdded(sName.value) : `✗ ${errText(r)}`);
    if (r.ok) { sName.value = ''; void reload(); }
  } }, sName, sDate, sStart, sEnd, h('button', { class: 'button', type: 'submit' }, s.addSession));

  const aSession = h('select', { 'aria-label': s.session }) as HTMLSelectElement;
  const aTime = field(s.time, { type: 'time' });
  const aTitle = field(s.newItemTitle);
  const aPresenter = field(s.presenter);
  const addItem = h('form', { class: 'grid2', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await send('POST', `${base}/agenda-items`, { session_id: Number(aSession.value), starts_at: aTime.value, title: aTitle.value, presenter: aPresenter.value });
    say(r.ok, r.ok ? s.itemAdded(aTitle.value) : `✗ ${errText(r)}`);
    if (r.ok) { aTitle.value = ''; aPresenter.value = ''; void reload(); }
  } }, aSession, aTime, aTitle, aPresenter, h('button', { class: 'button', type: 'submit' }, s.addItem));

  const draw = () => {
    const keep = aSession.value;
    mount(aSession, ...c.sessions.map((x) => h('option', { value: String(x.id), selected: String(x.id) === keep }, x.name)));
    mount(body, ...(c.sessions.length ? c.sessions.map(sessionRow) : [h('p', { class: 'muted' }, s.noSessions)]));
  };
  draw();
  return h('section', { class: 'card', id: 'programme' }, h('h2', {}, s.programme),
    h('p', { class: 'muted small' }, s.programmeHint),
    body, h('h3', {}, s.addSessionTitle), addSession, h('h3', {}, s.addItem), addItem, msg);
}

interface UserRow { name: string; role: string; disabled: boolean; all_congresses: boolean; congresses: string[] }
const roleLabels = (): Record<string, string> => ({ admin: st().roleAdmin, secretariat: st().roleSecretariat, chair: st().roleChair, checkin: st().roleCheckin });

// Which congresses an account works on (decision 418): "every congress",
// or a tick per congress. `value()` is the body the API takes.
function scopePicker(congresses: Congress[], all: boolean, chosen: string[]): { el: HTMLElement; value: () => Record<string, unknown> } {
  const s = st();
  const every = h('input', { type: 'checkbox', checked: all, 'aria-label': s.allCongresses, class: 'scope-all' }) as HTMLInputElement;
  const boxes = congresses.map((c) => h('input', { type: 'checkbox', checked: chosen.includes(c.slug), value: c.slug, 'aria-label': c.name, disabled: all }) as HTMLInputElement);
  every.addEventListener('change', () => { for (const b of boxes) b.disabled = every.checked; });
  const el = h('fieldset', { class: 'scope-picker' },
    h('legend', { class: 'muted small' }, s.worksOn),
    h('label', { class: 'scope-choice' }, every, ` ${s.allCongresses}`),
    ...congresses.map((c, i) => h('label', { class: 'scope-choice' }, boxes[i], ` ${c.name}`, h('span', { class: 'muted small' }, ` (${c.slug})`))));
  return { el, value: () => (every.checked ? { all_congresses: true } : { congresses: boxes.filter((b) => b.checked).map((b) => b.value) }) };
}

export function usersSection(me: string, slug = ''): HTMLElement {
  const list = h('ul', { class: 'list' });
  const msg = h('p', { class: 'small', role: 'status' }, '');
  const s = st();
  const ROLE_LABEL = roleLabels();
  let congresses: Congress[] = [];
  const scopeText = (u: UserRow): string => {
    if (u.role === 'admin' || u.all_congresses) return s.allCongresses;
    if (!u.congresses.length) return s.noCongress;
    const names = u.congresses.map((x) => congresses.find((c) => c.slug === x)?.name ?? x);
    return s.onlyCongresses(names.join(', '));
  };
  const row = (u: UserRow): HTMLElement => {
    const editor = h('div', { class: 'scope-editor', hidden: true });
    const li = h('li', { class: 'face-row user-row', 'data-user': u.name },
      h('span', {}, h('strong', {}, u.name), ` · ${ROLE_LABEL[u.role] ?? u.role}`, u.disabled ? h('span', { class: 'err small' }, s.locked) : null,
        h('br', {}), h('span', { class: `small ${!u.all_congresses && !u.congresses.length && u.role !== 'admin' ? 'err' : 'muted'} user-scope` }, scopeText(u))),
      h('span', { class: 'row' },
        u.role === 'admin' ? null : h('button', { class: 'button scope-edit', type: 'button', onclick: () => {
          if (!editor.hidden) { editor.hidden = true; return; }
          const picker = scopePicker(congresses, u.all_congresses, u.congresses);
          mount(editor, picker.el, h('button', { class: 'button', type: 'button', onclick: async () => {
            const res = await send('PUT', `/api/v1/users/${encodeURIComponent(u.name)}/congresses`, picker.value());
            msg.textContent = res.ok ? s.scopeSaved(u.name) : `✗ ${errText(res)}`;
            msg.className = res.ok ? 'ok small' : 'err small';
            if (res.ok) void load();
          } }, s.saveScope));
          editor.hidden = false;
        } }, s.congressesButton),
        u.name === me ? h('span', { class: 'muted small' }, s.you) : h('button', { class: `button ${u.disabled ? '' : 'danger'}`, onclick: async () => {
          const res = await send('POST', `/api/v1/users/${encodeURIComponent(u.name)}/${u.disabled ? 'enable' : 'disable'}`, {});
          msg.textContent = res.ok ? s.userToggled(u.name, u.disabled) : `✗ ${errText(res)}`;
          void load();
        } }, u.disabled ? s.unlock : s.lock)),
      editor);
    return li;
  };
  // `fresh`: also redraw the new account's ticks (first load, after a creation).
  const load = async (fresh = false) => {
    const [users, cs] = await Promise.all([
      http.get<{ users: UserRow[] }>('/api/v1/users').then((j) => j.users, () => null),
      api.congresses().catch(() => [] as Congress[])]);
    congresses = cs;
    if (!users) { mount(list, h('li', { class: 'muted' }, s.usersAdminOnly)); return; }
    mount(list, ...users.map(row));
    if (fresh) drawPicker();
  };
  const name = field(s.newUserName, { autocomplete: 'off' });
  const role = h('select', { 'aria-label': s.role }, ...Object.entries(ROLE_LABEL).map(([id, label]) => h('option', { value: id, selected: id === 'checkin' }, label))) as HTMLSelectElement;
  // The new account's congresses: this congress ticked; none for an admin.
  const pickerSlot = h('div', {});
  let picker = scopePicker([], false, []);
  const drawPicker = () => {
    picker = scopePicker(congresses, false, slug ? [slug] : []);
    mount(pickerSlot, ...(role.value === 'admin' ? [h('p', { class: 'muted small' }, s.adminEverywhere)] : [picker.el]));
  };
  role.addEventListener('change', drawPicker);
  const add = h('form', { class: 'user-add', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await send('POST', '/api/v1/users', { name: name.value, role: role.value, ...(role.value === 'admin' ? {} : picker.value()) });
    msg.textContent = r.ok ? s.userCreated(r.j.name, r.j.password) : `✗ ${errText(r)}`;
    msg.className = r.ok ? 'ok small password-once' : 'err small';
    if (r.ok) { name.value = ''; void load(true); }
  } }, h('div', { class: 'row' }, name, role), pickerSlot, h('button', { class: 'button', type: 'submit' }, s.createAccount));
  void load(true);
  return h('section', { class: 'card', id: 'users' }, h('h2', {}, s.users),
    h('p', { class: 'muted small' }, s.usersHint),
    list, h('h3', {}, s.createAccount), add, msg);
}
