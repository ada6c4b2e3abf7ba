// #17 item 8: the secretariat makes a screen code in the console; a fresh
// browser (the projector PC, never signed in) opens the hall with it; the
// chair presents a delegates-only draft and the hall shows it; the console
// revokes the code and the hall stops, saying so in Vietnamese.
// #17 item 14: a delegate comments on a page of the draft from the phone;
// the drafting team sees it in the console and marks it handled.
import { join } from 'node:path';
import { startServer, launchBrowser, phonePage, screenshotDir, check, run, TEST_USER, TEST_PASSWORD } from './harness.mjs';

const binary = process.argv[2];
const server = await startServer(binary);
const browser = await launchBrowser();
const desk = { viewport: { width: 1280, height: 800 }, locale: 'vi-VN' };

async function signIn(page, url, ready) {
  await page.goto(url);
  await page.waitForSelector('form.login');
  await page.fill('input[name=username]', TEST_USER);
  await page.fill('input[name=password]', TEST_PASSWORD);
  await page.click('form.login button');
  await page.waitForSelector(ready, { timeout: 15000 });
}

try {
  const staff = await server.staff();
  const all = (await (await fetch(`${server.url}/api/v1/congresses/demo/documents`, { headers: staff })).json()).documents;
  const draft = all.find((d) => d.category === 'du-thao-nghi-quyet' && d.current.kind === 'pdf');
  check(draft, 'a PDF draft resolution in the demo');
  const made = await fetch(`${server.url}/api/v1/documents/${draft.code}`, { method: 'PATCH',
    headers: { ...staff, 'Content-Type': 'application/json' }, body: JSON.stringify({ visibility: 'delegates' }) });
  check(made.ok, `draft made delegates-only (${made.status})`);

  await run('a screen code opens the hall on the projector, shows the presented draft, and stops when revoked', async () => {
    const consolePage = await (await browser.newContext(desk)).newPage();
    consolePage.on('dialog', (d) => void d.accept());
    await signIn(consolePage, `${server.url}/console/demo`, '#screens');
    await consolePage.fill('#screens input[aria-label="Tên màn hình"]', 'Máy chiếu phòng lớn');
    await consolePage.click('#screens button:has-text("Tạo mã màn hình")');
    await consolePage.waitForSelector('#screens .screen-url');
    await consolePage.waitForSelector('#screens .screen-qr svg');
    const link = await consolePage.inputValue('#screens .screen-url');
    check(/\/hall\/demo#screen=[0-9A-Za-z]{32}$/.test(link), `a hall link with the code: ${link}`);
    await consolePage.waitForSelector('#screens li:has-text("Máy chiếu phòng lớn"):has-text("đang dùng được")');
    await consolePage.screenshot({ path: join(screenshotDir(), 'console-screen-code.png') });

    // The projector: a fresh browser, nobody signed in.
    const hallCtx = await browser.newContext(desk);
    const hall = await hallCtx.newPage();
    await hall.goto(link);
    await hall.waitForSelector('.hall-screen-tag:has-text("Máy chiếu phòng lớn")', { timeout: 10000 });
    check(!hall.url().includes('screen='), 'the code left the address bar');
    const cookies = await hallCtx.cookies();
    check(cookies.some((c) => c.name === 'ph_screen' && c.httpOnly), 'an HttpOnly screen cookie');
    // The cookie is no staff sign-in: the console asks for a password.
    const denied = await hall.evaluate(async () => (await fetch('/api/v1/congresses/demo/delegates')).status);
    check(denied === 403, `staff data refused to the screen (${denied})`);

    // The chair presents the delegates-only draft: the hall shows it.
    const chair = await (await browser.newContext(desk)).newPage();
    await signIn(chair, `${server.url}/chair/demo`, '.chair-doc input');
    await chair.check(`.chair-doc input[data-code="${draft.code}"]`);
    await chair.click('button.primary:has-text("Trình chiếu cho tất cả")');
    await hall.waitForSelector('.pdf-page canvas', { timeout: 20000 });
    check(!(await hall.isVisible('.hall-restricted')), 'no "delegates only" notice on a screen with a code');
    await hall.screenshot({ path: join(screenshotDir(), 'hall-screen-code-presenting.png') });

    // Revoked from the console: the hall stops within seconds and says so.
    await consolePage.click('#screens li:has-text("Máy chiếu phòng lớn") button:has-text("Thu hồi")');
    await consolePage.waitForSelector('#screens li:has-text("Máy chiếu phòng lớn"):has-text("đã thu hồi")', { timeout: 5000 });
    await hall.waitForSelector('.hall-revoked:has-text("đã bị Ban Thư ký thu hồi")', { timeout: 8000 });
    check(!(await hall.isVisible('.pdf-page canvas')), 'the document is gone from the projector');
    const after = await hall.evaluate(async (code) => (await fetch(`/api/v1/documents/${code}/file`)).status, draft.code);
    check(after === 401, `the file is refused after revocation (${after})`);
    await hall.screenshot({ path: join(screenshotDir(), 'hall-screen-code-revoked.png') });
    // Reopening the old link on the projector does not bring it back.
    const again = await hallCtx.newPage();
    await again.goto(link);
    await again.waitForSelector('.hall-revoked', { timeout: 10000 });
    await fetch(`${server.url}/api/v1/congresses/demo/presentation`, { method: 'POST',
      headers: { ...staff, 'Content-Type': 'application/json' }, body: JSON.stringify({ code: '' }) });
  });

  await run('a delegate comments on a page of the draft; the drafting team sees it and marks it handled', async () => {
    const tokens = await (await fetch(`${server.url}/api/v1/congresses/demo/delegates/tokens?format=json`, { headers: staff })).json();
    const who = tokens.delegates.find((d) => d.token);
    const phone = await phonePage(browser);
    await phone.goto(`${server.url}/t/${who.token}`);
    await phone.waitForURL(/\/c\/demo$/, { timeout: 10000 });
    await phone.goto(`${server.url}/d/${draft.code}`);
    await phone.waitForSelector('.comment-card summary', { timeout: 15000 });
    await phone.click('.comment-card summary');
    // Empty: refused in Vietnamese, nothing stored.
    await phone.click('.comment-card button:has-text("Gửi góp ý")');
    await phone.waitForSelector('.comment-card [role=status]:has-text("Nội dung góp ý đang trống")');
    await phone.fill('.comment-card .comment-page', '1');
    await phone.fill('.comment-card .comment-quote', 'Điều 1');
    const text = 'Đề nghị nêu rõ chỉ tiêu thanh niên có việc làm';
    await phone.fill('.comment-card .comment-text', text);
    await phone.click('.comment-card button:has-text("Gửi góp ý")');
    await phone.waitForSelector('.comment-card [role=status]:has-text("Đã gửi góp ý")');
    await phone.waitForSelector(`.comment-list li:has-text("${text}"):has-text("Chưa xử lý")`);
    await phone.screenshot({ path: join(screenshotDir(), 'phone-draft-comment.png') });

    const consolePage = await (await browser.newContext(desk)).newPage();
    await signIn(consolePage, `${server.url}/console/demo`, '#comments');
    await consolePage.waitForSelector(`#comments .comment-row:has-text("${text}")`, { timeout: 10000 });
    await consolePage.waitForSelector('#comments .comment-count:has-text("1 góp ý · 0 đã xử lý")');
    await consolePage.check(`#comments .comment-row:has-text("${text}") input[type=checkbox]`);
    await consolePage.waitForSelector('#comments .comment-count:has-text("1 góp ý · 1 đã xử lý")', { timeout: 5000 });
    await consolePage.locator('#comments').screenshot({ path: join(screenshotDir(), 'console-draft-comments.png') });
    const csv = await (await fetch(`${server.url}/api/v1/congresses/demo/comments/export?format=csv`, { headers: staff })).text();
    check(csv.includes(text) && csv.includes('Đã xử lý'), 'the export holds the comment, handled');
    await phone.reload();
    await phone.waitForSelector('.comment-card summary');
    await phone.click('.comment-card summary');
    await phone.waitForSelector(`.comment-list li:has-text("${text}"):has-text("Đã xử lý")`, { timeout: 5000 });
  });
} finally {
  await browser.close();
  await server.stop();
}
