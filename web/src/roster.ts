// The secretariat's roster: delegations and delegates with search and edit,
// the Excel import with a preview (the API's dry_run) before anything is
// written, and badges — one delegate's reprint or the whole set, saying
// exactly which badges stop working.
import { csrfHeaders, type CongressOverview } from './api';
import { h, mount } from './dom';
import { fold } from './fold';
import { errText, send, statusLine, viDate } from './admin_api';

export interface DelegateRow {
  id: number; badge: string; full_name: string; delegation_id: number | null; delegation: string;
  position_title: string; gender: string; birth_year: number | null; birth_date: string; ethnicity: string;
  seat: string; phone: string; kind: string; party_member: boolean | null;
}

const KIND_LABEL: Record<string, string> = { official: 'Chính thức', invited: 'Khách mời', alternate: 'Dự khuyết' };

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
  const { el: msg, say } = statusLine();
  let c = initial;
  let delegates: DelegateRow[] = [];
  const heading = h('h2', {}, 'Đại biểu và đoàn');
  const delegationList = h('ul', { class: 'list' });
  const table = h('div', { class: 'roster' });
  const search = h('input', { type: 'search', 'aria-label': 'Tìm đại biểu', placeholder: 'Tìm theo tên, số thẻ, đoàn…' }) as HTMLInputElement;
  search.addEventListener('input', () => drawDelegates());

  const reload = async () => {
    const [cr, dr] = await Promise.all([
      fetch(base, { credentials: 'same-origin' }).then((r) => r.json()),
      fetch(`${base}/delegates`, { credentials: 'same-origin' }).then((r) => r.json()),
    ]);
    c = cr;
    delegates = dr.delegates ?? [];
    draw();
    onChanged();
  };

  const delegationOptions = (): [string, string][] => [['', '— Không thuộc đoàn nào —'], ...c.delegations.map((d) => [String(d.id), d.name] as [string, string])];

  const drawDelegations = () => {
    mount(delegationList, ...c.delegations.map((g, idx) => {
      const name = input('Tên đoàn', g.name);
      return h('li', { class: 'row delegation-row' }, name, h('span', { class: 'muted small' }, `${g.delegates} đại biểu`),
        h('button', { class: 'button', onclick: async () => {
          const r = await send('PATCH', `${base}/delegations/${g.id}`, { name: name.value });
          say(r.ok, r.ok ? `✓ Đã đổi tên đoàn thành "${name.value}"` : `✗ ${errText(r)}`);
          if (r.ok) void reload();
        } }, 'Lưu'),
        h('button', { class: 'button', 'aria-label': `Đưa ${g.name} lên`, disabled: idx === 0, onclick: async () => {
          const ids = c.delegations.map((x) => x.id);
          [ids[idx - 1], ids[idx]] = [ids[idx], ids[idx - 1]];
          const r = await send('PUT', `${base}/delegations/order`, { ids });
          say(r.ok, r.ok ? '✓ Đã đổi thứ tự đoàn' : `✗ ${errText(r)}`);
          if (r.ok) void reload();
        } }, '↑'),
        h('button', { class: 'button danger', onclick: async () => {
          let url = `${base}/delegations/${g.id}`;
          if (g.delegates > 0) {
            const others = c.delegations.filter((x) => x.id !== g.id);
            const pick = prompt(`${g.name} có ${g.delegates} đại biểu. Chuyển họ sang đoàn nào? Gõ số thứ tự (0 = không thuộc đoàn nào):\n${others.map((x, i) => `${i + 1}. ${x.name}`).join('\n')}`, '0');
            if (pick === null) return;
            const target = Number(pick) === 0 ? 0 : others[Number(pick) - 1]?.id;
            if (target === undefined) return;
            url += `?move_to=${target}`;
          } else if (!confirm(`Xóa ${g.name}?`)) return;
          const r = await send('DELETE', url);
          say(r.ok, r.ok ? `✓ Đã xóa ${g.name}` : `✗ ${errText(r)}`);
          if (r.ok) void reload();
        } }, 'Xóa'));
    }));
  };

  const delegateEditor = (d: DelegateRow) => {
    const f = {
      full_name: input('Họ và tên', d.full_name), badge: input('Số thẻ', d.badge),
      delegation: select('Đoàn', delegationOptions(), d.delegation_id ? String(d.delegation_id) : ''),
      position_title: input('Chức vụ', d.position_title),
      gender: select('Giới tính', [['', '—'], ['male', 'Nam'], ['female', 'Nữ']], d.gender),
      birth_date: input('Ngày sinh', d.birth_date, { type: 'date' }),
      birth_year: input('Năm sinh', d.birth_year ? String(d.birth_year) : '', { type: 'number', min: '1900', max: '2100' }),
      ethnicity: input('Dân tộc', d.ethnicity),
      party: select('Đảng viên', [['', '—'], ['yes', 'Đảng viên'], ['no', 'Không']], d.party_member === null ? '' : d.party_member ? 'yes' : 'no'),
      kind: select('Loại đại biểu', Object.entries(KIND_LABEL), d.kind),
      seat: input('Ghế', d.seat), phone: input('Điện thoại', d.phone, { type: 'tel' }),
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
      tell(r.ok, r.ok ? `✓ Đã lưu ${f.full_name.value}` : `✗ ${errText(r)}`);
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
          h('button', { class: 'button primary', type: 'submit' }, 'Lưu'),
          h('button', { class: 'button', type: 'button', onclick: async () => {
            if (!confirm(`In lại thẻ của ${d.full_name}?\n\nThẻ cũ của ${d.full_name} sẽ không dùng được nữa (chỉ thẻ này; thẻ của các đại biểu khác vẫn dùng bình thường).`)) return;
            const r = await openPrint(`${base}/badges`, { delegate_ids: [d.id], revoke: true });
            tell(r.ok, r.text);
          } }, 'In lại thẻ'),
          h('button', { class: 'button danger', type: 'button', onclick: async () => {
            const dry = await send('DELETE', `${base}/delegates/${d.id}?dry_run=1`);
            if (!dry.ok) { tell(false, `✗ ${errText(dry)}`); return; }
            if (dry.j.refused) { tell(false, `✗ ${dry.j.refused}`); return; }
            if (!confirm(`Xóa đại biểu ${d.full_name}?${dry.j.takes_along.badge_tokens ? ' Thẻ đã phát sẽ không dùng được nữa.' : ''}`)) return;
            const r = await send('DELETE', `${base}/delegates/${d.id}`);
            tell(r.ok, r.ok ? `✓ Đã xóa ${d.full_name}` : `✗ ${errText(r)}`);
            if (r.ok) void reload();
          } }, 'Xóa'),
          local)));
  };

  const drawDelegates = () => {
    const q = fold(search.value.trim());
    const shown = delegates.filter((d) => !q || fold(`${d.badge} ${d.full_name} ${d.delegation} ${d.position_title}`).includes(q));
    heading.textContent = `Đại biểu và đoàn (${delegates.length} đại biểu, ${c.delegations.length} đoàn)`;
    mount(table,
      h('p', { class: 'muted small' }, q ? `${shown.length} / ${delegates.length} đại biểu khớp` : `${delegates.length} đại biểu`),
      ...shown.slice(0, 300).map(delegateEditor),
      ...(shown.length > 300 ? [h('p', { class: 'muted small' }, `… và ${shown.length - 300} đại biểu khác — hãy gõ để lọc`)] : []));
  };
  const draw = () => { drawDelegations(); drawDelegates(); setOptions(); };

  // --- add one delegate / delegation --------------------------------------
  const nBadge = input('Số thẻ', ''), nName = input('Họ và tên', '');
  const nDelegation = select('Đoàn', [], '');
  const addDelegate = h('form', { class: 'grid2', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await send('POST', `${base}/delegates`, { badge: nBadge.value, full_name: nName.value, delegation_id: nDelegation.value ? Number(nDelegation.value) : null });
    say(r.ok, r.ok ? `✓ Đã thêm ${nName.value}` : `✗ ${errText(r)}`);
    if (r.ok) { nBadge.value = ''; nName.value = ''; void reload(); }
  } }, nBadge, nName, nDelegation, h('button', { class: 'button', type: 'submit' }, 'Thêm đại biểu'));
  const gName = input('Tên đoàn (ví dụ: Đoàn đại biểu huyện Yên Bình)', '');
  const addDelegation = h('form', { class: 'row', onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = await send('POST', `${base}/delegations`, { name: gName.value });
    say(r.ok, r.ok ? `✓ Đã thêm đoàn "${gName.value}"` : `✗ ${errText(r)}`);
    if (r.ok) { gName.value = ''; void reload(); }
  } }, gName, h('button', { class: 'button', type: 'submit' }, 'Thêm đoàn'));

  // --- import with preview -------------------------------------------------
  const importInput = h('input', { type: 'file', accept: '.xlsx,.csv', hidden: true }) as HTMLInputElement;
  const preview = h('div', { class: 'import-preview' });
  importInput.addEventListener('change', async () => {
    const file = importInput.files?.[0];
    importInput.value = '';
    if (!file) return;
    mount(preview, h('p', { class: 'small' }, `Đang kiểm tra ${file.name}…`));
    const post = (dry: boolean) => fetch(`${base}/delegates/import?create_delegations=1${dry ? '&dry_run=1' : ''}`,
      { method: 'POST', body: file, headers: csrfHeaders(), credentials: 'same-origin' })
      .then(async (r) => ({ ok: r.ok, status: r.status, j: await r.json().catch(() => null) }));
    const dry = await post(true);
    if (!dry.ok) {
      mount(preview, h('p', { class: 'err small' }, `✗ Tệp ${file.name} bị từ chối, chưa có gì thay đổi: ${errText(dry)}`));
      return;
    }
    mount(preview, h('div', { class: 'card warn' },
      h('p', {}, `Xem trước ${file.name}: `, h('strong', {}, `${dry.j.inserted} đại biểu mới, ${dry.j.updated} cập nhật (trùng số thẻ), ${dry.j.delegations_created} đoàn mới`),
        dry.j.skipped_blank_rows ? `, bỏ qua ${dry.j.skipped_blank_rows} dòng trống` : '', '. Chưa có gì được ghi.'),
      h('div', { class: 'actions' },
        h('button', { class: 'button primary', onclick: async () => {
          const r = await post(false);
          mount(preview, h('p', { class: r.ok ? 'ok small' : 'err small' }, r.ok
            ? `✓ Đã nhập ${file.name}: ${r.j.inserted} đại biểu mới, ${r.j.updated} cập nhật, ${r.j.delegations_created} đoàn mới`
            : `✗ ${errText(r)}`));
          if (r.ok) void reload();
        } }, 'Nhập danh sách này'),
        h('button', { class: 'button', onclick: () => mount(preview) }, 'Hủy'))));
  });

  // --- badges for the whole set ---------------------------------------------
  const badgeMsg = h('p', { class: 'small', role: 'status' }, '');
  const badges = h('div', { class: 'actions' },
    h('button', { class: 'button', onclick: async () => {
      const r = await openPrint(`${base}/badges`, { revoke: false });
      badgeMsg.textContent = r.text;
      badgeMsg.className = r.ok ? 'ok small' : 'err small';
    } }, 'In toàn bộ thẻ (giữ mã cũ)'),
    h('button', { class: 'button danger', onclick: async () => {
      if (!confirm(`CẢNH BÁO: cấp mã mới cho toàn bộ ${delegates.length} thẻ.\n\nMọi thẻ đã phát sẽ KHÔNG dùng được nữa ở cửa và trên điện thoại cho tới khi đại biểu nhận thẻ mới. Chỉ làm khi thẻ bị lộ hoặc thất lạc hàng loạt. Tiếp tục?`)) return;
      const r = await openPrint(`${base}/badges`, { revoke: true });
      badgeMsg.textContent = r.text;
      badgeMsg.className = r.ok ? 'ok small' : 'err small';
    } }, 'Cấp mã mới cho toàn bộ thẻ…'),
    h('a', { class: 'button', href: `${base}/delegates/tokens?format=csv` }, 'Danh sách mã thẻ cho nhà in (CSV)'));

  const setOptions = () => mount(nDelegation, ...delegationOptions().map(([v, l]) => h('option', { value: v }, l)));
  const section = h('section', { class: 'card', id: 'roster' }, heading,
    h('h3', {}, 'Nhập danh sách'),
    h('p', { class: 'muted small' }, 'Tệp Excel (.xlsx) hoặc CSV; có thể có dòng tiêu đề phía trên dòng tên cột. Xem trước rồi mới ghi.'),
    h('div', { class: 'actions' },
      h('button', { class: 'button', onclick: () => importInput.click() }, 'Chọn tệp Excel/CSV…'),
      h('a', { class: 'button', href: `${base}/delegates/export?format=xlsx` }, 'Xuất Excel'),
      h('a', { class: 'button', href: `${base}/delegates/export?format=csv` }, 'Xuất CSV')),
    importInput, preview,
    h('h3', {}, 'Thẻ đại biểu'),
    h('p', { class: 'muted small' }, 'In lại giữ nguyên mã QR: thẻ đã phát vẫn dùng được. Thẻ của một đại biểu bị mất: mở đại biểu đó, bấm "In lại thẻ".'),
    badges, badgeMsg,
    h('h3', {}, 'Đoàn đại biểu'), delegationList, addDelegation,
    h('h3', {}, 'Danh sách đại biểu'), search, table,
    h('h3', {}, 'Thêm một đại biểu'), addDelegate, msg);
  void reload();
  return section;
}

export { viDate };
