// Loaded into the API under test by bench:state (NODE_OPTIONS=--import): records the SQL the API
// sends while capture is on, so the bench can EXPLAIN every query one request ran. SIGUSR2 toggles
// capture; turning it off writes the statements (text + parameters) to BENCH_QUERY_LOG as JSON.
// Bench tooling only: the product never loads it.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(join(resolve(import.meta.dirname, '..'), 'package.json'));
const pg = require('pg');
const out = process.env.BENCH_QUERY_LOG;
let captured;

const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, values, callback) {
  if (captured) {
    const text = typeof config === 'string' ? config : config?.text;
    const params = Array.isArray(values) ? values : config?.values;
    if (typeof text === 'string') captured.push({ text, values: params ?? [] });
  }
  return query.call(this, config, values, callback);
};

process.on('SIGUSR2', () => {
  if (captured) {
    writeFileSync(out, JSON.stringify(captured));
    captured = undefined;
  } else {
    captured = [];
    writeFileSync(out, 'capturing');
  }
});
