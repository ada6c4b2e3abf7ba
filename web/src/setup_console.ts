// The console's set-up sections: the programme (sessions and agenda items),
// delegations, and — for admins — users and roles.
import { csrfHeaders, type CongressOverview } from './api';
import { h, mount } from './dom';

async function post(url: string, body: unknown): Promise<{ ok: boolean; j: any }> {
  const r = await fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', ...csrfHeaders() }, body: JSON.stringify(body) });
  return { ok: r.ok, j: await r.json().catch(() => null) };
}

function field(label: string, attrs: Record<string, string> = {}): HTMLInputElement {
  return h('input', { 'aria-label': label, placeholder: label, ...attrs }) as HTMLInputElement;
}

export function programmeSection(slug: string, c: CongressOverview, refresh: () => void): HTMLElement {
  const base = `/api/v1/congresses/${slug}`;
  const msg = h('p', { class: 'small', role: 'status' }, '');
  const say = (ok: boolean, text: string) => { msg.textContent = text; msg.className = ok ? 'ok small' : 'err small'; };

  const sName = field('Tên phiên (ví dụ: Phiên chính thức — buổi sáng)');
  const sDate = field('Ngày', { type: 'date' });
  const sStart = field('Bắt đầu', { type: 'time' });
  const sEnd = field('Kết thúc', { type: 'time' });
  const addSession = h('form', { class: 'grid2', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await post(`${base}/sessions`, { name: sName.value, date: sDate.value, starts_at: sStart.value, ends_at: sEnd.value });
    say(r.ok, r.ok ? `✓ đã thêm phiên "${sName.value}"` : `✗ ${r.j?.error?.message ?? 'lỗi'}`);
    if (r.ok) refresh();
  } }, sName, sDate, sStart, sEnd, h('button', { class: 'button', type: 'submit' }, 'Thêm phiên'));

  const aSession = h('select', { 'aria-label': 'Phiên' }, ...c.sessions.map((s) => h('option', { value: String(s.id) }, s.name))) as HTMLSelectElement;
  const aTime = field('Giờ', { type: 'time' });
  const aTitle = field('Nội dung mục chương trình');
  const aPresenter = field('Người trình bày');
  const addItem = h('form', { class: 'grid2', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await post(`${base}/agenda-items`, { session_id: Number(aSession.value), starts_at: aTime.value, title: aTitle.value, presenter: aPresenter.value });
    say(r.ok, r.ok ? `✓ đã thêm "${aTitle.value}"` : `✗ ${r.j?.error?.message ?? 'lỗi'}`);
    if (r.ok) refresh();
  } }, aSession, aTime, aTitle, aPresenter, h('button', { class: 'button', type: 'submit' }, 'Thêm mục chương trình'));

  const dName = field('Tên đoàn (ví dụ: Đoàn đại biểu huyện Yên Bình)');
  const addDelegation = h('form', { class: 'row', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await post(`${base}/delegations`, { name: dName.value });
    say(r.ok, r.ok ? `✓ đã thêm đoàn "${dName.value}"` : `✗ ${r.j?.error?.message ?? 'lỗi'}`);
    if (r.ok) refresh();
  } }, dName, h('button', { class: 'button', type: 'submit' }, 'Thêm đoàn'));

  return h('section', { class: 'card' }, h('h2', {}, 'Chương trình và đoàn đại biểu'),
    h('details', {}, h('summary', {}, `Chương trình hiện có: ${c.sessions.length} phiên, ${c.sessions.reduce((n, s) => n + s.agenda.length, 0)} mục`),
      ...c.sessions.map((s) => h('div', {}, h('strong', {}, `${s.name} · ${s.date} ${s.starts_at}–${s.ends_at}`),
        h('ul', { class: 'list' }, ...s.agenda.map((a) => h('li', {}, `${a.starts_at} ${a.title}${a.presenter ? ` — ${a.presenter}` : ''}`)))))),
    h('h3', {}, 'Thêm phiên họp'), addSession,
    h('h3', {}, 'Thêm mục chương trình'), addItem,
    h('h3', {}, `Đoàn đại biểu (${c.delegations.length})`), addDelegation, msg);
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
        const res = await post(`/api/v1/users/${encodeURIComponent(u.name)}/${u.disabled ? 'enable' : 'disable'}`, {});
        msg.textContent = res.ok ? `✓ ${u.name}: ${u.disabled ? 'đã mở khóa' : 'đã khóa, mọi phiên đăng nhập bị hủy'}` : `✗ ${res.j?.error?.message ?? 'lỗi'}`;
        void load();
      } }, u.disabled ? 'Mở khóa' : 'Khóa'))));
  };
  const name = field('Tên đăng nhập mới', { autocomplete: 'off' });
  const role = h('select', { 'aria-label': 'Vai trò' }, ...Object.entries(ROLE_LABEL).map(([id, label]) => h('option', { value: id, selected: id === 'checkin' }, label))) as HTMLSelectElement;
  const add = h('form', { class: 'row', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await post('/api/v1/users', { name: name.value, role: role.value });
    msg.textContent = r.ok ? `✓ tài khoản ${r.j.name} — mật khẩu (chỉ hiện lần này): ${r.j.password}` : `✗ ${r.j?.error?.message ?? 'lỗi'}`;
    msg.className = r.ok ? 'ok small password-once' : 'err small';
    if (r.ok) { name.value = ''; void load(); }
  } }, name, role, h('button', { class: 'button', type: 'submit' }, 'Tạo tài khoản'));
  void load();
  return h('section', { class: 'card' }, h('h2', {}, 'Tài khoản và vai trò'),
    h('p', { class: 'muted small' }, 'Ban Thư ký, chủ tọa, cán bộ điểm danh. Đại biểu không cần tài khoản: họ đăng nhập bằng mã QR trên thẻ.'),
    list, add, msg);
}
