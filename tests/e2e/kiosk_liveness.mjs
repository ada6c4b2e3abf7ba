// The door against a printed photo, and the badge QR read by the kiosk's own
// camera, in Chromium with a fake camera. The camera "videos" are made here
// at test time (MJPEG: JPEG frames back to back) from ../shared/faces and
// from the badges the server prints; nothing shared is copied into the repo.
//  1. A printed photo of an enrolled delegate held to the camera: the kiosk
//     stays at "Vui lòng nhìn thẳng vào camera", counts the attack, and
//     nobody is checked in.
//  2. A badge held to the camera: its QR is decoded in the browser (jsQR
//     here: Chromium on Linux has no BarcodeDetector) and the right delegate
//     is checked in.
import { readFileSync, writeFileSync, mkdtempSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { startServer, screenshotDir, check, run, repoRoot, TEST_USER, TEST_PASSWORD } from './harness.mjs';

const binary = process.argv[2];
const faces = join(repoRoot, '..', 'shared', 'faces');
if (!existsSync(join(faces, 'liveness-dev')) || !existsSync(join(repoRoot, 'models', 'face', 'fr_liveness.onnx'))) {
  console.log('ok - skipped: liveness-dev frames or face models missing');
  process.exit(0);
}

const server = await startServer(binary);
const staff = await server.staff();
const dir = mkdtempSync(join(tmpdir(), 'kiosk-live-'));
const require = createRequire(join(repoRoot, 'web', 'package.json'));
const { chromium } = require('playwright-core');

async function kioskWith(camera) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${camera}`],
  });
  const ctx = await browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'vi-VN', permissions: ['camera'] });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/kiosk/demo`);
  await page.waitForSelector('form.login');
  await page.fill('input[name=username]', TEST_USER);
  await page.fill('input[name=password]', TEST_PASSWORD);
  await page.click('form.login button');
  await page.waitForSelector('.kiosk-video');
  return { browser, page };
}

const roll = async () => (await fetch(`${server.url}/api/v1/congresses/demo/attendance`, { headers: staff })).json();

try {
  await run('a printed photo of an enrolled delegate stays at "look at the camera" and is counted', async () => {
    // Subject 0007 enrolled as delegate 003 from a webcam frame.
    const enrol = await fetch(`${server.url}/api/v1/congresses/demo/delegates/003/face?consent=1`, {
      method: 'POST', headers: { ...staff, 'Content-Type': 'image/jpeg' },
      body: readFileSync(join(faces, 'webcam-dev', 'images', '0007', '0007_01_00_01_12.jpg')) });
    check(enrol.status === 201, `enrol ${enrol.status}`);
    // The camera sees a print of them, held still.
    const print = readFileSync(join(faces, 'liveness-dev', 'attack', '0007', '0007_01_00_01_70.jpg'));
    const camera = join(dir, 'print.mjpeg');
    writeFileSync(camera, Buffer.concat([print, print, print]));
    const { browser, page } = await kioskWith(camera);
    try {
      await page.waitForSelector('.kiosk-result.not-live', { timeout: 30000 });
      check((await page.textContent('.kiosk-result')).includes('Vui lòng nhìn thẳng vào camera'), 'plain refusal');
      // The kiosk keeps trying and keeps refusing: the count goes up, no one is checked in.
      await page.waitForFunction(() => /: [2-9]\d* lần/.test(document.querySelector('[data-testid=attacks]')?.textContent ?? ''),
        null, { timeout: 30000 });
      check(!(await page.$('.kiosk-result.ok')), 'never a check-in');
      await page.screenshot({ path: join(screenshotDir(), 'kiosk-not-live.png') });
      const r = await roll();
      check(r.present === 0, `present ${r.present}`);
      const status = await (await fetch(`${server.url}/api/v1/congresses/demo/checkin/status`, { headers: staff })).json();
      check(status.suspected_attacks >= 2, `suspected ${status.suspected_attacks}`);
      // The operators' attendance dashboard says so too, and follows live.
      const board = await page.context().newPage();
      await board.goto(`${server.url}/attendance/demo`);
      await board.waitForSelector('[data-testid=present]');
      const first = Number((await board.textContent('[data-testid=suspected]')).match(/(\d+) lần/)[1]);
      check(first >= 2, `dashboard shows ${first}`);
      await board.waitForFunction((n) => Number((document.querySelector('[data-testid=suspected]')?.textContent ?? '').match(/(\d+) lần/)?.[1] ?? 0) > n,
        first, { timeout: 30000 });
      check((await board.textContent('[data-testid=present]')).startsWith('0'), 'still nobody present');
    } finally {
      await browser.close();
    }
  });

  await run('a badge held to the camera checks the right delegate in (QR decoded in the browser)', async () => {
    // Print the badges; page 1 is one A6 badge. At 155 dpi it is 640 px
    // wide; the lower 480 rows hold the QR, as a camera would frame it.
    const prep = await fetch(`${server.url}/api/v1/congresses/demo/badges`, { method: 'POST', headers: { ...staff, 'Content-Type': 'application/json' }, body: '{}' });
    check(prep.status === 201, `badges ${prep.status}`);
    const r = await fetch(`${server.url}${(await prep.json()).url}`, { headers: staff });
    check(r.status === 200, `badges ${r.status}`);
    const pdf = join(dir, 'badges.pdf');
    writeFileSync(pdf, Buffer.from(await r.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-']).toString();
    const badge = text.match(/Thẻ số (\S+)/)[1];
    execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '155', '-x', '0', '-y', '420', '-W', '640', '-H', '480',
      '-jpeg', '-singlefile', pdf, join(dir, 'badge')]);
    const frame = readFileSync(join(dir, 'badge.jpg'));
    const camera = join(dir, 'badge.mjpeg');
    writeFileSync(camera, Buffer.concat([frame, frame, frame]));
    const { browser, page } = await kioskWith(camera);
    try {
      await page.waitForSelector('.kiosk-result.ok', { timeout: 30000 });
      await page.screenshot({ path: join(screenshotDir(), 'kiosk-badge-qr.png') });
      const after = await roll();
      const here = after.present_list.map((p) => p.badge);
      check(here.length === 1 && here[0] === badge, `checked in ${JSON.stringify(here)}, badge ${badge}`);
      check(after.present_list[0].checkin.method === 'badge', after.present_list[0].checkin.method);
      const name = after.present_list[0].full_name;
      check((await page.textContent('.kiosk-result')).includes(name), `kiosk shows ${name}`);
    } finally {
      await browser.close();
    }
  });
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
