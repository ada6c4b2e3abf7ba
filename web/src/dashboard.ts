// The live attendance dashboard (/attendance/SLUG): present / expected,
// official delegates against the quorum, by delegation, who is missing,
// the latest check-ins; refreshed on every "attendance" event; export.
import { attendanceApi, type Roll } from './attendance_api';
import { h, mount } from './dom';
import { connectLive } from './live';
import { requireStaff } from './staff';
import { formatDate } from './i18n';

const ROLES = ['admin', 'secretariat', 'chair', 'checkin'];
const METHOD: Record<string, string> = { face: 'khuôn mặt', badge: 'thẻ', manual: 'thủ công' };

export async function renderDashboard(root: HTMLElement, slug: string, bar: (title: string) => HTMLElement): Promise<() => void> {
  const again = () => void renderDashboard(root, slug, bar);
  const who = await requireStaff(root, bar, ROLES, again, 'Đăng nhập bảng điểm danh');
  if (!who) return () => {};
  const status = await attendanceApi.status(slug);
  let session = status.current_session_id;
  const body = h('div', {});
  const live = h('span', { class: 'live' }, '');
  const sessionSelect = h('select', { 'aria-label': 'Phiên họp', onchange: () => { session = Number(sessionSelect.value); void refresh(); } },
    ...status.sessions.map((s) => h('option', { value: String(s.id), selected: s.id === session }, `${s.name} · ${formatDate(s.date)} ${s.starts_at}`))) as HTMLSelectElement;

  const view = (r: Roll) => {
    const pct = (a: number, b: number) => (b ? Math.round((a * 100) / b) : 0);
    const quorumBar = h('div', { class: 'meter', role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': String(r.official_expected), 'aria-valuenow': String(r.official_present), 'aria-label': 'Đại biểu chính thức có mặt' },
      h('span', { class: `fill ${r.quorum_met ? 'ok' : ''}`, style: `width:${pct(r.official_present, r.official_expected)}%` }),
      h('span', { class: 'mark', style: `left:${pct(r.quorum_needed, r.official_expected)}%`, title: 'Ngưỡng hợp lệ' }));
    return [
      h('section', { class: 'card dash-top' },
        h('p', { class: 'dash-big', 'data-testid': 'present' }, `${r.present}`, h('span', { class: 'muted' }, ` / ${r.expected}`)),
        h('p', {}, 'đại biểu có mặt'),
        h('p', { class: `dash-quorum ${r.quorum_met ? 'ok' : 'warn'}` },
          r.quorum_met ? '✓ Đủ 2/3 đại biểu chính thức và 2/3 đơn vị để tiến hành' : `${r.quorum_message}`),
        quorumBar,
        h('p', { class: 'small muted' }, `Chính thức có mặt ${r.official_present}/${r.official_expected} (cần ${r.quorum_needed}) · đơn vị có đại biểu ${r.units_present}/${r.units_expected} (cần ${r.units_needed}) · khuôn mặt ${r.methods.face} · thẻ ${r.methods.badge} · thủ công ${r.methods.manual}`),
        h('div', { class: 'actions' },
          h('a', { class: 'button', href: `/api/v1/congresses/${slug}/attendance/export?format=xlsx&session=${r.session.id}` }, 'Xuất Excel'),
          h('a', { class: 'button', href: `/api/v1/congresses/${slug}/attendance/export?format=csv&session=${r.session.id}` }, 'Xuất CSV'))),
      h('section', { class: 'card' }, h('h2', {}, 'Theo đoàn'),
        h('table', { class: 'dash-table' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Đoàn'), h('th', {}, 'Có mặt'), h('th', {}, ''))),
          h('tbody', {}, ...r.by_delegation.map((g) => h('tr', {},
            h('td', {}, g.name), h('td', { class: 'num' }, `${g.present}/${g.expected}`),
            h('td', {}, h('div', { class: 'meter thin' }, h('span', { class: 'fill', style: `width:${pct(g.present, g.expected)}%` })))))))),
      h('section', { class: 'card' }, h('h2', {}, `Mới điểm danh`),
        r.present_list.length ? h('ul', { class: 'list' }, ...r.present_list.slice(0, 12).map((p) =>
          h('li', {}, h('strong', {}, p.checkin.at_local), ` ${p.full_name} · ${p.delegation} · ${METHOD[p.checkin.method]}${p.checkin.kiosk ? ` · ${p.checkin.kiosk}` : ''}`)))
          : h('p', { class: 'muted' }, 'Chưa có ai.')),
      h('details', { class: 'card' }, h('summary', {}, `Vắng mặt (${r.missing.length})`),
        h('ul', { class: 'list' }, ...r.missing.map((d) => h('li', {}, `${d.badge} · ${d.full_name} · ${d.delegation}${d.kind !== 'official' ? ' (khách mời)' : ''}`)))),
    ];
  };
  const refresh = async () => {
    try { mount(body, ...view(await attendanceApi.roll(slug, session))); } catch (err) { mount(body, h('p', { class: 'err' }, (err as Error).message)); }
  };
  // Printed photos held up to a kiosk (the liveness check refused them).
  const attacks = h('p', { class: 'small', 'data-testid': 'suspected' }, '');
  const showAttacks = (n: number, kiosk = '') => {
    attacks.textContent = n ? `⚠ Nghi dùng ảnh chụp tại cửa: ${n} lần${kiosk ? ` (gần nhất: ${kiosk})` : ''}` : '';
    attacks.className = n ? 'small warn dash-attacks' : 'small';
  };
  showAttacks(status.suspected_attacks ?? 0);
  mount(root, bar('Điểm danh trực tiếp'), h('main', { class: 'page dashboard' },
    h('div', { class: 'row' }, sessionSelect, live), attacks, body));
  document.title = 'Bảng điểm danh';
  await refresh();
  let pending = 0;
  const stop = connectLive(slug, (s) => { live.textContent = s === 'open' ? '● trực tiếp' : s === 'offline' ? 'mất kết nối' : '…'; },
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
