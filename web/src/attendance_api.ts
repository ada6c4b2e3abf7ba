// Typed access to check-in and roll-call endpoints (docs/http-api.md).
import { ApiError, http, type Body } from './http';

export interface DelegateBrief {
  badge: string; full_name: string; delegation: string; position_title: string; seat: string; kind: string;
}
export interface CheckInRecord {
  method: 'face' | 'badge' | 'manual'; at: string; at_local: string; kiosk: string; operator: string; reason: string; score: number;
}
export interface CheckInResult {
  result: 'checked_in' | 'already' | 'unknown' | 'bad_frame' | 'mismatch' | 'not_live';
  message: string; problem?: string; score: number; second: number; live?: number;
  operator_note?: string; suspected_attacks?: number;
  delegate?: DelegateBrief; checkin?: CheckInRecord; photo_url?: string; box?: number[];
}
export interface RollSession { id: number; position: number; name: string; date: string; starts_at: string; ends_at: string }
export interface Roll {
  session: RollSession; expected: number; present: number; official_expected: number; official_present: number;
  quorum_needed: number; quorum_met: boolean;
  delegates_quorum_met: boolean; units_expected: number; units_present: number; units_needed: number;
  units_quorum_met: boolean; quorum_message: string; methods: { face: number; badge: number; manual: number };
  by_delegation: { delegation_id: number; name: string; expected: number; present: number }[];
  missing: DelegateBrief[]; present_list: (DelegateBrief & { checkin: CheckInRecord })[];
}
export interface CheckInStatus {
  face_available: boolean; liveness_available: boolean; liveness_required: boolean; live_frames: number; suspected_attacks: number;
  threshold: number; margin: number; current_session_id: number; sessions: RollSession[];
}

// The one error type of http.ts, under the name the kiosk knew.
export { ApiError as HttpError } from './http';

const base = (slug: string) => `/api/v1/congresses/${encodeURIComponent(slug)}`;

// One check-in attempt: a fresh Idempotency-Key, sent again unchanged when
// the reply is lost (network error) or the server says 502/503/504 — at most
// three tries, a second apart (the server's Retry-After is 1–3 s). The server
// answers a repeated key with the first answer and never checks in twice
// (decision 530).
// getRandomValues, not randomUUID: the kiosk may be on plain http on the LAN.
function attemptKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
async function checkIn(url: string, body: Body, headers: Record<string, string> = {}): Promise<CheckInResult> {
  const key = attemptKey();
  for (let attempt = 1; ; attempt++) {
    try {
      return await http.post<CheckInResult>(url, body, { headers: { ...headers, 'Idempotency-Key': key } });
    } catch (e) {
      const retry = e instanceof ApiError && (e.code === 'network' || e.status === 502 || e.status === 503 || e.status === 504);
      if (!retry || attempt >= 3) throw e;
      await new Promise((ok) => setTimeout(ok, e.code === 'network' ? 1000 : 1500));
    }
  }
}
const kioskQuery = (session: number, kiosk: string) => `session=${session}&kiosk=${encodeURIComponent(kiosk)}`;

export const attendanceApi = {
  status: (slug: string) => http.get<CheckInStatus>(`${base(slug)}/checkin/status`),
  roll: (slug: string, session: number) => http.get<Roll>(`${base(slug)}/attendance${session ? `?session=${session}` : ''}`),
  face: (slug: string, session: number, kiosk: string, jpeg: Blob) =>
    checkIn(`${base(slug)}/checkin/face?${kioskQuery(session, kiosk)}`, jpeg, { 'Content-Type': 'image/jpeg' }),
  // Several steady frames of one moment in one request (the server decides
  // liveness on their median, decision 102).
  faceFrames: (slug: string, session: number, kiosk: string, frames: Blob[]) => {
    const form = new FormData();
    frames.forEach((f, i) => form.append('frame', f, `frame${i}.jpg`));
    return checkIn(`${base(slug)}/checkin/face?${kioskQuery(session, kiosk)}`, form);
  },
  // Badge read from the camera plus the frame: the server checks the face
  // 1:1 (and its liveness) when the card holder has one enrolled.
  badgeWithFace: (slug: string, session: number, kiosk: string, badge: string, jpeg: Blob) =>
    checkIn(`${base(slug)}/checkin/badge?${kioskQuery(session, kiosk)}&badge=${encodeURIComponent(badge)}`, jpeg,
      { 'Content-Type': 'image/jpeg' }),
  badge: (slug: string, session: number, kiosk: string, badge: string) =>
    checkIn(`${base(slug)}/checkin/badge`, { badge, kiosk, session_id: session }),
  manual: (slug: string, session: number, kiosk: string, badge: string, reason: string) =>
    checkIn(`${base(slug)}/checkin/manual`, { badge, kiosk, reason, session_id: session }),
};
