// bench:web (issue #32 item 7). Run after `vite build` (and the API's build: the root script does both).
// 1. The gzip size of the initial JS of the production build: what index.html loads before any
//    route, chart, menu or locale chunk. Budget: 150 KB gzip.
// 2. Cold time to first data on the queue page: the built API serving this build (embedded store,
//    its own data directory), a signed-in owner with one post, and headless Chromium with an empty
//    cache per run: from navigation start to the first queue row in the DOM. Baseline, same run:
//    the same for the sign-in page (its form rendered after its one API call), a trivial page.
//    Median of --runs (default 7) alternating runs of each.
// Ends with one JSON line: {"bench":"web","initial_js_gzip_kb":…,"budget_kb":150,"queue_first_data_ms":…,"baseline_ms":…,"ratio":…}.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { chromium } from 'playwright-core';

const BUDGET_KB = 150;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dist = join(root, 'apps', 'web', 'dist');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 7);
const log = (...a) => process.stderr.write(`${a.join(' ')}\n`);
const round1 = (n) => Math.round(n * 10) / 10;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function initialJs() {
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
  return { gzipKb: round1(gzip / 1024), kb: round1(bytes / 1024), files: initial.size };
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The built API as `npm start` runs it (every role, embedded store), serving this build. */
async function startApi(dataDir) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_FORMAT: 'json', LOG_LEVEL: 'warn' };
  Object.assign(env, { PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url, DATA_DIR: dataDir, WEB_DIST_DIR: dist });
  const child = spawn(process.execPath, [join(root, 'apps', 'api', 'dist', 'main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited before it was ready:\n${output}`);
    const ready = await fetch(`${url}/api/health/ready`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ready) return { url, child };
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill('SIGKILL');
  throw new Error(`the API was not ready after 180 s:\n${output}`);
}

/** The owner (first-run setup) and one post, through the API like the SPA: returns the session cookies. */
async function seed(url) {
  const cookies = new Map();
  const call = async (method, path, body) => {
    const headers = { 'content-type': 'application/json', origin: url };
    if (cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookies.has('mwr_csrf')) headers['x-csrf-token'] = cookies.get('mwr_csrf');
    const res = await fetch(`${url}${path}`, { method, headers, body: JSON.stringify(body) });
    for (const line of res.headers.getSetCookie()) {
      const [name, ...value] = line.split(';')[0].split('=');
      cookies.set(name.trim(), value.join('='));
    }
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  await call('POST', '/api/auth/setup', { email: 'owner@example.com', password: 'correct horse battery', name: 'Olive Owner', workspaceName: 'Acme' });
  await call('POST', '/api/content-items', { title: 'Spring launch teaser', caption: 'Spring is here #launch', timeZone: 'UTC', status: 'draft', targets: [] });
  return [...cookies].map(([name, value]) => ({ name, value, url }));
}

/**
 * One cold load (new context: empty cache) of `path`: ms from navigation start until `selector`
 * first matches, read by a MutationObserver installed before the page's own scripts run.
 */
async function coldLoad(browser, url, path, selector, cookies) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    if (cookies) await context.addCookies(cookies);
    await context.addInitScript((sel) => {
      const check = () => {
        if (window.__benchFirstMs === undefined && document.querySelector(sel)) window.__benchFirstMs = performance.now();
      };
      new MutationObserver(check).observe(document, { childList: true, subtree: true });
    }, selector);
    const page = await context.newPage();
    await page.goto(`${url}${path}`);
    await page.waitForFunction(() => window.__benchFirstMs !== undefined, undefined, { timeout: 120_000 });
    return page.evaluate(() => window.__benchFirstMs);
  } finally {
    await context.close();
  }
}

async function main() {
  const js = initialJs();
  log(`initial JS: ${js.gzipKb} KB gzip (${js.kb} KB) in ${js.files} files; budget ${BUDGET_KB} KB`);
  const dataDir = mkdtempSync(join(tmpdir(), 'mwr-bench-web-'));
  let api;
  let browser;
  try {
    api = await startApi(dataDir);
    const cookies = await seed(api.url);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    // One warm-up of each (the API's first requests, Chromium's first page), not counted.
    await coldLoad(browser, api.url, '/', '.queue-list > li', cookies);
    await coldLoad(browser, api.url, '/login', 'input[type="password"]');
    const queue = [];
    const login = [];
    for (let run = 0; run < RUNS; run++) {
      queue.push(await coldLoad(browser, api.url, '/', '.queue-list > li', cookies));
      login.push(await coldLoad(browser, api.url, '/login', 'input[type="password"]'));
      log(`  run ${run + 1}: queue first row ${queue.at(-1).toFixed(0)} ms, sign-in form ${login.at(-1).toFixed(0)} ms`);
    }
    const queueMs = median(queue);
    const loginMs = median(login);
    console.log(
      JSON.stringify({
        bench: 'web',
        initial_js_gzip_kb: js.gzipKb,
        initial_js_kb: js.kb,
        files: js.files,
        budget_kb: BUDGET_KB,
        within_budget: js.gzipKb < BUDGET_KB,
        queue_first_data_ms: Math.round(queueMs),
        baseline_ms: Math.round(loginMs),
        ratio: Math.round((queueMs / loginMs) * 100) / 100,
        runs: RUNS,
      }),
    );
  } finally {
    await browser?.close();
    if (api && api.child.exitCode === null) {
      api.child.kill('SIGTERM');
      await new Promise((r) => api.child.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
