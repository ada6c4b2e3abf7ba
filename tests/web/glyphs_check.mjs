// Fails when the web app's sources (web/src, web/index.html) hold a
// character only an emoji font draws: a pictograph outside the Basic
// Multilingual Plane (💬 📝 📽 🔍 …), one shown as emoji by default (✅ ❌ ⭐
// …) or the emoji variation selector U+FE0F. Headless Chromium and some
// phones have no emoji font and show an empty box instead; the app draws
// such icons as inline SVG (web/src/icons.ts). Text symbols the ordinary
// fonts carry (✓ ✗ ● ⚠ ⬇) pass.
//
//   node tests/web/glyphs_check.mjs [web]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}|\u{FE0F}/gu;
const needsEmojiFont = (ch) => ch === '\u{FE0F}' || /\p{Emoji_Presentation}/u.test(ch) || ch.codePointAt(0) > 0xffff;

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|css|html)$/.test(n) ? [p] : [];
  });
}

const problems = [];
for (const file of [...files(join(web, 'src')), join(web, 'index.html')]) {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    for (const m of line.matchAll(EMOJI)) {
      if (!needsEmojiFont(m[0])) continue;
      const cp = m[0].codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
      problems.push(`${relative(web, file)}:${i + 1}: ${m[0]} (U+${cp})`);
    }
  });
}

if (problems.length) {
  console.error(`${problems.length} character(s) that need an emoji font (draw them with icon() from web/src/icons.ts):`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log('ok - no character of the web app needs an emoji font');
