// Preloaded into a bench's app processes (NODE_OPTIONS=--import) when BENCH_SQL_TRACE_DIR is set:
// counts every statement sent to PostgreSQL (one pg query = one round trip), grouped by its
// normalised text, and writes <dir>/sql-<pid>.json (with the process's CPU time) when the process exits. Bench tooling only.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const dir = process.env.BENCH_SQL_TRACE_DIR;
if (dir) {
  const require = createRequire(import.meta.url);
  const pg = require('pg');
  const counts = new Map();
  // Counted by the statement's text; normalised once per distinct text (a regex over every statement sent showed in the workers' profiles).
  const keyOf = new Map();
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, ...rest) {
    const text = typeof config === 'string' ? config : (config?.text ?? '');
    let key = keyOf.get(text);
    if (key === undefined) keyOf.set(text, (key = text.replace(/\s+/g, ' ').trim().slice(0, 160)));
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return original.call(this, config, ...rest);
  };
  let cpuAtStart;
  process.on('SIGUSR2', () => (cpuAtStart = process.cpuUsage()));
  const dump = () => {
    const statements = [...counts].sort((a, b) => b[1] - a[1]).map(([sql, n]) => ({ n, sql }));
    // The process's CPU time too (user + system, ms) since the bench's SIGUSR2 (its posts inserted; boot excluded): CPU per post by role.
    const { user, system } = process.cpuUsage(cpuAtStart);
    const cpuMs = Math.round((user + system) / 1000);
    writeFileSync(join(dir, `sql-${process.pid}.json`), JSON.stringify({ pid: process.pid, roles: process.env.ROLES, cpuMs, statements }));
  };
  process.on('exit', dump);
}
