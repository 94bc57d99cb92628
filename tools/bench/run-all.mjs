// npm run bench — runs every `bench:<name>` script of the root package.json one after the other
// (never two at once: they would measure each other), keeps each one's last JSON line, and writes
// them all to one file. A bench that fails is reported with its exit code; the rest still run.
// Usage: npm run bench [-- --only queue,state] [-- --out path.jsonl]
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const only = option('only')
  ?.split(',')
  .map((name) => name.trim());
const out = resolve(option('out') ?? join(ROOT, 'bench-results', `${new Date().toISOString().slice(0, 10)}.jsonl`));

const scripts = Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts)
  .filter((name) => name.startsWith('bench:'))
  .filter((name) => !only || only.includes(name.slice('bench:'.length)));

/** The last line of a bench's stdout that parses as a JSON object with a `bench` key. */
function lastFigures(stdout) {
  for (const line of stdout.trim().split('\n').reverse()) {
    try {
      const parsed = JSON.parse(line);
      if (parsed && typeof parsed === 'object' && 'bench' in parsed) return parsed;
    } catch {
      // not a figures line
    }
  }
  return undefined;
}

function run(script) {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn('npm', ['run', '--silent', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => done({ code, stdout, seconds: Math.round((Date.now() - started) / 1000) }));
  });
}

const lines = [];
const failed = [];
for (const script of scripts) {
  console.error(`\n=== ${script} ===`);
  const { code, stdout, seconds } = await run(script);
  const figures = lastFigures(stdout);
  if (code === 0 && figures) {
    lines.push(JSON.stringify({ ...figures, measured_at: new Date().toISOString(), node: process.version, wall_s: seconds }));
  } else {
    failed.push(script);
    lines.push(JSON.stringify({ bench: script.slice('bench:'.length), failed: true, exit_code: code, figures_line: Boolean(figures), wall_s: seconds }));
  }
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${lines.join('\n')}\n`);
console.error(`\n${scripts.length - failed.length}/${scripts.length} benchmarks printed their figures → ${out}`);
if (failed.length > 0) console.error(`failed: ${failed.join(', ')}`);
console.log(JSON.stringify({ bench: 'all', benches: scripts.length, failed: failed.length, results_file: out }));
process.exitCode = failed.length > 0 ? 1 : 0;
