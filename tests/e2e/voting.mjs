// Votes on phones (V18/V19): a delegate's phone signed in by badge gets the
// ballot card when the election opens (also after the fact: it asks for the
// open poll on load); the strike-out ballot warns while it would be invalid
// (39 names kept for 35 seats); progress events from other voters do not
// reset the half-filled ballot; sending shows the receipt. The hall
// projector (1280×800) shows counts only while open and "ĐƯỢC THÔNG QUA"
// after a show of hands is published.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startServer, launchBrowser, screenshotDir, check, run } from './harness.mjs';

const binary = process.argv[2];
const server = await startServer(binary);
const browser = await launchBrowser();
const api = `${server.url}/api/v1/congresses/demo`;
try {
  await run('a phone votes in the election; the hall shows counts then a published result', async () => {
    const staff = { ...(await server.staff()), 'Content-Type': 'application/json' };
    const post = (path, body = {}, headers = staff) => fetch(`${api}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const polls = (await (await fetch(`${api}/polls`)).json()).polls;
    const election = polls.find((p) => p.kind === 'election');
    const motion = polls.find((p) => p.mode === 'paper' && p.kind === 'motion');
    const delegates = (await (await fetch(`${api}/delegates`, { headers: staff })).json()).delegates;
    for (const session of [election.session_id, motion.session_id]) {
      for (const d of delegates.filter((x) => x.kind === 'official')) {
        const r = await post('/checkin/manual', { badge: d.badge, reason: 'điểm danh giấy', session_id: session });
        check(r.ok, `check-in ${r.status}`);
      }
    }
    // Badge QR codes as a phone camera reads them.
    const prep = await fetch(`${server.url}/api/v1/congresses/demo/badges`, { method: 'POST', headers: { ...staff, 'Content-Type': 'application/json' }, body: '{}' });
    check(prep.status === 201, `badges ${prep.status}`);
    const r = await fetch(`${server.url}${(await prep.json()).url}`, { headers: staff });
    const dir = mkdtempSync(join(tmpdir(), 'badge-'));
    writeFileSync(join(dir, 'badges.pdf'), Buffer.from(await r.arrayBuffer()));
    execFileSync('pdftoppm', ['-r', '120', '-png', '-f', '1', '-l', '2', join(dir, 'badges.pdf'), join(dir, 'b')]);
    const tokens = readdirSync(dir).filter((f) => f.endsWith('.png')).sort()
      .flatMap((png) => execFileSync('zbarimg', ['-q', '--raw', join(dir, png)]).toString().split('\n'))
      .map((u) => (u.match(/\/t\/([0-9A-Za-z]+)/) || [])[1]).filter(Boolean);
    check(tokens.length >= 2, `${tokens.length} badges decoded`);

    // The hall projector is on before the poll opens.
    const hallCtx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
    const hall = await hallCtx.newPage();
    await hall.goto(`${server.url}/hall/demo`);
    await hall.waitForSelector('.hall-idle');

    check(election && election.options.length === 39 && election.seats === 35, 'the demo election: 35 of 39');
    const opened = await post(`/polls/${election.id}/open`);
    check(opened.ok, `open ${opened.status} ${await opened.text()}`);

    // The phone signs in after the poll opened: it still gets the ballot (V18).
    const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    const phone = await phoneCtx.newPage();
    await phone.goto(`${server.url}/t/${tokens[0]}`);
    await phone.waitForSelector('.ballot-card', { timeout: 10000 });
    check((await phone.textContent('.ballot-counter')).includes('39/35'), 'counter 39/35');
    check((await phone.textContent('.ballot-warn')).includes('KHÔNG HỢP LỆ'), 'the invalid warning while 39 are kept');
    const names = await phone.$$('.ballot-names li button');
    for (let i = 0; i < 4; i++) await names[i * 3].click();
    check((await phone.textContent('.ballot-counter')).includes('35/35'), 'counter 35/35 after striking 4');
    check(await phone.isHidden('.ballot-warn'), 'no warning with 35 kept');
    await phone.screenshot({ path: join(screenshotDir(), 'phone-ballot.png') });

    // Another delegate votes: the progress line moves, the ballot stays as it is.
    const login = await fetch(`${server.url}/api/v1/auth/badge`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: tokens[1] }) });
    const lj = await login.json();
    const other = { Cookie: login.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': lj.csrf, 'Content-Type': 'application/json' };
    const nonce = randomBytes(16).toString('base64url');
    const cast = await post(`/polls/${election.id}/ballots`, { nonce, keep: Array.from({ length: 35 }, (_, i) => i + 1) }, other);
    check(cast.status === 201, `other ballot ${cast.status}`);
    await phone.waitForFunction(() => document.querySelector('.ballot-progress')?.textContent?.includes('Đã bỏ phiếu 1/'), null, { timeout: 5000 });
    check((await phone.$$('.ballot-names li.struck')).length === 4, 'progress did not reset the struck names');
    await hall.waitForFunction(() => document.querySelector('.hall-count')?.textContent?.includes('Đã bỏ phiếu 1/'), null, { timeout: 5000 });
    check(!(await hall.textContent('.hall-poll')).match(/TRÚNG CỬ|phiếu hợp lệ/), 'the hall shows counts only while open');
    await hall.screenshot({ path: join(screenshotDir(), 'hall-progress.png') });

    await phone.click('.ballot-actions button.primary');
    await phone.waitForSelector('.ballot-done');
    const receipt = await phone.textContent('.receipt');
    check(/^[A-Z2-7]{4}-[A-Z2-7]{4}$/.test(receipt.trim()), `receipt ${receipt}`);
    await phone.screenshot({ path: join(screenshotDir(), 'phone-receipt.png') });
    await hall.waitForFunction(() => document.querySelector('.hall-count')?.textContent?.includes('Đã bỏ phiếu 2/'), null, { timeout: 5000 });
    check((await post(`/polls/${election.id}/close`)).ok, 'close');
    await hall.waitForSelector('.hall-poll-layer[hidden]', { state: 'attached', timeout: 5000 });

    // A show of hands, published: the hall says it passed.
    check((await post(`/polls/${motion.id}/open`)).ok, 'open show of hands');
    const n = delegates.filter((x) => x.kind === 'official').length;
    check((await post(`/polls/${motion.id}/tally`, { yes: n - 3, no: 2, abstain: 1 })).ok, 'tally');
    check((await post(`/polls/${motion.id}/publish`)).ok, 'publish');
    await hall.waitForSelector('.hall-verdict.ok', { timeout: 5000 });
    check((await hall.textContent('.hall-verdict')).includes('ĐƯỢC THÔNG QUA'), 'verdict');
    await hall.screenshot({ path: join(screenshotDir(), 'hall-result.png') });
  });
} finally {
  await browser.close();
  await server.stop();
}
