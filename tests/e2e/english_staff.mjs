// The English switch on the staff pages (#16, #17 item 12): the console and
// the chair, Vietnamese by default, switch to English and then show no
// Vietnamese word of their own — only the congress's content (names,
// titles, agenda) stays as typed. An API error shows the server's own
// message in the one error style (a red "✗ …" status line), and a lost
// connection says so in English. Screenshots at phone and tablet sizes.
import { join } from 'node:path';
import { startServer, launchBrowser, screenshotDir, check, run, TEST_USER, TEST_PASSWORD } from './harness.mjs';

const VI = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;
// Fields of API replies that are words of the interface, not content: they
// must not excuse a Vietnamese text on screen.
const UI_FIELDS = new Set(['message', 'quorum_message', 'threshold_base_text', 'kind_label', 'category_label', 'refused', 'warning']);

const binary = process.argv[2];
const server = await startServer(binary);
const browser = await launchBrowser();

// Every string the congress's data holds (what people typed or imported).
async function contentStrings() {
  const headers = await server.staff();
  const base = `${server.url}/api/v1/congresses/demo`;
  const get = async (p) => { const r = await fetch(p, { headers }); return r.ok ? r.json() : null; };
  const c = await get(base);
  const replies = [c, await get(`${base}/documents`), await get(`${base}/delegates`), await get(`${base}/announcements`),
    await get(`${base}/polls`), await get(`${base}/elections`), await get(`${base}/pages?drafts=1`), await get(`${base}/faces`),
    await get(`${base}/checkin/status`)];
  for (const s of c.sessions) for (const a of s.agenda) replies.push(await get(`${base}/agenda-items/${a.id}/speakers`));
  const out = new Set();
  const walk = (v, key) => {
    if (typeof v === 'string') { if (!UI_FIELDS.has(key) && v.trim()) out.add(v.trim()); return; }
    if (Array.isArray(v)) { v.forEach((x) => walk(x, key)); return; }
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  replies.forEach((r) => walk(r, ''));
  return [...out].sort((a, b) => b.length - a.length);
}

// The texts a person sees: visible text, placeholders of empty fields and
// the choices of visible lists.
async function visibleTexts(page) {
  return page.evaluate(() => {
    const out = [];
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      const el = n.parentElement;
      const t = (n.textContent ?? '').trim();
      if (!t || !el || el.closest('option, script, style') || !el.checkVisibility({ visibilityProperty: true })) continue;
      out.push(t);
    }
    for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]'))
      if (el.checkVisibility() && !el.value) out.push(el.placeholder);
    for (const sel of document.querySelectorAll('select'))
      if (sel.checkVisibility()) for (const o of sel.options) out.push((o.textContent ?? '').trim());
    return out;
  });
}

async function noVietnamese(page, what, content) {
  const left = [];
  for (const text of await visibleTexts(page)) {
    let rest = text;
    for (const c of content) if (rest.includes(c)) rest = rest.split(c).join(' ');
    rest = rest.replace('Tiếng Việt', '');  // the switch back names its language
    if (VI.test(rest)) left.push(text);
  }
  check(left.length === 0, `${what} in English still shows Vietnamese: ${JSON.stringify(left.slice(0, 12))}`);
}

async function signIn(page) {
  await page.waitForSelector('form.login');
  await page.fill('input[name=username]', TEST_USER);
  await page.fill('input[name=password]', TEST_PASSWORD);
  await page.click('form.login button');
}

async function shots(ctxOf, path, name, ready) {
  for (const [size, viewport] of [['phone', { width: 390, height: 844 }], ['tablet', { width: 820, height: 1180 }]]) {
    const ctx = await ctxOf(viewport);
    const page = await ctx.newPage();
    await page.goto(`${server.url}${path}`);
    await page.waitForSelector(ready, { timeout: 20000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(screenshotDir(), `english-${name}-${size}.png`) });
    await ctx.close();
  }
}

try {
  const content = await contentStrings();
  check(content.some((s) => VI.test(s)), 'the demo congress has Vietnamese content to tell apart');

  await run('the console switches to English: no Vietnamese word of the interface is left, API errors show the server message', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/console/demo`);
    await signIn(page);
    // Vietnamese is the default.
    await page.waitForSelector('h2:has-text("Tải tài liệu lên")');
    await page.click('header button.lang');
    await page.waitForSelector('h2:has-text("Upload documents")');
    await page.waitForSelector('#roster .delegate-row');
    await page.waitForTimeout(500);  // sections that load on their own
    check(await page.getAttribute('html', 'lang') === 'en', 'the page says it is English');
    await noVietnamese(page, 'the console', content);

    // An API error: a session whose end is before its start. The status
    // line shows the server's own message, in the error style.
    const headers = { ...(await server.staff()), 'Content-Type': 'application/json' };
    const bad = { name: 'Phiên thử', date: '2026-12-01', starts_at: '11:00', ends_at: '09:00' };
    const reply = await fetch(`${server.url}/api/v1/congresses/demo/sessions`, { method: 'POST', headers, body: JSON.stringify(bad) });
    const serverMessage = (await reply.json()).error?.message;
    check(reply.status === 400 && serverMessage, `the server refuses the session (${reply.status})`);
    const form = page.locator('#programme form', { has: page.locator('button:has-text("Add session")') });
    await form.locator('input').nth(0).fill(bad.name);
    await form.locator('input[type=date]').fill(bad.date);
    await form.locator('input[type=time]').nth(0).fill(bad.starts_at);
    await form.locator('input[type=time]').nth(1).fill(bad.ends_at);
    await form.locator('button:has-text("Add session")').click();
    const line = page.locator('#programme > p.err[role=status]');
    await line.waitFor();
    check((await line.textContent()) === `✗ ${serverMessage}`, `error line shows the server message: ${await line.textContent()}`);
    await ctx.close();
  });

  await run('the chair in English: no Vietnamese word of the interface; a lost connection is said in English', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    await ctx.addInitScript(() => { if (!sessionStorage.getItem('once')) { sessionStorage.setItem('once', '1'); localStorage.setItem('lang', 'en'); } });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/chair/demo`);
    await page.waitForSelector('form.login h1:has-text("Chair sign-in")');
    await signIn(page);
    await page.waitForSelector('button.primary:has-text("Present to everyone")');
    await page.waitForSelector('.chair-speakers h2');
    await page.waitForSelector('.quorum-banner:not(:empty)');
    await page.waitForTimeout(500);
    await noVietnamese(page, 'the chair', content);

    // The server refuses a vote without a title: its message, error style.
    const headers = { ...(await server.staff()), 'Content-Type': 'application/json' };
    const c = await (await fetch(`${server.url}/api/v1/congresses/demo`)).json();
    const reply = await fetch(`${server.url}/api/v1/congresses/demo/polls`, { method: 'POST', headers,
      body: JSON.stringify({ session_id: c.sessions[0].id, kind: 'motion', mode: 'secret', title: '' }) });
    const serverMessage = (await reply.json()).error?.message;
    check(reply.status >= 400 && serverMessage, `the server refuses an empty vote (${reply.status})`);
    await page.click('.chair-polls button:has-text("Create vote")');
    const msg = page.locator('.chair-polls > p[role=alert]');
    await page.waitForFunction(() => document.querySelector('.chair-polls > p[role=alert]')?.textContent);
    check((await msg.textContent()) === `✗ ${serverMessage}`, `poll error shows the server message: ${await msg.textContent()}`);

    // No network: the one client says so, in English.
    await ctx.setOffline(true);
    await page.fill('.chair-polls input[aria-label="Motion"]', 'Adopt the agenda');
    await page.click('.chair-polls button:has-text("Create vote")');
    await page.waitForFunction(() => document.querySelector('.chair-polls > p[role=alert]')?.textContent?.includes('Lost the connection'));
    await ctx.setOffline(false);
    await ctx.close();
  });

  await run('screenshots of the console and the chair in English at phone and tablet sizes', async () => {
    const staffCtx = async (viewport) => {
      const ctx = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'en-GB' });
      await ctx.addInitScript(() => localStorage.setItem('lang', 'en'));
      const r = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: TEST_USER, password: TEST_PASSWORD }) });
      const cookie = r.headers.get('set-cookie').split(';')[0].split('=');
      await ctx.addCookies([{ name: cookie[0], value: cookie.slice(1).join('='), url: server.url }]);
      return ctx;
    };
    await shots(staffCtx, '/console/demo', 'console', 'h2:has-text("Upload documents")');
    await shots(staffCtx, '/chair/demo', 'chair', 'button.primary:has-text("Present to everyone")');
  });
} finally {
  await browser.close();
  await server.stop();
}
