// Typed access to check-in and roll-call endpoints (docs/http-api.md).
import { http } from './http';

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

const kioskQuery = (session: number, kiosk: string) => `session=${session}&kiosk=${encodeURIComponent(kiosk)}`;

export const attendanceApi = {
  status: (slug: string) => http.get<CheckInStatus>(`${base(slug)}/checkin/status`),
  roll: (slug: string, session: number) => http.get<Roll>(`${base(slug)}/attendance${session ? `?session=${session}` : ''}`),
  face: (slug: string, session: number, kiosk: string, jpeg: Blob) =>
    http.post<CheckInResult>(`${base(slug)}/checkin/face?${kioskQuery(session, kiosk)}`, jpeg, { headers: { 'Content-Type': 'image/jpeg' } }),
  // Several steady frames of one moment in one request (the server decides
  // liveness on their median, decision 102).
  faceFrames: (slug: string, session: number, kiosk: string, frames: Blob[]) => {
    const form = new FormData();
    frames.forEach((f, i) => form.append('frame', f, `frame${i}.jpg`));
    return http.post<CheckInResult>(`${base(slug)}/checkin/face?${kioskQuery(session, kiosk)}`, form);
  },
  // Badge read from the camera plus the frame: the server checks the face
  // 1:1 (and its liveness) when the card holder has one enrolled.
  badgeWithFace: (slug: string, session: number, kiosk: string, badge: string, jpeg: Blob) =>
    http.post<CheckInResult>(`${base(slug)}/checkin/badge?${kioskQuery(session, kiosk)}&badge=${encodeURIComponent(badge)}`, jpeg,
      { headers: { 'Content-Type': 'image/jpeg' } }),
  badge: (slug: string, session: number, kiosk: string, badge: string) =>
    http.post<CheckInResult>(`${base(slug)}/checkin/badge`, { badge, kiosk, session_id: session }),
  manual: (slug: string, session: number, kiosk: string, badge: string, reason: string) =>
    http.post<CheckInResult>(`${base(slug)}/checkin/manual`, { badge, kiosk, reason, session_id: session }),
};
