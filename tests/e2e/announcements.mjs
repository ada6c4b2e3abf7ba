// #17 item 6: the secretariat sends an important announcement from the
// console; it reaches a phone (390×844) and stays on the hall screen
// (1280×800) above a presented document, also after the hall reloads; the
// chair corrects it and the phone and hall show the correction; the console
// withdraws it and it disappears from the phone, the hall and both lists.
import { join } from 'node:path';
import { startServer, launchBrowser, phonePage, screenshotDir, check, run, TEST_USER, TEST_PASSWORD } from './harness.mjs';

const binary = process.argv[2];
const server = await startServer(binary);
const browser = await launchBrowser();

async function signIn(page, url, ready) {
  await page.goto(url);
  await page.waitForSelector('form.login');
  await page.fill('input[name=username]', TEST_USER);
  await page.fill('input[name=password]', TEST_PASSWORD);
  await page.click('form.login button');
  await page.waitForSelector(ready, { timeout: 15000 });
}

try {
  await run('an important announcement stays on the hall until withdrawn; phones follow edits and withdrawal', async () => {
    const desk = { viewport: { width: 1280, height: 800 }, locale: 'vi-VN' };
    const consolePage = await (await browser.newContext(desk)).newPage();
    consolePage.on('dialog', (d) => void d.accept());
    await signIn(consolePage, `${server.url}/console/demo`, '#announcements form');
    const chair = await (await browser.newContext(desk)).newPage();
    chair.on('dialog', (d) => void d.accept());
    await signIn(chair, `${server.url}/chair/demo`, '#announcements form');
    const hall = await (await browser.newContext(desk)).newPage();
    await hall.goto(`${server.url}/hall/demo`);
    await hall.waitForSelector('.hall-idle');
    const phone = await phonePage(browser);
    await phone.goto(`${server.url}/c/demo`);
    await phone.waitForSelector('.live.open', { timeout: 10000 });

    // An empty announcement is refused in Vietnamese, nothing sent.
    await consolePage.click('#announcements button[type=submit]');
    await consolePage.waitForSelector('#announcements form [role=status]:has-text("Thông báo trống")');

    // Sent from the console, marked important.
    const text = 'Tổ 3 chuyển sang phòng P.204';
    await consolePage.fill('#announcements textarea[aria-label="Nội dung thông báo"]', text);
    await consolePage.check('#announcements form input[type=checkbox]');
    await consolePage.click('#announcements button[type=submit]');
    await phone.waitForSelector(`.notice.important:has-text("${text}")`, { timeout: 5000 });
    await hall.waitForSelector(`.hall-notice p.important:has-text("${text}")`, { timeout: 5000 });
    // Both staff lists show it (each follows the live events).
    await chair.waitForSelector(`#announcements li.important textarea`, { timeout: 5000 });
    check((await chair.inputValue('#announcements li textarea')) === text, 'chair list has the text');

    // The chair presents a public document: the notice stays on top of it.
    const docs = await (await fetch(`${server.url}/api/v1/congresses/demo/documents`)).json();
    const pdf = docs.documents.find((d) => d.current.kind === 'pdf' && d.visibility === 'public');
    check(pdf, 'a public PDF in the demo');
    const staff = await server.staff();
    const p = await fetch(`${server.url}/api/v1/congresses/demo/presentation`, { method: 'POST',
      headers: { ...staff, 'Content-Type': 'application/json' }, body: JSON.stringify({ code: pdf.code, page: 1 }) });
    check(p.ok, `presented (${p.status})`);
    await hall.waitForSelector('.pdf-page canvas', { timeout: 20000 });
    const onTop = await hall.evaluate(() => {
      const n = document.querySelector('.hall-notice p.important');
      const r = n.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return n.contains(hit);
    });
    check(onTop, 'the important notice is not hidden behind the presented document');
    await hall.screenshot({ path: join(screenshotDir(), 'hall-important-announcement.png') });

    // A hall screen switched on later still shows it.
    await hall.reload();
    await hall.waitForSelector(`.hall-notice p.important:has-text("${text}")`, { timeout: 10000 });

    // The chair corrects the text: phone and hall show the correction.
    const fixed = 'Tổ 3 chuyển sang phòng P.305';
    await chair.fill('#announcements li textarea', fixed);
    await chair.click('#announcements li button:has-text("Lưu sửa")');
    await chair.waitForSelector('#announcements li [role=status]:has-text("đã sửa")');
    await phone.waitForSelector(`.notice:has-text("${fixed}")`, { timeout: 5000 });
    await hall.waitForSelector(`.hall-notice p:has-text("${fixed}")`, { timeout: 5000 });
    await phone.screenshot({ path: join(screenshotDir(), 'phone-announcement-corrected.png') });
    await chair.screenshot({ path: join(screenshotDir(), 'chair-announcements.png') });

    // Withdrawn from the console: gone from the phone, the hall and both lists.
    await consolePage.waitForSelector(`#announcements li textarea`);
    await consolePage.click('#announcements li button:has-text("Thu hồi")');
    await phone.waitForSelector('.notice', { state: 'detached', timeout: 5000 });
    await hall.waitForSelector('.hall-notice p', { state: 'detached', timeout: 5000 });
    await chair.waitForSelector('#announcements li.muted:has-text("Chưa có thông báo")', { timeout: 5000 });
    await consolePage.waitForSelector('#announcements li.muted:has-text("Chưa có thông báo")', { timeout: 5000 });
    const left = await (await fetch(`${server.url}/api/v1/congresses/demo/announcements`)).json();
    check(left.announcements.length === 0, 'nothing left on the server');
    // The phone's programme page does not list it any more either.
    check(!(await phone.content()).includes('P.305'), 'phone shows no trace of it');
  });

  await run('presenting a delegates-only draft: the chair is told, the hall and a guest phone say so instead of hanging', async () => {
    const staff = await server.staff();
    const docs = await (await fetch(`${server.url}/api/v1/congresses/demo/documents`, { headers: staff })).json();
    const draft = docs.documents.find((d) => d.current.kind === 'pdf');
    const made = await fetch(`${server.url}/api/v1/documents/${draft.code}`, { method: 'PATCH',
      headers: { ...staff, 'Content-Type': 'application/json' }, body: JSON.stringify({ visibility: 'delegates' }) });
    check(made.ok, `made delegates-only (${made.status})`);

    const desk = { viewport: { width: 1280, height: 800 }, locale: 'vi-VN' };
    const hall = await (await browser.newContext(desk)).newPage();
    await hall.goto(`${server.url}/hall/demo`);
    await hall.waitForSelector('.hall-stage');
    const guest = await phonePage(browser);
    await guest.goto(`${server.url}/c/demo`);
    await guest.waitForSelector('.live.open', { timeout: 10000 });

    const chair = await (await browser.newContext(desk)).newPage();
    await signIn(chair, `${server.url}/chair/demo`, '.chair-doc input');
    await chair.check(`.chair-doc input[data-code="${draft.code}"]`);
    await chair.click('button.primary:has-text("Trình chiếu cho tất cả")');
    await chair.waitForSelector('.present-warning:has-text("màn hình hội trường")', { timeout: 5000 });

    await hall.waitForSelector('.hall-restricted:has-text("chỉ dành cho đại biểu")', { timeout: 10000 });
    await hall.screenshot({ path: join(screenshotDir(), 'hall-restricted.png') });
    await guest.waitForSelector('.follow-bar:has-text("chỉ dành cho đại biểu")', { timeout: 5000 });
    check(!guest.url().includes(`/d/${draft.code}`), 'the guest phone stayed on the programme');
    await guest.screenshot({ path: join(screenshotDir(), 'guest-restricted-presentation.png') });
  });
} finally {
  await browser.close();
  await server.stop();
}
