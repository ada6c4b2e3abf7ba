// Shared e2e plumbing: start the real phonghop binary with the built web app
// in a temp data dir, and a headless Debian Chromium driven by playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..');
const require = createRequire(join(repoRoot, 'web', 'package.json'));
const { chromium } = require('playwright-core');

export const TEST_USER = 'tester';
export const TEST_PASSWORD = 'mat-khau-thu-nghiem';

// On PostgreSQL (ctest's `pg.e2e_*`: PHONGHOP_TEST_PG_DIR names the private
// server scripts/pg.sh started, or PHONGHOP_TEST_PG_URL the server itself)
// each journey gets a fresh database, named in $PHONGHOP_DATABASE so the
// server and every CLI command the journey runs use it, dropped at the end
// — as the integration suite does (decision 535). Unset: SQLite in the
// journey's data directory, as before.
function pgServerUrl() {
  if (process.env.PHONGHOP_TEST_PG_URL) return process.env.PHONGHOP_TEST_PG_URL;
  const dir = process.env.PHONGHOP_TEST_PG_DIR;
  if (!dir) return '';
  return readFileSync(join(dir, 'url'), 'utf8').trim();
}

function psql(url, sql) {
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function freshPgDatabase() {
  const server = pgServerUrl();
  if (!server) return null;
  const name = `ph_e2e_${process.pid}_${Date.now() % 100000}`;
  psql(server, `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  console.log(`# on PostgreSQL, database ${name}`);
  const slash = server.lastIndexOf('/');
  const q = server.indexOf('?', slash);
  const url = server.slice(0, slash + 1) + name + (q < 0 ? '' : server.slice(q));
  return { url, drop: () => psql(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export const onPostgres = () => pgServerUrl() !== '';

export async function startServer(binary, extraArgs = ['--demo']) {
  const dir = mkdtempSync(join(tmpdir(), 'phonghop-e2e-'));
  const pg = freshPgDatabase();
  if (pg) process.env.PHONGHOP_DATABASE = pg.url;
  // A staff account for the journeys that need one.
  execFileSync(binary, ['user', 'add', '--data', join(dir, 'data'), '--role', 'secretariat', '--name', TEST_USER,
    '--password-stdin'], { input: `${TEST_PASSWORD}\n`, stdio: ['pipe', 'ignore', 'ignore'] });
  const proc = spawn(binary, ['serve', '--data', join(dir, 'data'), '--listen', '127.0.0.1:0',
    '--web-root', join(repoRoot, 'web', 'dist'), '--quiet', ...extraArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 15000);
    proc.stderr.on('data', (d) => {
      log += d;
      const m = log.match(/listening=https?:\/\/127\.0\.0\.1:(\d+)/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}:\n${log}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    dataDir: join(dir, 'data'),
    // Headers of a signed-in staff session, for API calls made by the test.
    async staff() {
      const r = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: TEST_USER, password: TEST_PASSWORD }) });
      const j = await r.json();
      return { Cookie: r.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': j.csrf };
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => proc.on('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
      if (pg) pg.drop();
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A browser profile of its own, as on a device that never ran the app: a
// new user-data directory (no cache, no service worker, no storage), not
// just a fresh context of a browser already running. Closing the returned
// context removes the profile.
export async function launchFreshProfile(contextOptions) {
  const dir = mkdtempSync(join(tmpdir(), 'phonghop-profile-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium', ...contextOptions,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const close = ctx.close.bind(ctx);
  ctx.close = async () => { await close(); rmSync(dir, { recursive: true, force: true }); };
  return ctx;
}

// A phone: 390x844 CSS pixels (iPhone 12-14 class), touch, Vietnamese locale.
export async function phonePage(browser) {
  const ctx = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    locale: 'vi-VN',
  });
  return ctx.newPage();
}

export function screenshotDir() {
  const d = process.env.SCREENSHOT_DIR || join(repoRoot, 'build', 'screenshots');
  mkdirSync(d, { recursive: true });
  return d;
}

export function check(cond, msg) {
  if (!cond) throw new Error(`check failed: ${msg}`);
}

export async function run(name, fn) {
  try {
    await fn();
    console.log(`ok - ${name}`);
  } catch (e) {
    console.error(`not ok - ${name}\n${e.stack || e}`);
    process.exitCode = 1;
  }
}
