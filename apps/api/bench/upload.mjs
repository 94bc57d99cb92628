// npm run bench:upload — uploads a generated 1 GiB MP4 through the built API with tus and
// compares the throughput with a loopback baseline doing the work an upload cannot avoid (curl -T
// into a Node server that writes to disk and hashes with sha256), measured in the same run; also
// reports the API process's peak RSS growth. Needs no ffmpeg: the MP4 comes from the sandbox.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const TOTAL = Number(process.env.BENCH_BYTES ?? 1024 ** 3);
const CHUNK = 64 * 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'mwr-bench-'));
const file = join(dir, 'big.mp4');
const log = (...a) => console.error('[bench]', ...a);

const freePort = () =>
  new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });

/**
 * A TOTAL-byte MP4 the API accepts, built with the sandbox's MP4 builder (no ffmpeg needed): a
 * 10 s H.264 track whose index comes first, then one mdat padded to TOTAL bytes, written in
 * 1 MiB pieces so the bench never holds the file in memory.
 */
async function generate() {
  const { buildMp4 } = await import(join(ROOT, 'libs/platform-sandbox/dist/index.js'));
  const small = buildMp4({ videoTrack: { fps: 30 }, durationSec: 10, width: 1080, height: 1920 });
  // Top-level boxes: ftyp, moov, mdat. Keep everything before mdat, then write a bigger mdat
  // that starts with the same samples (moov's chunk offset points just past mdat's header).
  let mdatAt = 0;
  while (small.toString('latin1', mdatAt + 4, mdatAt + 8) !== 'mdat') mdatAt += small.readUInt32BE(mdatAt);
  const head = small.subarray(0, mdatAt);
  const samples = small.subarray(mdatAt + 8);
  const out = createWriteStream(file);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(TOTAL - head.length, 0);
  header.write('mdat', 4, 'latin1');
  out.write(head);
  out.write(header);
  out.write(samples);
  const piece = Buffer.alloc(1024 * 1024, 0x5a);
  let left = TOTAL - head.length - header.length - samples.length;
  while (left > 0) {
    const n = Math.min(left, piece.length);
    if (!out.write(n === piece.length ? piece : piece.subarray(0, n))) await once(out, 'drain');
    left -= n;
  }
  out.end();
  await once(out, 'finish');
  log(`generated ${statSync(file).size} bytes`);
}

function rssKb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function http(method, url, { headers = {}, body, bodyStream } = {}) {
  return new Promise((res, rej) => {
    const req = request(url, { method, headers }, (r) => {
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => res({ status: r.statusCode, headers: r.headers, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', rej);
    if (bodyStream) bodyStream.pipe(req);
    else req.end(body);
  });
}

/**
 * The work an upload cannot avoid, without our code: a Node server that writes the body to disk
 * and computes its sha256 on the way (no fsync: the API's tus store does not fsync either).
 */
const BASELINE_SINK = `
const [port, target] = process.argv.slice(1);
const { createHash } = require('node:crypto');
const { createWriteStream } = require('node:fs');
require('node:http').createServer((req, res) => {
  const hash = createHash('sha256');
  const out = createWriteStream(target);
  req.on('data', (chunk) => hash.update(chunk));
  req.pipe(out);
  out.on('finish', () => res.end(hash.digest('hex')));
}).listen(Number(port), '127.0.0.1', () => console.log('up'));
`;

async function baseline() {
  const port = await freePort();
  const sink = spawn(process.execPath, ['-e', BASELINE_SINK, String(port), join(dir, 'baseline.bin')], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(sink.stdout, 'data');
  const started = process.hrtime.bigint();
  execFileSync('curl', ['-s', '-o', '/dev/null', '-T', file, `http://127.0.0.1:${port}/`]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  sink.kill();
  return TOTAL / 1024 / 1024 / seconds;
}

async function ours() {
  const port = await freePort();
  const api = spawn(process.execPath, [join(ROOT, 'apps/api/dist/main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: join(dir, 'data'),
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      ROLES: 'api',
      MAX_UPLOAD_BYTES: String(2 * TOTAL),
      DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i += 1) {
      const ok = await http('GET', `${base}/api/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (i > 300) throw new Error('the API did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    const setup = await http('POST', `${base}/api/auth/setup`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.com', password: 'bench password 1', name: 'Bench', workspaceName: 'Bench' }),
    });
    if (setup.status !== 201) throw new Error(`setup failed: ${setup.status} ${setup.text}`);
    const cookies = Object.fromEntries(
      []
        .concat(setup.headers['set-cookie'] ?? [])
        .map((c) => c.split(';')[0].split('='))
        .map(([k, ...v]) => [k, decodeURIComponent(v.join('='))]),
    );
    const cookie = Object.entries(cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    const key = await http('POST', `${base}/api/api-keys`, {
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': cookies.mwr_csrf },
      body: JSON.stringify({ name: 'bench', scopes: ['content:write'] }),
    });
    const secret = JSON.parse(key.text).secret;
    const auth = { authorization: `Bearer ${secret}`, 'tus-resumable': '1.0.0' };
    await new Promise((r) => setTimeout(r, 1000));
    const rssBefore = rssKb(api.pid);
    let peak = rssBefore;
    const poll = setInterval(() => (peak = Math.max(peak, rssKb(api.pid))), 100);
    const started = process.hrtime.bigint();
    const created = await http('POST', `${base}/api/uploads`, {
      headers: { ...auth, 'upload-length': String(TOTAL), 'upload-metadata': `filename ${Buffer.from('big.mp4').toString('base64')}` },
    });
    if (created.status !== 201) throw new Error(`create failed: ${created.status} ${created.text}`);
    const location = `${base}${created.headers.location}`;
    let offset = 0;
    let last;
    while (offset < TOTAL) {
      const end = Math.min(offset + CHUNK, TOTAL);
      last = await http('PATCH', location, {
        headers: { ...auth, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream', 'content-length': String(end - offset) },
        bodyStream: createReadStream(file, { start: offset, end: end - 1 }),
      });
      if (last.status !== 204) throw new Error(`PATCH at ${offset} failed: ${last.status} ${last.text}`);
      offset = Number(last.headers['upload-offset']);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(poll);
    log(`asset ${last.headers['mwr-asset-id']} sha256 ${last.headers['mwr-sha256']}`);
    return { mibs: TOTAL / 1024 / 1024 / seconds, rssGrowthMb: (peak - rssBefore) / 1024 };
  } finally {
    api.kill();
  }
}

try {
  await generate();
  const baselineMibs = await baseline();
  const result = await ours();
  console.log(
    JSON.stringify({
      bench: 'upload',
      bytes: TOTAL,
      ours_mib_s: +result.mibs.toFixed(1),
      baseline_mib_s: +baselineMibs.toFixed(1),
      ratio: +(result.mibs / baselineMibs).toFixed(2),
      peak_rss_growth_mb: +result.rssGrowthMb.toFixed(1),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
