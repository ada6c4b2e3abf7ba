// The one API client's own words (http.ts).
import { table } from './table';

export const httpText = table({
  network: 'Mất kết nối tới máy chủ',
  status: (n: number) => `Lỗi ${n}`,
}, {
  network: 'Lost the connection to the server',
  status: (n: number) => `Error ${n}`,
});
