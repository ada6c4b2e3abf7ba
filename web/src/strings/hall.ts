// The hall projector (hall.ts) and its poll layer (hall_poll.ts).
import { table } from './table';

type Election = { issued: number; returned: number; valid: number; invalid: number; threshold_base_text: string };

export const hallText = table({
  restrictedRoles: 'Tài liệu hạn chế theo vai trò',
  restrictedDelegates: 'Tài liệu chỉ dành cho đại biểu',
  restrictedHint: 'Màn hình này không hiển thị được tài liệu đang trình chiếu. Đại biểu theo dõi trên điện thoại của mình.',
  cannotOpen: 'Không mở được tài liệu đang trình chiếu',
  pageTitle: (name: string) => `Hội trường · ${name}`,
  modeNamed: 'Biểu quyết công khai', modeSecret: 'Bỏ phiếu kín', modePaper: 'Giơ thẻ',
  left: (mmss: string) => `Còn ${mmss}`,
  cast: (cast: number, eligible: number) => `Đã bỏ phiếu ${cast}/${eligible}`,
  yes: 'Tán thành', no: 'Không tán thành', abstain: 'Không biểu quyết', notVoted: 'Không tham gia',
  passed: 'ĐƯỢC THÔNG QUA', notPassed: 'KHÔNG ĐƯỢC THÔNG QUA',
  electionLine: (r: Election) => `Phát ra ${r.issued} · Thu vào ${r.returned} · Hợp lệ ${r.valid} · Không hợp lệ ${r.invalid} · Trúng cử: ${r.threshold_base_text}`,
  elected: 'TRÚNG CỬ',
  runoff: (n: number, seats: number) => `Bầu lại giữa ${n} người cho ${seats} vị trí`,
  emptySeats: (n: number) => `Còn ${n} vị trí chưa bầu đủ`,
}, {
  restrictedRoles: 'A document restricted to some roles',
  restrictedDelegates: 'A delegates-only document',
  restrictedHint: 'This screen cannot show the document being presented. Delegates follow it on their phones.',
  cannotOpen: 'Could not open the document being presented',
  pageTitle: (name: string) => `Hall · ${name}`,
  modeNamed: 'Open vote', modeSecret: 'Secret ballot', modePaper: 'Show of hands',
  left: (mmss: string) => `${mmss} left`,
  cast: (cast: number, eligible: number) => `Voted ${cast}/${eligible}`,
  yes: 'For', no: 'Against', abstain: 'Abstain', notVoted: 'Did not vote',
  passed: 'ADOPTED', notPassed: 'NOT ADOPTED',
  electionLine: (r: Election) => `Issued ${r.issued} · Returned ${r.returned} · Valid ${r.valid} · Invalid ${r.invalid} · Elected with: ${r.threshold_base_text}`,
  elected: 'ELECTED',
  runoff: (n: number, seats: number) => `Runoff among ${n} candidates for ${seats} seats`,
  emptySeats: (n: number) => `${n} seats not yet filled`,
});
