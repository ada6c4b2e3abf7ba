// Fails when a view file of the web app has a Vietnamese string literal
// outside the string tables (decision 62): every user-visible word lives in
// web/src/i18n.ts (the delegate's pages) or web/src/strings/<area>.ts
// (staff pages), as a Vietnamese and an English entry, so the English
// switch reaches every page. Parses with the TypeScript compiler the web
// build already uses: string and template literals count, comments and
// regular expressions (e.g. /[đĐ]/ in a slug maker) do not.
//
//   node tests/web/strings_check.mjs [web/src]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ts = createRequire(join(repo, 'web', 'package.json'))('typescript');
const src = process.argv[2] ?? join(repo, 'web', 'src');

// Letters only Vietnamese uses among the app's languages (ă â đ ê ô ơ ư
// and the five tones). '×' and other symbols are not in the set.
const VI = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

// The tables themselves.
const isTable = (rel) => rel === 'i18n.ts' || rel.startsWith('strings/');

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const problems = [];
for (const file of files(src)) {
  const rel = relative(src, file).split('\\').join('/');
  if (isTable(rel)) continue;
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    const k = node.kind;
    if (k === ts.SyntaxKind.StringLiteral || k === ts.SyntaxKind.NoSubstitutionTemplateLiteral ||
        k === ts.SyntaxKind.TemplateHead || k === ts.SyntaxKind.TemplateMiddle || k === ts.SyntaxKind.TemplateTail) {
      const value = node.text ?? '';
      if (VI.test(value)) {
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        problems.push(`${rel}:${line + 1}: ${JSON.stringify(value.length > 70 ? `${value.slice(0, 70)}…` : value)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

if (problems.length) {
  console.error(`${problems.length} Vietnamese literal(s) outside the string tables (move them to web/src/strings/<area>.ts with an English entry):`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log('ok - every Vietnamese string of web/src is in a vi/en table');
