// V18: a phone whose connection drops (the hall's Wi-Fi) while the chair
// opens a poll and others vote shows the ballot as soon as the connection
// is back, without a reload: the event stream reconnects and the app asks
// for the open poll again. V19: a late arrival whose phone was told "not
// checked in" gets the ballot once the door checks them in, without a
// reload, and votes.
import { randomBytes } from 'node:crypto';
import { startServer, launchBrowser, check, run } from './harness.mjs';
import { wifiFor } from './offline_steps.mjs';

const binary = process.argv[2];
const server = await startServer(binary);
const browser = await launchBrowser();
const api = `${server.url}/api/v1/congresses/demo`;
try {
  // V18: the hall's Wi-Fi drops while the chair opens the poll and others
  // vote; when it comes back the phone shows the ballot without a reload.
  // A TCP relay between browser and server stands for the Wi-Fi: cut, every
  // connection (the event stream too) is dropped and new ones are refused.
  await run('V18: a phone whose Wi-Fi dropped while the poll opened gets the ballot when it is back', async () => {
    const wifi = await wifiFor(server.url);
    const staff = { ...(await server.staff()), 'Content-Type': 'application/json' };
    const post = (path, body = {}, headers = staff) => fetch(`${api}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const tokens = (await (await fetch(`${api}/delegates/tokens?format=json`, { headers: staff })).json()).delegates;
    const delegates = (await (await fetch(`${api}/delegates`, { headers: staff })).json()).delegates;
    const all = delegates.filter((d) => d.kind === 'official');
    const officials = all.slice(20, 27);
    const session = (await (await fetch(api)).json()).sessions[0].id;
    // The whole house (the quorum), as the door would have done.
    for (const d of all) await post('/checkin/manual', { badge: d.badge, reason: 'điểm danh giấy', session_id: session });
    const tokenOf = (badge) => tokens.find((t) => t.badge === badge)?.token;
    check(officials.every((d) => tokenOf(d.badge)), 'tokens for the phones');
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    try {
      const phone = await ctx.newPage();
      await phone.goto(`${wifi.url}/t/${tokenOf(officials[0].badge)}`);
      await phone.waitForSelector('.live.open', { timeout: 20000 });  // the event stream is up
      wifi.cut();
      const title = 'Thông qua Nghị quyết Đại hội (mất sóng)';
      const poll = await (await post('/polls', { session_id: session, kind: 'motion', mode: 'secret', title })).json();
      check((await post(`/polls/${poll.id}/open`)).ok, 'open while the phone is cut off');
      for (const d of officials.slice(1)) {
        const login = await fetch(`${server.url}/api/v1/auth/badge`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: tokenOf(d.badge) }) });
        const lj = await login.json();
        const h2 = { Cookie: login.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': lj.csrf, 'Content-Type': 'application/json' };
        check((await post(`/polls/${poll.id}/ballots`, { nonce: randomBytes(16).toString('base64url'), choice: 'Y' }, h2)).status === 201, 'another delegate votes');
      }
      await phone.waitForSelector('.live:not(.open)', { timeout: 20000 });  // the phone knows it lost the stream
      check(!(await phone.isVisible('.ballot-card')), 'no ballot while cut off');
      wifi.restore();
      await phone.waitForSelector('.ballot-card', { timeout: 20000 });
      check((await phone.textContent('.ballot-card')).includes(title), 'the ballot of the poll opened meanwhile');
      check((await post(`/polls/${poll.id}/close`)).ok, 'close');
    } finally {
      await ctx.close();
      await wifi.close();
    }
  });

  await run('V19: a late arrival gets the ballot on the phone once checked in, and votes', async () => {
    const staff = { ...(await server.staff()), 'Content-Type': 'application/json' };
    const post = (path, body = {}) => fetch(`${api}${path}`, { method: 'POST', headers: staff, body: JSON.stringify(body) });
    const tokens = (await (await fetch(`${api}/delegates/tokens?format=json`, { headers: staff })).json()).delegates;
    const delegates = (await (await fetch(`${api}/delegates`, { headers: staff })).json()).delegates;
    const all = delegates.filter((d) => d.kind === 'official');
    const late = all[all.length - 1];
    const session = (await (await fetch(api)).json()).sessions[1].id;
    // Everyone else is in the hall for this session (the quorum holds).
    for (const d of all.slice(0, -1)) await post('/checkin/manual', { badge: d.badge, reason: 'điểm danh giấy', session_id: session });
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    try {
      const phone = await ctx.newPage();
      await phone.goto(`${server.url}/t/${tokens.find((t) => t.badge === late.badge).token}`);
      await phone.waitForSelector('.live.open', { timeout: 20000 });  // the event stream is up
      const title = 'Thông qua danh sách bầu cử (đến muộn)';
      const poll = await (await post('/polls', { session_id: session, kind: 'motion', mode: 'secret', title })).json();
      check((await post(`/polls/${poll.id}/open`)).ok, 'open');
      await phone.waitForSelector('.ballot-card .ballot-warn', { timeout: 20000 });
      check((await phone.textContent('.ballot-card')).includes('điểm danh'), 'told to check in first');
      check(!(await phone.isVisible('.choice-Y')), 'no ballot before the check-in');
      check((await post('/checkin/manual', { badge: late.badge, reason: 'đến muộn', session_id: session })).ok, 'the door checks the late arrival in');
      await phone.waitForSelector('.choice-Y', { timeout: 20000 });
      check((await phone.textContent('.ballot-card')).includes(title), 'the ballot of the open poll');
      await phone.click('.choice-Y');
      await phone.click('.ballot-confirm ~ .ballot-actions .primary');
      await phone.waitForSelector('.receipt', { timeout: 20000 });
      check(/^[A-Z2-7]{4}-[A-Z2-7]{4}$/.test((await phone.textContent('.receipt')).trim()), 'the receipt');
      const progress = await (await fetch(`${api}/polls/${poll.id}/progress`)).json();
      check(progress.cast === 1, `one ballot counted (${progress.cast})`);
      check((await post(`/polls/${poll.id}/close`)).ok, 'close');
    } finally {
      await ctx.close();
    }
  });
} finally {
  await browser.close();
  await server.stop();
}
