// The secretariat's week from an empty data directory without --demo:
// the one-time set-up link → the first admin → a congress → its programme
// (validated, shown by time) → delegates from an Excel file with two title
// rows (previewed first) → edits that keep unsaved work → one badge
// reprinted, revoking only that badge. At 1280×800, then on a 390×844 phone.
import { readFileSync, writeFileSync, mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, check, run, repoRoot } from './harness.mjs';

const binary = process.argv[2];
const shots = join(repoRoot, 'docs', 'screenshots');
mkdirSync(shots, { recursive: true });

// --- a minimal XLSX (stored ZIP, inline strings) ---------------------------
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function zip(files) {
  const parts = []; const central = []; let offset = 0;
  for (const [name, text] of files) {
    const data = Buffer.from(text, 'utf8'); const fname = Buffer.from(name, 'utf8'); const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fname.length, 26);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0); cen.writeUInt16LE(20, 4); cen.writeUInt16LE(20, 6); cen.writeUInt16LE(0x0800, 8);
    cen.writeUInt32LE(crc, 16); cen.writeUInt32LE(data.length, 20); cen.writeUInt32LE(data.length, 24);
    cen.writeUInt16LE(fname.length, 28); cen.writeUInt32LE(offset, 42);
    parts.push(local, fname, data); central.push(cen, fname);
    offset += 30 + fname.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(files.length, 8); end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}
function xlsx(rows) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const col = (i) => String.fromCharCode(65 + i);
  const sheet = rows.map((r, ri) => `<row r="${ri + 1}">${r.map((v, ci) => v === '' ? '' :
    `<c r="${col(ci)}${ri + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('')}</row>`).join('');
  return zip([
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'],
    ['xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Danh sách" sheetId="1"/></sheets></workbook>'],
    ['xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheet}</sheetData></worksheet>`],
  ]);
}

const dir = mkdtempSync(join(tmpdir(), 'secretariat-'));
const listPath = join(dir, 'danh-sach-dai-bieu.xlsx');
writeFileSync(listPath, xlsx([
  ['HUYỆN ĐOÀN YÊN BÌNH', '', '', '', '', ''],
  ['DANH SÁCH ĐẠI BIỂU DỰ ĐẠI HỘI LẦN THỨ XX', '', '', '', '', ''],
  ['STT', 'Số thẻ', 'Họ và tên', 'Đoàn', 'Giới tính', 'Ngày sinh'],
  ['1', '001', 'Lâm Ngọc Ánh', 'Đoàn xã Phúc An', 'Nữ', '12/05/1995'],
  ['2', '002', 'Hoàng Văn Tiến', 'Đoàn xã Cảm Nhân', 'Nam', '1993'],
  ['3', '003', 'Giàng A Sình', 'Đoàn xã Phúc An', 'Nam', '02/09/1990'],
]));

const server = await startServer(binary, []);
const browser = await launchBrowser();
const ADMIN = 'bantuky';
const ADMIN_PW = 'mat-khau-ban-thu-ky';
try {
  await run('from the set-up link to a congress with its programme, delegates and one reprinted badge (1280×800)', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
    const page = await ctx.newPage();
    page.on('dialog', (d) => void d.accept(d.type() === 'prompt' ? d.defaultValue() : undefined));
    // A fresh install says where the set-up link is.
    await page.goto(server.url);
    await page.waitForSelector('text=Chưa có tài khoản quản trị');
    const link = readFileSync(join(server.dataDir, 'setup-link'), 'utf8').trim();
    check(/\/setup\/[0-9A-Za-z]{32}$/.test(link), link);
    await page.goto(`${server.url}${new URL(link).pathname}`);
    await page.fill('input[aria-label="Tên đăng nhập"]', ADMIN);
    await page.fill('input[aria-label="Mật khẩu"]', ADMIN_PW);
    await page.fill('input[aria-label="Nhập lại mật khẩu"]', ADMIN_PW);
    await page.screenshot({ path: join(shots, 'secretariat-1-setup-link.png') });
    await page.click('form.login button[type=submit]');
    await page.waitForSelector('h2:has-text("Tạo đại hội mới")');
    // The link worked once.
    const again = await fetch(`${server.url}/api/v1/setup`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: link.split('/').pop(), name: 'ke-khac', password: 'mat-khau-ke-khac' }) });
    check(again.status === 403, `used link ${again.status}`);

    // A congress, from the browser.
    await page.fill('input[aria-label="Tên đại hội"]', 'Đại hội đại biểu Đoàn TNCS Hồ Chí Minh huyện Yên Bình');
    check((await page.inputValue('input[aria-label="Địa chỉ ngắn"]')).startsWith('dai-hoi-dai-bieu-doan'), 'slug from the name');
    await page.fill('input[aria-label="Địa chỉ ngắn"]', 'yen-binh-2027');
    await page.fill('input[aria-label="Lần thứ / khóa"]', 'lần thứ XX');
    await page.fill('input[aria-label="Ngày khai mạc"]', '2027-04-10');
    await page.fill('input[aria-label="Ngày bế mạc"]', '2027-04-11');
    await page.screenshot({ path: join(shots, 'secretariat-2-new-congress.png') });
    await page.click('button:has-text("Tạo đại hội")');
    await page.waitForURL('**/console/yen-binh-2027');
    await page.waitForSelector('#programme');

    // The programme: typed out of order, shown by time; bad times refused clearly.
    const addSession = async (name, start, end) => {
      await page.fill('#programme input[aria-label="Tên phiên (ví dụ: Phiên chính thức — buổi sáng)"]', name);
      await page.fill('#programme form:has(button:has-text("Thêm phiên")) input[aria-label="Ngày"]', '2027-04-10');
      await page.fill('#programme form:has(button:has-text("Thêm phiên")) input[aria-label="Bắt đầu"]', start);
      await page.fill('#programme form:has(button:has-text("Thêm phiên")) input[aria-label="Kết thúc"]', end);
      await page.click('button:has-text("Thêm phiên")');
      await page.waitForSelector(`#programme .session-card h3:has-text("${name}")`);
    };
    await addSession('Phiên chiều', '13:30', '17:00');
    await addSession('Phiên sáng', '07:30', '11:30');
    const firstTitle = await page.textContent('#programme .session-card h3');
    check(firstTitle.includes('Phiên sáng') && firstTitle.includes('10/04/2027'), firstTitle);
    await page.selectOption('#programme form:has(button:has-text("Thêm mục chương trình")) select', { label: 'Phiên sáng' });
    await page.fill('#programme input[aria-label="Giờ"] >> nth=-1', '12:15');
    await page.fill('#programme input[aria-label="Nội dung mục chương trình"]', 'Khai mạc đại hội');
    await page.click('button:has-text("Thêm mục chương trình")');
    await page.waitForSelector('#programme .err:has-text("phải nằm trong giờ của Phiên sáng (07:30–11:30)")');
    await page.fill('#programme input[aria-label="Giờ"] >> nth=-1', '07:30');
    await page.click('button:has-text("Thêm mục chương trình")');
    await page.waitForSelector('#programme .ok:has-text("Khai mạc đại hội")');

    // Delegates from an Excel file with two title rows: preview, then import.
    await page.setInputFiles('#roster input[type=file]', listPath);
    await page.waitForSelector('#roster .import-preview strong:has-text("3 đại biểu mới")');
    check((await page.textContent('#roster .import-preview')).includes('2 đoàn mới'), 'two new delegations');
    const before = (await (await fetch(`${server.url}/api/v1/congresses/yen-binh-2027`)).json()).delegates.total;
    check(before === 0, 'preview wrote nothing');
    await page.locator('#roster').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'secretariat-3-import-preview.png') });
    await page.click('button:has-text("Nhập danh sách này")');
    await page.waitForSelector('#roster .ok:has-text("3 đại biểu mới")');
    await page.waitForSelector('#roster .delegate-row summary:has-text("Giàng A Sình")');

    // Edits keep unsaved work: a venue typed but not saved survives a
    // delegate's edit, and each message stays.
    await page.fill('#congress-settings input[aria-label="Địa điểm"]', 'Hội trường huyện (chưa lưu)');
    await page.click('#roster .delegate-row summary:has-text("Hoàng Văn Tiến")');
    const row = page.locator('#roster .delegate-row[open]');
    await row.locator('input[aria-label="Họ và tên"]').fill('Hoàng Văn Tiến Anh');
    await row.locator('select[aria-label="Đảng viên"]').selectOption('yes');
    await row.locator('button:has-text("Lưu")').click();
    await row.locator('.ok:has-text("Đã lưu Hoàng Văn Tiến Anh")').waitFor();
    check((await page.inputValue('#congress-settings input[aria-label="Địa điểm"]')) === 'Hội trường huyện (chưa lưu)', 'unsaved venue kept');
    check((await page.textContent('#programme > p[role=status]')).includes('Khai mạc đại hội'), 'programme message kept');
    // A session edited with the end before its start: refused in Vietnamese.
    const sess = page.locator('#programme .session-card', { hasText: 'Phiên sáng' });
    await sess.locator('input[aria-label="Kết thúc"]').fill('07:00');
    await sess.locator('button:has-text("Lưu phiên")').click();
    await page.waitForSelector('#programme .err:has-text("Giờ kết thúc (07:00) phải sau giờ bắt đầu (07:30)")');
    await sess.locator('.err').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'secretariat-4-edits.png') });

    // One badge reprinted: only that badge stops working, and the page says so.
    const tokens = (await (await fetch(`${server.url}/api/v1/congresses/yen-binh-2027/delegates/tokens?format=json`,
      { headers: await loginHeaders() })).json()).delegates;
    check(tokens.length === 3 && tokens.every((t) => t.token), 'print shop tokens');
    // The prepared PDF opens in a new tab: catch its address instead.
    await page.evaluate(() => { window.open = (u) => { window.__opened = String(u); return null; }; });
    await row.locator('button:has-text("In lại thẻ")').click();
    await row.locator('.ok:has-text("chỉ thẻ của Hoàng Văn Tiến Anh")').waitFor();
    const opened = await page.evaluate(() => window.__opened);
    check(/\/badges\/[0-9A-Za-z]{22}\.pdf$/.test(opened), opened);
    const pdf = await fetch(`${server.url}${opened}`, { headers: await loginHeaders() });
    check(pdf.status === 200 && (await pdf.text()).startsWith('%PDF-'), `badge pdf ${pdf.status}`);
    const signIn = async (token) => (await fetch(`${server.url}/api/v1/auth/badge`, { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) })).status;
    const tien = tokens.find((t) => t.badge === '002');
    const anh = tokens.find((t) => t.badge === '001');
    check(await signIn(tien.token) === 401, 'the reprinted badge\'s old code is revoked');
    check(await signIn(anh.token) === 200, 'the other badges keep working');
    await page.screenshot({ path: join(shots, 'secretariat-5-badge-reprinted.png') });
    await ctx.close();
  });

  await run('the same console on a 390×844 phone', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/console/yen-binh-2027`);
    await page.fill('input[name=username]', ADMIN);
    await page.fill('input[name=password]', ADMIN_PW);
    await page.click('form.login button');
    await page.waitForSelector('#programme .session-card');
    await page.locator('#programme').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'secretariat-6-phone-programme.png') });
    await page.fill('#roster input[type=search]', 'giang');
    await page.waitForSelector('#roster .muted:has-text("1 / 3 đại biểu khớp")');
    await page.click('#roster .delegate-row summary:has-text("Giàng A Sình")');
    await page.locator('#roster .delegate-row[open]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'secretariat-7-phone-roster.png') });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 1, `no sideways scrolling on a phone (${overflow}px)`);
    // The delegate's phone shows the programme by time.
    await page.goto(`${server.url}/c/yen-binh-2027`);
    await page.waitForSelector('text=Phiên sáng');
    const text = await page.textContent('main');
    check(text.indexOf('Phiên sáng') < text.indexOf('Phiên chiều'), 'morning before afternoon');
    await ctx.close();
  });
} finally {
  await browser.close();
  await server.stop();
}

async function loginHeaders() {
  const r = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: ADMIN, password: ADMIN_PW }) });
  const j = await r.json();
  return { Cookie: r.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': j.csrf };
}
