// The steps the offline journeys share (offline.mjs on the demo congress,
// secretariat.mjs item 9-10, voting_reconnect.mjs V18): the venue's Wi-Fi
// between the phones and the server, a stored PDF drawn on a phone, and a
// personal note written while the Wi-Fi is down.
import { createServer, connect } from 'node:net';
import { check } from './harness.mjs';

// The venue Wi-Fi, a TCP relay between the browser and the server at
// `serverUrl`: cut, every open connection (the event stream too) is dropped
// and new ones are refused — the service worker's own requests as well,
// which the browser's offline switch alone does not promise. slow(ms): every
// answer from the server reaches the browser ms later (a busy Wi-Fi, a
// loaded server), in order; slow(0) ends that. The browser uses wifi.url.
export function wifiFor(serverUrl) {
  return new Promise((resolve) => {
    const open = new Set();
    let up = true;
    let delay = 0;
    const port = Number(new URL(serverUrl).port);
    const srv = createServer((c) => {
      if (!up) { c.destroy(); return; }
      const s = connect(port, '127.0.0.1');
      open.add(c); open.add(s);
      c.pipe(s);
      let due = 0;  // when the last chunk from the server reaches the browser
      const later = (fn) => {
        due = Math.max(Date.now() + delay, due);
        if (due <= Date.now()) fn(); else setTimeout(fn, due - Date.now());
      };
      s.on('data', (d) => later(() => { if (!c.destroyed) c.write(d); }));
      const end = () => { c.destroy(); s.destroy(); open.delete(c); open.delete(s); };
      c.on('error', end); s.on('error', end); c.on('close', end); s.on('close', () => later(end));
    });
    srv.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${srv.address().port}`,
      cut() { up = false; for (const x of open) x.destroy(); open.clear(); },
      restore() { up = true; },
      slow(ms) { delay = ms; },
      close() { this.cut(); return new Promise((r) => srv.close(r)); },
    }));
  });
}

// The Wi-Fi drops (nothing gets through) and the browser context `ctx`
// knows it is offline; and back.
export async function goOffline(ctx, wifi) { wifi.cut(); await ctx.setOffline(true); }
export async function goOnline(ctx, wifi) { wifi.restore(); await ctx.setOffline(false); }

// The first page of the PDF is drawn: a canvas with ink on it (not blank white).
export async function waitForDrawnPage(page, timeout = 20000) {
  await page.waitForSelector('.pdf-page canvas', { timeout });
  await page.waitForFunction(() => {
    const c = document.querySelector('.pdf-page canvas');
    if (!c || !c.width || !c.height) return false;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) ink++;
    return ink > 50;
  }, null, { timeout });
}

// The outcome of the note card's last send, once one has finished: the
// card's state says it (data-state: 'synced', 'merged', 'offline', ...).
export async function waitForNoteState(page, state, timeout = 20000) {
  await page.waitForSelector(`.note-state[data-state="${state}"]`, { timeout });
}

// On a document page whose note card is shown: the Wi-Fi drops, the
// delegate writes `text` into the note, the card says it is not sent, the
// page is reloaded offline and still has it, and the server does not
// (`serverNote()`: the note as the server holds it). The Wi-Fi stays down.
export async function writeNoteOffline(page, ctx, wifi, text, serverNote) {
  await goOffline(ctx, wifi);
  if (!(await page.isVisible('.note-text'))) await page.click('.note-card summary');
  await page.fill('.note-text', text);
  await page.waitForSelector('.note-state:has-text("Chưa gửi")');
  await page.reload();
  await page.waitForSelector('.note-text', { timeout: 15000 });
  check((await page.inputValue('.note-text')) === text, 'the note is still there after an offline reload');
  check((await page.textContent('.note-state')).includes('Chưa gửi'), 'the card says it is not sent');
  check((await serverNote()) === '', 'not on the server while offline');
}

// The Wi-Fi comes back: the queued note reaches the server and the card
// says so ("đã đồng bộ") once the send finished.
export async function sendNoteWhenOnline(page, ctx, wifi, text, serverNote) {
  await goOnline(ctx, wifi);
  await waitForNoteState(page, 'synced');
  check((await page.textContent('.note-state')).includes('đã đồng bộ'), 'the card says synced');
  const onServer = await serverNote();
  check(onServer === text, `sent when the network returned: ${JSON.stringify(onServer)}`);
}
