// Votes on phones (V18/V19): a delegate's phone signed in by badge gets the
// ballot card when the election opens (also after the fact: it asks for the
// open poll on load); the strike-out ballot warns while it would be invalid
// (39 names kept for 35 seats); progress events from other voters do not
// reset the half-filled ballot; sending shows the receipt. The hall
// projector (1280×800) shows counts only while open and "ĐƯỢC THÔNG QUA"
// after a show of hands is published. An election over two rounds ends
// with one result — everyone elected, with the round of each — that the
// hall, the chair and the console show alike; names are added to round 2
// in the console; a candidate withdraws before the ballot opens.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startServer, launchBrowser, screenshotDir, check, run, TEST_USER, TEST_PASSWORD } from './harness.mjs';

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

    // R8 on the chair's screen: an election leaves a seat empty; the chair
    // asks the congress (a show of hands), publishes its decision, and only
    // then gets the button for round 2, which lists who was not elected.
    const staffPut = (path, body) => fetch(`${api}${path}`, { method: 'PUT', headers: staff, body: JSON.stringify(body) });
    const login0 = await fetch(`${server.url}/api/v1/auth/badge`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: tokens[0] }) });
    const l0 = await login0.json();
    const teller0 = { Cookie: login0.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': l0.csrf, 'Content-Type': 'application/json' };
    const badgeOf = (name) => delegates.find((d) => d.full_name === name)?.badge;
    check(badgeOf(l0.name) && badgeOf(lj.name), `tellers' badges ${l0.name} ${lj.name}`);
    const el = await (await post('/elections', { title: 'Bầu Ủy ban Kiểm tra', seats: 2 })).json();
    for (const name of ['Lê Văn An', 'Phạm Thị Hà']) check((await post(`/elections/${el.id}/candidates`, { full_name: name })).ok, `candidate ${name}`);
    check((await staffPut(`/elections/${el.id}/tellers`, { badges: [badgeOf(l0.name), badgeOf(lj.name)] })).ok, 'tellers');
    const ep = await (await post('/polls', { session_id: election.session_id, kind: 'election', mode: 'secret', election_id: el.id })).json();
    check((await post(`/polls/${ep.id}/open`)).ok, 'open the small election');
    const an = ep.options.find((o) => o.label === 'Lê Văn An').position;
    check((await post(`/polls/${ep.id}/ballots`, { nonce: randomBytes(16).toString('base64url'), keep: [an] }, other)).status === 201, 'one ballot');
    const closedEp = await (await post(`/polls/${ep.id}/close`)).json();
    // The head teller signs on the phone, in the "Ban kiểm phiếu" tab (only tellers see it).
    phone.on('dialog', (d) => void d.accept());
    await phone.reload();
    await phone.waitForSelector('.tellers-fab:not([hidden])', { timeout: 10000 });
    await phone.click('.tellers-fab');
    const card = `.tellers-poll[data-poll="${ep.id}"]`;
    await phone.waitForSelector(`${card} .tellers-sign`);
    check((await phone.textContent(card)).includes('Trúng cử: Lê Văn An'), 'the teller sees the unpublished result');
    check((await phone.textContent(`${card} .tellers-hash`)).includes(closedEp.tally_sha256), 'the hash being signed');
    await phone.click(`${card} .tellers-sign`);
    await phone.waitForFunction(() => document.querySelector('.tellers-panel .speak-msg')?.textContent?.includes('đã xác nhận'), null, { timeout: 5000 });
    await phone.screenshot({ path: join(screenshotDir(), 'phone-tellers.png') });
    await phone.click('.tellers-panel .speak-close');
    const signs = await (await fetch(`${api}/polls/${ep.id}/signoffs`, { headers: staff })).json();
    check(signs.signoffs.length === 1 && signs.signoffs[0].current, 'the phone signed the current hash');
    check((await post(`/polls/${ep.id}/signoff`, { sha256: closedEp.tally_sha256 }, other)).ok, 'second signoff');
    check((await post(`/polls/${ep.id}/publish`)).ok, 'publish the small election');
    // The signed minutes, as printed: their first page (a PDF typeset like the other sheets).
    const minutes = await fetch(`${api}/polls/${ep.id}/minutes.pdf`, { headers: staff });
    check(minutes.ok && (minutes.headers.get('content-type') || '').includes('pdf'), `minutes.pdf ${minutes.status}`);
    const mdir = mkdtempSync(join(tmpdir(), 'minutes-'));
    writeFileSync(join(mdir, 'minutes.pdf'), Buffer.from(await minutes.arrayBuffer()));
    const mtext = execFileSync('pdftotext', ['-layout', join(mdir, 'minutes.pdf'), '-']).toString();
    check(/BIÊN BẢN/.test(mtext) && mtext.includes('Lê Văn An') && mtext.replace(/\s+/g, '').includes(closedEp.tally_sha256) && /\d\d\/\d\d\/20\d\d/.test(mtext) && !/\d{4}-\d\d-\d\dT/.test(mtext), 'the minutes name the elected, print the hash, and write dates as 30/11/2026');
    execFileSync('pdftoppm', ['-r', '80', '-png', '-f', '1', '-l', '1', '-singlefile', join(mdir, 'minutes.pdf'), join(screenshotDir(), 'minutes-page1')]);

    const chairCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    const chair = await chairCtx.newPage();
    chair.on('dialog', (d) => void (d.type() === 'prompt' ? d.accept(`${n - 3},2,1`) : d.accept()));
    await chair.goto(`${server.url}/chair/demo`);
    await chair.waitForSelector('form.login');
    await chair.fill('input[name=username]', TEST_USER);
    await chair.fill('input[name=password]', TEST_PASSWORD);
    await chair.click('form.login button');
    const row = (text) => `li.poll-row:has(strong:text-is("${text}"))`;
    await chair.waitForSelector(`${row('Bầu Ủy ban Kiểm tra')} .preview`, { timeout: 10000 });
    check((await chair.textContent(row('Bầu Ủy ban Kiểm tra'))).includes('Còn 1 vị trí'), 'the preview names the empty seat');
    check(await chair.isHidden(`${row('Bầu Ủy ban Kiểm tra')} button.next-round`), 'no round 2 before the congress decides');
    await chair.click(`${row('Bầu Ủy ban Kiểm tra')} button.ask-congress`);
    const ask = 'Đại hội có đồng ý bầu lần 2 cho 1 vị trí còn thiếu không?';
    await chair.waitForSelector(row(ask));
    await chair.click(`${row(ask)} button:has-text("Mở")`);
    await chair.click(`${row(ask)} button:has-text("Nhập kết quả giơ thẻ")`);
    await chair.click(`${row(ask)} button:has-text("Công bố")`);
    await chair.waitForSelector(`${row(ask)} .preview.ok`);
    await chair.click(`${row('Bầu Ủy ban Kiểm tra')} button.next-round`);
    const round2 = 'Bầu Ủy ban Kiểm tra — vòng 2 (1 vị trí còn thiếu)';
    await chair.waitForSelector(row(round2), { timeout: 10000 });
    check((await chair.textContent(row(round2))).includes('vòng 2'), 'the round-2 poll is listed');
    await chair.screenshot({ path: join(screenshotDir(), 'chair-round-2.png') });
    const all = (await (await fetch(`${api}/polls`)).json()).polls;
    const r2 = all.find((p) => p.title === round2);
    const decision = all.find((p) => p.title === ask);
    check(r2 && r2.decision_id === decision.id && r2.round === 2 && r2.seats === 1, 'round 2 names the decision');
    check(r2.options.length === 1 && r2.options[0].label === 'Phạm Thị Hà', 'round 2 lists who was not elected');

    // The congress adds a name to round 2's list, in the console (R8):
    // someone already elected is refused in Vietnamese; a new name is on the ballot.
    const conCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    const con = await conCtx.newPage();
    await con.goto(`${server.url}/console/demo`);
    await con.waitForSelector('form.login');
    await con.fill('input[name=username]', TEST_USER);
    await con.fill('input[name=password]', TEST_PASSWORD);
    await con.click('form.login button');
    const ecard = `article.election[data-election="${el.id}"]`;
    await con.waitForSelector(`${ecard} form.round-add`, { timeout: 10000 });
    await con.fill(`${ecard} .round-name`, 'Lê Văn An');
    await con.click(`${ecard} form.round-add button`);
    await con.waitForFunction(() => document.querySelector('#elections p[role=alert]')?.textContent?.includes('đã trúng cử'), null, { timeout: 5000 });
    await con.fill(`${ecard} .round-name`, 'Vũ Quang Sử');
    await con.click(`${ecard} form.round-add button`);
    await con.waitForFunction((sel) => document.querySelector(`${sel} form.round-add`)?.textContent?.includes('Vũ Quang Sử'), ecard, { timeout: 5000 });
    const r2b = (await (await fetch(`${api}/polls/${r2.id}`)).json());
    check(r2b.options.map((o) => o.label).join('|') === 'Phạm Thị Hà|Vũ Quang Sử', `round 2's ballot: ${r2b.options.map((o) => o.label)}`);

    // Round 2 elects Sử: the hall, the chair and the console show ONE result,
    // everyone elected across both rounds, with the round of each.
    check((await post(`/polls/${r2.id}/open`)).ok, 'open round 2');
    const su = r2b.options.find((o) => o.label === 'Vũ Quang Sử').position;
    check((await post(`/polls/${r2.id}/ballots`, { nonce: randomBytes(16).toString('base64url'), keep: [su] }, other)).status === 201, 'round 2 ballot');
    const closed2 = await (await post(`/polls/${r2.id}/close`)).json();
    check((await post(`/polls/${r2.id}/signoff`, { sha256: closed2.tally_sha256 }, teller0)).ok, 'round 2 signoff 1');
    check((await post(`/polls/${r2.id}/signoff`, { sha256: closed2.tally_sha256 }, other)).ok, 'round 2 signoff 2');
    check((await post(`/polls/${r2.id}/publish`)).ok, 'publish round 2');
    await hall.waitForSelector('.hall-outcome', { timeout: 5000 });
    const hallText = await hall.textContent('.hall-outcome');
    check(hallText.includes('Kết quả chung cuộc') && hallText.includes('2/2'), `the hall's final result: ${hallText}`);
    check(hallText.includes('Lê Văn An') && hallText.includes('vòng 1') && hallText.includes('Vũ Quang Sử') && hallText.includes('vòng 2'), 'both rounds named');
    check(hallText.includes('Đã bầu đủ 2 vị trí'), 'the seats are filled');
    await hall.screenshot({ path: join(screenshotDir(), 'hall-outcome.png') });
    await chair.reload();
    await chair.waitForSelector(`${row(round2)} .chair-outcome`, { timeout: 10000 });
    check((await chair.textContent(`${row(round2)} .chair-outcome`)) === hallText, 'the chair shows the very same result');
    await con.reload();
    await con.waitForSelector(`${ecard} .console-outcome`, { timeout: 10000 });
    check((await con.textContent(`${ecard} .console-outcome`)) === hallText, 'the console shows the very same result');
    await conCtx.close();
    await chairCtx.close();
  });
  await run('the secretariat sets up an election in the console: typed and imported candidates, tellers, the ballot', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/console/demo`);
    await page.waitForSelector('form.login');
    await page.fill('input[name=username]', TEST_USER);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('form.login button');
    await page.waitForSelector('#elections input[name=election-title]');
    const title = 'Bầu Ủy ban Kiểm tra khóa mới';
    await page.fill('input[name=election-title]', title);
    await page.fill('input[name=election-seats]', '2');
    await page.selectOption('select[name=election-base]', 'returned');
    await page.click('#elections form.grid2 button[type=submit]');
    await page.waitForSelector(`article.election:has(h3:text-is("${title}"))`);
    const eid = await page.getAttribute(`article.election:has(h3:text-is("${title}"))`, 'data-election');
    const art = `article.election[data-election="${eid}"]`;
    check((await page.textContent(art)).includes('hơn một nửa tổng số phiếu thu vào'), 'the threshold base is printed');
    await page.fill(`${art} .cand-name`, 'Hoàng Văn Nam');
    await page.fill(`${art} .cand-born`, '1991-02-03');
    await page.click(`${art} button:has-text("Thêm ứng cử viên")`);
    await page.waitForFunction((sel) => document.querySelectorAll(`${sel} .candidates li`).length === 1, art);
    // A bad date is refused with a Vietnamese message and adds nobody.
    await page.fill(`${art} .cand-name`, 'Người sai ngày sinh');
    await page.fill(`${art} .cand-born`, 'hôm qua');
    await page.click(`${art} button:has-text("Thêm ứng cử viên")`);
    await page.waitForFunction(() => document.querySelector('#elections p[role=alert]')?.textContent?.startsWith('✗'));
    await page.setInputFiles(`${art} .cand-file`, { name: 'danh-sach.csv', mimeType: 'text/csv',
      buffer: Buffer.from('Họ và tên,Ngày sinh,Đoàn\nLò Thị Mai,1995-07-01,Đoàn Mù Cang Chải\nVàng A Sử,1993,Đoàn Trạm Tấu\n') });
    await page.waitForFunction((sel) => document.querySelectorAll(`${sel} .candidates li`).length === 3, art, { timeout: 5000 });
    check((await page.textContent(art)).includes('Bầu 2 trong 3 người'), 'seats and candidates');
    const staff = await server.staff();
    const officials = (await (await fetch(`${api}/delegates`, { headers: staff })).json()).delegates.filter((d) => d.kind === 'official');
    await page.fill(`${art} .tellers-badges`, `${officials[5].badge}, ${officials[6].badge}`);
    await page.click(`${art} button:has-text("Lưu Ban kiểm phiếu")`);
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('Ban kiểm phiếu: 2 người'), art);
    await page.click(`${art} button:has-text("Tạo phiếu bầu")`);
    await page.waitForFunction((sel) => document.querySelector(`${sel} .election-polls`)?.textContent?.includes('chưa mở'), art);
    await page.screenshot({ path: join(screenshotDir(), 'console-elections.png'), fullPage: false });
    const poll = (await (await fetch(`${api}/polls`)).json()).polls.find((p) => p.title === title);
    check(poll && poll.kind === 'election' && poll.seats === 2, 'the ballot exists');
    check(poll.options.map((o) => o.label).join('|') === 'Lò Thị Mai|Hoàng Văn Nam|Vàng A Sử', `A-B-C order: ${poll.options.map((o) => o.label)}`);
    // Before the ballot opens a candidate can still withdraw: the prepared ballot follows.
    await page.click(`${art} .candidates li:has-text("Vàng A Sử") button.withdraw`);
    await page.waitForFunction((sel) => document.querySelectorAll(`${sel} .candidates li`).length === 2, art, { timeout: 5000 });
    const after = (await (await fetch(`${api}/polls/${poll.id}`)).json());
    check(after.options.map((o) => o.label).join('|') === 'Lò Thị Mai|Hoàng Văn Nam', `the ballot follows: ${after.options.map((o) => o.label)}`);
    await ctx.close();
  });
} finally {
  await browser.close();
  await server.stop();
}
