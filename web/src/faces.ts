// The console's face enrolment section: consent, one photo per delegate
// (upload or the tablet's camera), a zip of photos named by badge number,
// deletion per delegate or for the whole congress.
import { csrfHeaders } from './api';
import { h, mount } from './dom';
import { fold } from './fold';

interface FaceRow { badge: string; full_name: string; delegation: string; consent: string; faces: number; photo: boolean }

export function faceSection(slug: string): HTMLElement {
  const base = `/api/v1/congresses/${slug}`;
  const consent = h('input', { type: 'checkbox', id: 'face-consent' }) as HTMLInputElement;
  const keep = h('input', { type: 'checkbox', id: 'face-keep' }) as HTMLInputElement;
  const msg = h('p', { class: 'small', role: 'status' }, '');
  const summary = h('p', { class: 'muted small' }, '');
  const filter = h('input', { placeholder: 'Tìm đại biểu', 'aria-label': 'Tìm đại biểu để đăng ký khuôn mặt' }) as HTMLInputElement;
  const list = h('ul', { class: 'list faces' });
  let rows: FaceRow[] = [];
  const query = () => `consent=${consent.checked ? 1 : 0}&keep_photo=${keep.checked ? 1 : 0}`;
  const say = (text: string, ok: boolean) => { msg.textContent = text; msg.className = ok ? 'ok small' : 'err small'; };

  const draw = () => {
    const q = fold(filter.value.trim());
    const shown = rows.filter((r) => !q || fold(r.full_name).includes(q) || r.badge === filter.value.trim()).slice(0, 30);
    mount(list, ...shown.map((r) => {
      const file = h('input', { type: 'file', accept: 'image/jpeg,image/png', capture: 'user', hidden: true }) as HTMLInputElement;
      file.addEventListener('change', async () => {
        const f = file.files?.[0];
        if (!f) return;
        if (!consent.checked) { say('Hãy xác nhận đại biểu đã đồng ý trước khi lưu khuôn mặt.', false); return; }
        const res = await fetch(`${base}/delegates/${encodeURIComponent(r.badge)}/face?${query()}`, { method: 'POST', headers: { 'Content-Type': f.type || 'image/jpeg', ...csrfHeaders() }, body: f });
        const j = await res.json().catch(() => null);
        say(res.ok ? `✓ ${r.full_name}: đã lưu khuôn mặt` : `✗ ${r.full_name}: ${j?.error?.message ?? res.status}`, res.ok);
        void load();
      });
      const state = r.faces > 0 ? `✓ ${r.faces} ảnh${r.photo ? ' (lưu ảnh)' : ''}` : r.consent === 'refused' ? 'từ chối' : 'chưa đăng ký';
      return h('li', { class: 'face-row' },
        h('span', {}, h('strong', {}, `${r.badge} · ${r.full_name}`), h('span', { class: 'muted small' }, ` ${r.delegation}`)),
        h('span', { class: r.faces > 0 ? 'ok small' : 'muted small' }, state),
        h('span', { class: 'actions' },
          h('button', { class: 'button', onclick: () => file.click() }, r.faces ? 'Thêm ảnh' : 'Chụp / tải ảnh'),
          r.faces ? h('button', { class: 'button danger', onclick: async () => {
            if (!confirm(`Xóa dữ liệu khuôn mặt của ${r.full_name}?`)) return;
            const res = await fetch(`${base}/delegates/${encodeURIComponent(r.badge)}/face`, { method: 'DELETE', headers: csrfHeaders() });
            say(res.ok ? `✓ đã xóa dữ liệu khuôn mặt của ${r.full_name}` : '✗ không xóa được', res.ok);
            void load();
          } }, 'Xóa') : null,
          file));
    }));
  };
  const load = async () => {
    const res = await fetch(`${base}/faces`, { credentials: 'same-origin' });
    if (!res.ok) { summary.textContent = 'Không tải được danh sách'; return; }
    const j = await res.json();
    rows = j.delegates as FaceRow[];
    summary.textContent = j.face_available
      ? `${j.enrolled}/${rows.length} đại biểu đã đăng ký khuôn mặt.`
      : 'Máy chủ chưa có mô hình nhận diện khuôn mặt (chạy ./scripts/setup.sh).';
    draw();
  };
  filter.addEventListener('input', draw);

  const zip = h('input', { type: 'file', accept: '.zip', hidden: true }) as HTMLInputElement;
  zip.addEventListener('change', async () => {
    const f = zip.files?.[0];
    zip.value = '';
    if (!f) return;
    if (!consent.checked) { say('Hãy xác nhận đại biểu đã đồng ý trước khi lưu khuôn mặt.', false); return; }
    say('đang xử lý…', true);
    const form = new FormData();
    form.append('file', f);
    const res = await fetch(`${base}/faces/import?${query()}`, { method: 'POST', headers: { 'Content-Type': 'application/zip', ...csrfHeaders() }, body: f });
    const j = await res.json().catch(() => null);
    if (!res.ok) { say(`✗ ${j?.error?.message ?? res.status}`, false); return; }
    const failed = (j.files as { file: string; error?: string }[]).filter((x) => x.error).map((x) => `${x.file}: ${x.error}`);
    say(`✓ ${j.enrolled} ảnh đã đăng ký, ${j.failed} lỗi${failed.length ? ` — ${failed.slice(0, 5).join('; ')}` : ''}`, j.failed === 0);
    void load();
  });

  void load();
  return h('section', { class: 'card' }, h('h2', {}, 'Điểm danh bằng khuôn mặt'),
    h('div', { class: 'actions' },
      h('a', { class: 'button', href: `/kiosk/${slug}` }, 'Mở quầy điểm danh'),
      h('a', { class: 'button', href: `/attendance/${slug}` }, 'Bảng điểm danh trực tiếp')),
    h('p', { class: 'small' }, h('label', { for: 'face-consent' }, consent, ' Đại biểu đã đồng ý cho xử lý dữ liệu khuôn mặt (Nghị định 13/2023/NĐ-CP)')),
    h('p', { class: 'small' }, h('label', { for: 'face-keep' }, keep, ' Lưu cả ảnh chân dung để người trực đối chiếu (mặc định: chỉ lưu đặc trưng)')),
    summary, filter, list,
    h('div', { class: 'actions' },
      h('button', { class: 'button', onclick: () => zip.click() }, 'Nhập tệp ZIP ảnh (đặt tên theo số thẻ)'),
      h('button', { class: 'button danger', onclick: async () => {
        if (!confirm('Xóa toàn bộ dữ liệu khuôn mặt của đại hội này? Không thể hoàn tác.')) return;
        const res = await fetch(`${base}/faces`, { method: 'DELETE', headers: csrfHeaders() });
        const j = await res.json().catch(() => null);
        say(res.ok ? `✓ đã xóa ${j.deleted_faces} dữ liệu khuôn mặt` : '✗ không xóa được', res.ok);
        void load();
      } }, 'Xóa mọi dữ liệu khuôn mặt')),
    zip, msg);
}
