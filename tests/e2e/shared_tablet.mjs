// A shared tablet (issue #18, item 4): the secretariat signs in on the
// console, then signs out; the next person at that tablet, offline, finds
// none of it — no delegate list, no user list — in the service worker's
// storage. Public replies are still kept for offline reading.
import { startServer, launchBrowser, check, run, TEST_USER, TEST_PASSWORD } from './harness.mjs';

const binary = process.argv[2];
const server = await startServer(binary);
const browser = await launchBrowser();

async function storedUrls(page) {
  return page.evaluate(async () => {
    const out = [];
    for (const name of await caches.keys()) {
      if (name.startsWith('ph-shell')) continue;
      const c = await caches.open(name);
      for (const r of await c.keys()) out.push(new URL(r.url).pathname + new URL(r.url).search);
    }
    return out;
  });
}

try {
  await run('staff replies are never stored; sign-out clears what a person left', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'vi-VN' });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/c/demo`);
    await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: 10000 }).catch(async () => {
      await page.reload();
      await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: 10000 });
    });
    await page.goto(`${server.url}/console/demo`);
    await page.waitForSelector('form.login');
    await page.fill('input[name=username]', TEST_USER);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('form.login button');
    await page.waitForSelector('.dropzone');
    // Staff-only reads go through the service worker like any fetch.
    const delegates = await page.evaluate(async () => (await fetch('/api/v1/congresses/demo/delegates')).status);
    check(delegates === 200, `delegates ${delegates}`);
    const users = await page.evaluate(async () => (await fetch('/api/v1/users')).headers.get('cache-control'));
    check(users === 'no-store', `users cache-control ${users}`);
    await page.waitForTimeout(300);
    let stored = await storedUrls(page);
    check(!stored.some((u) => u.includes('/delegates') || u.includes('/users') || u.includes('/audit')),
      `staff replies stored: ${stored.join(', ')}`);
    await page.click('button:has-text("Đăng xuất")');
    await page.waitForSelector('form.login');
    await page.waitForTimeout(300);
    stored = await storedUrls(page);
    check(!stored.some((u) => u.startsWith('/api/')), `after sign-out still stored: ${stored.join(', ')}`);
    // Signed out from elsewhere ("sign out everywhere" on another device):
    // the next request here gets a 401 that ends the session, and the worker
    // drops what it had stored.
    await page.fill('input[name=username]', TEST_USER);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('form.login button');
    await page.waitForSelector('.dropzone');
    await page.evaluate(async () => { await fetch('/api/v1/congresses/demo'); await fetch('/api/v1/congresses/demo/documents'); });
    const staff = await server.staff();
    const out = await fetch(`${server.url}/api/v1/auth/logout-all`, { method: 'POST', headers: staff });
    check(out.status === 200, `logout-all ${out.status}`);
    const ended = await page.evaluate(async () => {
      const r = await fetch('/api/v1/congresses/demo/delegates');
      return [r.status, r.headers.get('x-session-ended')];
    });
    check(ended[0] === 401 && ended[1] === '1', `after sign-out elsewhere: ${ended}`);
    await page.waitForTimeout(300);
    stored = await storedUrls(page);
    check(!stored.some((u) => u.startsWith('/api/')), `after the session ended still stored: ${stored.join(', ')}`);
    // Offline, the next person gets nothing of the last one.
    await ctx.setOffline(true);
    const offline = await page.evaluate(async () => {
      try { return (await fetch('/api/v1/congresses/demo/delegates')).status; } catch { return 'network error'; }
    });
    check(offline === 'network error', `offline delegates answered ${offline}`);
    await ctx.setOffline(false);
    await ctx.close();
  });
} finally {
  await browser.close();
  await server.stop();
}
