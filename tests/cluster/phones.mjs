// Phones on the cluster, as a delegate sees it (issue #14): two phones open
// the demo congress through the balancer in headless Chromium, read a
// document, follow a live programme change, and keep following after every
// phonghop node but one is killed — each phone's event stream reconnects to
// a node still alive and replays from Last-Event-ID, so the change published
// during the outage shows up without a reload. Run by tests/cluster/run.sh
// (`phones`) on a cluster it started; screenshots to $SCREENSHOT_DIR
// (default build/screenshots).
//
//   node tests/cluster/phones.mjs LB_URL ADMIN_PASSWORD
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { launchBrowser, phonePage, screenshotDir, check, run } from '../e2e/harness.mjs';

const [lb, password] = process.argv.slice(2);
if (!lb || !password) {
  console.error('usage: node tests/cluster/phones.mjs LB_URL ADMIN_PASSWORD');
  process.exit(2);
}
const shots = screenshotDir();

async function signIn() {
  const res = await fetch(`${lb}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'admin', password }),
  });
  check(res.status === 200, `sign-in ${res.status}`);
  const { csrf } = await res.json();
  const cookie = res.headers.get('set-cookie').split(';')[0];
  return { Cookie: cookie, 'X-CSRF-Token': csrf };
}

// Adds a session on the congress's last day, retrying through 503s: the
// balancer may still send a request to a node that just died.
async function addSession(staff, name) {
  for (let i = 0; i < 20; ++i) {
    const congress = await fetch(`${lb}/api/v1/congresses/demo`).catch(() => null);
    if (!congress || congress.status !== 200) {
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    const { end_date: last } = await congress.json();
    const res = await fetch(`${lb}/api/v1/congresses/demo/sessions`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...staff },
      body: JSON.stringify({ name, date: last, starts_at: '18:00', ends_at: '19:00' }),
    }).catch(() => null);
    if (res && res.status === 201) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`could not add the session ${name}`);
}

// Names of this run's sessions: unique, so a rerun on the same cluster
// checks its own.
const tag = `${process.pid % 1000}`;
const first = `Phiên họp cụm ${tag}-1`;
const second = `Phiên họp cụm ${tag}-2`;

const browser = await launchBrowser();
try {
  const staff = await signIn();
  const phones = [await phonePage(browser), await phonePage(browser)];

  await run('two phones open the congress through the balancer and go live', async () => {
    for (const page of phones) {
      await page.goto(`${lb}/c/demo`);
      await page.waitForSelector('.session h2', { timeout: 15000 });
      await page.waitForSelector('.live.open', { timeout: 15000 });
    }
    const h1 = await phones[0].textContent('h1');
    check(h1.includes('Yên Bái'), h1);
    await phones[0].screenshot({ path: join(shots, '14-cluster-phone-home.png') });
  });

  await run('a document opens from the S3 store through any node', async () => {
    const docs = (await (await fetch(`${lb}/api/v1/congresses/demo/documents`)).json()).documents;
    const report = docs.find((d) => d.title.startsWith('Báo cáo chính trị'));
    const page = await phonePage(browser);
    await page.goto(`${lb}/d/${report.code}`);
    await page.waitForSelector('.pdf-page canvas', { timeout: 20000 });
    check((await page.textContent('.counter')).endsWith('/ 3'), 'all three pages counted');
    await page.screenshot({ path: join(shots, '14-cluster-phone-document.png') });
    await page.context().close();
  });

  await run('a programme change reaches both phones live', async () => {
    await addSession(staff, first);
    for (const page of phones) await page.waitForSelector(`text=${first}`, { timeout: 15000 });
  });

  await run('two nodes die; the phones follow a change made meanwhile without a reload', async () => {
    for (const node of ['node1', 'node2']) execFileSync('scripts/cluster.sh', ['kill', node], { stdio: 'inherit' });
    await addSession(staff, second);
    for (const page of phones) await page.waitForSelector(`text=${second}`, { timeout: 30000 });
    for (const page of phones) await page.waitForSelector('.live.open', { timeout: 30000 });
    const names = await phones[1].$$eval('.session h2', (els) => els.map((e) => e.textContent));
    check(names.filter((n) => n === first).length === 1 && names.filter((n) => n === second).length === 1,
      `each new session shown once: ${names.join(' | ')}`);
    await phones[1].locator(`text=${second}`).scrollIntoViewIfNeeded();
    await phones[1].screenshot({ path: join(shots, '14-cluster-phone-after-two-nodes-died.png') });
  });
} finally {
  for (const node of ['node1', 'node2']) {
    try { execFileSync('scripts/cluster.sh', ['start', node], { stdio: 'ignore' }); } catch { /* reported above */ }
  }
  await browser.close();
}
