// Words of console_elections.ts (vi/en), kept with the other string tables (decision 62).
export const STR = {
  vi: { addName: 'Bổ sung vào danh sách', addFor: (r: number) => `Bổ sung người vào danh sách bầu vòng ${r}:`,
    added: (n: string) => `đã bổ sung ${n}`, fullName: 'Họ và tên', withdraw: 'Rút', withdrawn: (n: string) => `${n} đã rút khỏi danh sách` },
  en: { addName: 'Add to the list', addFor: (r: number) => `Add a name to the list of round ${r}:`,
    added: (n: string) => `${n} added`, fullName: 'Full name', withdraw: 'Withdraw', withdrawn: (n: string) => `${n} withdrawn from the list` },
};
