// Staff sign-in shared by the console, the kiosk and the attendance
// dashboard: a password form, then the page again.
import { login, me, type Me } from './api';
import { h, mount } from './dom';
import { staffText } from './strings/staff';

export function loginForm(root: HTMLElement, bar: (title: string) => HTMLElement, then: () => void,
  note = '', title = staffText().signInSecretariat): void {
  const s = staffText();
  const name = h('input', { name: 'username', autocomplete: 'username', 'aria-label': s.username, placeholder: s.username }) as HTMLInputElement;
  const pw = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', 'aria-label': s.password, placeholder: s.password }) as HTMLInputElement;
  const msg = h('p', { class: 'err small', role: 'alert' }, note);
  const form = h('form', { class: 'card login', onsubmit: async (e: Event) => {
    e.preventDefault();
    msg.textContent = '';
    try { await login(name.value, pw.value); then(); } catch (err) { msg.textContent = (err as Error).message; }
  } }, h('h1', {}, title), name, pw, h('button', { class: 'primary', type: 'submit' }, s.signIn), msg);
  mount(root, bar(title), h('main', { class: 'page' }, form));
  name.focus();
}

// The signed-in staff member if their role is one of `roles`; otherwise
// shows the sign-in form (with why) and returns null.
export async function requireStaff(root: HTMLElement, bar: (title: string) => HTMLElement, roles: string[],
  again: () => void, title: string): Promise<Me | null> {
  const who = await me();
  if (who && roles.includes(who.role)) return who;
  loginForm(root, bar, again, who ? staffText().noRight(who.name, who.role) : '', title);
  return null;
}
