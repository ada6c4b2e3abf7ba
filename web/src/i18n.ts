// Vietnamese first; English as a switch. Strings live here, not in views.
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
