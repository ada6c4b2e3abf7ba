// Words of comments_admin.ts (vi/en), kept with the other string tables (decision 62).
export const S = {
  vi: {
    title: 'Góp ý dự thảo văn kiện',
    help: 'Góp ý của đại biểu và các đoàn trên văn kiện, báo cáo và dự thảo nghị quyết. Đánh dấu góp ý đã tiếp thu, xuất ra Excel để tổng hợp.',
    all: 'Tất cả tài liệu', refresh: 'Làm mới', excel: 'Xuất Excel', csv: 'Xuất CSV',
    none: 'Chưa có góp ý nào.', handled: 'Đã xử lý', page: 'trang', version: 'phiên bản',
    count: '{n} góp ý · {h} đã xử lý', by: 'bởi',
    secretaries: 'Thư ký đoàn (gửi góp ý thay mặt đoàn)',
    secretariesHelp: 'Mỗi đoàn một thư ký: chỉ người này gửi được góp ý thay mặt cả đoàn.',
    noSecretary: '— chưa chỉ định —', noDelegations: 'Chưa có đoàn nào.',
    secretarySaved: (g: string, n: string) => n ? `Đã chỉ định ${n} làm thư ký ${g}` : `${g} không còn thư ký`,
  },
  en: {
    title: 'Comments on drafts',
    help: 'Comments from delegates and delegations on congress documents, reports and draft resolutions. Mark those taken up; export to Excel for the compilation.',
    all: 'All documents', refresh: 'Refresh', excel: 'Export Excel', csv: 'Export CSV',
    none: 'No comments yet.', handled: 'Handled', page: 'page', version: 'version',
    count: '{n} comments · {h} handled', by: 'by',
    secretaries: 'Group secretaries (send comments for the delegation)',
    secretariesHelp: 'One secretary per delegation: only they can send a comment on behalf of the whole delegation.',
    noSecretary: '— not named —', noDelegations: 'No delegations yet.',
    secretarySaved: (g: string, n: string) => n ? `${n} is now the secretary of ${g}` : `${g} has no secretary now`,
  },
};
