// Words of comments_admin.ts (vi/en), kept with the other string tables (decision 62).
export const S = {
  vi: {
    title: 'Góp ý dự thảo văn kiện',
    help: 'Góp ý của đại biểu và các đoàn trên văn kiện, báo cáo và dự thảo nghị quyết. Đánh dấu góp ý đã tiếp thu, xuất ra Excel để tổng hợp.',
    all: 'Tất cả tài liệu', refresh: 'Làm mới', excel: 'Xuất Excel', csv: 'Xuất CSV',
    none: 'Chưa có góp ý nào.', handled: 'Đã xử lý', page: 'trang', version: 'phiên bản',
    count: '{n} góp ý · {h} đã xử lý', by: 'bởi',
  },
  en: {
    title: 'Comments on drafts',
    help: 'Comments from delegates and delegations on congress documents, reports and draft resolutions. Mark those taken up; export to Excel for the compilation.',
    all: 'All documents', refresh: 'Refresh', excel: 'Export Excel', csv: 'Export CSV',
    none: 'No comments yet.', handled: 'Handled', page: 'page', version: 'version',
    count: '{n} comments · {h} handled', by: 'by',
  },
};
