// The venue Wi-Fi drops: on a phone that only visited the app once, every
// stored document opens and renders, and the app says it is offline. A
// signed-in delegate's personal note is kept on the server, and one written
// offline reaches it when the network returns.
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, connect } from 'node:net';
import { startServer, launchBrowser, launchFreshProfile, screenshotDir, check, run } from './harness.mjs';

const binary = process.argv[2];

// The first page of the PDF is drawn: a canvas with ink on it (not blank white).
async function waitForDrawnPage(page) {
  await page.waitForSelector('.pdf-page canvas', { timeout: 15000 });
  await page.waitForFunction(() => {
    const c = document.querySelector('.pdf-page canvas');
    if (!c || !c.width || !c.height) return false;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) ink++;
    return ink > 50;
  }, null, { timeout: 15000 });
}
const server = await startServer(binary);
let token = '';  // a delegate's badge, read in the note journey

// The venue Wi-Fi, between the browser and the server: cut, nothing gets
// through — the service worker's own requests neither, which the browser's
// offline switch alone does not promise. The browser uses wifi.url.
const wifi = await new Promise((resolve) => {
  const open = new Set();
  let up = true;
  const port = Number(new URL(server.url).port);
  const srv = createServer((c) => {
    if (!up) { c.destroy(); return; }
    const s = connect(port, '127.0.0.1');
    open.add(c); open.add(s);
    c.pipe(s); s.pipe(c);
    const end = () => { c.destroy(); s.destroy(); open.delete(c); open.delete(s); };
    c.on('error', end); s.on('error', end); c.on('close', end); s.on('close', end);
  });
  srv.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${srv.address().port}`,
    cut() { up = false; for (const x of open) x.destroy(); open.clear(); },
    restore() { up = true; },
    close() { this.cut(); return new Promise((r) => srv.close(r)); },
  }));
});
async function goOffline(ctx) { wifi.cut(); await ctx.setOffline(true); }
async function goOnline(ctx) { wifi.restore(); await ctx.setOffline(false); }
const browser = await launchBrowser();
try {
  // Issue #17 item 9: a fresh phone (new browser profile) visits the app once
  // online, never opens a document, stores them all, loses the network — and
  // still opens a document: the viewer's code and the PDF.js worker were
  // stored when the service worker installed, not on first use.
  await run('a fresh phone that never opened a document reads one offline after "download all"', async () => {
    // A browser profile of its own (a new user-data directory): nothing
    // cached, no service worker, no document ever opened on it.
    const ctx = await launchFreshProfile({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    const page = ctx.pages()[0] ?? await ctx.newPage();
    const docs = (await (await fetch(`${server.url}/api/v1/congresses/demo/documents`)).json()).documents;
    const pdfs = docs.filter((d) => d.current.kind === 'pdf' && d.visibility === 'public');
    check(pdfs.length >= 2, `two public PDFs in the demo (${pdfs.length})`);
    await page.goto(`${wifi.url}/c/demo/documents`);
    // The app is installed: its service worker is active (127.0.0.1 is a secure context).
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.click('button:has-text("Tải tất cả tài liệu")');
    await page.waitForSelector(`.keep span:has-text("${docs.length}/${docs.length}")`, { timeout: 20000 });
    await page.screenshot({ path: join(screenshotDir(), 'documents-download-all.png') });

    await goOffline(ctx);
    await page.reload();
    await page.waitForSelector('.offline-bar:not([hidden])');
    check((await page.textContent('.offline-bar')).includes('ngoại tuyến'), 'says offline');
    // The list still shows; open a document from it, as a delegate would.
    await page.click(`a.doc-link[href="/d/${pdfs[0].code}"]`, { timeout: 15000 });
    await waitForDrawnPage(page);
    check((await page.textContent('h1')).includes(pdfs[0].title.slice(0, 20)), 'same document');
    check(/^1 \/ \d+$/.test((await page.textContent('.counter')).trim()), 'page counter shown');
    await page.screenshot({ path: join(screenshotDir(), 'offline-reading.png') });
    // Typed in the address bar, offline: another stored document.
    await page.goto(`${wifi.url}/d/${pdfs[1].code}`);
    await waitForDrawnPage(page);
    check((await page.textContent('h1')).includes(pdfs[1].title.slice(0, 20)), 'second document');
    check(!(await page.$('.card.error')), 'no error card');
    await ctx.close();
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
    token = url.match(/\/t\/([0-9A-Za-z]+)/)[1];
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

  // Issue #17 item 10: a note written offline is kept on the phone, survives a
  // reload, reaches the server when the network returns, and never silently
  // replaces what the same delegate wrote on another device meanwhile.
  await run('a note written offline is queued, kept, sent when back online, and merged with another device', async () => {
    check(token, 'a badge from the journey before');
    wifi.restore();
    // The other device: the same delegate signed in with the same badge.
    const signIn = await fetch(`${server.url}/api/v1/auth/badge`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) });
    check(signIn.ok, `badge sign-in ${signIn.status}`);
    const tablet = { Cookie: signIn.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': (await signIn.json()).csrf };
    const docs = (await (await fetch(`${server.url}/api/v1/congresses/demo/documents`)).json()).documents;
    const doc = docs.find((d) => d.code !== docs[0].code && d.current.kind === 'pdf' && d.visibility === 'public');
    check(doc, 'a second public PDF');
    const serverNote = async () => (await (await fetch(`${server.url}/api/v1/documents/${doc.code}/note`, { headers: tablet })).json()).text;
    check((await serverNote()) === '', 'no note yet');

    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    const page = await ctx.newPage();
    await page.goto(`${wifi.url}/t/${token}`);
    await page.waitForSelector('.tab');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.goto(`${wifi.url}/d/${doc.code}`);
    await page.waitForSelector('.note-card summary');
    await page.waitForSelector('.pdf-page canvas', { timeout: 15000 });

    await goOffline(ctx);
    await page.click('.note-card summary');
    const first = 'Viết khi mất mạng: đề nghị sửa mục 3';
    await page.fill('.note-text', first);
    await page.waitForSelector('.note-state:has-text("Chưa gửi")');
    await page.screenshot({ path: join(screenshotDir(), 'note-offline-queued.png') });
    await page.reload();
    await page.waitForSelector('.note-text', { timeout: 15000 });
    check((await page.inputValue('.note-text')) === first, 'still there after an offline reload');
    check((await page.textContent('.note-state')).includes('Chưa gửi'), 'says not sent');
    check((await serverNote()) === '', 'not on the server while offline');

    await goOnline(ctx);
    await page.waitForSelector('.note-state:has-text("đã đồng bộ")', { timeout: 15000 });
    check((await serverNote()) === first, `sent when the network returned: ${await serverNote()}`);

    // Both devices change the note while the phone is offline: both are kept.
    await goOffline(ctx);
    const second = `${first} và mục 5`;
    await page.fill('.note-text', second);
    await page.waitForSelector('.note-state:has-text("Chưa gửi")');
    const onTablet = 'Sửa trên máy tính bảng: thêm số liệu năm 2025';
    const put = await fetch(`${server.url}/api/v1/documents/${doc.code}/note`, { method: 'PUT',
      headers: { ...tablet, 'Content-Type': 'application/json' }, body: JSON.stringify({ text: onTablet }) });
    check(put.ok, `tablet saves ${put.status}`);
    await goOnline(ctx);
    await page.waitForSelector('.note-state:has-text("giữ cả hai")', { timeout: 15000 });
    const merged = await serverNote();
    check(merged.startsWith(onTablet) && merged.endsWith(second) && merged.includes('thiết bị này'),
      `both kept on the server: ${JSON.stringify(merged)}`);
    check((await page.inputValue('.note-text')) === merged, 'the phone shows what the server has');
    await page.screenshot({ path: join(screenshotDir(), 'note-merged.png') });
    await ctx.close();
  });
} finally {
  await wifi.close();
  await browser.close();
  await server.stop();
}
