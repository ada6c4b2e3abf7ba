// The console's set-up sections: the congress's own settings, the
// programme (sessions and agenda items, edit/delete/reorder), and — for
// admins — users and roles. Each section refreshes only itself, so unsaved
// edits elsewhere and the last message stay on the page.
import { api, type CongressOverview, type Session, type AgendaItem } from './api';
import { h, mount } from './dom';
import { errText, send, statusLine, viDate } from './admin_api';

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

const STATUS_LABEL: Record<string, string> = { planned: 'Sắp diễn ra', ongoing: 'Đang diễn ra', closed: 'Đã bế mạc' };

export function congressSettingsSection(slug: string, c: CongressOverview, onSaved: (c: CongressOverview) => void): HTMLElement {
  const base = `/api/v1/congresses/${slug}`;
  const { el: msg, say } = statusLine();
  const name = field('Tên đại hội', { value: c.name });
  const ordinal = field('Lần thứ / khóa', { value: c.ordinal });
  const organization = field('Cơ quan tổ chức', { value: c.organization });
  const term = field('Nhiệm kỳ', { value: c.term });
  const start = field('Ngày khai mạc', { type: 'date', value: c.start_date });
  const end = field('Ngày bế mạc', { type: 'date', value: c.end_date });
  const venue = field('Địa điểm', { value: c.venue });
  const status = h('select', { 'aria-label': 'Trạng thái đại hội' },
    ...Object.entries(STATUS_LABEL).map(([v, l]) => h('option', { value: v, selected: v === c.status }, l))) as HTMLSelectElement;
  const qn = field('Tử số', { type: 'number', min: '1', value: String(c.quorum.numerator) });
  const qd = field('Mẫu số', { type: 'number', min: '1', value: String(c.quorum.denominator) });
  const printing = (c as any).printing ?? { extra_copies: 20, cost_per_page_vnd: 500 };
  const extra = field('Số bản in thêm', { type: 'number', min: '0', value: String(printing.extra_copies) });
  const cost = field('Giá một trang in (đ)', { type: 'number', min: '0', value: String(printing.cost_per_page_vnd) });
  const form = h('form', { class: 'settings', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await send('PATCH', base, {
      name: name.value, ordinal: ordinal.value, organization: organization.value, term: term.value,
      start_date: start.value, end_date: end.value, venue: venue.value, status: status.value,
      quorum: { numerator: Number(qn.value), denominator: Number(qd.value) },
      printing: { extra_copies: Number(extra.value), cost_per_page_vnd: Number(cost.value) },
    });
    say(r.ok, r.ok ? '✓ Đã lưu thông tin đại hội' : `✗ ${errText(r)}`);
    if (r.ok) onSaved(await api.congress(slug));
  } },
  h('div', { class: 'grid2' },
    labelled('Tên đại hội', name), labelled('Lần thứ / khóa', ordinal), labelled('Cơ quan tổ chức', organization),
    labelled('Nhiệm kỳ', term), labelled('Ngày khai mạc', start), labelled('Ngày bế mạc', end),
    labelled('Địa điểm', venue), labelled('Trạng thái đại hội', status),
    labelled('Tỉ lệ có mặt cần thiết (tử số)', qn), labelled('(mẫu số)', qd),
    labelled('Số bản in thêm (khách, báo chí)', extra), labelled('Giá một trang in (đồng)', cost)),
  h('div', { class: 'actions' }, h('button', { class: 'button primary', type: 'submit' }, 'Lưu thông tin đại hội')));
  const del = h('button', { class: 'button danger', type: 'button', onclick: async () => {
    const dry = await send('DELETE', `${base}?dry_run=1`);
    if (!dry.ok) { say(false, `✗ ${errText(dry)}`); return; }
    const t = dry.j.takes_along;
    if (!confirm(`Xóa hẳn đại hội này cùng ${t.sessions} phiên, ${t.agenda_items} mục chương trình, ${t.delegations} đoàn và ${t.delegates} đại biểu? Không hoàn tác được.`)) return;
    const r = await send('DELETE', base);
    if (r.ok) location.href = '/console'; else say(false, `✗ ${errText(r)}`);
  } }, 'Xóa đại hội…');
  return h('section', { class: 'card', id: 'congress-settings' }, h('h2', {}, 'Thông tin đại hội'), form, msg,
    h('details', {}, h('summary', { class: 'muted small' }, 'Xóa đại hội'), h('p', { class: 'muted small' },
      'Chỉ xóa được khi đại hội chưa có tài liệu, lượt điểm danh hay dữ liệu khuôn mặt. Đại hội đã xong: đổi trạng thái thành "Đã bế mạc".'), del));
}

// Sessions and their agenda items, each editable in place.
export function programmeSection(slug: string, initial: CongressOverview, onChanged: (c: CongressOverview) => void): HTMLElement {
  const base = `/api/v1/congresses/${slug}`;
  const { el: msg, say: sayAll } = statusLine();
  const say = sayAll;
  const body = h('div', {});
  let c = initial;

  const reload = async () => {
    c = await api.congress(slug);
    draw();
    onChanged(c);
  };

  const sessionRow = (s: Session, idx: number) => {
    // Messages about this session also appear next to it.
    const near = h('p', { class: 'small', role: 'status' }, '');
    const say = (ok: boolean, text: string) => { near.textContent = text; near.className = ok ? 'ok small' : 'err small'; sayAll(ok, text); };
    const name = field('Tên phiên', { value: s.name });
    const date = field('Ngày', { type: 'date', value: s.date });
    const start = field('Bắt đầu', { type: 'time', value: s.starts_at });
    const end = field('Kết thúc', { type: 'time', value: s.ends_at });
    const save = h('button', { class: 'button', type: 'submit' }, 'Lưu phiên');
    const up = h('button', { class: 'button', type: 'button', 'aria-label': `Đưa ${s.name} lên`, disabled: idx === 0, onclick: async () => {
      const ids = c.sessions.map((x) => x.id);
      [ids[idx - 1], ids[idx]] = [ids[idx], ids[idx - 1]];
      const r = await send('PUT', `${base}/sessions/order`, { ids });
      say(r.ok, r.ok ? '✓ Đã đổi thứ tự (các phiên cùng ngày giờ xếp theo thứ tự này)' : `✗ ${errText(r)}`);
      if (r.ok) void reload();
    } }, '↑');
    const remove = h('button', { class: 'button danger', type: 'button', onclick: async () => {
      const dry = await send('DELETE', `${base}/sessions/${s.id}?dry_run=1`);
      if (!dry.ok) { say(false, `✗ ${errText(dry)}`); return; }
      const t = dry.j.takes_along;
      let url = `${base}/sessions/${s.id}`;
      if (t.checkins > 0) { say(false, `✗ ${dry.j.refused}`); return; }
      if (t.documents > 0) {
        const others = c.sessions.filter((x) => x.id !== s.id);
        if (!others.length) { say(false, `✗ ${dry.j.refused}`); return; }
        const target = prompt(`${dry.j.refused}\n\nChuyển các mục chương trình sang phiên nào? Gõ số thứ tự:\n${others.map((x, i) => `${i + 1}. ${x.name}`).join('\n')}`, '1');
        const pick = others[Number(target) - 1];
        if (!pick) return;
        url += `?move_to=${pick.id}`;
      } else if (!confirm(`Xóa ${s.name} cùng ${t.agenda_items} mục chương trình?`)) return;
      const r = await send('DELETE', url);
      say(r.ok, r.ok ? `✓ Đã xóa ${s.name}` : `✗ ${errText(r)}`);
      if (r.ok) void reload();
    } }, 'Xóa');
    const form = h('form', { class: 'grid2 session-edit', onsubmit: async (e: Event) => {
      e.preventDefault();
      const r = await send('PATCH', `${base}/sessions/${s.id}`, { name: name.value, date: date.value, starts_at: start.value, ends_at: end.value });
      say(r.ok, r.ok ? `✓ Đã lưu ${name.value}` : `✗ ${errText(r)}`);
      if (r.ok) void reload();
    } }, ...withLabels(name, date, start, end), h('div', { class: 'actions' }, save, up, remove), near);
    const items = s.agenda.map((a) => itemRow(s, a));
    return h('div', { class: 'card session-card' },
      h('h3', {}, `${s.name} · ${viDate(s.date)} ${s.starts_at}${s.ends_at ? `–${s.ends_at}` : ''}`),
      form, h('ul', { class: 'list agenda-edit' }, ...items));
  };

  const itemRow = (s: Session, a: AgendaItem) => {
    const near = h('span', { class: 'small', role: 'status' }, '');
    const say = (ok: boolean, text: string) => { near.textContent = text; near.className = ok ? 'ok small' : 'err small'; sayAll(ok, text); };
    const time = field('Giờ', { type: 'time', value: a.starts_at });
    const title = field('Nội dung', { value: a.title });
    const presenter = field('Người trình bày', { value: a.presenter });
    const session = h('select', { 'aria-label': 'Phiên' },
      ...c.sessions.map((x) => h('option', { value: String(x.id), selected: x.id === s.id }, x.name))) as HTMLSelectElement;
    const form = h('form', { class: 'grid2', onsubmit: async (e: Event) => {
      e.preventDefault();
      const r = await send('PATCH', `${base}/agenda-items/${a.id}`, { session_id: Number(session.value), starts_at: time.value, title: title.value, presenter: presenter.value });
      say(r.ok, r.ok ? `✓ Đã lưu "${title.value}"` : `✗ ${errText(r)}`);
      if (r.ok) void reload();
    } }, ...withLabels(time, title, presenter, session),
    h('div', { class: 'actions' }, h('button', { class: 'button', type: 'submit' }, 'Lưu'),
      h('button', { class: 'button danger', type: 'button', onclick: async () => {
        const dry = await send('DELETE', `${base}/agenda-items/${a.id}?dry_run=1`);
        if (!dry.ok) { say(false, `✗ ${errText(dry)}`); return; }
        let url = `${base}/agenda-items/${a.id}`;
        if (dry.j.takes_along.documents > 0) {
          if (!confirm(`${dry.j.refused}\n\nXóa mục và giữ ${dry.j.takes_along.documents} tài liệu (không gắn mục nào)?`)) return;
          url += '?move_to=0';
        } else if (!confirm(`Xóa mục "${a.title}"?`)) return;
        const r = await send('DELETE', url);
        say(r.ok, r.ok ? `✓ Đã xóa "${a.title}"` : `✗ ${errText(r)}`);
        if (r.ok) void reload();
      } }, 'Xóa'), near));
    return h('li', {}, form);
  };

  // --- add forms (kept across refreshes) ---------------------------------
  const sName = field('Tên phiên (ví dụ: Phiên chính thức — buổi sáng)');
  const sDate = field('Ngày', { type: 'date' });
  const sStart = field('Bắt đầu', { type: 'time' });
  const sEnd = field('Kết thúc', { type: 'time' });
  const addSession = h('form', { class: 'grid2', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await send('POST', `${base}/sessions`, { name: sName.value, date: sDate.value, starts_at: sStart.value, ends_at: sEnd.value });
    say(r.ok, r.ok ? `✓ Đã thêm phiên "${sName.value}"` : `✗ ${errText(r)}`);
    if (r.ok) { sName.value = ''; void reload(); }
  } }, sName, sDate, sStart, sEnd, h('button', { class: 'button', type: 'submit' }, 'Thêm phiên'));

  const aSession = h('select', { 'aria-label': 'Phiên' }) as HTMLSelectElement;
  const aTime = field('Giờ', { type: 'time' });
  const aTitle = field('Nội dung mục chương trình');
  const aPresenter = field('Người trình bày');
  const addItem = h('form', { class: 'grid2', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await send('POST', `${base}/agenda-items`, { session_id: Number(aSession.value), starts_at: aTime.value, title: aTitle.value, presenter: aPresenter.value });
    say(r.ok, r.ok ? `✓ Đã thêm "${aTitle.value}"` : `✗ ${errText(r)}`);
    if (r.ok) { aTitle.value = ''; aPresenter.value = ''; void reload(); }
  } }, aSession, aTime, aTitle, aPresenter, h('button', { class: 'button', type: 'submit' }, 'Thêm mục chương trình'));

  const draw = () => {
    const keep = aSession.value;
    mount(aSession, ...c.sessions.map((s) => h('option', { value: String(s.id), selected: String(s.id) === keep }, s.name)));
    mount(body, ...(c.sessions.length ? c.sessions.map(sessionRow) : [h('p', { class: 'muted' }, 'Chưa có phiên họp nào.')]));
  };
  draw();
  return h('section', { class: 'card', id: 'programme' }, h('h2', {}, 'Chương trình đại hội'),
    h('p', { class: 'muted small' }, 'Phiên và mục chương trình được xếp theo ngày giờ trên mọi màn hình; sửa ở đây, điện thoại đại biểu và màn hình chủ tọa cập nhật ngay.'),
    body, h('h3', {}, 'Thêm phiên họp'), addSession, h('h3', {}, 'Thêm mục chương trình'), addItem, msg);
}

interface UserRow { name: string; role: string; disabled: boolean }
const ROLE_LABEL: Record<string, string> = { admin: 'Quản trị', secretariat: 'Ban Thư ký', chair: 'Chủ tọa', checkin: 'Điểm danh' };

export function usersSection(me: string): HTMLElement {
  const list = h('ul', { class: 'list' });
  const msg = h('p', { class: 'small', role: 'status' }, '');
  const load = async () => {
    const r = await fetch('/api/v1/users', { credentials: 'same-origin' });
    if (!r.ok) { mount(list, h('li', { class: 'muted' }, 'Chỉ quản trị viên xem được danh sách tài khoản.')); return; }
    const users = (await r.json()).users as UserRow[];
    mount(list, ...users.map((u) => h('li', { class: 'face-row' },
      h('span', {}, h('strong', {}, u.name), ` · ${ROLE_LABEL[u.role] ?? u.role}`, u.disabled ? h('span', { class: 'err small' }, ' (đã khóa)') : null),
      u.name === me ? h('span', { class: 'muted small' }, 'bạn') : h('button', { class: `button ${u.disabled ? '' : 'danger'}`, onclick: async () => {
        const res = await send('POST', `/api/v1/users/${encodeURIComponent(u.name)}/${u.disabled ? 'enable' : 'disable'}`, {});
        msg.textContent = res.ok ? `✓ ${u.name}: ${u.disabled ? 'đã mở khóa' : 'đã khóa, mọi phiên đăng nhập bị hủy'}` : `✗ ${errText(res)}`;
        void load();
      } }, u.disabled ? 'Mở khóa' : 'Khóa'))));
  };
  const name = field('Tên đăng nhập mới', { autocomplete: 'off' });
  const role = h('select', { 'aria-label': 'Vai trò' }, ...Object.entries(ROLE_LABEL).map(([id, label]) => h('option', { value: id, selected: id === 'checkin' }, label))) as HTMLSelectElement;
  const add = h('form', { class: 'row', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await send('POST', '/api/v1/users', { name: name.value, role: role.value });
    msg.textContent = r.ok ? `✓ tài khoản ${r.j.name} — mật khẩu (chỉ hiện lần này): ${r.j.password}` : `✗ ${errText(r)}`;
    msg.className = r.ok ? 'ok small password-once' : 'err small';
    if (r.ok) { name.value = ''; void load(); }
  } }, name, role, h('button', { class: 'button', type: 'submit' }, 'Tạo tài khoản'));
  void load();
  return h('section', { class: 'card' }, h('h2', {}, 'Tài khoản và vai trò'),
    h('p', { class: 'muted small' }, 'Ban Thư ký, chủ tọa, cán bộ điểm danh. Đại biểu không cần tài khoản: họ đăng nhập bằng mã QR trên thẻ.'),
    list, add, msg);
}
