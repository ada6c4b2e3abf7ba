// The venue Wi-Fi drops: a document the delegate opened still opens and
// renders, and the app says it is offline; "tải tất cả tài liệu" stores the
// rest. A signed-in delegate's personal note is kept on the server.
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startServer, launchBrowser, screenshotDir, check, run } from './harness.mjs';

const binary = process.argv[2];
const server = await startServer(binary);
const browser = await launchBrowser();
try {
  await run('an opened document still reads offline; download-all stores every document', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    const page = await ctx.newPage();
    const docs = (await (await fetch(`${server.url}/api/v1/congresses/demo/documents`)).json()).documents;
    const pdf = docs.find((d) => d.current.kind === 'pdf' && d.visibility === 'public');
    await page.goto(`${server.url}/c/demo/documents`);
    // The service worker takes control (127.0.0.1 is a secure context).
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null || false, null, { timeout: 10000 }).catch(async () => {
      await page.reload();
      await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: 10000 });
    });
    await page.click('button:has-text("Tải tất cả tài liệu")');
    await page.waitForSelector(`.keep span:has-text("${docs.length}/${docs.length}")`, { timeout: 20000 });
    await page.screenshot({ path: join(screenshotDir(), 'documents-download-all.png') });
    await page.goto(`${server.url}/d/${pdf.code}`);
    await page.waitForSelector('.pdf-page canvas', { timeout: 15000 });

    await ctx.setOffline(true);
    await page.reload();
    await page.waitForSelector('.pdf-page canvas', { timeout: 15000 });
    await page.waitForSelector('.offline-bar:not([hidden])');
    check((await page.textContent('.offline-bar')).includes('ngoại tuyến'), 'says offline');
    check((await page.textContent('h1')).includes(pdf.title.slice(0, 20)), 'same document');
    await page.screenshot({ path: join(screenshotDir(), 'offline-reading.png') });
    // Another document, never opened, stored by "download all".
    const other = docs.find((d) => d.code !== pdf.code && d.current.kind === 'pdf' && d.visibility === 'public');
    if (other) {
      await page.goto(`${server.url}/d/${other.code}`);
      await page.waitForSelector('.pdf-page canvas', { timeout: 15000 });
    }
    await ctx.setOffline(false);
  });

  await run('a delegate signed in by badge keeps a private note', async () => {
    const staff = await server.staff();
    // Print the badges, then read the first badge's QR as a phone camera would.
    const prep = await fetch(`${server.url}/api/v1/congresses/demo/badges`, { method: 'POST', headers: { ...staff, 'Content-Type': 'application/json' }, body: '{}' });
    check(prep.status === 201, `badges ${prep.status}`);
    const r = await fetch(`${server.url}${(await prep.json()).url}`, { headers: staff });
    check(r.status === 200, `badges pdf ${r.status}`);
    const dir = mkdtempSync(join(tmpdir(), 'badge-'));
    writeFileSync(join(dir, 'badges.pdf'), Buffer.from(await r.arrayBuffer()));
    execFileSync('pdftoppm', ['-r', '120', '-png', '-f', '1', '-l', '1', join(dir, 'badges.pdf'), join(dir, 'b')]);
    const png = readdirSync(dir).find((f) => f.endsWith('.png'));
    const url = execFileSync('zbarimg', ['-q', '--raw', join(dir, png)]).toString().split('\n')[0].trim();
    const token = url.match(/\/t\/([0-9A-Za-z]+)/)[1];
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'vi-VN' });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/t/${token}`);
    await page.waitForSelector('.tab');
    const docs = (await (await fetch(`${server.url}/api/v1/congresses/demo/documents`)).json()).documents;
    await page.goto(`${server.url}/d/${docs[0].code}`);
    await page.waitForSelector('.note-card summary');
    await page.click('.note-card summary');
    await page.fill('.note-text', 'Góp ý: bổ sung chỉ tiêu chuyển đổi số');
    await page.waitForSelector('.note-card span:has-text("Đã lưu")', { timeout: 5000 });
    await page.reload();
    await page.waitForSelector('.note-text');
    check((await page.inputValue('.note-text')).includes('chuyển đổi số'), 'note kept on the server');
    // Nobody else sees it.
    const anon = await fetch(`${server.url}/api/v1/documents/${docs[0].code}/note`);
    check(anon.status === 401, `anonymous note ${anon.status}`);
    const other = await (await fetch(`${server.url}/api/v1/documents/${docs[0].code}/note`, { headers: staff })).json();
    check(other.text === '', 'staff does not see the delegate note');
  });
} finally {
  await browser.close();
  await server.stop();
}
