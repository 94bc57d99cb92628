// Preloaded into a bench's app processes (NODE_OPTIONS=--import) when BENCH_SQL_TRACE_DIR is set:
// counts every statement sent to PostgreSQL (one pg query = one round trip), grouped by its
// normalised text, and writes <dir>/sql-<pid>.json when the process exits. Bench tooling only.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const dir = process.env.BENCH_SQL_TRACE_DIR;
if (dir) {
  const require = createRequire(import.meta.url);
  const pg = require('pg');
  const counts = new Map();
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, ...rest) {
    const text = typeof config === 'string' ? config : (config?.text ?? '');
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 160);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return original.call(this, config, ...rest);
  };
  const dump = () => {
    const statements = [...counts].sort((a, b) => b[1] - a[1]).map(([sql, n]) => ({ n, sql }));
    writeFileSync(join(dir, `sql-${process.pid}.json`), JSON.stringify({ pid: process.pid, roles: process.env.ROLES, statements }));
  };
  process.on('exit', dump);
}
