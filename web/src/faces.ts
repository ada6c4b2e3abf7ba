// The console's face enrolment section: consent, one photo per delegate
// (upload or the tablet's camera), a zip of photos named by badge number,
// deletion per delegate or for the whole congress.
import { errorText, http } from './http';
import { facesText } from './strings/faces';
import { staffText } from './strings/staff';
import { h, mount } from './dom';
import { fold } from './fold';

interface FaceRow { badge: string; full_name: string; delegation: string; consent: string; faces: number; photo: boolean }

export function faceSection(slug: string): HTMLElement {
  const s = facesText();
  const base = `/api/v1/congresses/${slug}`;
  const consent = h('input', { type: 'checkbox', id: 'face-consent' }) as HTMLInputElement;
  const keep = h('input', { type: 'checkbox', id: 'face-keep' }) as HTMLInputElement;
  const msg = h('p', { class: 'small', role: 'status' }, '');
  const summary = h('p', { class: 'muted small' }, '');
  const filter = h('input', { placeholder: s.find, 'aria-label': s.findLabel }) as HTMLInputElement;
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
        if (!consent.checked) { say(s.consentFirst, false); return; }
        await http.post(`${base}/delegates/${encodeURIComponent(r.badge)}/face?${query()}`, f, { headers: { 'Content-Type': f.type || 'image/jpeg' } })
          .then(() => say(s.saved(r.full_name), true), (err) => say(`✗ ${r.full_name}: ${errorText(err)}`, false));
        void load();
      });
      const state = r.faces > 0 ? s.enrolled(r.faces, r.photo) : r.consent === 'refused' ? s.refused : s.notEnrolled;
      return h('li', { class: 'face-row' },
        h('span', {}, h('strong', {}, `${r.badge} · ${r.full_name}`), h('span', { class: 'muted small' }, ` ${r.delegation}`)),
        h('span', { class: r.faces > 0 ? 'ok small' : 'muted small' }, state),
        h('span', { class: 'actions' },
          h('button', { class: 'button', onclick: () => file.click() }, r.faces ? s.addPhoto : s.takePhoto),
          r.faces ? h('button', { class: 'button danger', onclick: async () => {
            if (!confirm(s.confirmDelete(r.full_name))) return;
            await http.del(`${base}/delegates/${encodeURIComponent(r.badge)}/face`)
              .then(() => say(s.deleted(r.full_name), true), () => say(staffText().cannotDelete, false));
            void load();
          } }, staffText().delete) : null,
          file));
    }));
  };
  const load = async () => {
    const j = await http.get(`${base}/faces`).catch(() => null);
    if (!j) { summary.textContent = s.listFailed; return; }
    rows = j.delegates as FaceRow[];
    summary.textContent = j.face_available
      ? s.summary(j.enrolled, rows.length)
      : s.noModel;
    draw();
  };
  filter.addEventListener('input', draw);

  const zip = h('input', { type: 'file', accept: '.zip', hidden: true }) as HTMLInputElement;
  zip.addEventListener('change', async () => {
    const f = zip.files?.[0];
    zip.value = '';
    if (!f) return;
    if (!consent.checked) { say(s.consentFirst, false); return; }
    say(s.processing, true);
    const j = await http.post(`${base}/faces/import?${query()}`, f, { headers: { 'Content-Type': 'application/zip' } })
      .catch((err) => { say(`✗ ${errorText(err)}`, false); return null; });
    if (!j) return;
    const failed = (j.files as { file: string; error?: string }[]).filter((x) => x.error).map((x) => `${x.file}: ${x.error}`);
    say(s.zipResult(j.enrolled, j.failed, failed.slice(0, 5).join('; ')), j.failed === 0);
    void load();
  });

  void load();
  return h('section', { class: 'card' }, h('h2', {}, s.title),
    h('div', { class: 'actions' },
      h('a', { class: 'button', href: `/kiosk/${slug}` }, s.openKiosk),
      h('a', { class: 'button', href: `/attendance/${slug}` }, s.liveBoard)),
    h('p', { class: 'small' }, h('label', { for: 'face-consent' }, consent, s.consent)),
    h('p', { class: 'small' }, h('label', { for: 'face-keep' }, keep, s.keepPhoto)),
    summary, filter, list,
    h('div', { class: 'actions' },
      h('button', { class: 'button', onclick: () => zip.click() }, s.importZip),
      h('button', { class: 'button danger', onclick: async () => {
        if (!confirm(s.confirmDeleteAll)) return;
        await http.del(`${base}/faces`).then((j) => say(s.deletedAll(j?.deleted_faces ?? 0), true), () => say(staffText().cannotDelete, false));
        void load();
      } }, s.deleteAll)),
    zip, msg);
}
