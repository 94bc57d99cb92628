import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { ROOT } from './server-process';

/**
 * The short chaos variant CI runs: 150 items over 60 s on each driver, with workers and
 * schedulers killed, Redis flushed and restarted, PostgreSQL restarted and a worker paused past
 * its lease. The run's own checker fails it on any duplicate, loss or disagreement.
 */
describe('exactly-once under faults (short chaos run)', () => {
  it(
    'posts every target once on both drivers',
    async () => {
      const child = spawn(process.execPath, [join(ROOT, 'apps/e2e/chaos/chaos.mjs'), '--items', '150', '--seconds', '60', '--driver', 'both', '--seed', '7'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      const summary = output.split('\n').filter((line) => line.includes('chaos:'));
      process.stdout.write(`${summary.join('\n')}\n`);
      expect(code === 0 ? 'ok' : output.slice(-4000)).toBe('ok');
      expect(summary).toHaveLength(2);
      for (const line of summary) expect(line).toMatch(/ 0 duplicates, 0 lost, 0 disagreements/);
    },
    20 * 60_000,
  );
});
