// A delegate opens the app on a phone: the demo congress, its programme and
// delegations appear from the API; the language switch works.
import { join } from 'node:path';
import { startServer, launchBrowser, phonePage, screenshotDir, check, run } from './harness.mjs';

const binary = process.argv[2];
const server = await startServer(binary);
const browser = await launchBrowser();
try {
  await run('home shows the demo congress and its programme', async () => {
    const page = await phonePage(browser);
    await page.goto(server.url + '/');
    await page.waitForSelector('.session h2');
    check(page.url().endsWith('/c/demo'), `redirected to the only congress, got ${page.url()}`);
    const h1 = await page.textContent('h1');
    check(h1.includes('Đại hội đại biểu Đoàn TNCS Hồ Chí Minh tỉnh Yên Bái'), h1);
    const sessions = await page.$$eval('.session h2', (els) => els.map((e) => e.textContent));
    check(sessions.length === 3 && sessions[0] === 'Phiên trù bị', JSON.stringify(sessions));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    check(!overflow, 'no horizontal scrolling at 390 px');
    await page.waitForSelector('.live.open', { timeout: 15000 });
    await page.screenshot({ path: join(screenshotDir(), 'home-programme.png'), fullPage: false });
  });

  await run('delegations tab lists the 11 delegations with counts', async () => {
    const page = await phonePage(browser);
    await page.goto(server.url + '/c/demo/delegations');
    await page.waitForSelector('.delegations li');
    const rows = await page.$$eval('.delegations li', (els) => els.map((e) => e.textContent));
    check(rows.length === 11, `got ${rows.length} delegations`);
    check(rows.some((r) => r.includes('huyện Yên Bình') && r.includes('14')), rows.join('|'));
    await page.screenshot({ path: join(screenshotDir(), 'home-delegations.png') });
  });

  await run('language switch to English and back', async () => {
    const page = await phonePage(browser);
    await page.goto(server.url + '/c/demo');
    await page.waitForSelector('.tab');
    await page.click('button.lang');
    await page.waitForSelector('text=Programme');
    check((await page.getAttribute('html', 'lang')) === 'en', 'html lang=en');
    await page.click('button.lang');
    await page.waitForSelector('text=Chương trình');
  });

  await run('a programme change arrives live without reload', async () => {
    const page = await phonePage(browser);
    await page.goto(server.url + '/c/demo');
    await page.waitForSelector('.live.open', { timeout: 15000 });
    // A session must fall within the congress's dates.
    const { end_date: last } = await (await fetch(server.url + '/api/v1/congresses/demo')).json();
    const res = await fetch(server.url + '/api/v1/congresses/demo/sessions', {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...(await server.staff()) },
      body: JSON.stringify({ name: 'Phiên bế mạc bổ sung', date: last, starts_at: '18:00', ends_at: '19:00' }),
    });
    check(res.status === 201, `POST session ${res.status}`);
    await page.waitForSelector('text=Phiên bế mạc bổ sung', { timeout: 15000 });
  });
} finally {
  await browser.close();
  await server.stop();
}
