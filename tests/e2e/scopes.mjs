// Staff accounts scoped to congresses (decision 418) on the console's
// accounts card: the admin creates a secretariat account for this congress
// only (ticked by default), the account sees only that congress, the admin
// adds a second one with the "Congresses…" editor, and the account then sees
// both. Writes docs/screenshots/418-users-scopes.png (1280×800).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, launchBrowser, check, run, repoRoot } from './harness.mjs';

const binary = process.argv[2];
const server = await startServer(binary);
const ADMIN = 'quan-tri';
const ADMIN_PASSWORD = 'mat-khau-quan-tri-e2e';
execFileSync(binary, ['user', 'add', '--data', server.dataDir, '--role', 'admin', '--name', ADMIN, '--password-stdin'],
  { input: `${ADMIN_PASSWORD}\n`, stdio: ['pipe', 'ignore', 'inherit'] });
const browser = await launchBrowser();

async function signInApi(name, password) {
  const r = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, password }) });
  check(r.ok, `sign-in of ${name}: ${r.status}`);
  const j = await r.json();
  return { Cookie: r.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': j.csrf };
}

async function slugsSeenBy(headers) {
  const r = await fetch(`${server.url}/api/v1/congresses`, { headers });
  return (await r.json()).congresses.map((c) => c.slug).sort();
}

try {
  const admin = await signInApi(ADMIN, ADMIN_PASSWORD);
  const made = await fetch(`${server.url}/api/v1/congresses`, { method: 'POST', headers: { ...admin, 'Content-Type': 'application/json' },
    body: JSON.stringify({ slug: 'huyen-b', name: 'Đại hội Đoàn huyện B' }) });
  check(made.status === 201, `second congress: ${made.status}`);

  await run('the admin gives a new account one congress, then two; the account sees only those', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/console/demo`);
    await page.waitForSelector('form.login');
    await page.fill('input[name=username]', ADMIN);
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.click('form.login button');
    const card = page.locator('section#users');
    await card.waitFor({ timeout: 20000 });
    await card.locator('fieldset.scope-picker').waitFor();
    // This congress is ticked for a new account; the other is not.
    const boxes = card.locator('form.user-add fieldset.scope-picker input[type=checkbox]:not(.scope-all)');
    check(await boxes.count() === 2, `a tick per congress: ${await boxes.count()}`);
    check(await card.locator('form.user-add input[value=demo]').isChecked(), 'this congress ticked by default');
    check(!(await card.locator('form.user-add input[value=huyen-b]').isChecked()), 'the other congress not ticked');
    await card.locator('form.user-add input[aria-label="Tên đăng nhập mới"]').fill('thu-ky-huyen');
    await card.locator('form.user-add select').selectOption('secretariat');
    await card.locator('form.user-add button[type=submit]').click();
    const msg = card.locator('p.password-once');
    await msg.waitFor();
    const password = (await msg.textContent()).split(': ').pop().trim();
    const row = card.locator('li[data-user="thu-ky-huyen"]');
    await row.waitFor();
    const scope = async () => (await row.locator('.user-scope').textContent()).trim();
    check((await scope()).includes('Đại hội:') && !(await scope()).includes('huyện B'), `scope shown: ${await scope()}`);
    const sec = await signInApi('thu-ky-huyen', password);
    const one = await slugsSeenBy(sec);
    check(JSON.stringify(one) === '["demo"]', `the account sees its congress only: ${one}`);
    const other = await fetch(`${server.url}/api/v1/congresses/huyen-b`, { method: 'PATCH',
      headers: { ...sec, 'Content-Type': 'application/json' }, body: JSON.stringify({ venue: 'x' }) });
    check(other.status === 403 && (await other.json()).error.code === 'congress_not_assigned', `other congress refused: ${other.status}`);
    // The editor: tick the second congress, save.
    await row.locator('button.scope-edit').click();
    await row.locator('.scope-editor input[value=huyen-b]').check();
    await page.waitForTimeout(200);
    await page.locator('section#users h2').scrollIntoViewIfNeeded();
    // The card's heading just below the sticky top bar.
    await page.evaluate(() => { document.querySelector('section#users').scrollIntoView({ block: 'start' }); window.scrollBy(0, -72); });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', '418-users-scopes.png') });
    await row.locator('.scope-editor button').click();
    await page.waitForFunction(() => document.querySelector('li[data-user="thu-ky-huyen"] .user-scope')?.textContent?.includes('huyện B'));
    const two = await slugsSeenBy(sec);
    check(JSON.stringify(two) === '["demo","huyen-b"]', `the account sees both now: ${two}`);
    // Anonymous visitors still see every congress.
    check((await slugsSeenBy({})).length === 2, 'the public list is whole');
    await ctx.close();
  });
} finally {
  await browser.close();
  await server.stop();
}
