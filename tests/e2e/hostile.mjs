// Issue #18 in a real browser: a file name carrying CR/LF cannot send the
// reader elsewhere (item 7), and a Markdown image pointing at the badge
// sheet, opened by a signed-in admin, changes no badge (item 8).
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startServer, launchBrowser, check, run } from './harness.mjs';

const binary = process.argv[2];
const server = await startServer(binary);
const browser = await launchBrowser();
try {
  await run('a file name with CR/LF does not redirect whoever opens the document', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evil-'));
    // A Refresh header in the name, as a folder received from outside may carry.
    const evil = 'bao-cao\r\nRefresh: 0;url=lua-dao.html\r\nX-Evil: 1\r\n.md';  // no '/': a file name cannot hold one
    writeFileSync(join(dir, evil), '# Báo cáo\n\nNội dung báo cáo.\n');
    const out = JSON.parse(execFileSync(binary, ['import', '--data', server.dataDir, '--congress', 'demo', dir, '--json']).toString());
    check(out.imported.length === 1, `imported ${JSON.stringify(out)}`);
    const code = out.imported[0].code;
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await page.goto(`${server.url}/api/v1/documents/${code}/file`);
    await page.waitForTimeout(1500);  // a Refresh of 0 s would have fired
    check(!page.url().includes('lua-dao'), `redirected to ${page.url()}`);
    const headers = await (await fetch(`${server.url}/api/v1/documents/${code}/file`)).headers;
    check(!headers.get('refresh') && !headers.get('x-evil'), 'injected header present');
    await page.context().close();
  });

  await run('an admin opening a page whose image is the badge sheet changes no badge', async () => {
    const staff = await server.staff();
    const tokens = await (await fetch(`${server.url}/api/v1/congresses/demo/delegates/tokens?format=json`, { headers: staff })).json();
    const token = tokens.delegates.find((d) => d.token).token;
    const put = await fetch(`${server.url}/api/v1/congresses/demo/pages/bay`, {
      method: 'PUT', headers: { ...staff, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Trang bẫy', category: 'dia-danh', status: 'published',
        body_md: 'Ảnh:\n\n![x](/api/v1/congresses/demo/qr-sheet?kind=badges)\n' }),
    });
    check(put.ok, `page ${put.status}`);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const [name, value] = staff.Cookie.split('=');
    await ctx.addCookies([{ name, value, url: server.url }]);
    const page = await ctx.newPage();
    const sheet = page.waitForResponse((r) => r.url().includes('qr-sheet'), { timeout: 10000 }).catch(() => null);
    await page.goto(`${server.url}/c/demo/p/bay`);
    const r = await sheet;
    check(r === null || r.status() !== 200, `the image GET printed badges: ${r && r.status()}`);
    await page.waitForTimeout(500);
    const badge = await fetch(`${server.url}/api/v1/auth/badge`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token }) });
    check(badge.status === 200, `the badge handed out stopped working: ${badge.status}`);
    await ctx.close();
  });
} finally {
  await browser.close();
  await server.stop();
}
