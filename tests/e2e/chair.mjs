// The chair ticks a document and sees all of it; "trình chiếu cho tất cả"
// takes a delegate's phone (second browser) to the same document and page
// within a second; stepping out of following works; an announcement shows
// up live; the province pages open and are found by search.
import { join } from 'node:path';
import { startServer, launchBrowser, phonePage, screenshotDir, check, run, TEST_USER, TEST_PASSWORD } from './harness.mjs';

const binary = process.argv[2];
const server = await startServer(binary);
const browser = await launchBrowser();
try {
  await run('the chair presents a document and a delegate phone follows within a second', async () => {
    // The chair's account (secretariat in the harness; chair role is allowed too).
    const chairCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    const chair = await chairCtx.newPage();
    await chair.goto(`${server.url}/chair/demo`);
    await chair.waitForSelector('form.login');
    await chair.fill('input[name=username]', TEST_USER);
    await chair.fill('input[name=password]', TEST_PASSWORD);
    await chair.click('form.login button');
    await chair.waitForSelector('.chair-doc input');

    const phone = await phonePage(browser);
    await phone.goto(`${server.url}/c/demo`);
    await phone.waitForSelector('.live.open', { timeout: 10000 });

    // Tick the first PDF document: its pages are all drawn.
    const docs = await (await fetch(`${server.url}/api/v1/congresses/demo/documents`)).json();
    const pdf = docs.documents.find((d) => d.current.kind === 'pdf' && d.current.page_count >= 2);
    check(pdf, 'a multi-page PDF in the demo');
    await chair.check(`.chair-doc input[data-code="${pdf.code}"]`);
    await chair.waitForFunction((n) => document.querySelectorAll('.chair-stage .pdf-page canvas').length === n, pdf.current.page_count, { timeout: 20000 });
    await chair.screenshot({ path: join(screenshotDir(), 'chair-view.png') });

    const t0 = Date.now();
    await chair.click('button.primary:has-text("Trình chiếu cho tất cả")');
    await phone.waitForURL(new RegExp(`/d/${pdf.code}`), { timeout: 5000 });
    const followMs = Date.now() - t0;
    check(followMs < 1500, `phone followed in ${followMs} ms`);
    await phone.waitForSelector('.pdf-page canvas', { timeout: 15000 });
    await phone.waitForSelector('.follow-bar:not([hidden])');
    await phone.screenshot({ path: join(screenshotDir(), 'phone-following.png') });

    // The delegate steps out; the chair moves on; the phone stays put.
    await phone.click('.follow-bar button[data-follow="on"]');
    check((await phone.getAttribute('.follow-bar button[data-follow]', 'data-follow')) === 'off', 'unfollowed');
    await chair.click('button.danger:has-text("Dừng trình chiếu")');
    const other = docs.documents.find((d) => d.code !== pdf.code);
    await chair.check(`.chair-doc input[data-code="${other.code}"]`);
    await chair.click('button.primary:has-text("Trình chiếu cho tất cả")');
    // The phone has the new presentation (its bar names it: a following
    // phone would have moved at that moment) and stayed where it was.
    await phone.locator('.follow-bar .follow-text', { hasText: other.title }).waitFor({ timeout: 5000 });
    check(phone.url().includes(`/d/${pdf.code}`), 'not following: stayed on the first document');
    // Back in: follows to the current one.
    await phone.click('.follow-bar button[data-follow="off"]');
    await phone.waitForURL(new RegExp(`/d/${other.code}`), { timeout: 5000 });
    console.log(`# follow latency ${followMs} ms`);

    // An announcement reaches the phone live.
    await chair.fill('textarea[aria-label="Nội dung thông báo"]', 'Mời các đồng chí về hội trường lúc 13:30');
    await chair.click('button:has-text("Gửi thông báo")');
    await phone.waitForSelector('.notice:has-text("13:30")', { timeout: 5000 });
    await phone.screenshot({ path: join(screenshotDir(), 'phone-announcement.png') });
  });

  await run('province pages: a list, a page with pictures, found by search without diacritics', async () => {
    const page = await phonePage(browser);
    await page.goto(`${server.url}/c/demo/province`);
    await page.waitForSelector('.province-card');
    check((await page.locator('.province-card').count()) >= 6, 'six demo pages');
    await page.screenshot({ path: join(screenshotDir(), 'province-list.png') });
    await page.click('.province-card:has-text("Xòe Thái")');
    await page.waitForSelector('.province-text img');
    check((await page.textContent('.province-text')).includes('UNESCO'), 'page text');
    await page.screenshot({ path: join(screenshotDir(), 'province-page.png') });
    await page.goto(`${server.url}/c/demo`);
    await page.fill('.search-input', 'ruong bac thang');
    await page.waitForSelector('.hits.pages a');
    check((await page.textContent('.hits.pages')).includes('Mù Cang Chải'), 'found without diacritics');
  });

  await run('switch language', async () => {
    const page = await phonePage(browser);
    await page.goto(`${server.url}/c/demo`);
    await page.waitForSelector('.tab');
    check((await page.textContent('nav.tabs')).includes('Chương trình'), 'Vietnamese first');
    await page.click('button.lang');
    await page.waitForSelector('nav.tabs:has-text("Programme")');
    check((await page.textContent('nav.tabs')).includes('Province'), 'English tabs');
    await page.screenshot({ path: join(screenshotDir(), 'home-english.png') });
    await page.click('button.lang');
    await page.waitForSelector('nav.tabs:has-text("Chương trình")');
  });
} finally {
  await browser.close();
  await server.stop();
}
