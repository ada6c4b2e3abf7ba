// Words of comments.ts (vi/en), kept with the other string tables (decision 62).
export const S = {
  vi: {
    title: 'Góp ý dự thảo',
    help: 'Góp ý được gửi tới tổ biên tập văn kiện (không công khai).',
    page: 'Trang', quote: 'Đoạn trích (không bắt buộc)', takeSelection: 'Lấy đoạn đang chọn',
    text: 'Nội dung góp ý', forGroup: 'Thay mặt đoàn', send: 'Gửi góp ý', sent: 'Đã gửi góp ý',
    mine: 'Góp ý đã gửi', none: 'Chưa có góp ý nào.', handled: 'Đã xử lý', pending: 'Chưa xử lý',
    version: 'phiên bản', offline: 'Mất kết nối, chưa gửi được',
  },
  en: {
    title: 'Comments on the draft',
    help: 'Comments go to the drafting team (not public).',
    page: 'Page', quote: 'Quoted passage (optional)', takeSelection: 'Use the selected text',
    text: 'Your comment', forGroup: 'On behalf of my delegation', send: 'Send comment', sent: 'Comment sent',
    mine: 'Comments sent', none: 'No comments yet.', handled: 'Handled', pending: 'Not handled yet',
    version: 'version', offline: 'No connection, not sent',
  },
};
