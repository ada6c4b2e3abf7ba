// The check-in kiosk (/kiosk/SLUG) on a tablet at the door: the camera
// watches; when the picture is steady three frames go to the server, which
// checks liveness (a printed photo is refused) before identifying; the
// answer shows name, delegation, seat and (if kept) the enrolled photo, with
// a sound. The same camera reads the personal QR on a badge (then the face
// is checked 1:1 against the card holder, if enrolled). Fallbacks on the
// same screen: badge number or QR typed by a USB scanner, search by name
// with the operator's manual check-in and a reason.
import { attendanceApi, type CheckInResult, type Roll, type DelegateBrief } from './attendance_api';
import { h, mount } from './dom';
import { fold } from './fold';
import { readQr } from './qr_reader';
import { connectLive } from './live';
import { requireStaff } from './staff';
import { formatDate } from './i18n';

const ROLES = ['admin', 'secretariat', 'checkin'];

const HTTPS_HINT = 'Trình duyệt chỉ cho dùng máy ảnh qua https hoặc localhost: nhờ Ban Thư ký mở địa chỉ https của máy chủ (chạy máy chủ với --tls-self-signed). Trong lúc chờ: nhập số thẻ hoặc tìm theo tên bên dưới.';

// What the operator can do about a camera that did not open, in Vietnamese
// (the browser's own text, e.g. "Permission denied", is not shown).
export function cameraProblem(err: unknown): string {
  const name = (err as { name?: string })?.name ?? '';
  if (!window.isSecureContext) return HTTPS_HINT;
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return 'Máy ảnh bị từ chối: bấm biểu tượng ổ khóa cạnh địa chỉ trang, cho phép "Máy ảnh", rồi tải lại trang. Nếu trang không phải https, nhờ Ban Thư ký mở địa chỉ https. Trong lúc chờ: nhập số thẻ hoặc tìm theo tên.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'Không tìm thấy máy ảnh trên thiết bị này. Nhập số thẻ hoặc tìm theo tên bên dưới.';
  if (name === 'NotReadableError') return 'Máy ảnh đang được ứng dụng khác dùng: đóng ứng dụng đó rồi tải lại trang.';
  return 'Không mở được máy ảnh. Tải lại trang; nếu vẫn lỗi, nhập số thẻ hoặc tìm theo tên bên dưới.';
}

function beep(ok: boolean): void {
  try {
    const ctx = new AudioContext();
    const o = ctx.createOscillator();
    const g = ctx.createGain();
    o.frequency.value = ok ? 880 : 330;
    g.gain.value = 0.15;
    o.connect(g).connect(ctx.destination);
    o.start();
    o.stop(ctx.currentTime + (ok ? 0.15 : 0.35));
  } catch { /* no audio: the screen still says it */ }
}

export async function renderKiosk(root: HTMLElement, slug: string, bar: (title: string) => HTMLElement): Promise<() => void> {
  const again = () => void renderKiosk(root, slug, bar);
  const who = await requireStaff(root, bar, ROLES, again, 'Đăng nhập quầy điểm danh');
  if (!who) return () => {};
  const status = await attendanceApi.status(slug);
  let session = status.current_session_id;
  let kiosk = localStorage.getItem('kioskName') ?? 'Cửa 1';
  let roll: Roll | null = null;
  let stopped = false;

  const counter = h('p', { class: 'kiosk-count', 'aria-live': 'polite' }, '…');
  const sessionLabel = (s: { name: string; date: string; starts_at: string }) => `${s.name} · ${formatDate(s.date)} ${s.starts_at}`;
  const sessionSelect = h('select', { 'aria-label': 'Phiên họp', onchange: () => { session = Number(sessionSelect.value); void refresh(); } },
    ...status.sessions.map((s) => h('option', { value: String(s.id), selected: s.id === session }, sessionLabel(s)))) as HTMLSelectElement;
  const kioskInput = h('input', { value: kiosk, 'aria-label': 'Tên quầy', class: 'kiosk-name',
    onchange: () => { kiosk = kioskInput.value.trim() || 'Cửa 1'; localStorage.setItem('kioskName', kiosk); } }) as HTMLInputElement;

  const refresh = async () => {
    try {
      roll = await attendanceApi.roll(slug, session);
      counter.textContent = `Có mặt ${roll.present}/${roll.expected} · Chính thức ${roll.official_present}/${roll.official_expected} · cần ${roll.quorum_needed}`;
      counter.className = `kiosk-count ${roll.quorum_met ? 'ok' : ''}`;
    } catch { /* the next event retries */ }
  };

  // --- result card ----------------------------------------------------------
  const result = h('section', { class: 'kiosk-result idle', 'aria-live': 'assertive', role: 'status' },
    h('p', { class: 'hint' }, 'Mời đại biểu nhìn thẳng vào máy ảnh'));
  const hint = h('p', { class: 'kiosk-hint', 'aria-live': 'polite' }, '');
  let attacks = 0;
  const attackCount = h('p', { class: 'small kiosk-attacks', 'data-testid': 'attacks' }, '');
  const countAttack = () => {
    attacks++;
    attackCount.textContent = `Nghi dùng ảnh chụp: ${attacks} lần ở quầy này`;
    attackCount.className = 'small kiosk-attacks warn';
  };
  const show = (r: CheckInResult) => {
    if (r.result === 'not_live') {
      // Plain and big for the person at the door; the operator sees the count.
      mount(result, h('div', {},
        h('p', { class: 'kiosk-msg kiosk-look' }, r.message || 'Vui lòng nhìn thẳng vào camera'),
        h('p', { class: 'small' }, 'Please look straight at the camera')));
      result.className = 'kiosk-result warn not-live';
      countAttack();
      beep(false);
      return;
    }
    const d = r.delegate;
    const kind = r.result === 'checked_in' ? 'ok' : r.result === 'already' ? 'info' : 'warn';
    const photo = r.photo_url && d ? h('img', { class: 'kiosk-photo', alt: `Ảnh ${d.full_name}`, src: r.photo_url }) as HTMLImageElement : null;
    if (photo) photo.addEventListener('error', () => photo.remove());
    mount(result,
      photo ?? h('span', {}),
      h('div', {},
        h('p', { class: 'kiosk-msg' }, r.result === 'checked_in' ? '✓ Đã điểm danh' : r.message),
        d ? h('p', { class: 'kiosk-name-big' }, d.full_name) : null,
        d ? h('p', {}, [d.position_title, d.delegation].filter(Boolean).join(' · ')) : null,
        d && d.seat ? h('p', { class: 'kiosk-seat' }, `Ghế ${d.seat}`) : null,
        r.result === 'unknown' ? h('p', { class: 'small' }, 'Quét thẻ đại biểu hoặc tìm theo tên bên dưới.') : null));
    result.className = `kiosk-result ${kind}`;
    beep(kind !== 'warn');
  };

  // A refused badge is said as large as a face result: the person at the
  // door reads it, not only the operator.
  const showError = (message: string) => {
    mount(result, h('div', {},
      h('p', { class: 'kiosk-msg' }, `✗ ${message}`),
      h('p', { class: 'small' }, 'Kiểm tra số thẻ, hoặc tìm theo tên bên dưới.')));
    result.className = 'kiosk-result warn badge-error';
    hint.textContent = '';
    beep(false);
  };

  // --- camera ----------------------------------------------------------------
  const video = h('video', { autoplay: true, playsinline: true, muted: true, class: 'kiosk-video', 'aria-label': 'Máy ảnh' }) as HTMLVideoElement;
  const faceOn = status.face_available && (status.liveness_available || !status.liveness_required);
  const camNote = h('p', { class: 'small muted' }, faceOn ? ''
    : status.face_available ? 'Chưa bật kiểm tra chống giả mạo trên máy chủ — điểm danh bằng khuôn mặt tạm tắt; đưa mã QR trên thẻ vào camera hoặc tìm tên.'
      : 'Nhận diện khuôn mặt chưa bật trên máy chủ — đưa mã QR trên thẻ vào camera, hoặc tìm tên.');
  let stream: MediaStream | null = null;
  let timer = 0;
  let busy = false;
  let holdUntil = 0;
  const small = document.createElement('canvas');
  small.width = 64; small.height = 48;
  const frame = document.createElement('canvas');
  let last: Uint8ClampedArray | null = null;
  let steady = 0;

  const FRAMES = Math.max(1, status.live_frames || 3);
  const grab = async (): Promise<Blob | null> => {
    const w = Math.min(640, video.videoWidth);
    frame.width = w;
    frame.height = Math.round(video.videoHeight * (w / video.videoWidth));
    frame.getContext('2d', { willReadFrequently: true })!.drawImage(video, 0, 0, frame.width, frame.height);
    return new Promise<Blob | null>((res) => frame.toBlob(res, 'image/jpeg', 0.88));
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  // A badge read from the camera: its holder's face is checked next (for a
  // few seconds) if the server needs one.
  let pendingBadge: { code: string; until: number } | null = null;
  let lastQr = { code: '', at: 0 };

  const answer = (r: CheckInResult, badge?: string) => {
    if (r.result === 'bad_frame') {
      hint.textContent = badge ? `Đã đọc thẻ — ${r.message}. Mời nhìn thẳng vào camera.` : r.message;
      holdUntil = Date.now() + 600;
      return;
    }
    hint.textContent = '';
    if (badge) pendingBadge = null;
    show(r);
    holdUntil = Date.now() + (r.result === 'not_live' ? 1500 : r.result === 'unknown' ? 2500 : 3500);
  };

  const tick = async () => {
    if (stopped || busy || !stream || video.readyState < 2 || Date.now() < holdUntil) return;
    busy = true;
    try {
      // The badge QR, from the same camera, steady or not.
      const blob0 = await grab();
      const code = await readQr(frame);
      if (code && (code !== lastQr.code || Date.now() - lastQr.at > 8000) && blob0) {
        lastQr = { code, at: Date.now() };
        pendingBadge = { code, until: Date.now() + 8000 };
        answer(await attendanceApi.badgeWithFace(slug, session, kiosk, code, blob0), code);
        return;
      }
      if (pendingBadge && Date.now() > pendingBadge.until) { pendingBadge = null; hint.textContent = ''; }
      // Steadiness: how much a 64×48 thumbnail changed since the last look.
      const sctx = small.getContext('2d', { willReadFrequently: true })!;
      sctx.drawImage(video, 0, 0, 64, 48);
      const px = sctx.getImageData(0, 0, 64, 48).data;
      let diff = 0;
      if (last) for (let i = 0; i < px.length; i += 4) diff += Math.abs(px[i + 1] - last[i + 1]);
      last = px.slice();
      const moving = diff / (64 * 48);
      steady = moving < 6 ? steady + 1 : 0;
      if (steady < 2 || !faceOn) return;
      steady = 0;
      if (pendingBadge) {
        if (blob0) answer(await attendanceApi.badgeWithFace(slug, session, kiosk, pendingBadge.code, blob0), pendingBadge.code);
        return;
      }
      // Several frames of the same steady moment: liveness is decided on
      // their median, so one odd frame neither refuses nor admits.
      const frames: Blob[] = [];
      if (blob0) frames.push(blob0);
      while (frames.length < FRAMES) {
        await sleep(120);
        const b = await grab();
        if (b) frames.push(b);
      }
      answer(await attendanceApi.faceFrames(slug, session, kiosk, frames));
    } catch (err) {
      if (pendingBadge) showError((err as Error).message); else hint.textContent = (err as Error).message;
      holdUntil = Date.now() + 2000;
      if (pendingBadge) pendingBadge = null;
    } finally {
      busy = false;
    }
  };

  const startCamera = async () => {
    if (!navigator.mediaDevices?.getUserMedia) {
      camNote.textContent = HTTPS_HINT;
      camNote.className = 'kiosk-camera-problem';
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
      video.srcObject = stream;
      timer = window.setInterval(() => void tick(), 250);
    } catch (err) {
      camNote.textContent = cameraProblem(err);
      camNote.className = 'kiosk-camera-problem';
    }
  };

  // --- fallbacks ---------------------------------------------------------------
  const badgeInput = h('input', { 'aria-label': 'Số thẻ hoặc mã QR', placeholder: 'Số thẻ / quét mã QR trên thẻ', inputmode: 'text', autocomplete: 'off' }) as HTMLInputElement;
  const badgeForm = h('form', { class: 'row', onsubmit: async (e: Event) => {
    e.preventDefault();
    const v = badgeInput.value.trim();
    if (!v) return;
    badgeInput.value = '';
    try { show(await attendanceApi.badge(slug, session, kiosk, v)); } catch (err) { showError((err as Error).message); }
    holdUntil = Date.now() + 3500;
  } }, badgeInput, h('button', { class: 'primary', type: 'submit' }, 'Điểm danh bằng thẻ'));

  const nameInput = h('input', { 'aria-label': 'Tìm đại biểu theo tên', placeholder: 'Tìm theo tên (có dấu hoặc không)', autocomplete: 'off' }) as HTMLInputElement;
  const hits = h('ul', { class: 'list kiosk-hits' });
  const manual = (d: DelegateBrief) => {
    const reason = h('input', { 'aria-label': 'Lý do điểm danh thủ công', placeholder: 'Lý do (bắt buộc), ví dụ: quên thẻ, đã đối chiếu CCCD' }) as HTMLInputElement;
    const err = h('span', { class: 'err small' }, '');
    return h('form', { class: 'row', onsubmit: async (e: Event) => {
      e.preventDefault();
      if (!reason.value.trim()) { err.textContent = 'Cần ghi lý do'; return; }
      try { show(await attendanceApi.manual(slug, session, kiosk, d.badge, reason.value)); nameInput.value = ''; mount(hits); } catch (x) { err.textContent = (x as Error).message; }
    } }, reason, h('button', { class: 'button', type: 'submit' }, 'Xác nhận'), err);
  };
  nameInput.addEventListener('input', () => {
    const q = fold(nameInput.value.trim());
    if (q.length < 2 || !roll) { mount(hits); return; }
    const all: (DelegateBrief & { here?: string })[] = [
      ...roll.missing, ...roll.present_list.map((p) => ({ ...p, here: p.checkin.at_local }))];
    const found = all.filter((d) => fold(d.full_name).includes(q) || d.badge === nameInput.value.trim()).slice(0, 8);
    mount(hits, ...found.map((d) => {
      const slot = h('div', {});
      return h('li', { class: 'card' },
        h('strong', {}, `${d.badge} · ${d.full_name}`), h('span', { class: 'muted small' }, ` ${d.delegation}`),
        d.here ? h('p', { class: 'ok small' }, `Đã điểm danh lúc ${d.here}`)
          : h('button', { class: 'button', onclick: () => mount(slot, manual(d)) }, 'Điểm danh thủ công'),
        slot);
    }));
  });

  mount(root, bar(`Điểm danh · ${kiosk}`), h('main', { class: 'page kiosk' },
    h('div', { class: 'row' }, sessionSelect, kioskInput),
    counter,
    h('div', { class: 'kiosk-stage' }, video, result),
    hint, camNote,
    h('section', { class: 'card' }, h('h2', {}, 'Không nhận diện được?'), badgeForm,
      nameInput, hits),
    attackCount,
    h('p', { class: 'small muted' }, `Người trực: ${who.name} · `, h('a', { href: `/attendance/${slug}` }, 'Bảng điểm danh'))));
  document.title = 'Điểm danh';
  await refresh();
  // A session added, moved or renamed by the secretariat shows up in the
  // list at once; the chosen one stays chosen while it exists.
  const refreshSessions = async () => {
    const fresh = await attendanceApi.status(slug).catch(() => null);
    if (!fresh) return;
    if (!fresh.sessions.some((s) => s.id === session)) session = fresh.current_session_id;
    mount(sessionSelect, ...fresh.sessions.map((s) => h('option', { value: String(s.id), selected: s.id === session }, sessionLabel(s))));
    sessionSelect.value = String(session);
  };
  const stopLive = connectLive(slug, () => {}, (type) => {
    if (type === 'programme_changed') void refreshSessions();
    void refresh();
  }, ['attendance', 'programme_changed', 'delegates_changed']);
  await startCamera();
  return () => {
    stopped = true;
    window.clearInterval(timer);
    stream?.getTracks().forEach((t) => t.stop());
    stopLive();
  };
}
