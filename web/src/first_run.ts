// A fresh installation in the browser: the one-time set-up link creates the
// first admin; /console lists the congresses and creates a new one.
import { api, login, logout, me } from './api';
import { h, mount } from './dom';
import { loginForm } from './staff';
import { errText, send, viDate } from './admin_api';

type Bar = (title: string) => HTMLElement;

export async function renderSetup(root: HTMLElement, token: string, bar: Bar): Promise<void> {
  const state = await fetch('/api/v1/setup').then((r) => r.json()).catch(() => ({ needed: false }));
  if (!state.needed) {
    mount(root, bar('Thiết lập'), h('main', { class: 'page' }, h('div', { class: 'card' },
      h('h1', {}, 'Đã thiết lập xong'),
      h('p', {}, 'Hệ thống đã có tài khoản quản trị; liên kết thiết lập không còn dùng được.'),
      h('a', { class: 'button primary', href: '/console' }, 'Vào trang quản trị'))));
    return;
  }
  const name = h('input', { name: 'username', autocomplete: 'username', 'aria-label': 'Tên đăng nhập', placeholder: 'Tên đăng nhập (ví dụ: bantuky)' }) as HTMLInputElement;
  const pw = h('input', { type: 'password', autocomplete: 'new-password', 'aria-label': 'Mật khẩu', placeholder: 'Mật khẩu (ít nhất 10 ký tự)' }) as HTMLInputElement;
  const pw2 = h('input', { type: 'password', autocomplete: 'new-password', 'aria-label': 'Nhập lại mật khẩu', placeholder: 'Nhập lại mật khẩu' }) as HTMLInputElement;
  const msg = h('p', { class: 'err small', role: 'alert' }, '');
  const form = h('form', { class: 'card login', onsubmit: async (e: Event) => {
    e.preventDefault();
    if (pw.value !== pw2.value) { msg.textContent = 'Hai lần nhập mật khẩu không khớp'; return; }
    const r = await send('POST', '/api/v1/setup', { token, name: name.value, password: pw.value });
    if (!r.ok) { msg.textContent = errText(r); return; }
    await login(name.value, pw.value);
    history.replaceState(null, '', '/console');
    await renderConsoleHome(root, bar);
  } }, h('h1', {}, 'Tạo tài khoản quản trị đầu tiên'),
  h('p', { class: 'muted small' }, 'Liên kết này chỉ dùng được một lần. Tài khoản quản trị tạo được đại hội, tài khoản Ban Thư ký, chủ tọa và cán bộ điểm danh.'),
  name, pw, pw2, h('button', { class: 'primary', type: 'submit' }, 'Tạo tài khoản'), msg);
  mount(root, bar('Thiết lập phonghop'), h('main', { class: 'page' }, form));
  name.focus();
}

const STATUS_LABEL: Record<string, string> = { planned: 'Sắp diễn ra', ongoing: 'Đang diễn ra', closed: 'Đã bế mạc' };

// /console without a congress: every congress, and a form for a new one.
export async function renderConsoleHome(root: HTMLElement, bar: Bar): Promise<void> {
  const who = await me();
  if (!who || (who.role !== 'admin' && who.role !== 'secretariat')) {
    loginForm(root, bar, () => void renderConsoleHome(root, bar), who ? `Tài khoản ${who.name} không có quyền quản trị.` : '');
    return;
  }
  const list = await api.congresses();
  const slugify = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  const name = h('input', { 'aria-label': 'Tên đại hội', placeholder: 'Tên đại hội (ví dụ: Đại hội đại biểu Đoàn TNCS Hồ Chí Minh tỉnh …)' }) as HTMLInputElement;
  const slug = h('input', { 'aria-label': 'Địa chỉ ngắn', placeholder: 'Địa chỉ ngắn (chữ thường, số, gạch ngang)' }) as HTMLInputElement;
  let slugTouched = false;
  slug.addEventListener('input', () => { slugTouched = true; });
  name.addEventListener('input', () => { if (!slugTouched) slug.value = slugify(name.value); });
  const ordinal = h('input', { 'aria-label': 'Lần thứ / khóa', placeholder: 'Lần thứ / khóa (ví dụ: lần thứ XV)' }) as HTMLInputElement;
  const organization = h('input', { 'aria-label': 'Cơ quan tổ chức', placeholder: 'Cơ quan tổ chức' }) as HTMLInputElement;
  const term = h('input', { 'aria-label': 'Nhiệm kỳ', placeholder: 'Nhiệm kỳ (ví dụ: 2027 - 2032)' }) as HTMLInputElement;
  const start = h('input', { type: 'date', 'aria-label': 'Ngày khai mạc', title: 'Ngày khai mạc' }) as HTMLInputElement;
  const end = h('input', { type: 'date', 'aria-label': 'Ngày bế mạc', title: 'Ngày bế mạc' }) as HTMLInputElement;
  const venue = h('input', { 'aria-label': 'Địa điểm', placeholder: 'Địa điểm' }) as HTMLInputElement;
  const msg = h('p', { class: 'err small', role: 'alert' }, '');
  const form = h('form', { class: 'card', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await send('POST', '/api/v1/congresses', { slug: slug.value, name: name.value, ordinal: ordinal.value,
      organization: organization.value, term: term.value, start_date: start.value, end_date: end.value, venue: venue.value });
    if (!r.ok) { msg.textContent = `✗ ${errText(r)}`; return; }
    location.href = `/console/${r.j.slug}`;
  } }, h('h2', {}, 'Tạo đại hội mới'),
  h('div', { class: 'grid2' }, name, slug, ordinal, organization, term, start, end, venue),
  h('button', { class: 'button primary', type: 'submit' }, 'Tạo đại hội'), msg);
  mount(root, bar('Quản trị'), h('main', { class: 'page console' },
    h('p', { class: 'org' }, who.name, ' · ', h('button', { class: 'linkish', onclick: async () => { await logout(); void renderConsoleHome(root, bar); } }, 'Đăng xuất')),
    h('h1', {}, 'Các đại hội'),
    list.length ? h('ul', { class: 'list' }, ...list.map((c) => h('li', {}, h('a', { class: 'card link', href: `/console/${c.slug}` },
      h('strong', {}, `${c.name} ${c.ordinal}`),
      h('span', { class: 'muted' }, [viDate(c.start_date), viDate(c.end_date)].filter(Boolean).join(' – '), ' · ', STATUS_LABEL[c.status] ?? c.status)))))
      : h('p', { class: 'muted' }, 'Chưa có đại hội nào. Tạo đại hội đầu tiên bên dưới.'),
    form));
  document.title = 'Quản trị';
}
