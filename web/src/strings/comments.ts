// Words of comments.ts (vi/en), kept with the other string tables (decision 62).
export const S = {
  vi: {
    title: 'Góp ý dự thảo',
    help: 'Góp ý được gửi tới tổ biên tập văn kiện (không công khai).',
    page: 'Trang', quote: 'Đoạn trích (không bắt buộc)', takeSelection: 'Lấy đoạn đang chọn',
    text: 'Nội dung góp ý', forGroup: 'Thay mặt đoàn', send: 'Gửi góp ý', sent: 'Đã gửi góp ý',
    mine: 'Góp ý đã gửi', none: 'Chưa có góp ý nào.', handled: 'Đã xử lý', pending: 'Chưa xử lý',
    version: 'phiên bản', offline: 'Mất kết nối, chưa gửi được',
    forGroupOf: (g: string) => `Thay mặt ${g} (thư ký đoàn)`,
    withdraw: 'Rút lại', confirmWithdraw: 'Rút lại góp ý này? Tổ biên tập sẽ không còn thấy nó.', withdrawn: 'Đã rút lại góp ý',
  },
  en: {
    title: 'Comments on the draft',
    help: 'Comments go to the drafting team (not public).',
    page: 'Page', quote: 'Quoted passage (optional)', takeSelection: 'Use the selected text',
    text: 'Your comment', forGroup: 'On behalf of my delegation', send: 'Send comment', sent: 'Comment sent',
    mine: 'Comments sent', none: 'No comments yet.', handled: 'Handled', pending: 'Not handled yet',
    version: 'version', offline: 'No connection, not sent',
    forGroupOf: (g: string) => `On behalf of ${g} (group secretary)`,
    withdraw: 'Withdraw', confirmWithdraw: 'Withdraw this comment? The drafting team will no longer see it.', withdrawn: 'Comment withdrawn',
  },
};
