// Words of election_outcome.ts (vi/en), kept with the other string tables (decision 62).
export const STR = {
  vi: {
    heading: 'Kết quả chung cuộc', elected: 'người trúng cử', alternates: 'Dự khuyết', round: 'vòng', runoff: 'bầu lại',
    votes: 'phiếu', complete: (n: number) => `Đã bầu đủ ${n} vị trí.`,
    runoffPending: 'Còn người ngang phiếu chờ bầu lại.',
    leftEmpty: (n: number, r: number) => `${n} vị trí để trống (đã bầu đủ ${r} vòng theo quy định).`,
    mayContinue: (n: number) => `Còn ${n} vị trí chưa có người trúng cử; Đại hội quyết định có bầu tiếp hay không.`,
    none: 'Chưa có người trúng cử.',
  },
  en: {
    heading: 'Final result', elected: 'elected', alternates: 'Alternates', round: 'round', runoff: 'runoff',
    votes: 'votes', complete: (n: number) => `All ${n} seats filled.`,
    runoffPending: 'A tie still waits for its runoff.',
    leftEmpty: (n: number, r: number) => `${n} seat(s) left empty (all ${r} rounds held).`,
    mayContinue: (n: number) => `${n} seat(s) still empty; the congress decides whether to hold another round.`,
    none: 'Nobody elected yet.',
  },
};
