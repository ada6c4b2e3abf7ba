// A delegate scans a document's QR code with the phone camera and reads it:
// the QR (decoded by zbarimg, an independent decoder) opens the viewer at
// 390x844; PDF pages draw; find-in-document and page thumbnails work;
// Markdown shows as readable text; the old version stays readable.
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, phonePage, screenshotDir, check, run } from './harness.mjs';

const binary = process.argv[2];
const server = await startServer(binary);
const browser = await launchBrowser();
const docs = (await (await fetch(`${server.url}/api/v1/congresses/demo/documents`)).json()).documents;
const report = docs.find((d) => d.title.startsWith('Báo cáo chính trị'));
const rules = docs.find((d) => d.title.startsWith('Quy chế bầu cử'));
const resolution = docs.find((d) => d.current.number === 2);

try {
  await run('the QR code of a document opens its viewer with the PDF drawn', async () => {
    const png = Buffer.from(await (await fetch(`${server.url}/api/v1/documents/${report.code}/qr?format=png`)).arrayBuffer());
    const dir = mkdtempSync(join(tmpdir(), 'qr-'));
    writeFileSync(join(dir, 'qr.png'), png);
    const decoded = execFileSync('zbarimg', ['-q', '--raw', join(dir, 'qr.png')]).toString().trim();
    check(decoded === `${server.url}/d/${report.code}`, `QR holds ${decoded}`);
    const page = await phonePage(browser);
    await page.goto(decoded);
    await page.waitForSelector('.pdf-page canvas', { timeout: 15000 });
    check((await page.textContent('h1')).startsWith('Báo cáo chính trị'), 'title shown');
    check((await page.textContent('.counter')).endsWith('/ 3'), 'page counter');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    check(!overflow, 'no horizontal scroll at 390 px');
    await page.screenshot({ path: join(screenshotDir(), 'viewer-pdf.png') });
  });

  await run('find in document without diacritics jumps to the page and highlights', async () => {
    const page = await phonePage(browser);
    await page.goto(`${server.url}/d/${report.code}`);
    await page.waitForSelector('.pdf-page canvas', { timeout: 15000 });
    await page.click('text=Tìm trong tài liệu');
    await page.fill('.find-input', 'to chuyen doi so cong dong');
    await page.waitForSelector('.hit', { timeout: 15000 });
    const hits = await page.$$eval('.hit', (els) => els.map((e) => e.textContent));
    check(hits.length >= 1 && hits[0].includes('Trang'), hits.join('|'));
    await page.click('.hit');
    await page.waitForSelector('.textLayer mark.hl', { timeout: 10000 });
    const marked = await page.$$eval('.textLayer mark.hl', (els) => els.map((e) => e.textContent.toLowerCase()));
    const words = await page.$$eval('.textLayer', (ls) => ls.map((l) => [...l.querySelectorAll('mark.hl')].map((m) => m.textContent).join('')).join('').normalize('NFC'));
    const folded = words.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').toLowerCase();
    check(folded.includes('tochuyendoiso'), marked.join('|'));
    await page.screenshot({ path: join(screenshotDir(), 'viewer-find.png') });
  });

  await run('server thumbnails let a phone jump between pages', async () => {
    const page = await phonePage(browser);
    await page.goto(`${server.url}/d/${report.code}`);
    await page.waitForSelector('.pdf-page canvas', { timeout: 15000 });
    await page.click('text=Các trang');
    await page.waitForFunction(() => [...document.querySelectorAll('.thumb img')].some((i) => i.complete && i.naturalWidth > 0), null, { timeout: 15000 });
    await page.screenshot({ path: join(screenshotDir(), 'viewer-thumbnails.png') });
    await page.click('.thumb >> nth=2');
    await page.waitForFunction(() => document.querySelector('.counter')?.textContent?.startsWith('3'), null, { timeout: 10000 });
  });

  await run('a Markdown document reads as text, highlighted from the link', async () => {
    const page = await phonePage(browser);
    await page.goto(`${server.url}/d/${rules.code}?q=phieu%20hop%20le`);
    await page.waitForSelector('article.doc-text mark', { timeout: 10000 });
    const marked = await page.$$eval('mark', (els) => els.map((e) => e.textContent));
    check(marked.some((m) => m.toLowerCase() === 'phiếu'), marked.join('|'));
    await page.screenshot({ path: join(screenshotDir(), 'viewer-markdown.png') });
  });

  await run('a new version keeps the QR; the earlier version stays readable', async () => {
    const page = await phonePage(browser);
    await page.goto(`${server.url}/d/${resolution.code}`);
    await page.waitForSelector('details.versions');
    check((await page.textContent('.meta')).includes('Dự thảo lần 2'), 'current is draft 2');
    await page.goto(`${server.url}/d/${resolution.code}?version=1`);
    await page.waitForSelector('.card.warn');
    await page.waitForSelector('.pdf-page canvas', { timeout: 15000 });
  });
} finally {
  await browser.close();
  await server.stop();
}
