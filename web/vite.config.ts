import { defineConfig, type Plugin } from 'vite';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Writes the list of built assets into dist/sw.js, so the service worker
// stores all of the app's code when it installs — the lazily loaded viewer
// and the PDF.js worker included (decision 411). The digest of the list names
// the worker's cache: a new build is a new worker that drops the old files.
function precacheList(): Plugin {
  let outDir = 'dist';
  return {
    name: 'phonghop-precache',
    apply: 'build',
    configResolved(c) { outDir = resolve(c.root, c.build.outDir); },
    closeBundle() {
      const sw = join(outDir, 'sw.js');
      const assets = join(outDir, 'assets');
      if (!existsSync(sw) || !existsSync(assets)) return;
      const files = readdirSync(assets).sort().map((f) => `/assets/${f}`);
      const build = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const src = readFileSync(sw, 'utf8');
      const out = src.replace('const PRECACHE = [];', `const PRECACHE = ${JSON.stringify(files)};`)
        .replace("const BUILD = 'dev';", `const BUILD = '${build}';`);
      if (out === src) throw new Error('sw.js: PRECACHE/BUILD placeholders not found');
      writeFileSync(sw, out);
    },
  };
}

// Built assets are served by the phonghop binary from web/dist.
export default defineConfig({
  plugins: [precacheList()],
  build: {
    target: 'es2020',
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
});
