// Vietnamese first; English as a switch. Strings live here (the delegate's
// pages) or in strings/<area>.ts (staff pages), never in views.
export type Lang = 'vi' | 'en';

const dict = {
  vi: {
    appName: 'Phòng họp',
    loading: 'Đang tải…',
    programme: 'Chương trình',
    delegations: 'Đoàn đại biểu',
    about: 'Thông tin',
    delegatesTotal: 'đại biểu',
    official: 'chính thức',
    term: 'Nhiệm kỳ',
    venue: 'Địa điểm',
    now: 'Đang diễn ra',
    live: 'Trực tuyến',
    offline: 'Mất kết nối — đang thử lại',
    noCongress: 'Chưa có đại hội nào.',
    chooseCongress: 'Chọn đại hội',
    error: 'Không tải được dữ liệu',
    retry: 'Thử lại',
    language: 'English',
    textSize: 'Cỡ chữ',
    statusPlanned: 'Sắp diễn ra', statusOngoing: 'Đang diễn ra', statusClosed: 'Đã bế mạc',
    documents: 'Tài liệu',
    noDocuments: 'Chưa có tài liệu.',
    otherDocuments: 'Tài liệu khác',
    pages: 'trang',
    page: 'Trang',
    download: 'Tải về',
    find: 'Tìm trong tài liệu',
    findPlaceholder: 'Gõ từ cần tìm, có dấu hoặc không',
    noMatch: 'Không thấy trong tài liệu',
    matches: 'trang có kết quả',
    prev: 'Trang trước',
    next: 'Trang sau',
    zoomIn: 'Phóng to',
    zoomOut: 'Thu nhỏ',
    thumbnails: 'Các trang',
    versions: 'Các phiên bản',
    version: 'Phiên bản',
    current: 'hiện hành',
    oldVersion: 'Bạn đang xem phiên bản cũ.',
    viewCurrent: 'Xem bản hiện hành',
    textPending: 'Đang nhận dạng chữ của trang scan…',
    back: 'Quay lại',
    paperSaved: 'Giấy tiết kiệm được',
    sheets: 'tờ giấy',
    reams: 'ram',
    money: 'tiền in',
    loadingDoc: 'Đang mở tài liệu…',
    search: 'Tìm trong tài liệu đại hội',
    searchPlaceholder: 'Tìm tài liệu: gõ có dấu hoặc không dấu',
    noResults: 'Không tìm thấy tài liệu phù hợp.',
    weakResults: 'Kết quả gần đúng',
    province: 'Tỉnh nhà',
    provincePages: 'Về địa phương: địa danh, văn hóa, con người',
    announcements: 'Thông báo',
    noAnnouncements: 'Chưa có thông báo.',
    presenting: 'Chủ tọa đang trình chiếu',
    follow: 'Theo dõi',
    unfollow: 'Thôi theo dõi',
    following: 'Đang theo chủ tọa',
    open: 'Mở',
    myNote: 'Ghi chú của tôi',
    notePlaceholder: 'Chỉ mình bạn xem được ghi chú này',
    saved: 'Đã lưu',
    saving: 'Đang lưu…',
    noteQueued: 'Chưa gửi — giữ trên máy này, sẽ gửi khi có mạng',
    noteSynced: 'Đã lưu · đã đồng bộ',
    noteMerged: 'Đã đồng bộ — ghi chú cũng được sửa ở thiết bị khác; đã giữ cả hai bản',
    signInForNotes: 'Quét mã QR trên thẻ đại biểu để ghi chú.',
    offlineReading: 'Đang ngoại tuyến — tài liệu đã lưu vẫn đọc được.',
    downloadAll: 'Tải tất cả tài liệu',
    downloadAllHint: 'Lưu mọi tài liệu vào máy để đọc khi mất Wi-Fi.',
    downloadedN: 'Đã lưu',
    newVersion: 'Tài liệu này có phiên bản mới.',
    openNewVersion: 'Mở bản mới',
    pagesResults: 'Trang giới thiệu',
    offlineNeedsHttps: 'Đọc ngoại tuyến cần kết nối https (hỏi Ban Thư ký).',
    close: 'Đóng',
    signedInAs: 'Đăng nhập:',
    presentingRestricted: 'Chủ tọa đang trình chiếu một tài liệu chỉ dành cho đại biểu — đăng nhập bằng mã QR trên thẻ để xem',
    signOut: 'Đăng xuất',
    dates: 'Ngày',
    titleConsole: 'Quản trị',
    titleChair: 'Chủ tọa',
    titleKiosk: 'Điểm danh',
    titleAttendance: 'Bảng điểm danh',
    titleHall: 'Màn hình hội trường',
    titleSetup: 'Thiết lập',
    secretariatLink: 'Ban Thư ký: tạo đại hội trong trang quản trị',
    needsSetup: 'Chưa có tài khoản quản trị: mở liên kết thiết lập in ra khi máy chủ khởi động (cũng lưu trong tệp setup-link của thư mục dữ liệu).',
    copiesDuplex: 'bản, in hai mặt,',
    dong: 'đ',
    perPage: 'đ/trang',
    noteThisDevice: 'Bản viết trên thiết bị này lúc',
  },
  en: {
    appName: 'Meeting room',
    loading: 'Loading…',
    programme: 'Programme',
    delegations: 'Delegations',
    about: 'About',
    delegatesTotal: 'delegates',
    official: 'official',
    term: 'Term',
    venue: 'Venue',
    now: 'Now',
    live: 'Live',
    offline: 'Offline — reconnecting',
    noCongress: 'No congress yet.',
    chooseCongress: 'Choose a congress',
    error: 'Could not load data',
    retry: 'Retry',
    language: 'Tiếng Việt',
    textSize: 'Text size',
    statusPlanned: 'Upcoming', statusOngoing: 'In session', statusClosed: 'Closed',
    documents: 'Documents',
    noDocuments: 'No documents yet.',
    otherDocuments: 'Other documents',
    pages: 'pages',
    page: 'Page',
    download: 'Download',
    find: 'Find in document',
    findPlaceholder: 'Type words, with or without accents',
    noMatch: 'Not found in this document',
    matches: 'pages match',
    prev: 'Previous page',
    next: 'Next page',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    thumbnails: 'Pages',
    versions: 'Versions',
    version: 'Version',
    current: 'current',
    oldVersion: 'You are reading an earlier version.',
    viewCurrent: 'Read the current version',
    textPending: 'Reading the text of scanned pages…',
    back: 'Back',
    paperSaved: 'Paper saved',
    sheets: 'sheets',
    reams: 'reams',
    money: 'printing cost',
    loadingDoc: 'Opening the document…',
    search: 'Search the congress documents',
    searchPlaceholder: 'Search documents, with or without accents',
    noResults: 'No matching document.',
    weakResults: 'Partial matches',
    province: 'Province',
    provincePages: 'About the province: places, culture, people',
    announcements: 'Announcements',
    noAnnouncements: 'No announcements yet.',
    presenting: 'The chair is presenting',
    follow: 'Follow',
    unfollow: 'Stop following',
    following: 'Following the chair',
    open: 'Open',
    myNote: 'My note',
    notePlaceholder: 'Only you can see this note',
    saved: 'Saved',
    saving: 'Saving…',
    noteQueued: 'Not sent — kept on this device, will be sent when back online',
    noteSynced: 'Saved · synced',
    noteMerged: 'Synced — the note was also edited on another device; both versions kept',
    signInForNotes: 'Scan the QR code on your badge to take notes.',
    offlineReading: 'Offline — saved documents can still be read.',
    downloadAll: 'Download all documents',
    downloadAllHint: 'Keep every document on this phone for when the Wi-Fi drops.',
    downloadedN: 'Saved',
    newVersion: 'This document has a new version.',
    openNewVersion: 'Open the new version',
    pagesResults: 'Province pages',
    offlineNeedsHttps: 'Offline reading needs an https connection (ask the secretariat).',
    close: 'Close',
    signedInAs: 'Signed in:',
    presentingRestricted: 'The chair is presenting a delegates-only document — sign in with the QR code on your badge to see it',
    signOut: 'Sign out',
    dates: 'Dates',
    titleConsole: 'Administration',
    titleChair: 'Chair',
    titleKiosk: 'Check-in',
    titleAttendance: 'Attendance board',
    titleHall: 'Hall screen',
    titleSetup: 'Set-up',
    secretariatLink: 'Secretariat: create a congress in the administration pages',
    needsSetup: 'No administrator account yet: open the set-up link printed when the server started (also kept in the setup-link file of the data directory).',
    copiesDuplex: 'copies, double-sided,',
    dong: 'VND',
    perPage: 'VND/page',
    noteThisDevice: 'Written on this device at',
  },
} as const;

export type Key = keyof typeof dict.vi;

let lang: Lang = (localStorage.getItem('lang') as Lang) === 'en' ? 'en' : 'vi';

export function t(key: Key): string { return dict[lang][key]; }
export function currentLang(): Lang { return lang; }
export function setLang(l: Lang): void {
  lang = l;
  localStorage.setItem('lang', l);
  document.documentElement.lang = l;
}

// One formatting policy for dates, times and numbers (#17 item 12): every
// page calls these instead of toLocale…() with its own locale. Vietnamese:
// 30/11/2026, 14:05, 1.234.567; English: 30 Nov 2026, 14:05, 1,234,567.
const two = (n: number) => String(n).padStart(2, '0');
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function toDate(x: string | number | Date): Date | null {
  if (x instanceof Date) return Number.isNaN(x.getTime()) ? null : x;
  if (typeof x === 'number') return new Date(x * 1000);  // unix seconds
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(x);
  // A bare date is a calendar day, not an instant: no time-zone shift.
  const d = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date(x);
  return Number.isNaN(d.getTime()) ? null : d;
}

// A day: "30/11/2026" (vi) or "30 Nov 2026" (en). Unknown or empty input is
// returned unchanged (so a half-typed date still shows).
export function formatDate(x: string | number | Date, l: Lang = lang): string {
  const d = toDate(x);
  if (!d) return typeof x === 'string' ? x : '';
  return l === 'vi' ? `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()}`
    : `${d.getDate()} ${MONTHS_EN[d.getMonth()]} ${d.getFullYear()}`;
}

// A clock time, 24-hour in both languages: "14:05".
export function formatTime(x: string | number | Date): string {
  const d = toDate(x);
  return d ? `${two(d.getHours())}:${two(d.getMinutes())}` : '';
}

// "14:05 30/11/2026" (vi) or "30 Nov 2026, 14:05" (en).
export function formatDateTime(x: string | number | Date, l: Lang = lang): string {
  const d = toDate(x);
  if (!d) return '';
  return l === 'vi' ? `${formatTime(d)} ${formatDate(d, l)}` : `${formatDate(d, l)}, ${formatTime(d)}`;
}

// A whole or decimal number with the language's separators: 1.234,5 / 1,234.5.
export function formatNumber(n: number, l: Lang = lang): string {
  return n.toLocaleString(l === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 });
}

const WEEKDAYS = {
  vi: ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};
// With the weekday, for the programme: "Thứ Hai, 30/11/2026" / "Monday, 30 Nov 2026".
export function formatDay(x: string | number | Date, l: Lang = lang): string {
  const d = toDate(x);
  return d ? `${WEEKDAYS[l][d.getDay()]}, ${formatDate(d, l)}` : (typeof x === 'string' ? x : '');
}
