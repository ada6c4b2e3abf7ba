// The live attendance dashboard (/attendance/SLUG): present / expected,
// official delegates against the quorum, by delegation, who is missing,
// the latest check-ins; refreshed on every "attendance" event; export.
import { attendanceApi, type Roll } from './attendance_api';
import { h, mount } from './dom';
import { connectLive } from './live';
import { requireStaff } from './staff';
import { formatDate } from './i18n';
import { dashboardText } from './strings/attendance';
import { staffText } from './strings/staff';

const ROLES = ['admin', 'secretariat', 'chair', 'checkin'];

export async function renderDashboard(root: HTMLElement, slug: string, bar: (title: string) => HTMLElement): Promise<() => void> {
  const again = () => void renderDashboard(root, slug, bar);
  const who = await requireStaff(root, bar, ROLES, again, staffText().signInAttendance);
  if (!who) return () => {};
  const s = dashboardText();
  const METHOD: Record<string, string> = { face: s.methodFace, badge: s.methodBadge, manual: s.methodManual };
  const status = await attendanceApi.status(slug);
  let session = status.current_session_id;
  const body = h('div', {});
  const live = h('span', { class: 'live' }, '');
  const sessionSelect = h('select', { 'aria-label': s.session, onchange: () => { session = Number(sessionSelect.value); void refresh(); } },
    ...status.sessions.map((x) => h('option', { value: String(x.id), selected: x.id === session }, `${x.name} · ${formatDate(x.date)} ${x.starts_at}`))) as HTMLSelectElement;

  const view = (r: Roll) => {
    const pct = (a: number, b: number) => (b ? Math.round((a * 100) / b) : 0);
    const quorumBar = h('div', { class: 'meter', role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': String(r.official_expected), 'aria-valuenow': String(r.official_present), 'aria-label': s.officialPresent },
      h('span', { class: `fill ${r.quorum_met ? 'ok' : ''}`, style: `width:${pct(r.official_present, r.official_expected)}%` }),
      h('span', { class: 'mark', style: `left:${pct(r.quorum_needed, r.official_expected)}%`, title: s.threshold }));
    return [
      h('section', { class: 'card dash-top' },
        h('p', { class: 'dash-big', 'data-testid': 'present' }, `${r.present}`, h('span', { class: 'muted' }, ` / ${r.expected}`)),
        h('p', {}, s.present),
        h('p', { class: `dash-quorum ${r.quorum_met ? 'ok' : 'warn'}` },
          r.quorum_met ? s.quorumOk : `${s.quorumNotMet ?? r.quorum_message}`),
        quorumBar,
        h('p', { class: 'small muted' }, s.detail(r)),
        h('div', { class: 'actions' },
          h('a', { class: 'button', href: `/api/v1/congresses/${slug}/attendance/export?format=xlsx&session=${r.session.id}` }, s.exportExcel),
          h('a', { class: 'button', href: `/api/v1/congresses/${slug}/attendance/export?format=csv&session=${r.session.id}` }, s.exportCsv))),
      h('section', { class: 'card' }, h('h2', {}, s.byDelegation),
        h('table', { class: 'dash-table' },
          h('thead', {}, h('tr', {}, h('th', {}, s.delegation), h('th', {}, s.presentCol), h('th', {}, ''))),
          h('tbody', {}, ...r.by_delegation.map((g) => h('tr', {},
            h('td', {}, g.name), h('td', { class: 'num' }, `${g.present}/${g.expected}`),
            h('td', {}, h('div', { class: 'meter thin' }, h('span', { class: 'fill', style: `width:${pct(g.present, g.expected)}%` })))))))),
      h('section', { class: 'card' }, h('h2', {}, s.latest),
        r.present_list.length ? h('ul', { class: 'list' }, ...r.present_list.slice(0, 12).map((p) =>
          h('li', {}, h('strong', {}, p.checkin.at_local), ` ${p.full_name} · ${p.delegation} · ${METHOD[p.checkin.method]}${p.checkin.kiosk ? ` · ${p.checkin.kiosk}` : ''}`)))
          : h('p', { class: 'muted' }, s.nobody)),
      h('details', { class: 'card' }, h('summary', {}, s.missing(r.missing.length)),
        h('ul', { class: 'list' }, ...r.missing.map((d) => h('li', {}, `${d.badge} · ${d.full_name} · ${d.delegation}${d.kind !== 'official' ? s.guest : ''}`)))),
    ];
  };
  const refresh = async () => {
    try { mount(body, ...view(await attendanceApi.roll(slug, session))); } catch (err) { mount(body, h('p', { class: 'err' }, (err as Error).message)); }
  };
  // Printed photos held up to a kiosk (the liveness check refused them).
  const attacks = h('p', { class: 'small', 'data-testid': 'suspected' }, '');
  const showAttacks = (n: number, kiosk = '') => {
    attacks.textContent = n ? s.suspected(n, kiosk) : '';
    attacks.className = n ? 'small warn dash-attacks' : 'small';
  };
  showAttacks(status.suspected_attacks ?? 0);
  mount(root, bar(s.title), h('main', { class: 'page dashboard' },
    h('div', { class: 'row' }, sessionSelect, live), attacks, body));
  document.title = s.pageTitle;
  await refresh();
  let pending = 0;
  const stop = connectLive(slug, (x) => { live.textContent = x === 'open' ? s.live : x === 'offline' ? s.offline : '…'; },
    (type, data) => {
      if (type === 'suspected_photo') {
        const d = data as { suspected_attacks?: number; kiosk?: string };
        showAttacks(d.suspected_attacks ?? 0, d.kiosk ?? '');
        return;
      }
      window.clearTimeout(pending); pending = window.setTimeout(() => void refresh(), 300);
    }, ['attendance', 'suspected_photo']);
  return () => { stop(); window.clearTimeout(pending); };
}
