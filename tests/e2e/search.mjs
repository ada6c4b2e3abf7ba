// A delegate searches on a phone without diacritics: "quy che bau cu" puts
// the election rules first; tapping the hit opens the page with the words
// highlighted. An unrelated query shows no strong result.
import { join } from 'node:path';
import { startServer, launchBrowser, phonePage, screenshotDir, check, run } from './harness.mjs';

const binary = process.argv[2];
const server = await startServer(binary);
const browser = await launchBrowser();
try {
  await run('search as you type without diacritics, open the hit highlighted', async () => {
    const page = await phonePage(browser);
    await page.goto(`${server.url}/c/demo`);
    await page.waitForSelector('.search-input');
    await page.type('.search-input', 'quy che bau cu', { delay: 40 });
    await page.waitForSelector('.hits .hit-link', { timeout: 15000 });
    const first = await page.textContent('.hits li:first-child .doc-title');
    check(first.startsWith('Quy chế bầu cử'), `first hit: ${first}`);
    const marks = await page.$$eval('.hits li:first-child mark', (els) => els.map((e) => e.textContent));
    check(marks.some((m) => m.toLowerCase() === 'bầu'), marks.join('|'));
    check(page.url().includes('/c/demo/search?q=quy%20che%20bau%20cu'), page.url());
    await page.screenshot({ path: join(screenshotDir(), 'search-results.png') });
    await page.click('.hits li:first-child .hit-link');
    await page.waitForSelector('article.doc-text mark', { timeout: 10000 });
    const highlighted = await page.$$eval('article.doc-text mark', (els) => els.map((e) => e.textContent.toLowerCase()));
    check(highlighted.includes('bầu') && highlighted.includes('cử'), highlighted.join('|'));
    await page.screenshot({ path: join(screenshotDir(), 'search-open-hit.png') });
  });

  await run('a PDF hit opens at its page with the words marked in the text layer', async () => {
    const page = await phonePage(browser);
    await page.goto(`${server.url}/c/demo/search?q=${encodeURIComponent('tổ chuyển đổi số cộng đồng')}`);
    await page.waitForSelector('.hits .hit-link', { timeout: 15000 });
    const first = await page.textContent('.hits li:first-child .doc-title');
    check(first.startsWith('Báo cáo chính trị') || first.startsWith('Tham luận'), first);
    await page.click('.hits li:first-child .hit-link');
    await page.waitForSelector('mark', { timeout: 15000 });
  });

  await run('nothing strong for an unrelated query', async () => {
    const page = await phonePage(browser);
    await page.goto(`${server.url}/c/demo/search?q=bitcoin`);
    await page.waitForSelector('.search-results .card', { timeout: 15000 });
    check((await page.$$('.hits:not(.weak) li')).length === 0, 'no strong hit');
  });
} finally {
  await browser.close();
  await server.stop();
}
