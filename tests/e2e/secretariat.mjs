// Issue #17, "how we will know": the secretariat's week and the day itself,
// from an empty data directory without --demo, once at 1280×800 and once on
// a 390×844 phone, each on its own fresh server. Every numbered item of the
// issue is a step (see ITEMS below) with assertions a person would notice,
// and one or two screenshots per item and size in docs/screenshots/
// (17-<size>-<item>-<what>.png).
//   set-up link → first admin → congress → programme → delegates from an
//   Excel file with two title rows → documents → edits → badges → the day
//   (kiosk, records to file, projector with a screen code, announcements,
//   offline reading on a fresh profile, notes offline, comments on drafts,
//   the English switch).
// Run one size: node secretariat.mjs BINARY desk|phone (both by default).
import { readFileSync, writeFileSync, mkdtempSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, launchFreshProfile, check, run, repoRoot } from './harness.mjs';
import { wifiFor, goOffline, goOnline, waitForDrawnPage, writeNoteOffline, sendNoteWhenOnline } from './offline_steps.mjs';

const binary = process.argv[2];
const only = process.argv[3];
const shots = join(repoRoot, 'docs', 'screenshots');
mkdirSync(shots, { recursive: true });
const SLUG = 'yen-binh-2027';
const ADMIN = 'bantuky';
const ADMIN_PW = 'mat-khau-ban-thu-ky';
const SIZES = [
  { name: 'desk', label: '1280×800', phone: false,
    ctx: { viewport: { width: 1280, height: 800 }, locale: 'vi-VN' } },
  // deviceScaleFactor 1 keeps the committed screenshots small.
  { name: 'phone', label: '390×844', phone: true,
    ctx: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'vi-VN' } },
].filter((s) => !only || s.name === only);

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

const work = mkdtempSync(join(tmpdir(), 'secretariat-'));
const listPath = join(work, 'danh-sach-dai-bieu.xlsx');
writeFileSync(listPath, xlsx([
  ['HUYỆN ĐOÀN YÊN BÌNH', '', '', '', '', ''],
  ['DANH SÁCH ĐẠI BIỂU DỰ ĐẠI HỘI LẦN THỨ XX', '', '', '', '', ''],
  ['STT', 'Số thẻ', 'Họ và tên', 'Đoàn', 'Giới tính', 'Ngày sinh'],
  ['1', '001', 'Lâm Ngọc Ánh', 'Đoàn xã Phúc An', 'Nữ', '12/05/1995'],
  ['2', '002', 'Hoàng Văn Tiến', 'Đoàn xã Cảm Nhân', 'Nam', '1993'],
  ['3', '003', 'Giàng A Sình', 'Đoàn xã Phúc An', 'Nam', '02/09/1990'],
]));

const PROGRAMME_TITLE = 'Chương trình Đại hội đại biểu Đoàn TNCS Hồ Chí Minh huyện Yên Bình lần thứ XX, nhiệm kỳ 2027 - 2032';
const DRAFT_TITLE = 'Dự thảo Nghị quyết Đại hội đại biểu Đoàn TNCS Hồ Chí Minh huyện Yên Bình lần thứ XX';

// The documents, typeset by the browser's own "print to PDF" as people do
// with a word processor: a one-page programme and a four-page draft.
async function makePdfs(browser) {
  const page = await (await browser.newContext()).newPage();
  const css = 'body{font-family:serif;font-size:15pt;line-height:1.5;margin:2cm} h1{text-align:center;font-size:20pt} .p{page-break-after:always}';
  await page.setContent(`<style>${css}</style><h1>${PROGRAMME_TITLE}</h1>
    <p><b>07:30</b> Khai mạc đại hội</p><p><b>09:00</b> Thảo luận dự thảo nghị quyết</p>`);
  await page.pdf({ path: join(work, 'chuong-trinh.pdf'), format: 'A4' });
  const draft = (label) => [1, 2, 3, 4].map((n) => `<div class="p"><h1>${n === 1 ? DRAFT_TITLE : `Điều ${n}`}</h1>
    <p>${label}. Điều ${n}. Đại hội thống nhất mục tiêu: mỗi năm giới thiệu việc làm cho ít nhất ${n * 500} thanh niên,
    thành lập mới ${n * 3} câu lạc bộ khởi nghiệp, hỗ trợ thanh niên dân tộc thiểu số chuyển đổi số trong sản xuất.</p></div>`).join('');
  await page.setContent(`<style>${css}</style>${draft('Dự thảo lần 1')}`);
  await page.pdf({ path: join(work, 'du-thao-nghi-quyet.pdf'), format: 'A4' });
  await page.setContent(`<style>${css}</style>${draft('Dự thảo lần 2')}`);
  await page.pdf({ path: join(work, 'du-thao-nghi-quyet-lan-2.pdf'), format: 'A4' });
  await page.context().close();
}

// Polls `fn` until it holds (10 s), else fails saying `what`.
async function until(fn, what, ms = 10000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  check(false, typeof what === 'function' ? what() : what);
}

// Which step covers which numbered item, filled as the journey runs and
// printed at the end (the audit the issue asks for).
const covered = new Map();

async function journey(size, browser) {
  const server = await startServer(binary, []);
  const wifi = await wifiFor(server.url);
  const shot = async (page, item, what, opts = {}) => {
    await page.screenshot({ path: join(shots, `17-${size.name}-${String(item).padStart(2, '0')}-${what}.png`), ...opts });
  };
  const step = (item, text) => {
    if (!covered.has(item)) covered.set(item, []);
    covered.get(item).push(`${size.label}: ${text}`);
  };
  const loginHeaders = async () => {
    const r = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: ADMIN, password: ADMIN_PW }) });
    const j = await r.json();
    return { Cookie: r.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': j.csrf };
  };
  const newPage = async () => (await browser.newContext(size.ctx)).newPage();
  // Dialogs: accepted (prompts with their default) unless a step planned otherwise.
  const dialogs = (page) => {
    const seen = [];
    const plan = [];
    page.on('dialog', (d) => {
      seen.push(d.message());
      const p = plan.shift() ?? 'accept';
      if (p === 'dismiss') void d.dismiss();
      else void d.accept(p !== 'accept' ? p : d.type() === 'prompt' ? d.defaultValue() : undefined);
    });
    return { seen, next: (...p) => plan.push(...p) };
  };
  const signIn = async (page, url, ready) => {
    await page.goto(url);
    await page.waitForSelector('form.login');
    await page.fill('input[name=username]', ADMIN);
    await page.fill('input[name=password]', ADMIN_PW);
    await page.click('form.login button');
    await page.waitForSelector(ready, { timeout: 20000 });
  };
  const api = async (path, headers) => (await fetch(`${server.url}${path}`, { headers })).json();

  let device = null;   // a browser of its own: closed here whatever happens
  try {
    // ---- 3. set up without the command line ------------------------------
    const page = await newPage();
    const dlg = dialogs(page);
    await page.goto(server.url);
    await page.waitForSelector('text=Chưa có tài khoản quản trị');
    const link = readFileSync(join(server.dataDir, 'setup-link'), 'utf8').trim();
    check(/\/setup\/[0-9A-Za-z]{32}$/.test(link), link);
    await page.goto(`${server.url}${new URL(link).pathname}`);
    await page.fill('input[aria-label="Tên đăng nhập"]', ADMIN);
    await page.fill('input[aria-label="Mật khẩu"]', ADMIN_PW);
    await page.fill('input[aria-label="Nhập lại mật khẩu"]', ADMIN_PW);
    await page.click('form.login button[type=submit]');
    await page.waitForSelector('h2:has-text("Tạo đại hội mới")');
    const again = await fetch(`${server.url}/api/v1/setup`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: link.split('/').pop(), name: 'ke-khac', password: 'mat-khau-ke-khac' }) });
    check(again.status === 403, `the set-up link works once (${again.status})`);
    await page.fill('input[aria-label="Tên đại hội"]', 'Đại hội đại biểu Đoàn TNCS Hồ Chí Minh huyện Yên Bình');
    check((await page.inputValue('input[aria-label="Địa chỉ ngắn"]')).startsWith('dai-hoi-dai-bieu-doan'), 'slug from the name');
    await page.fill('input[aria-label="Địa chỉ ngắn"]', SLUG);
    await page.fill('input[aria-label="Lần thứ / khóa"]', 'lần thứ XX');
    await page.fill('input[aria-label="Ngày khai mạc"]', '2027-04-10');
    await page.fill('input[aria-label="Ngày bế mạc"]', '2027-04-11');
    await shot(page, 3, 'new-congress');
    await page.click('button:has-text("Tạo đại hội")');
    await page.waitForURL(`**/console/${SLUG}`);
    await page.waitForSelector('#programme');
    // Its settings, edited from the console: saved and public at once.
    await page.fill('#congress-settings input[aria-label="Địa điểm"]', 'Hội trường Huyện ủy Yên Bình');
    await page.click('#congress-settings button:has-text("Lưu thông tin đại hội")');
    await page.waitForSelector('#congress-settings :text("Đã lưu thông tin đại hội")');
    check((await api(`/api/v1/congresses/${SLUG}`)).venue === 'Hội trường Huyện ủy Yên Bình', 'venue saved');
    step(3, 'empty data dir → "Chưa có tài khoản quản trị" → set-up link (one use, 403 after) → first admin → congress created and its venue edited in the console');

    // ---- 2. the programme, validated and ordered -------------------------
    const form = (button) => `#programme form:has(button:has-text("${button}"))`;
    const addSession = async (name, start, end) => {
      await page.fill(`${form('Thêm phiên')} input[aria-label="Tên phiên (ví dụ: Phiên chính thức — buổi sáng)"]`, name);
      await page.fill(`${form('Thêm phiên')} input[aria-label="Ngày"]`, '2027-04-10');
      await page.fill(`${form('Thêm phiên')} input[aria-label="Bắt đầu"]`, start);
      await page.fill(`${form('Thêm phiên')} input[aria-label="Kết thúc"]`, end);
      await page.click('button:has-text("Thêm phiên")');
      await page.waitForSelector(`#programme .session-card h3:has-text("${name}")`);
    };
    await addSession('Phiên chiều', '13:30', '17:00');
    await addSession('Phiên sáng', '07:30', '11:30');
    const firstTitle = await page.textContent('#programme .session-card h3');
    check(firstTitle.includes('Phiên sáng') && firstTitle.includes('10/04/2027'), `by time, not by creation: ${firstTitle}`);
    const addItem = async (time, title) => {
      await page.selectOption(`${form('Thêm mục chương trình')} select`, { label: 'Phiên sáng' });
      await page.fill(`${form('Thêm mục chương trình')} input[aria-label="Giờ"]`, time);
      await page.fill('#programme input[aria-label="Nội dung mục chương trình"]', title);
      await page.click('button:has-text("Thêm mục chương trình")');
    };
    await addItem('12:15', 'Khai mạc đại hội');
    await page.waitForSelector('#programme .err:has-text("phải nằm trong giờ của Phiên sáng (07:30–11:30)")');
    await page.locator('#programme > p[role=status]').scrollIntoViewIfNeeded();
    await shot(page, 2, 'agenda-outside-session');
    await addItem('07:30', 'Khai mạc đại hội');
    await page.waitForSelector('#programme .ok:has-text("Khai mạc đại hội")');
    await addItem('09:00', 'Thảo luận dự thảo nghị quyết');
    await page.waitForSelector('#programme .ok:has-text("Thảo luận dự thảo nghị quyết")');
    step(2, 'sessions typed afternoon-first are listed morning-first; an item at 12:15 in a 07:30–11:30 session is refused with the hours');

    // ---- 4. delegates from an Excel file with two title rows -------------
    await page.setInputFiles('#roster input[type=file]', listPath);
    await page.waitForSelector('#roster .import-preview strong:has-text("3 đại biểu mới")');
    check((await page.textContent('#roster .import-preview')).includes('2 đoàn mới'), 'two new delegations');
    check((await api(`/api/v1/congresses/${SLUG}`)).delegates.total === 0, 'the preview wrote nothing');
    await page.locator('#roster .import-preview').scrollIntoViewIfNeeded();
    await shot(page, 4, 'import-preview');
    await page.click('button:has-text("Nhập danh sách này")');
    await page.waitForSelector('#roster .ok:has-text("3 đại biểu mới")');
    await page.waitForSelector('#roster .delegate-row summary:has-text("Giàng A Sình")');
    await page.fill('#roster input[type=search]', 'giang');
    await page.waitForSelector('#roster .muted:has-text("1 / 3 đại biểu khớp")');
    await page.fill('#roster input[type=search]', '');
    // An edit keeps what is typed elsewhere and every message.
    await page.fill('#congress-settings input[aria-label="Địa điểm"]', 'Hội trường huyện (chưa lưu)');
    await page.click('#roster .delegate-row summary:has-text("Hoàng Văn Tiến")');
    const row = page.locator('#roster .delegate-row[open]');
    await row.locator('input[aria-label="Họ và tên"]').fill('Hoàng Văn Tiến Anh');
    await row.locator('select[aria-label="Đảng viên"]').selectOption('yes');
    await row.locator('button:has-text("Lưu")').click();
    await row.locator('.ok:has-text("Đã lưu Hoàng Văn Tiến Anh")').waitFor();
    check((await page.inputValue('#congress-settings input[aria-label="Địa điểm"]')) === 'Hội trường huyện (chưa lưu)', 'unsaved venue kept');
    check((await page.textContent('#programme > p[role=status]')).includes('Thảo luận dự thảo nghị quyết'), 'programme message kept');
    await page.fill('#congress-settings input[aria-label="Địa điểm"]', 'Hội trường Huyện ủy Yên Bình');
    step(4, 'XLSX with two title rows previewed (nothing written) then imported; roster searched ("giang" → 1 / 3); a delegate edited while an unsaved venue and the programme message stay');

    // ---- 5. documents: visibility shown and changeable, titles whole -----
    await makePdfs(browser);
    const upload = async (file, category, agenda, visibility) => {
      await page.selectOption('select[aria-label="Loại tài liệu"] >> nth=0', category);
      await page.selectOption('select[aria-label="Mục chương trình"] >> nth=0', { label: `Phiên sáng · ${agenda}` });
      await page.selectOption('select[aria-label="Ai được xem"] >> nth=0', visibility);
      await page.setInputFiles('input[type=file][multiple]', join(work, file));
      await page.waitForSelector(`.uploads li:has-text("${file}") .ok`, { timeout: 30000 });
    };
    // The programme goes up as "delegates only" by mistake; the draft as intended.
    await upload('chuong-trinh.pdf', 'chuong-trinh', '07:30 Khai mạc đại hội', 'delegates');
    await upload('du-thao-nghi-quyet.pdf', 'du-thao-nghi-quyet', '09:00 Thảo luận dự thảo nghị quyết', 'delegates');
    const staff = await loginHeaders();
    let docs = (await api(`/api/v1/congresses/${SLUG}/documents`, staff)).documents;
    const programmeDoc = docs.find((d) => d.current.file_name === 'chuong-trinh.pdf');
    const draft = docs.find((d) => d.current.file_name === 'du-thao-nghi-quyet.pdf');
    check(programmeDoc && draft && draft.current.page_count === 4, 'both uploaded, the draft with 4 pages');
    const docRow = (d) => page.locator('.doc-admin section.card', { has: page.locator(`a[href="/d/${d.code}"]`) });
    await page.waitForSelector(`.doc-admin a[href="/d/${programmeDoc.code}"]`);
    check((await docRow(programmeDoc).locator('select[aria-label="Ai được xem"]').inputValue()) === 'delegates', 'visibility shown after upload');
    await docRow(programmeDoc).locator('textarea[aria-label="Tiêu đề"]').fill(PROGRAMME_TITLE);
    await docRow(programmeDoc).locator('select[aria-label="Ai được xem"]').selectOption('public');
    await docRow(programmeDoc).locator('button:has-text("Lưu")').click();
    await docRow(programmeDoc).locator(':text("đã lưu (công khai)")').waitFor();
    await docRow(draft).locator('textarea[aria-label="Tiêu đề"]').fill(DRAFT_TITLE);
    await docRow(draft).locator('button:has-text("Lưu")').click();
    await docRow(draft).locator(':text("đã lưu (chỉ đại biểu xem được)")').waitFor();
    // The draft's second reading: a new version under the same QR code.
    dlg.next('Dự thảo lần 2');
    await docRow(draft).locator('input[type=file]').setInputFiles(join(work, 'du-thao-nghi-quyet-lan-2.pdf'));
    await until(async () => (await api(`/api/v1/documents/${draft.code}`, staff)).current.label === 'Dự thảo lần 2', 'the second reading stored');
    check((await api(`/api/v1/documents/${programmeDoc.code}`)).visibility === 'public', 'the programme is public now');
    check((await fetch(`${server.url}/api/v1/documents/${draft.code}`)).status !== 200, 'the draft stays closed to guests');
    await docRow(draft).scrollIntoViewIfNeeded();
    await shot(page, 5, 'documents-console');
    // A guest's phone: the whole title and its agenda item, not cut.
    const guest = await newPage();
    await guest.goto(`${server.url}/c/${SLUG}/documents`);
    const linkText = await guest.locator(`a.doc-link[href="/d/${programmeDoc.code}"]`).textContent();
    check(linkText.includes(PROGRAMME_TITLE), `the whole title on the list: ${linkText}`);
    const cut = await guest.locator(`a.doc-link[href="/d/${programmeDoc.code}"]`).evaluate((a) =>
      [a, ...a.querySelectorAll('*')].some((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== 'visible'));
    check(!cut, 'the title is not truncated');
    await shot(guest, 5, 'guest-document-list');
    step(5, 'PDFs uploaded in the console; the visibility shown in the list and changed after upload (delegates → public); a new version under the same code; the whole title on a guest\'s list');

    // ---- 1. change anything, live on every screen ------------------------
    await guest.goto(`${server.url}/c/${SLUG}`);
    await guest.waitForSelector('text=Phiên chiều');
    await guest.waitForSelector('.live.open', { timeout: 10000 });
    const card = (name) => page.locator('#programme .session-card', { has: page.locator('h3', { hasText: name }) });
    const morning = card('Phiên sáng');
    await morning.locator('input[aria-label="Bắt đầu"]').fill('07:00');
    await morning.locator('button:has-text("Lưu phiên")').click();
    await page.waitForSelector('#programme .ok:has-text("Đã lưu Phiên sáng")');
    await guest.waitForSelector('text=07:00', { timeout: 8000 });   // no reload
    // An end before the start: refused in Vietnamese.
    await morning.locator('input[aria-label="Kết thúc"]').fill('06:00');
    await morning.locator('button:has-text("Lưu phiên")').click();
    await page.waitForSelector('#programme .err:has-text("Giờ kết thúc (06:00) phải sau giờ bắt đầu (07:00)")');
    await morning.locator('input[aria-label="Kết thúc"]').fill('11:30');
    // Deleting an item with a document attached says so first (cancelled here).
    const item = page.locator('#programme .agenda-edit li', { has: page.locator('input[value="Thảo luận dự thảo nghị quyết"]') });
    dlg.next('dismiss');
    await item.locator('button:has-text("Xóa")').click();
    await until(async () => dlg.seen.some((m) => m.includes('giữ 1 tài liệu')), `the deletion says what it takes first: ${dlg.seen.at(-1)}`);
    check((await api(`/api/v1/documents/${draft.code}`, staff)).agenda_item_id, 'cancelled: the draft keeps its item');
    // The afternoon session is dropped: gone from the phone at once.
    await card('Phiên chiều').locator('form.session-edit button:has-text("Xóa")').click();
    await page.waitForSelector('#programme .ok:has-text("Đã xóa Phiên chiều")');
    await guest.waitForSelector('text=Phiên chiều', { state: 'detached', timeout: 8000 });
    await shot(guest, 1, 'guest-programme-live');
    step(1, 'a session\'s time edited (the guest phone shows 07:00 without a reload), an end before start refused, an item\'s deletion states "giữ 1 tài liệu" first, a session deleted and gone from the phone live');

    // ---- 7. one badge reprinted, the others keep working -----------------
    const tokens = (await api(`/api/v1/congresses/${SLUG}/delegates/tokens?format=json`, staff)).delegates;
    check(tokens.length === 3 && tokens.every((t) => t.token), 'a code for every badge');
    const byBadge = (b) => tokens.find((t) => t.badge === b);
    const badgeSignIn = async (token) => (await fetch(`${server.url}/api/v1/auth/badge`, { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) })).status;
    await page.evaluate(() => { window.open = (u) => { window.__opened = String(u); return null; }; });
    const tien = page.locator('#roster .delegate-row', { hasText: 'Hoàng Văn Tiến Anh' });
    if (await tien.getAttribute('open') === null) await tien.locator('summary').click();
    await tien.locator('button:has-text("In lại thẻ")').click();
    await tien.locator('.ok:has-text("chỉ thẻ của Hoàng Văn Tiến Anh")').waitFor();
    check(dlg.seen.at(-1).includes('chỉ thẻ này'), 'the reprint warned it revokes only this badge');
    const opened = await page.evaluate(() => window.__opened);
    const pdf = await fetch(`${server.url}${opened}`, { headers: staff });
    check(pdf.status === 200 && (await pdf.text()).startsWith('%PDF-'), `one badge to print (${pdf.status})`);
    check(await badgeSignIn(byBadge('002').token) === 401, 'the reprinted badge\'s old code stops');
    check(await badgeSignIn(byBadge('001').token) === 200, 'the other badges keep working');
    // The whole set with new codes: an explicit warning, cancelled here.
    dlg.next('dismiss');
    await page.click('#roster button:has-text("mã mới cho toàn bộ thẻ")');
    await until(async () => dlg.seen.at(-1).includes('CẢNH BÁO'), 'the warning before new codes for all');
    check(dlg.seen.at(-1).includes('CẢNH BÁO') && dlg.seen.at(-1).includes('KHÔNG dùng được'), `warned before revoking all: ${dlg.seen.at(-1)}`);
    check(await badgeSignIn(byBadge('003').token) === 200, 'cancelled: badges still work');
    await tien.locator('.ok').scrollIntoViewIfNeeded();
    await shot(page, 7, 'badge-reprinted');
    step(7, 'one badge reprinted: only its old code refused at sign-in (401), the others 200; "new codes for all" shows the CẢNH BÁO warning and was cancelled');
    const fresh = (await api(`/api/v1/congresses/${SLUG}/delegates/tokens?format=json`, staff)).delegates;
    const anh = fresh.find((t) => t.badge === '001');
    const sinh = fresh.find((t) => t.badge === '003');

    // ---- 14 (set-up): the group secretary of Đoàn xã Phúc An ---------------
    await page.click('#comments summary:has-text("Thư ký đoàn")');
    const pick = page.locator('#comments .secretary-row', { hasText: 'Đoàn xã Phúc An' }).locator('select');
    await pick.selectOption({ label: 'Giàng A Sình' });
    await page.waitForSelector('#comments :text("Đã chỉ định Giàng A Sình làm thư ký Đoàn xã Phúc An")');

    // ---- 11 (kiosk) and 1 (a deletion that would orphan a check-in) -------
    const kiosk = await newPage();
    await signIn(kiosk, `${server.url}/kiosk/${SLUG}`, 'input[aria-label="Số thẻ hoặc mã QR"]');
    await kiosk.waitForSelector('.kiosk-camera-problem', { timeout: 10000 });
    const cam = await kiosk.textContent('.kiosk-camera-problem');
    check(!/permission|denied|NotAllowed/i.test(cam) && /máy ảnh/i.test(cam), `a refused camera in Vietnamese: ${cam}`);
    await kiosk.fill('input[aria-label="Số thẻ hoặc mã QR"]', '1');
    await kiosk.click('button:has-text("Điểm danh bằng thẻ")');
    await kiosk.waitForSelector('.kiosk-result.ok:has-text("Lâm Ngọc Ánh")', { timeout: 8000 });
    await kiosk.fill('input[aria-label="Số thẻ hoặc mã QR"]', '99999');
    await kiosk.click('button:has-text("Điểm danh bằng thẻ")');
    await kiosk.waitForSelector('.kiosk-result.badge-error .kiosk-msg:has-text("Thẻ không hợp lệ")', { timeout: 8000 });
    const fontSize = await kiosk.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.kiosk-result .kiosk-msg')).fontSize));
    check(fontSize >= 20, `a badge error as large as a face message (${fontSize}px)`);
    await shot(kiosk, 11, 'kiosk-badge-error');
    await kiosk.context().close();
    step(11, 'kiosk: "1" checks in badge 001 (Lâm Ngọc Ánh), an unknown badge shown large (≥ 20 px), a refused camera explained in Vietnamese');
    // Deleting a delegate who checked in is refused, nothing deleted.
    await page.fill('#roster input[type=search]', 'Lâm');
    const anhRow = page.locator('#roster .delegate-row', { hasText: 'Lâm Ngọc Ánh' });
    if (await anhRow.getAttribute('open') === null) await anhRow.locator('summary').click();
    await anhRow.locator('button:has-text("Xóa")').click();
    await anhRow.locator('.err').waitFor();
    check(/điểm danh/.test(await anhRow.locator('.err').textContent()), 'refused: she has a check-in');
    check((await api(`/api/v1/congresses/${SLUG}`)).delegates.total === 3, 'nothing deleted');
    await page.fill('#roster input[type=search]', '');
    step(1, 'deleting a delegate with a check-in is refused with the reason (409), the roster keeps 3');

    // ---- 13. what the congress must file ----------------------------------
    const sessionId = (await api(`/api/v1/congresses/${SLUG}`)).sessions[0].id;
    const report = async (button) => {
      await page.evaluate(() => { window.__opened = ''; });
      await page.click(`#reports button:has-text("${button}")`);
      const url = await page.evaluate(() => window.__opened);
      const r = await fetch(`${server.url}${url}`, { headers: staff });
      check(r.status === 200, `${button}: ${r.status}`);
      return Buffer.from(await r.arrayBuffer());
    };
    const pdfText = (buf, name) => {
      writeFileSync(join(work, name), buf);
      return execFileSync('pdftotext', ['-layout', join(work, name), '-']).toString();
    };
    await page.selectOption('#reports select', String(sessionId));
    const attendance = await report('Danh sách dự họp (PDF)');
    check(attendance.subarray(0, 5).toString() === '%PDF-', 'attendance list is a PDF');
    const attText = pdfText(attendance, 'attendance.pdf');
    check(attText.includes('Lâm Ngọc Ánh') && /Ký/i.test(attText), 'attendance list: names and a signature column');
    check(/Đoàn xã Phúc An/.test(attText) && /Tổng|Cộng/i.test(attText), 'attendance list: totals by delegation');
    const credentials = pdfText(await report('Báo cáo thẩm tra tư cách (PDF)'), 'credentials.pdf');
    check(/tư cách/i.test(credentials) && /Nữ/.test(credentials) && /Đảng viên/i.test(credentials), 'credentials report by gender and Party membership');
    const byDelegation = await report('Đại biểu theo đoàn (Excel)');
    check(byDelegation.subarray(0, 2).toString() === 'PK', 'delegates by delegation as XLSX');
    if (!size.phone) {
      execFileSync('pdftoppm', ['-r', '50', '-png', '-f', '1', '-l', '1', join(work, 'attendance.pdf'), join(work, 'att')]);
      const png = readdirSync(work).find((f) => f.startsWith('att') && f.endsWith('.png'));
      writeFileSync(join(shots, '17-desk-13-attendance-pdf.png'), readFileSync(join(work, png)));
    }
    await page.locator('#reports').scrollIntoViewIfNeeded();
    await shot(page, 13, 'reports');
    step(13, 'attendance list PDF (names, signature column, totals by delegation), credentials report PDF (gender, Party membership), delegates by delegation XLSX — from the console buttons');

    // ---- 8. the projector's screen code; 6. announcements ----------------
    await page.fill('#screens input[aria-label="Tên màn hình"]', 'Máy chiếu hội trường');
    await page.click('#screens button:has-text("Tạo mã màn hình")');
    await page.waitForSelector('#screens .screen-url');
    const hallLink = await page.inputValue('#screens .screen-url');
    check(new RegExp(`/hall/${SLUG}#screen=[0-9A-Za-z]{32}$`).test(hallLink), hallLink);
    const hall = await newPage();   // the projector: never signed in
    await hall.goto(hallLink);
    await hall.waitForSelector('.hall-screen-tag:has-text("Máy chiếu hội trường")', { timeout: 10000 });
    check(!hall.url().includes('screen='), 'the code left the address bar');
    const chair = await newPage();
    const chairDlg = dialogs(chair);
    await signIn(chair, `${server.url}/chair/${SLUG}`, '.chair-doc input');
    await chair.check(`.chair-doc input[data-code="${draft.code}"]`);
    await chair.click('button.primary:has-text("Trình chiếu cho tất cả")');
    await chair.waitForSelector('.present-warning:has-text("khách")', { timeout: 8000 });
    await waitForDrawnPage(hall);
    // The projector shows the page only: no card over it, its name whole.
    check(!(await hall.isVisible('.hall .versions')) && !(await hall.isVisible('.hall-restricted')), 'no empty card, no "delegates only" notice');
    const tag = await hall.locator('.hall-screen-tag').boundingBox();
    const vp = hall.viewportSize();
    check(tag.y >= 0 && tag.x >= 0 && tag.x + tag.width <= vp.width + 0.5 && tag.y + tag.height <= vp.height + 0.5, `screen label inside the screen: ${JSON.stringify(tag)}`);
    const tagFits = await hall.locator('.hall-screen-tag').evaluate((e) => e.scrollWidth <= e.clientWidth + 1);
    check(tagFits || size.phone, 'the screen label is not cut');
    await shot(hall, 8, 'hall-presenting-draft');
    step(8, 'a screen code made in the console opens the hall on a never-signed-in browser; the chair presents the delegates-only draft, is told guests cannot see it, and the projector draws it with its label whole');

    // Announcements: sent from the console, on the phone and above the document.
    const phone = await newPage();
    await phone.goto(`${server.url}/c/${SLUG}`);
    await phone.waitForSelector('.live.open', { timeout: 10000 });
    const notice = 'Tổ 3 chuyển sang phòng P.204';
    await page.fill('#announcements textarea[aria-label="Nội dung thông báo"]', notice);
    await page.check('#announcements form input[type=checkbox]');
    await page.click('#announcements button[type=submit]');
    await phone.waitForSelector(`.notice.important:has-text("${notice}")`, { timeout: 8000 });
    await hall.waitForSelector(`.hall-notice p.important:has-text("${notice}")`, { timeout: 8000 });
    const onTop = await hall.evaluate(() => {
      const n = document.querySelector('.hall-notice p.important');
      const r = n.getBoundingClientRect();
      return n.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
    });
    check(onTop, 'the important notice is above the presented document');
    await shot(hall, 6, 'hall-important-notice');
    // Listed in the chair, withdrawn there: gone everywhere.
    await chair.waitForSelector('#announcements li textarea', { timeout: 8000 });
    check((await chair.inputValue('#announcements li textarea')) === notice, 'listed in the chair');
    await chair.click('#announcements li button:has-text("Thu hồi")');
    await phone.waitForSelector('.notice', { state: 'detached', timeout: 8000 });
    await hall.waitForSelector('.hall-notice p', { state: 'detached', timeout: 8000 });
    await page.waitForSelector('#announcements li.muted:has-text("Chưa có thông báo")', { timeout: 8000 });
    check(chairDlg.seen.length === 1, 'the chair confirmed the withdrawal');
    step(6, 'an important announcement from the console reaches the phone and stays on the hall above the presented draft; listed in the chair and withdrawn there, it leaves the phone, the hall and the console list');

    // Revoked: the projector stops within seconds.
    await page.click('#screens li:has-text("Máy chiếu hội trường") button:has-text("Thu hồi")');
    await page.waitForSelector('#screens li:has-text("Máy chiếu hội trường"):has-text("đã thu hồi")', { timeout: 8000 });
    await hall.waitForSelector('.hall-revoked:has-text("đã bị Ban Thư ký thu hồi")', { timeout: 10000 });
    check(!(await hall.isVisible('.pdf-page canvas')), 'the draft is gone from the projector');
    const after = await hall.evaluate(async (code) => (await fetch(`/api/v1/documents/${code}/file`)).status, draft.code);
    check(after === 401, `the file is refused after revocation (${after})`);
    await shot(hall, 8, 'hall-revoked');
    step(8, 'revoked in the console: the projector says so within seconds and the file is refused (401)');
    await fetch(`${server.url}/api/v1/congresses/${SLUG}/presentation`, { method: 'POST',
      headers: { ...staff, 'Content-Type': 'application/json' }, body: JSON.stringify({ code: '' }) });
    await hall.context().close();
    await chair.context().close();

    // ---- 9. offline on a fresh phone that never opened a document ---------
    device = await launchFreshProfile(size.ctx);
    const dev = device.pages()[0] ?? await device.newPage();
    await dev.goto(`${wifi.url}/c/${SLUG}/documents`);
    await dev.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await dev.click('button:has-text("Tải tất cả tài liệu")');
    await dev.waitForSelector('.keep span:has-text("1/1")', { timeout: 30000 });   // a guest: the one public document
    await goOffline(device, wifi);
    await dev.reload();
    await dev.waitForSelector('.offline-bar:not([hidden])');
    await dev.click(`a.doc-link[href="/d/${programmeDoc.code}"]`, { timeout: 15000 });
    await waitForDrawnPage(dev);
    check((await dev.textContent('h1')).includes('Chương trình Đại hội'), 'the programme opened offline');
    await shot(dev, 9, 'offline-reading');
    await goOnline(device, wifi);
    step(9, 'a fresh browser profile (new user-data dir) visits the list once, "Tải tất cả tài liệu" → 1/1, the network is cut, the programme opens and draws from the list');

    // ---- 11. badge sign-in lands on one's congress, named -----------------
    await dev.goto(`${wifi.url}/t/${anh.token}`);
    await dev.waitForURL(new RegExp(`/c/${SLUG}$`), { timeout: 15000 });
    await dev.waitForSelector('.hero .who:has-text("Lâm Ngọc Ánh")');
    check(await dev.isVisible('.hero .who button'), 'a sign-out');
    const cueShown = await dev.isVisible('.tabs-cue');
    check(cueShown === size.phone, `a scroll cue exactly when the tabs are clipped (${cueShown})`);
    await shot(dev, 11, 'badge-landing');
    step(11, `badge QR → own congress with "Lâm Ngọc Ánh" and a sign-out; the tab strip's scroll cue ${size.phone ? 'shown' : 'not needed'}`);

    // ---- 10. a note written offline (on the public programme) -------------
    await dev.goto(`${wifi.url}/d/${programmeDoc.code}`);
    await waitForDrawnPage(dev);
    const tabletSignIn = await fetch(`${server.url}/api/v1/auth/badge`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: anh.token }) });
    const tablet = { Cookie: tabletSignIn.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': (await tabletSignIn.json()).csrf };
    const serverNote = async () => (await api(`/api/v1/documents/${programmeDoc.code}/note`, tablet)).text;
    const first = 'Viết khi mất mạng: hỏi giờ thảo luận tổ';
    await writeNoteOffline(dev, device, wifi, first, serverNote);
    await shot(dev, 10, 'note-queued-offline');
    await sendNoteWhenOnline(dev, device, wifi, first, serverNote);
    // (Both sides kept when a tablet changed the note meanwhile: offline.mjs,
    // on the demo congress.)
    step(10, 'a note typed offline says "Chưa gửi", survives an offline reload, is not on the server, and reaches it when the network returns ("đã đồng bộ")');

    // ---- 11 (viewer) and 14. comments on the draft ---------------------------
    await dev.goto(`${wifi.url}/d/${draft.code}`);
    await waitForDrawnPage(dev);
    const pages = (await api(`/api/v1/documents/${draft.code}`, staff)).current.page_count;
    await dev.click('.pdf-toolbar button[aria-label="Trang sau"]');
    await dev.click('.pdf-toolbar button[aria-label="Trang sau"]');
    await dev.waitForFunction((want) => document.querySelector('.pdf-toolbar .counter')?.textContent === want, `3 / ${pages}`, { timeout: 8000 });
    step(11, `the PDF page counter follows "next page" to 3 / ${pages}`);
    await dev.click('.comment-card summary');
    check(!(await dev.isVisible('.comment-group-label')), 'a member is not offered "on behalf of the delegation"');
    await dev.fill('.comment-card .comment-page', '2');
    await dev.fill('.comment-card .comment-quote', 'Điều 2');
    const text1 = 'Đề nghị nâng chỉ tiêu giới thiệu việc làm lên 1.500 thanh niên';
    await dev.fill('.comment-card .comment-text', text1);
    await dev.click('.comment-card button:has-text("Gửi góp ý")');
    await dev.waitForSelector(`.comment-list li:has-text("${text1}"):has-text("Chưa xử lý")`);
    // The drafting team's console shows it without a reload.
    await page.locator('#comments').scrollIntoViewIfNeeded();
    await page.waitForSelector(`#comments .comment-row:has-text("${text1}")`, { timeout: 10000 });
    // A second thought, sent and withdrawn while unhandled.
    const text2 = 'Gửi nhầm, xin rút lại';
    await dev.fill('.comment-card .comment-text', text2);
    await dev.click('.comment-card button:has-text("Gửi góp ý")');
    await dev.waitForSelector(`.comment-list li:has-text("${text2}")`);
    await page.waitForSelector(`#comments .comment-row:has-text("${text2}")`, { timeout: 10000 });
    dev.once('dialog', (d) => void d.accept());
    await dev.click(`.comment-list li:has-text("${text2}") button:has-text("Rút lại")`);
    await dev.waitForSelector('.comment-card [role=status]:has-text("Đã rút lại góp ý")');
    await page.waitForSelector(`#comments .comment-row:has-text("${text2}")`, { state: 'detached', timeout: 10000 });
    // The group secretary sends for the whole delegation.
    const sec = await newPage();
    await sec.goto(`${server.url}/t/${sinh.token}`);
    await sec.waitForURL(new RegExp(`/c/${SLUG}$`), { timeout: 15000 });
    await sec.goto(`${server.url}/d/${draft.code}`);
    await sec.waitForSelector('.comment-card summary', { timeout: 15000 });
    await sec.click('.comment-card summary');
    await sec.waitForSelector('.comment-group-label:has-text("Thay mặt Đoàn xã Phúc An (thư ký đoàn)")');
    await sec.check('.comment-card .comment-group');
    const text3 = 'Tổ thảo luận Phúc An thống nhất đề nghị bổ sung chỉ tiêu chuyển đổi số';
    await sec.fill('.comment-card .comment-text', text3);
    await sec.click('.comment-card button:has-text("Gửi góp ý")');
    await sec.waitForSelector(`.comment-list li:has-text("${text3}")`);
    await shot(sec, 14, 'group-secretary-comment');
    // A member of the delegation sees the group's comment on her phone, live.
    await dev.waitForSelector(`.comment-list li:has-text("${text3}"):has-text("Đoàn xã Phúc An")`, { timeout: 10000 });
    await page.waitForSelector('#comments .comment-count:has-text("2 góp ý · 0 đã xử lý")', { timeout: 10000 });
    // (The list redraws as comments arrive: centre the box, then tap it.)
    const handledBox = page.locator(`#comments .comment-row:has-text("${text1}") input[type=checkbox]`);
    await handledBox.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await handledBox.click({ force: true });
    await page.waitForSelector('#comments .comment-count:has-text("2 góp ý · 1 đã xử lý")', { timeout: 8000 });
    await dev.waitForSelector(`.comment-list li:has-text("${text1}"):has-text("Đã xử lý")`, { timeout: 10000 });
    check(!(await dev.isVisible(`.comment-list li:has-text("${text1}") button:has-text("Rút lại")`)), 'a handled comment cannot be withdrawn');
    await page.locator('#comments').scrollIntoViewIfNeeded();
    await shot(page, 14, 'console-comments');
    const csv = await (await fetch(`${server.url}/api/v1/congresses/${SLUG}/comments/export?format=csv`, { headers: staff })).text();
    check(csv.includes(text1) && csv.includes(text3) && csv.includes('Đoàn xã Phúc An') && csv.includes('Đã xử lý') && !csv.includes(text2),
      'the export holds both comments (the withdrawn one not), the group and the handled mark');
    check(csv.split('\n')[0].includes('Nội dung góp ý'), 'Vietnamese column names in the export');
    await sec.context().close();
    step(14, 'a delegate comments on page 2 with a quoted passage; a second comment withdrawn while unhandled; the group secretary sends for Đoàn xã Phúc An; the console sees each without a reload, marks one handled (the phone shows "Đã xử lý" live) and exports CSV');

    // ---- 12. Vietnamese everywhere, and the English switch -----------------
    const bad = await fetch(`${server.url}/api/v1/congresses/${SLUG}/sessions`, { method: 'POST',
      headers: { ...staff, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: '', date: '2027-04-10', starts_at: '13:30', ends_at: '17:00' }) });
    const badMsg = (await bad.json()).error.message;
    check(bad.status === 400 && !/\b(name|session|starts_at):/.test(badMsg) && /[ạ-ỹđ]/i.test(badMsg), `a Vietnamese message without field names: ${badMsg}`);
    const exportCsv = await (await fetch(`${server.url}/api/v1/congresses/${SLUG}/delegates/export?format=csv`, { headers: staff })).text();
    check(exportCsv.split('\n')[0].includes('Họ và tên') && !exportCsv.split('\n')[0].includes('full_name'), `Vietnamese column names: ${exportCsv.split('\n')[0]}`);
    for (const [what, p] of [['console', page], ['phone', dev], ['guest', phone]]) {
      const body = await p.textContent('body');
      check(!body.includes('Yên Bái'), `no "Yên Bái" on the ${what} page of a Yên Bình congress`);
    }
    await dev.goto(`${wifi.url}/c/${SLUG}`);
    await dev.waitForSelector('.hero .who');
    const when = await dev.textContent('.session .muted');
    check(when.includes('10/04/2027'), `a date as people write it: ${when}`);
    await dev.click('button.lang');
    await dev.waitForSelector('.hero .who:has-text("Signed in")');
    check(await dev.getAttribute('html', 'lang') === 'en', 'the page says it is English');
    const whenEn = await dev.textContent('.session .muted');
    check(/10 Apr 2027/.test(whenEn), `the date in English: ${whenEn}`);
    await shot(dev, 12, 'delegate-english');
    await dev.click('button.lang');
    await dev.waitForSelector('.hero .who:has-text("Đăng nhập")');
    step(12, 'an empty session name refused in Vietnamese without field names; the delegate export\'s columns in Vietnamese; no "Yên Bái" on a Yên Bình congress; dd/mm/yyyy dates; the English switch on the delegate\'s phone');
    // Signing out ends the session on the server.
    await dev.click('.hero .who button');
    await dev.waitForSelector('.hero .who', { state: 'detached', timeout: 8000 });
    check(await dev.evaluate(async () => (await fetch('/api/v1/auth/me')).status) === 401, 'signed out');
    await phone.context().close();
    await guest.context().close();
    await page.context().close();
  } finally {
    await device?.close().catch(() => {});
    await wifi.close();
    await server.stop();
  }
}

const browser = await launchBrowser();
try {
  for (const size of SIZES) {
    await run(`#17 items 1–14 from an empty data directory at ${size.label}`, () => journey(size, browser));
  }
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
console.log('# coverage of #17 items');
for (const n of [...covered.keys()].sort((a, b) => a - b)) for (const line of covered.get(n)) console.log(`#   item ${n} — ${line}`);
const missing = [...Array(14).keys()].map((i) => i + 1)
  .filter((n) => SIZES.some((z) => !(covered.get(n) ?? []).some((line) => line.startsWith(`${z.label}:`))));
if (missing.length) { console.error(`not ok - items not covered at every size: ${missing.join(', ')}`); process.exitCode = 1; }
