// The secretariat uploads documents in the console: per-file progress,
// then the new document opens at its QR link; a bad file gets a clear
// message and changes nothing.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, screenshotDir, check, run, TEST_USER, TEST_PASSWORD } from './harness.mjs';

const binary = process.argv[2];
const server = await startServer(binary);
const browser = await launchBrowser();
const dir = mkdtempSync(join(tmpdir(), 'upload-'));
try {
  await run('upload two files: one stored with its QR link, one refused clearly', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1024, height: 900 }, locale: 'vi-VN' })).newPage();
    await page.goto(`${server.url}/console/demo`);
    // Staff sign in first; a wrong password gets a clear message.
    await page.waitForSelector('form.login');
    await page.fill('input[name=username]', TEST_USER);
    await page.fill('input[name=password]', 'sai-mat-khau');
    await page.click('form.login button');
    await page.waitForSelector('form.login .err:not(:empty)');
    check((await page.textContent('form.login .err')).includes('sai'), 'wrong password message');
    await page.screenshot({ path: join(screenshotDir(), 'console-login.png') });
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('form.login button');
    await page.waitForSelector('.dropzone');
    const before = (await (await fetch(`${server.url}/api/v1/congresses/demo/documents`)).json()).documents.length;
    writeFileSync(join(dir, 'ke-hoach-tuyen-truyen.md'), '# Kế hoạch tuyên truyền Đại hội\n\nNội dung kế hoạch.\n');
    writeFileSync(join(dir, 'hong.pdf'), '%PDF-1.7 this is not really a PDF');
    await page.setInputFiles('input[type=file][multiple]', [join(dir, 'ke-hoach-tuyen-truyen.md'), join(dir, 'hong.pdf')]);
    await page.waitForSelector('.uploads .err', { timeout: 15000 });
    await page.waitForSelector('.uploads .ok a', { timeout: 15000 });
    const ok = await page.textContent('.uploads .ok');
    check(ok.includes('Kế hoạch tuyên truyền Đại hội'), ok);
    const err = await page.textContent('.uploads .err');
    check(err.includes('PDF'), err);
    const after = (await (await fetch(`${server.url}/api/v1/congresses/demo/documents`)).json()).documents.length;
    check(after === before + 1, `${before} → ${after}`);
    await page.screenshot({ path: join(screenshotDir(), 'console-upload.png'), fullPage: false });
    await page.click('.uploads .ok a');
    await page.waitForSelector('article.doc-text');
  });

  await run('the secretariat writes a province page with a live preview and publishes it', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'vi-VN' })).newPage();
    await page.goto(`${server.url}/console/demo`);
    await page.waitForSelector('form.login');
    await page.fill('input[name=username]', TEST_USER);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('form.login button');
    await page.click('button:has-text("Trang mới")');
    await page.fill('input[aria-label="Tiêu đề trang"]', 'Bản Mông Pú Luông');
    check((await page.inputValue('input[aria-label="Đường dẫn"]')) === 'ban-mong-pu-luong', 'slug from the title');
    await page.fill('textarea[aria-label="Nội dung (Markdown)"]', '## Đỉnh Pú Luông\n\nNgọn núi **cao nhất** của Yên Bái.');
    await page.waitForSelector('.preview h2:has-text("Đỉnh Pú Luông")');
    check((await page.innerHTML('.preview')).includes('<strong>cao nhất</strong>'), 'live preview');
    // A draft is not public.
    await page.click('button:has-text("Lưu trang")');
    await page.waitForSelector('.page-editor p:has-text("bản nháp")');
    check((await fetch(`${server.url}/api/v1/congresses/demo/pages/ban-mong-pu-luong`)).status === 404, 'draft hidden');
    await page.selectOption('select[aria-label="Trạng thái"]', 'published');
    await page.click('button:has-text("Lưu trang")');
    await page.waitForSelector('.page-editor p:has-text("đã đăng")');
    await page.screenshot({ path: join(screenshotDir(), 'console-page-editor.png') });
    const pub = await (await fetch(`${server.url}/api/v1/congresses/demo/pages/ban-mong-pu-luong`)).json();
    check(pub.html.includes('<strong>cao nhất</strong>'), 'published page');
  });
} finally {
  await browser.close();
  await server.stop();
}
