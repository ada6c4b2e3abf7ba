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
import { kioskText } from './strings/attendance';
import { staffText } from './strings/staff';

const ROLES = ['admin', 'secretariat', 'checkin'];


// What the operator can do about a camera that did not open, in the page's
// language (the browser's own text, e.g. "Permission denied", is not shown).
export function cameraProblem(err: unknown): string {
  const name = (err as { name?: string })?.name ?? '';
  const s = kioskText();
  if (!window.isSecureContext) return s.httpsHint;
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return s.cameraDenied;
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return s.noCamera;
  if (name === 'NotReadableError') return s.cameraBusy;
  return s.cameraFailed;
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
  const who = await requireStaff(root, bar, ROLES, again, staffText().signInKiosk);
  if (!who) return () => {};
  const s = kioskText();
  const status = await attendanceApi.status(slug);
  let session = status.current_session_id;
  let kiosk = localStorage.getItem('kioskName') ?? s.defaultDesk;
  let roll: Roll | null = null;
  let stopped = false;

  const counter = h('p', { class: 'kiosk-count', 'aria-live': 'polite' }, '…');
  const sessionLabel = (x: { name: string; date: string; starts_at: string }) => `${x.name} · ${formatDate(x.date)} ${x.starts_at}`;
  const sessionSelect = h('select', { 'aria-label': s.session, onchange: () => { session = Number(sessionSelect.value); void refresh(); } },
    ...status.sessions.map((x) => h('option', { value: String(x.id), selected: x.id === session }, sessionLabel(x)))) as HTMLSelectElement;
  const kioskInput = h('input', { value: kiosk, 'aria-label': s.deskName, class: 'kiosk-name',
    onchange: () => { kiosk = kioskInput.value.trim() || s.defaultDesk; localStorage.setItem('kioskName', kiosk); } }) as HTMLInputElement;

  const refresh = async () => {
    try {
      roll = await attendanceApi.roll(slug, session);
      counter.textContent = s.counter(roll);
      counter.className = `kiosk-count ${roll.quorum_met ? 'ok' : ''}`;
    } catch { /* the next event retries */ }
  };

  // --- result card ----------------------------------------------------------
  const result = h('section', { class: 'kiosk-result idle', 'aria-live': 'assertive', role: 'status' },
    h('p', { class: 'hint' }, s.lookAtCamera));
  const hint = h('p', { class: 'kiosk-hint', 'aria-live': 'polite' }, '');
  let attacks = 0;
  const attackCount = h('p', { class: 'small kiosk-attacks', 'data-testid': 'attacks' }, '');
  const countAttack = () => {
    attacks++;
    attackCount.textContent = s.suspected(attacks);
    attackCount.className = 'small kiosk-attacks warn';
  };
  const show = (r: CheckInResult) => {
    if (r.result === 'not_live') {
      // Plain and big for the person at the door; the operator sees the count.
      mount(result, h('div', {},
        h('p', { class: 'kiosk-msg kiosk-look' }, r.message || s.lookStraight),
        h('p', { class: 'small' }, s.lookStraightEn)));
      result.className = 'kiosk-result warn not-live';
      countAttack();
      beep(false);
      return;
    }
    const d = r.delegate;
    const kind = r.result === 'checked_in' ? 'ok' : r.result === 'already' ? 'info' : 'warn';
    const photo = r.photo_url && d ? h('img', { class: 'kiosk-photo', alt: s.photoOf(d.full_name), src: r.photo_url }) as HTMLImageElement : null;
    if (photo) photo.addEventListener('error', () => photo.remove());
    mount(result,
      photo ?? h('span', {}),
      h('div', {},
        h('p', { class: 'kiosk-msg' }, r.result === 'checked_in' ? s.checkedIn : r.message),
        d ? h('p', { class: 'kiosk-name-big' }, d.full_name) : null,
        d ? h('p', {}, [d.position_title, d.delegation].filter(Boolean).join(' · ')) : null,
        d && d.seat ? h('p', { class: 'kiosk-seat' }, s.seat(d.seat)) : null,
        r.result === 'unknown' ? h('p', { class: 'small' }, s.scanOrSearch) : null));
    result.className = `kiosk-result ${kind}`;
    beep(kind !== 'warn');
  };

  // A refused badge is said as large as a face result: the person at the
  // door reads it, not only the operator.
  const showError = (message: string) => {
    mount(result, h('div', {},
      h('p', { class: 'kiosk-msg' }, `✗ ${message}`),
      h('p', { class: 'small' }, s.checkBadge)));
    result.className = 'kiosk-result warn badge-error';
    hint.textContent = '';
    beep(false);
  };

  // --- camera ----------------------------------------------------------------
  const video = h('video', { autoplay: true, playsinline: true, muted: true, class: 'kiosk-video', 'aria-label': s.camera }) as HTMLVideoElement;
  const faceOn = status.face_available && (status.liveness_available || !status.liveness_required);
  const camNote = h('p', { class: 'small muted' }, faceOn ? ''
    : status.face_available ? s.noLiveness
      : s.noFace);
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
      hint.textContent = badge ? s.badgeRead(r.message) : r.message;
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
      camNote.textContent = s.httpsHint;
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
  const badgeInput = h('input', { 'aria-label': s.badgeOrQr, placeholder: s.badgeOrQrHint, inputmode: 'text', autocomplete: 'off' }) as HTMLInputElement;
  const badgeForm = h('form', { class: 'row', onsubmit: async (e: Event) => {
    e.preventDefault();
    const v = badgeInput.value.trim();
    if (!v) return;
    badgeInput.value = '';
    try { show(await attendanceApi.badge(slug, session, kiosk, v)); } catch (err) { showError((err as Error).message); }
    holdUntil = Date.now() + 3500;
  } }, badgeInput, h('button', { class: 'primary', type: 'submit' }, s.byBadge));

  const nameInput = h('input', { 'aria-label': s.findByName, placeholder: s.findByNameHint, autocomplete: 'off' }) as HTMLInputElement;
  const hits = h('ul', { class: 'list kiosk-hits' });
  const manual = (d: DelegateBrief) => {
    const reason = h('input', { 'aria-label': s.manualReason, placeholder: s.manualReasonHint }) as HTMLInputElement;
    const err = h('span', { class: 'err small' }, '');
    return h('form', { class: 'row', onsubmit: async (e: Event) => {
      e.preventDefault();
      if (!reason.value.trim()) { err.textContent = s.reasonNeeded; return; }
      try { show(await attendanceApi.manual(slug, session, kiosk, d.badge, reason.value)); nameInput.value = ''; mount(hits); } catch (x) { err.textContent = (x as Error).message; }
    } }, reason, h('button', { class: 'button', type: 'submit' }, s.confirm), err);
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
        d.here ? h('p', { class: 'ok small' }, s.checkedInAt(d.here))
          : h('button', { class: 'button', onclick: () => mount(slot, manual(d)) }, s.manual),
        slot);
    }));
  });

  mount(root, bar(s.title(kiosk)), h('main', { class: 'page kiosk' },
    h('div', { class: 'row' }, sessionSelect, kioskInput),
    counter,
    h('div', { class: 'kiosk-stage' }, video, result),
    hint, camNote,
    h('section', { class: 'card' }, h('h2', {}, s.notRecognised), badgeForm,
      nameInput, hits),
    attackCount,
    h('p', { class: 'small muted' }, s.operator(who.name), h('a', { href: `/attendance/${slug}` }, s.attendanceBoard))));
  document.title = s.pageTitle;
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
