// The secretariat's roster: delegations and delegates with search and edit,
// the Excel import with a preview (the API's dry_run) before anything is
// written, and badges — one delegate's reprint or the whole set, saying
// exactly which badges stop working.
import { type CongressOverview } from './api';
import { http } from './http';
import { rosterText } from './strings/roster';
import { staffText } from './strings/staff';
import { h, mount } from './dom';
import { fold } from './fold';
import { errText, send, statusLine, viDate } from './admin_api';

export interface DelegateRow {
  id: number; badge: string; full_name: string; delegation_id: number | null; delegation: string;
  position_title: string; gender: string; birth_year: number | null; birth_date: string; ethnicity: string;
  seat: string; phone: string; kind: string; party_member: boolean | null;
}

const kindLabels = (): Record<string, string> => ({ official: rosterText().kindOfficial, invited: rosterText().kindInvited, alternate: rosterText().kindAlternate });

function input(label: string, value: string, attrs: Record<string, string> = {}): HTMLInputElement {
  return h('input', { 'aria-label': label, placeholder: label, title: label, value, ...attrs }) as HTMLInputElement;
}
function select(label: string, options: [string, string][], value: string): HTMLSelectElement {
  return h('select', { 'aria-label': label, title: label }, ...options.map(([v, l]) => h('option', { value: v, selected: v === value }, l))) as HTMLSelectElement;
}

async function openPrint(url: string, body: unknown): Promise<{ ok: boolean; text: string }> {
  const r = await send('POST', url, body);
  if (!r.ok) return { ok: false, text: `✗ ${errText(r)}` };
  window.open(r.j.url, '_blank');
  return { ok: true, text: `✓ ${r.j.message} ` };
}

export function rosterSection(slug: string, initial: CongressOverview, onChanged: () => void): HTMLElement {
  const base = `/api/v1/congresses/${slug}`;
  const s = rosterText();
  const { el: msg, say } = statusLine();
  let c = initial;
  let delegates: DelegateRow[] = [];
  const heading = h('h2', {}, s.heading);
  const delegationList = h('ul', { class: 'list' });
  const table = h('div', { class: 'roster' });
  const search = h('input', { type: 'search', 'aria-label': s.search, placeholder: s.searchHint }) as HTMLInputElement;
  search.addEventListener('input', () => drawDelegates());

  const reload = async () => {
    const [cr, dr] = await Promise.all([
      http.get<CongressOverview>(base),
      http.get<{ delegates: DelegateRow[] }>(`${base}/delegates`),
    ]);
    c = cr;
    delegates = dr.delegates ?? [];
    draw();
    onChanged();
  };

  const delegationOptions = (): [string, string][] => [['', s.noDelegation], ...c.delegations.map((d) => [String(d.id), d.name] as [string, string])];

  const drawDelegations = () => {
    mount(delegationList, ...c.delegations.map((g, idx) => {
      const name = input(s.delegationName, g.name);
      return h('li', { class: 'row delegation-row' }, name, h('span', { class: 'muted small' }, s.delegatesN(g.delegates)),
        h('button', { class: 'button', onclick: async () => {
          const r = await send('PATCH', `${base}/delegations/${g.id}`, { name: name.value });
          say(r.ok, r.ok ? s.delegationRenamed(name.value) : `✗ ${errText(r)}`);
          if (r.ok) void reload();
        } }, staffText().save),
        h('button', { class: 'button', 'aria-label': s.moveUp(g.name), disabled: idx === 0, onclick: async () => {
          const ids = c.delegations.map((x) => x.id);
          [ids[idx - 1], ids[idx]] = [ids[idx], ids[idx - 1]];
          const r = await send('PUT', `${base}/delegations/order`, { ids });
          say(r.ok, r.ok ? s.delegationsReordered : `✗ ${errText(r)}`);
          if (r.ok) void reload();
        } }, '↑'),
        h('button', { class: 'button danger', onclick: async () => {
          let url = `${base}/delegations/${g.id}`;
          if (g.delegates > 0) {
            const others = c.delegations.filter((x) => x.id !== g.id);
            const pick = prompt(s.moveDelegates(g.name, g.delegates, others.map((x, i) => `${i + 1}. ${x.name}`).join('\n')), '0');
            if (pick === null) return;
            const target = Number(pick) === 0 ? 0 : others[Number(pick) - 1]?.id;
            if (target === undefined) return;
            url += `?move_to=${target}`;
          } else if (!confirm(s.confirmDelete(g.name))) return;
          const r = await send('DELETE', url);
          say(r.ok, r.ok ? s.deletedName(g.name) : `✗ ${errText(r)}`);
          if (r.ok) void reload();
        } }, staffText().delete));
    }));
  };

  const delegateEditor = (d: DelegateRow) => {
    const f = {
      full_name: input(s.fullName, d.full_name), badge: input(s.badge, d.badge),
      delegation: select(s.delegation, delegationOptions(), d.delegation_id ? String(d.delegation_id) : ''),
      position_title: input(s.position, d.position_title),
      gender: select(s.gender, [['', '—'], ['male', s.male], ['female', s.female]], d.gender),
      birth_date: input(s.birthDate, d.birth_date, { type: 'date' }),
      birth_year: input(s.birthYear, d.birth_year ? String(d.birth_year) : '', { type: 'number', min: '1900', max: '2100' }),
      ethnicity: input(s.ethnicity, d.ethnicity),
      party: select(s.party, [['', '—'], ['yes', s.partyYes], ['no', s.partyNo]], d.party_member === null ? '' : d.party_member ? 'yes' : 'no'),
      kind: select(s.kind, Object.entries(kindLabels()), d.kind),
      seat: input(s.seat, d.seat), phone: input(s.phone, d.phone, { type: 'tel' }),
    };
    const local = h('span', { class: 'small', role: 'status' }, '');
    const tell = (ok: boolean, text: string) => { local.textContent = text; local.className = ok ? 'ok small' : 'err small'; say(ok, text); };
    const save = async (e: Event) => {
      e.preventDefault();
      const r = await send('PATCH', `${base}/delegates/${d.id}`, {
        full_name: f.full_name.value, badge: f.badge.value, delegation_id: f.delegation.value ? Number(f.delegation.value) : null,
        position_title: f.position_title.value, gender: f.gender.value, birth_date: f.birth_date.value,
        birth_year: f.birth_date.value ? Number(f.birth_date.value.slice(0, 4)) : f.birth_year.value ? Number(f.birth_year.value) : null,
        ethnicity: f.ethnicity.value, party_member: f.party.value === '' ? null : f.party.value === 'yes',
        kind: f.kind.value, seat: f.seat.value, phone: f.phone.value,
      });
      tell(r.ok, r.ok ? s.savedName(f.full_name.value) : `✗ ${errText(r)}`);
      if (r.ok) { Object.assign(d, r.j); summaryText.textContent = summary(d); }
    };
    const summary = (x: DelegateRow) => `${x.badge} · ${x.full_name}${x.delegation ? ` · ${x.delegation}` : ''}`;
    const summaryText = h('span', {}, summary(d));
    return h('details', { class: 'delegate-row' }, h('summary', {}, summaryText),
      h('form', { onsubmit: save },
        h('div', { class: 'grid2' }, ...[f.full_name, f.badge, f.delegation, f.position_title, f.gender, f.birth_date, f.birth_year,
          f.ethnicity, f.party, f.kind, f.seat, f.phone].map((el) =>
          h('label', { class: 'field' }, h('span', { class: 'muted small' }, el.getAttribute('aria-label') ?? ''), el))),
        h('div', { class: 'actions' },
          h('button', { class: 'button primary', type: 'submit' }, staffText().save),
          h('button', { class: 'button', type: 'button', onclick: async () => {
            if (!confirm(s.confirmReprint(d.full_name))) return;
            const r = await openPrint(`${base}/badges`, { delegate_ids: [d.id], revoke: true });
            tell(r.ok, r.text);
          } }, s.reprint),
          h('button', { class: 'button danger', type: 'button', onclick: async () => {
            const dry = await send('DELETE', `${base}/delegates/${d.id}?dry_run=1`);
            if (!dry.ok) { tell(false, `✗ ${errText(dry)}`); return; }
            if (dry.j.refused) { tell(false, `✗ ${dry.j.refused}`); return; }
            if (!confirm(s.confirmDeleteDelegate(d.full_name, Boolean(dry.j.takes_along.badge_tokens)))) return;
            const r = await send('DELETE', `${base}/delegates/${d.id}`);
            tell(r.ok, r.ok ? s.deletedName(d.full_name) : `✗ ${errText(r)}`);
            if (r.ok) void reload();
          } }, staffText().delete),
          local)));
  };

  const drawDelegates = () => {
    const q = fold(search.value.trim());
    const shown = delegates.filter((d) => !q || fold(`${d.badge} ${d.full_name} ${d.delegation} ${d.position_title}`).includes(q));
    heading.textContent = s.headingCounts(delegates.length, c.delegations.length);
    mount(table,
      h('p', { class: 'muted small' }, q ? s.matching(shown.length, delegates.length) : s.delegatesN(delegates.length)),
      ...shown.slice(0, 300).map(delegateEditor),
      ...(shown.length > 300 ? [h('p', { class: 'muted small' }, s.andMore(shown.length - 300))] : []));
  };
  const draw = () => { drawDelegations(); drawDelegates(); setOptions(); };

  // --- add one delegate / delegation --------------------------------------
  const nBadge = input(s.badge, ''), nName = input(s.fullName, '');
  const nDelegation = select(s.delegation, [], '');
  const addDelegate = h('form', { class: 'grid2', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await send('POST', `${base}/delegates`, { badge: nBadge.value, full_name: nName.value, delegation_id: nDelegation.value ? Number(nDelegation.value) : null });
    say(r.ok, r.ok ? s.added(nName.value) : `✗ ${errText(r)}`);
    if (r.ok) { nBadge.value = ''; nName.value = ''; void reload(); }
  } }, nBadge, nName, nDelegation, h('button', { class: 'button', type: 'submit' }, s.addDelegate));
  const gName = input(s.newDelegationName, '');
  const addDelegation = h('form', { class: 'row', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await send('POST', `${base}/delegations`, { name: gName.value });
    say(r.ok, r.ok ? s.delegationAdded(gName.value) : `✗ ${errText(r)}`);
    if (r.ok) { gName.value = ''; void reload(); }
  } }, gName, h('button', { class: 'button', type: 'submit' }, s.addDelegation));

  // --- import with preview -------------------------------------------------
  const importInput = h('input', { type: 'file', accept: '.xlsx,.csv', hidden: true }) as HTMLInputElement;
  const preview = h('div', { class: 'import-preview' });
  importInput.addEventListener('change', async () => {
    const file = importInput.files?.[0];
    importInput.value = '';
    if (!file) return;
    mount(preview, h('p', { class: 'small' }, s.checking(file.name)));
    // The file as it is (its own type), through the wrapper that reports failure as a value.
    const post = (dry: boolean) => send('POST', `${base}/delegates/import?create_delegations=1${dry ? '&dry_run=1' : ''}`, file);
    const dry = await post(true);
    if (!dry.ok) {
      mount(preview, h('p', { class: 'err small' }, s.fileRefused(file.name, errText(dry))));
      return;
    }
    mount(preview, h('div', { class: 'card warn' },
      h('p', {}, s.previewOf(file.name), h('strong', {}, s.previewCounts(dry.j.inserted, dry.j.updated, dry.j.delegations_created)),
        dry.j.skipped_blank_rows ? s.skippedBlank(dry.j.skipped_blank_rows) : '', s.nothingWritten),
      h('div', { class: 'actions' },
        h('button', { class: 'button primary', onclick: async () => {
          const r = await post(false);
          mount(preview, h('p', { class: r.ok ? 'ok small' : 'err small' }, r.ok
            ? s.imported(file.name, r.j.inserted, r.j.updated, r.j.delegations_created)
            : `✗ ${errText(r)}`));
          if (r.ok) void reload();
        } }, s.importThis),
        h('button', { class: 'button', onclick: () => mount(preview) }, staffText().cancel))));
  });

  // --- badges for the whole set ---------------------------------------------
  const badgeMsg = h('p', { class: 'small', role: 'status' }, '');
  const badges = h('div', { class: 'actions' },
    h('button', { class: 'button', onclick: async () => {
      const r = await openPrint(`${base}/badges`, { revoke: false });
      badgeMsg.textContent = r.text;
      badgeMsg.className = r.ok ? 'ok small' : 'err small';
    } }, s.printAll),
    h('button', { class: 'button danger', onclick: async () => {
      if (!confirm(s.confirmRevokeAll(delegates.length))) return;
      const r = await openPrint(`${base}/badges`, { revoke: true });
      badgeMsg.textContent = r.text;
      badgeMsg.className = r.ok ? 'ok small' : 'err small';
    } }, s.revokeAll),
    h('a', { class: 'button', href: `${base}/delegates/tokens?format=csv` }, s.tokensCsv));

  const setOptions = () => mount(nDelegation, ...delegationOptions().map(([v, l]) => h('option', { value: v }, l)));
  const section = h('section', { class: 'card', id: 'roster' }, heading,
    h('h3', {}, s.importList),
    h('p', { class: 'muted small' }, s.importHint),
    h('div', { class: 'actions' },
      h('button', { class: 'button', onclick: () => importInput.click() }, s.chooseFile),
      h('a', { class: 'button', href: `${base}/delegates/export?format=xlsx` }, staffText().exportExcel),
      h('a', { class: 'button', href: `${base}/delegates/export?format=csv` }, staffText().exportCsv)),
    importInput, preview,
    h('h3', {}, s.badges),
    h('p', { class: 'muted small' }, s.badgesHint),
    badges, badgeMsg,
    h('h3', {}, s.delegations), delegationList, addDelegation,
    h('h3', {}, s.delegateList), search, table,
    h('h3', {}, s.addOne), addDelegate, msg);
  void reload();
  return section;
}

export { viDate };
