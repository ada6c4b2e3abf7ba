// The venue Wi-Fi drops: on a phone that only visited the app once, every
// stored document opens and renders, and the app says it is offline. A
// signed-in delegate's personal note is kept on the server, and one written
// offline reaches it when the network returns.
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startServer, launchBrowser, launchFreshProfile, screenshotDir, check, run } from './harness.mjs';
import { wifiFor, goOffline, goOnline, waitForDrawnPage, waitForNoteState, writeNoteOffline, sendNoteWhenOnline } from './offline_steps.mjs';

const binary = process.argv[2];

const server = await startServer(binary);
let token = '';  // a delegate's badge, read in the note journey

// The venue Wi-Fi between the browser and the server (the browser uses wifi.url).
const wifi = await wifiFor(server.url);
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

    await goOffline(ctx, wifi);
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

    const first = 'Viết khi mất mạng: đề nghị sửa mục 3';
    await writeNoteOffline(page, ctx, wifi, first, serverNote);
    await page.screenshot({ path: join(screenshotDir(), 'note-offline-queued.png') });
    await sendNoteWhenOnline(page, ctx, wifi, first, serverNote);

    // Both devices change the note while the phone is offline: both are
    // kept. The tablet saves first; the phone's Wi-Fi returns while its
    // delegate is still typing (inside the card's 0.7 s pause) and answers
    // slowly, so the send that merges outlasts the pause: the pause's own
    // send then finds nothing left to send and must not replace "kept both"
    // with "synced" (the race of session 6, decision 227).
    await goOffline(ctx, wifi);
    const onTablet = 'Sửa trên máy tính bảng: thêm số liệu năm 2025';
    const put = await fetch(`${server.url}/api/v1/documents/${doc.code}/note`, { method: 'PUT',
      headers: { ...tablet, 'Content-Type': 'application/json' }, body: JSON.stringify({ text: onTablet }) });
    check(put.ok, `tablet saves ${put.status}`);
    const second = `${first} và mục 5`;
    await page.fill('.note-text', second);
    await page.waitForSelector('.note-state:has-text("Chưa gửi")');
    wifi.slow(500);
    await goOnline(ctx, wifi);
    // The send that merged has finished: the card's state is its outcome.
    await waitForNoteState(page, 'merged');
    wifi.slow(0);
    check((await page.textContent('.note-state')).includes('giữ cả hai'), 'the phone says both versions were kept');
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
