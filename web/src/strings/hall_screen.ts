// Words of hall_screen.ts (vi/en), kept with the other string tables (decision 62).
export const S = {
  vi: {
    badOpen: 'Mã màn hình không mở được',
    stopped: 'Màn hình hội trường đã dừng',
    revoked: 'Mã màn hình này đã bị Ban Thư ký thu hồi hoặc đã hết hạn. Hãy xin Ban Thư ký mã mới.',
    screen: 'Màn hình',
  },
  en: {
    badOpen: 'The screen code could not be opened',
    stopped: 'The hall screen has stopped',
    revoked: 'This screen code was revoked by the secretariat or has expired. Ask the secretariat for a new one.',
    screen: 'Screen',
  },
};
