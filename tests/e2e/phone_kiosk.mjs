// #17 item 11, the details on a phone (390×844) and at the kiosk (1280×800):
// the badge QR lands on the delegate's own congress with the name and a
// sign-out; the clipped tab strip shows a scroll cue; the PDF page counter
// says the page in view; the kiosk takes "12" for badge "012", shows a
// refused badge as large as a face message, and a refused camera in
// Vietnamese (never the browser's "Permission denied").
import { join } from 'node:path';
import { startServer, launchBrowser, phonePage, screenshotDir, check, run, TEST_USER, TEST_PASSWORD } from './harness.mjs';

const binary = process.argv[2];
const server = await startServer(binary);
const browser = await launchBrowser();
const staff = await server.staff();

try {
  await run('badge sign-in lands on the own congress, named, with a sign-out; the tab strip has a scroll cue', async () => {
    const tokens = await (await fetch(`${server.url}/api/v1/congresses/demo/delegates/tokens?format=json`, { headers: staff })).json();
    const who = tokens.delegates.find((d) => d.token);
    check(who, 'a delegate with a token');
    const phone = await phonePage(browser);
    await phone.goto(`${server.url}/t/${who.token}`);
    await phone.waitForURL(/\/c\/demo$/, { timeout: 10000 });
    await phone.waitForSelector('.hero .who');
    const line = await phone.textContent('.hero .who');
    check(line.includes(who.full_name), `the delegate's name is shown: ${line}`);

    // The tab strip is wider than the phone: the cue shows, and goes at the end.
    check(await phone.isVisible('.tabs-cue'), 'scroll cue visible on a phone');
    await phone.screenshot({ path: join(screenshotDir(), 'phone-badge-landing.png') });
    await phone.evaluate(() => { const n = document.querySelector('.tabs'); n.scrollLeft = n.scrollWidth; });
    await phone.waitForSelector('.tabs-cue', { state: 'hidden', timeout: 3000 });

    // Dates as people write them, and in English after the switch.
    const when = await phone.textContent('.session .muted');
    check(/^Thứ [A-Za-zÀ-ỹ]+, \d{2}\/\d{2}\/\d{4}|^Chủ nhật, \d{2}\/\d{2}\/\d{4}/.test(when), `Vietnamese date: ${when}`);
    await phone.click('button.lang');
    await phone.waitForSelector('.hero .who:has-text("Signed in")');
    const whenEn = await phone.textContent('.session .muted');
    check(/^[A-Z][a-z]+day, \d{1,2} [A-Z][a-z]{2} \d{4}/.test(whenEn), `English date: ${whenEn}`);
    await phone.click('button.lang');
    await phone.waitForSelector('.hero .who:has-text("Đăng nhập")');

    // Signing out: the name goes, the session ends on the server.
    await phone.click('.hero .who button');
    await phone.waitForSelector('.hero .who', { state: 'detached', timeout: 5000 });
    const me = await phone.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    check(me === 401, `signed out (me → ${me})`);
  });

  await run('the PDF page counter shows the page in view', async () => {
    const docs = await (await fetch(`${server.url}/api/v1/congresses/demo/documents`)).json();
    const pdf = docs.documents.find((d) => d.current.kind === 'pdf' && d.visibility === 'public' && d.current.page_count >= 3);
    check(pdf, 'a public PDF with three pages or more');
    const phone = await phonePage(browser);
    await phone.goto(`${server.url}/d/${pdf.code}`);
    await phone.waitForSelector('.pdf-page canvas', { timeout: 20000 });
    const n = pdf.current.page_count;
    check((await phone.textContent('.pdf-toolbar .counter')) === `1 / ${n}`, 'starts on page 1');
    await phone.click('.pdf-toolbar button[aria-label="Trang sau"]');
    await phone.click('.pdf-toolbar button[aria-label="Trang sau"]');
    await phone.waitForFunction((want) => document.querySelector('.pdf-toolbar .counter').textContent === want, `3 / ${n}`, { timeout: 5000 });
    // Once the scroll settles (page 3 has not moved for 400 ms), page 3 is
    // the one at the top of the screen.
    await phone.waitForFunction(() => {
      const y = document.querySelector('.pdf-page[data-page="3"]')?.getBoundingClientRect().top;
      const w = window.__settle ?? (window.__settle = { y: NaN, since: 0 });
      const now = performance.now();
      if (y !== w.y) { w.y = y; w.since = now; return false; }
      return now - w.since >= 400;
    }, null, { timeout: 10000, polling: 100 }).catch(() => {});
    const top = await phone.evaluate(() => {
      const line = window.innerHeight * 0.35;
      return [...document.querySelectorAll('.pdf-page')].filter((s) => s.getBoundingClientRect().top <= line).pop()?.dataset.page;
    });
    check(top === '3', `page 3 is in view (${top})`);
    check((await phone.textContent('.pdf-toolbar .counter')) === `3 / ${n}`, 'counter still says 3 once scrolled');
    // Scrolling back by hand to page 2: the counter follows.
    await phone.evaluate(() => document.querySelector('.pdf-page[data-page="2"]').scrollIntoView({ block: 'start' }));
    await phone.waitForFunction((want) => document.querySelector('.pdf-toolbar .counter').textContent === want, `2 / ${n}`, { timeout: 5000 });
  });

  await run('the kiosk takes "12" for badge 012, shows a refused badge large, and a refused camera in Vietnamese', async () => {
    // No camera permission: the browser refuses getUserMedia.
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
    const kiosk = await ctx.newPage();
    await kiosk.goto(`${server.url}/kiosk/demo`);
    await kiosk.waitForSelector('form.login');
    await kiosk.fill('input[name=username]', TEST_USER);
    await kiosk.fill('input[name=password]', TEST_PASSWORD);
    await kiosk.click('form.login button');
    await kiosk.waitForSelector('input[aria-label="Số thẻ hoặc mã QR"]');
    await kiosk.waitForSelector('.kiosk-camera-problem', { timeout: 10000 });
    const cam = await kiosk.textContent('.kiosk-camera-problem');
    check(!/permission|denied|NotAllowed/i.test(cam) && /máy ảnh/i.test(cam), `camera refusal in Vietnamese: ${cam}`);

    await kiosk.fill('input[aria-label="Số thẻ hoặc mã QR"]', '12');
    await kiosk.click('button:has-text("Điểm danh bằng thẻ")');
    await kiosk.waitForSelector('.kiosk-result.ok', { timeout: 5000 });
    const shown = await kiosk.textContent('.kiosk-result');
    const d012 = (await (await fetch(`${server.url}/api/v1/congresses/demo/delegates`, { headers: staff })).json())
      .delegates.find((d) => d.badge === '012');
    check(shown.includes('Đã điểm danh') && shown.includes(d012.full_name), `badge 012 checked in: ${shown}`);

    // An unknown badge, typed at once (the 3.5 s a result stays only holds
    // the camera back): the message is in the big result card.
    await kiosk.fill('input[aria-label="Số thẻ hoặc mã QR"]', '99999');
    await kiosk.click('button:has-text("Điểm danh bằng thẻ")');
    await kiosk.waitForSelector('.kiosk-result.badge-error .kiosk-msg', { timeout: 5000 });
    const msg = await kiosk.textContent('.kiosk-result.badge-error .kiosk-msg');
    check(msg.includes('Thẻ không hợp lệ'), `badge error: ${msg}`);
    const size = await kiosk.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.kiosk-result .kiosk-msg')).fontSize));
    check(size >= 20, `badge error is large (${size}px)`);
    await kiosk.screenshot({ path: join(screenshotDir(), 'kiosk-badge-error.png') });
  });
} finally {
  await browser.close();
  await server.stop();
}
