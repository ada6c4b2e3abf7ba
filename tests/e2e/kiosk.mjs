// Face check-in at the door, in Chromium with a fake camera that shows an
// LFW photo: the kiosk recognises the enrolled delegate, shows the name,
// and the attendance dashboard's count goes up live.
import { readFileSync, writeFileSync, mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { startServer, screenshotDir, check, run, repoRoot, TEST_USER, TEST_PASSWORD } from './harness.mjs';

const binary = process.argv[2];
const lfw = join(repoRoot, '..', 'shared', 'faces', 'lfw', 'images');
if (!existsSync(lfw) || !existsSync(join(repoRoot, 'models', 'face', 'fr_feature.onnx'))) {
  console.log('ok - skipped: LFW photos or face models missing');
  process.exit(0);
}
const person = 'Silvio_Berlusconi';
const photos = readdirSync(join(lfw, person)).sort().map((f) => join(lfw, person, f));

// LFW press photos are photos: the liveness check refuses them (kiosk_liveness.mjs
// tests it); this journey is about recognition.
const server = await startServer(binary, ['--demo', '--no-liveness']);
const staff = await server.staff();
// Enrol delegate 002 with the first photo the quality gates accept.
let enrolledWith = -1;
for (let i = 0; i < 4 && enrolledWith < 0; i++) {
  const r = await fetch(`${server.url}/api/v1/congresses/demo/delegates/002/face?consent=1`, {
    method: 'POST', headers: { ...staff, 'Content-Type': 'image/jpeg' }, body: readFileSync(photos[i]) });
  if (r.status === 201) enrolledWith = i;
}
if (enrolledWith < 0) throw new Error('could not enrol');
const delegate = (await (await fetch(`${server.url}/api/v1/congresses/demo/delegates`, { headers: staff })).json())
  .delegates.find((d) => d.badge === '002');

// The fake camera shows another photo of the same person (MJPEG: JPEG frames back to back).
const dir = mkdtempSync(join(tmpdir(), 'kiosk-'));
const camera = join(dir, 'camera.mjpeg');
const frame = readFileSync(photos[7]);
writeFileSync(camera, Buffer.concat([frame, frame, frame]));

const require = createRequire(join(repoRoot, 'web', 'package.json'));
const { chromium } = require('playwright-core');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${camera}`],
});

async function signIn(page) {
  await page.waitForSelector('form.login');
  await page.fill('input[name=username]', TEST_USER);
  await page.fill('input[name=password]', TEST_PASSWORD);
  await page.click('form.login button');
}

try {
  await run('the kiosk recognises the delegate from the camera and the dashboard counts them', async () => {
    const ctx = await browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'vi-VN', permissions: ['camera'] });
    const board = await ctx.newPage();
    await board.goto(`${server.url}/attendance/demo`);
    await signIn(board);
    await board.waitForSelector('[data-testid=present]');
    check((await board.textContent('[data-testid=present]')).startsWith('0'), 'nobody present at first');

    const kiosk = await ctx.newPage();
    await kiosk.goto(`${server.url}/kiosk/demo`);
    await kiosk.waitForSelector('.kiosk-video');
    await kiosk.waitForSelector('.kiosk-result.ok', { timeout: 20000 });
    const shown = await kiosk.textContent('.kiosk-result');
    check(shown.includes(delegate.full_name), `kiosk shows ${shown}`);
    await kiosk.screenshot({ path: join(screenshotDir(), 'kiosk-recognised.png') });

    // The dashboard follows over SSE, without a reload.
    await board.bringToFront();
    await board.waitForFunction(() => document.querySelector('[data-testid=present]')?.textContent?.startsWith('1'), null, { timeout: 10000 });
    const recent = await board.textContent('main');
    check(recent.includes(delegate.full_name) && recent.includes('khuôn mặt'), 'latest check-in listed with its method');
    await board.screenshot({ path: join(screenshotDir(), 'attendance-dashboard.png'), fullPage: false });

    // The same person again: "already", not a second record.
    await kiosk.bringToFront();
    await kiosk.waitForSelector('.kiosk-result.info', { timeout: 20000 });
    check((await kiosk.textContent('.kiosk-result')).includes('Đã điểm danh lúc'), 'second pass says when');
    const roll = await (await fetch(`${server.url}/api/v1/congresses/demo/attendance`, { headers: staff })).json();
    check(roll.present === 1, `present ${roll.present}`);
  });

  await run('a stranger gets "không nhận diện được", and the operator checks in by name with a reason', async () => {
    const stranger = join(dir, 'stranger.mjpeg');
    const other = readFileSync(join(lfw, 'David_Beckham', readdirSync(join(lfw, 'David_Beckham')).sort()[0]));
    writeFileSync(stranger, Buffer.concat([other, other, other]));
    const b2 = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${stranger}`],
    });
    try {
      const page = await (await b2.newContext({ viewport: { width: 800, height: 1280 }, locale: 'vi-VN', permissions: ['camera'] })).newPage();
      await page.goto(`${server.url}/kiosk/demo`);
      await signIn(page);
      await page.waitForSelector('.kiosk-result.warn', { timeout: 20000 });
      check((await page.textContent('.kiosk-result')).includes('Không nhận diện được'), 'stranger refused');
      await page.screenshot({ path: join(screenshotDir(), 'kiosk-stranger.png') });
      await page.fill('input[aria-label="Tìm đại biểu theo tên"]', 'nguyen');
      await page.waitForSelector('.kiosk-hits li button');
      await page.click('.kiosk-hits li button');
      await page.click('.kiosk-hits form button[type=submit]');
      await page.waitForSelector('.kiosk-hits .err:not(:empty)');
      await page.fill('input[aria-label="Lý do điểm danh thủ công"]', 'Quên thẻ, đã đối chiếu CCCD');
      await page.click('.kiosk-hits form button[type=submit]');
      await page.waitForSelector('.kiosk-result.ok', { timeout: 10000 });
      const roll = await (await fetch(`${server.url}/api/v1/congresses/demo/attendance`, { headers: staff })).json();
      check(roll.present === 2 && roll.methods.manual === 1, JSON.stringify(roll.methods));
    } finally {
      await b2.close();
    }
  });
} finally {
  await browser.close();
  await server.stop();
}
