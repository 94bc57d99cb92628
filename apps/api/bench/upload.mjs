// npm run bench:upload — uploads a generated 1 GiB MP4 through the built API with tus and
// compares the throughput with a loopback baseline doing the work an upload cannot avoid (curl -T
// into a Node server that writes to disk and hashes with sha256), measured in the same run; also
// reports the API process's peak RSS growth. Needs no ffmpeg: the MP4 comes from the sandbox.
// Both sides are sent by the same client, curl: ours as tus PATCHes of BENCH_CHUNK_MB (64) MiB
// over one kept-alive connection (one curl process, --next per PATCH), so the ratio compares the
// servers, not a Node client with curl. Also reports each server's CPU time for the 1 GiB
// (user + system, all its threads): unlike MiB/s it barely moves with the machine's load.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '../../..');
const TOTAL = Number(process.env.BENCH_BYTES ?? 1024 ** 3);
const CHUNK = Number(process.env.BENCH_CHUNK_MB ?? 64) * 1024 * 1024;
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
  // The PATCH bodies as files of their own, for curl -T (it cannot send a range of one file).
  for (let offset = 0, i = 0; offset < TOTAL; offset += CHUNK, i += 1) {
    const part = createWriteStream(partPath(i));
    await pipeline(createReadStream(file, { start: offset, end: Math.min(offset + CHUNK, TOTAL) - 1 }), part);
  }
}

const execFileAsync = promisify(execFile);
const partPath = (i) => join(dir, `part-${String(i).padStart(4, '0')}`);

/** utime + stime of a process and all its threads, in seconds. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

function rssKb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function http(method, url, { headers = {}, body } = {}) {
  return new Promise((res, rej) => {
    const req = request(url, { method, headers }, (r) => {
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => res({ status: r.statusCode, headers: r.headers, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', rej);
    req.end(body);
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
  const cpuBefore = cpuSeconds(sink.pid);
  const started = process.hrtime.bigint();
  const sha256 = execFileSync('curl', ['-s', '-H', 'Expect:', '-T', file, `http://127.0.0.1:${port}/`], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = cpuSeconds(sink.pid) - cpuBefore;
  sink.kill();
  return { mibs: TOTAL / 1024 / 1024 / seconds, cpu, sha256 };
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
    const cpuBefore = cpuSeconds(api.pid);
    const started = process.hrtime.bigint();
    const created = await http('POST', `${base}/api/uploads`, {
      headers: { ...auth, 'upload-length': String(TOTAL), 'upload-metadata': `filename ${Buffer.from('big.mp4').toString('base64')}` },
    });
    if (created.status !== 201) throw new Error(`create failed: ${created.status} ${created.text}`);
    const location = `${base}${created.headers.location}`;
    // Every PATCH in one curl process: the same client as the baseline, one kept-alive connection.
    const args = [];
    for (let offset = 0, i = 0; offset < TOTAL; offset += CHUNK, i += 1) {
      if (i > 0) args.push('--next');
      args.push('-s', '-o', '/dev/null', '-X', 'PATCH', '-T', partPath(i), '-H', 'Expect:');
      for (const [k, v] of Object.entries({ ...auth, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }))
        args.push('-H', `${k}: ${v}`);
      args.push('-w', '%{http_code} %header{upload-offset} %header{mwr-asset-id} %header{mwr-sha256}\\n', location);
    }
    // Asynchronously: the RSS poll keeps running meanwhile.
    const { stdout } = await execFileAsync('curl', args, { encoding: 'utf8', maxBuffer: 1 << 20 });
    const lines = stdout.trim().split('\n');
    const [status, offset, assetId, sha256] = lines[lines.length - 1].split(' ');
    const failed = lines.find((l) => !l.startsWith('204 '));
    if (failed || Number(offset) !== TOTAL) throw new Error(`a PATCH failed: ${failed ?? `${status} at ${offset}`}`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = cpuSeconds(api.pid) - cpuBefore;
    clearInterval(poll);
    log(`asset ${assetId} sha256 ${sha256}`);
    return { mibs: TOTAL / 1024 / 1024 / seconds, cpu, sha256, rssGrowthMb: (peak - rssBefore) / 1024 };
  } finally {
    api.kill();
  }
}

try {
  await generate();
  const base = await baseline();
  const result = await ours();
  if (result.sha256 !== base.sha256) throw new Error(`the API's sha256 ${result.sha256} is not the file's ${base.sha256}`);
  const ratio = +(result.mibs / base.mibs).toFixed(2);
  const rssGrowth = +result.rssGrowthMb.toFixed(1);
  console.log(
    JSON.stringify({
      bench: 'upload',
      bytes: TOTAL,
      chunk_mib: CHUNK / 1024 / 1024,
      ours_mib_s: +result.mibs.toFixed(1),
      baseline_mib_s: +base.mibs.toFixed(1),
      ratio,
      ours_cpu_s: +result.cpu.toFixed(2),
      baseline_cpu_s: +base.cpu.toFixed(2),
      cpu_ratio: +(result.cpu / base.cpu).toFixed(2),
      peak_rss_growth_mb: rssGrowth,
      load_average: +loadavg()[0].toFixed(1),
      goal_met: ratio >= 0.8 && rssGrowth < 100,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
