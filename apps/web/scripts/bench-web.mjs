// Prints the gzip size of the initial JS of the production build (what index.html loads before
// any route chunk) as one JSON line: {"bench":"web","initial_js_gzip_kb":…}. Run after `vite build`.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set();
for (const match of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) initial.add(match[1]);
for (const match of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) initial.add(match[1]);
let bytes = 0;
let gzip = 0;
for (const src of initial) {
  const code = readFileSync(join(dist, src.replace(/^\//, '')));
  bytes += code.length;
  gzip += gzipSync(code, { level: 9 }).length;
}
console.log(
  JSON.stringify({
    bench: 'web',
    initial_js_gzip_kb: Math.round((gzip / 1024) * 10) / 10,
    initial_js_kb: Math.round((bytes / 1024) * 10) / 10,
    files: initial.size,
  }),
);
