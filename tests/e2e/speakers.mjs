// The list of speakers on three screens (design §3.10, S-tests from the
// user's side): a delegate's phone asks to speak, withdraws and asks again;
// the chair approves and reorders, and the phone shows its place live
// ("Bạn đang ở vị trí thứ 2"); the chair gives the floor; the hall shows the
// speaker, a countdown that runs from the server's timer and stops when
// paused, and the next in line; "Mời người tiếp theo" gives the phone
// "Mời bạn phát biểu"; ending the speech clears the hall.
import { join } from 'node:path';
import { startServer, launchBrowser, phonePage, screenshotDir, check, run, TEST_USER, TEST_PASSWORD } from './harness.mjs';

const binary = process.argv[2];
const server = await startServer(binary);
const browser = await launchBrowser();
const api = `${server.url}/api/v1/congresses/demo`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
try {
  await run('a delegate asks to speak on the phone; the chair gives the floor; the hall counts down', async () => {
    const staff = { ...(await server.staff()), 'Content-Type': 'application/json' };
    const c = await (await fetch(api)).json();
    const session = c.sessions.find((s) => s.agenda.length > 0);
    const item = session.agenda[0];
    const tokens = (await (await fetch(`${api}/delegates/tokens?format=json`, { headers: staff })).json());
    const officials = new Set((await (await fetch(`${api}/delegates`, { headers: staff })).json()).delegates
      .filter((d) => d.kind === 'official').map((d) => d.badge));
    const names = new Set();
    // Official delegates with distinct names (the screens show names).
    const list = tokens.delegates.filter((d) => d.token && officials.has(d.badge) && !names.has(d.full_name) && names.add(d.full_name));
    check(list.length >= 3, `${list.length} tokens`);
    const [a, b, d3] = list;
    for (const d of [a, b, d3]) {
      const r = await fetch(`${api}/checkin/manual`, { method: 'POST', headers: staff, body: JSON.stringify({ badge: d.badge, reason: 'điểm danh giấy', session_id: session.id }) });
      check(r.ok, `check-in ${r.status}`);
    }
    // Two other delegates ask through the API (their own phones).
    for (const d of [b, d3]) {
      const login = await fetch(`${server.url}/api/v1/auth/badge`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: d.token }) });
      const lj = await login.json();
      const h = { Cookie: login.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': lj.csrf, 'Content-Type': 'application/json' };
      const r = await fetch(`${api}/agenda-items/${item.id}/speakers`, { method: 'POST', headers: h, body: JSON.stringify({ kind: 'speech', topic: 'Về công tác cán bộ' }) });
      check(r.status === 201, `register ${r.status}`);
    }

    const hallCtx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
    const hall = await hallCtx.newPage();
    await hall.goto(`${server.url}/hall/demo`);
    await hall.waitForSelector('.hall-idle');
    check(await hall.isHidden('.hall-speaker'), 'nobody on the hall before anyone speaks');

    // Delegate A on the phone: ask, withdraw, ask again.
    const phone = await phonePage(browser);
    await phone.goto(`${server.url}/t/${a.token}`);
    await phone.waitForSelector('.speak-fab', { timeout: 10000 });
    await phone.click('.speak-fab');
    await phone.selectOption('.speak-item', String(item.id));
    await phone.waitForSelector('.speak-ask');
    await phone.fill('.speak-topic', 'Kiến nghị về chương trình hành động');
    await phone.click('.speak-ask');
    await phone.waitForSelector('.speak-mine');
    check((await phone.textContent('.speak-mine')).includes('Đang chờ Đoàn Chủ tịch duyệt'), 'waiting for approval');
    await phone.click('.speak-withdraw');
    await phone.waitForSelector('.speak-ask');
    await phone.click('.speak-ask');
    await phone.waitForSelector('.speak-mine');

    // The chair approves everyone, then moves A down one place.
    const chairCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    const chair = await chairCtx.newPage();
    await chair.goto(`${server.url}/chair/demo`);
    await chair.waitForSelector('form.login');
    await chair.fill('input[name=username]', TEST_USER);
    await chair.fill('input[name=password]', TEST_PASSWORD);
    await chair.click('form.login button');
    await chair.waitForSelector('.chair-speakers .speakers-item');
    await chair.selectOption('.chair-speakers .speakers-item', String(item.id));
    // Approve in the order b, d3, a … whatever the list shows: click until none is left.
    for (let i = 0; i < 3; i++) {
      await chair.waitForSelector('.speakers-requested .speakers-approve');
      await chair.click('.speakers-requested li:first-child .speakers-approve');
      await chair.waitForFunction((n) => document.querySelectorAll('.speakers-queue li').length === n, i + 1);
    }
    const queueText = async () => (await chair.$$eval('.speakers-queue li', (ls) => ls.map((l) => l.textContent)));
    let q = await queueText();
    const placeOfA = () => q.findIndex((t) => t.includes(a.full_name)) + 1;
    await phone.waitForFunction((m) => document.querySelector('.speak-mine')?.textContent?.includes(m), `Bạn đang ở vị trí thứ ${placeOfA()}`, { timeout: 5000 });
    // Move A to the second place (up or down as needed).
    if (placeOfA() === 1) await chair.click('.speakers-queue li:nth-child(1) button[aria-label="Xuống"]');
    if (placeOfA() === 3) await chair.click('.speakers-queue li:nth-child(3) button[aria-label="Lên"]');
    await chair.waitForFunction((name) => document.querySelectorAll('.speakers-queue li')[1]?.textContent?.includes(name), a.full_name);
    await phone.waitForFunction(() => document.querySelector('.speak-mine')?.textContent?.includes('Bạn đang ở vị trí thứ 2'), null, { timeout: 5000 });
    check((await phone.textContent('.speak-fab')).includes('vị trí 2'), 'the button shows the place too');
    await phone.screenshot({ path: join(screenshotDir(), 'phone-speakers.png') });
    q = await queueText();
    const firstName = [b, d3].find((d) => q[0].includes(d.full_name)).full_name;

    // The chair gives the floor to the first in line: the hall shows them, the clock runs.
    await chair.click('.speakers-next');
    await hall.waitForSelector('.hall-speaker', { timeout: 5000 });
    check((await hall.textContent('.hall-speaker-name')) === firstName, 'the speaker on the hall');
    check((await hall.textContent('.hall-speaker-next')).includes(a.full_name), 'A is next on the hall');
    await phone.waitForFunction(() => document.querySelector('.speak-mine')?.textContent?.includes('Bạn đang ở vị trí thứ 1'), null, { timeout: 5000 });
    const t0 = await hall.textContent('.hall-speaker-clock');
    check(/^[67]:\d\d$/.test(t0), `countdown from 7 minutes: ${t0}`);
    await hall.waitForFunction((was) => document.querySelector('.hall-speaker-clock')?.textContent !== was, t0, { timeout: 5000 })
      .catch(() => {});
    const t1 = await hall.textContent('.hall-speaker-clock');
    check(t1 !== t0, `the clock runs (${t0} → ${t1})`);
    await hall.screenshot({ path: join(screenshotDir(), 'hall-speaker.png') });
    // Paused: it stands still, on the hall and the chair.
    await chair.click('.speakers-pause');
    await hall.waitForSelector('.hall-speaker-clock.paused', { timeout: 5000 });
    const p0 = await hall.textContent('.hall-speaker-clock');
    await sleep(1500);
    check((await hall.textContent('.hall-speaker-clock')) === p0, 'a paused clock stands still');
    await chair.click('.speakers-resume');
    await hall.waitForSelector('.hall-speaker-clock:not(.paused)', { timeout: 5000 });

    // "Mời người tiếp theo": A has the floor; A's phone says so.
    await chair.click('.speakers-next');
    await hall.waitForFunction((n) => document.querySelector('.hall-speaker-name')?.textContent === n, a.full_name, { timeout: 5000 });
    await phone.waitForFunction(() => document.querySelector('.speak-mine')?.textContent?.includes('Mời bạn phát biểu'), null, { timeout: 5000 });
    check(await phone.isHidden('.speak-withdraw'), 'no withdrawing while speaking');
    await chair.screenshot({ path: join(screenshotDir(), 'chair-speakers.png') });
    // Ending the speech clears the hall.
    await chair.click('.speakers-end');
    await hall.waitForSelector('.hall-speaker-layer[hidden]', { state: 'attached', timeout: 5000 });
    await hallCtx.close();
    await chairCtx.close();
  });
} finally {
  await browser.close();
  await server.stop();
}
