import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT } from './server-process';

// What an operator must provide; compose refuses to render without it.
const OPERATOR_ENV = { ...process.env, ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 7).toString('base64')}` };

describe('production shape', () => {
  it('docker-compose.yml is a valid compose file', () => {
    // Throws (and fails the test) on an invalid file; prints nothing when valid.
    execFileSync('docker-compose', ['-f', join(ROOT, 'docker-compose.yml'), 'config', '-q'], { cwd: ROOT, stdio: 'pipe', env: OPERATOR_ENV });
  });

  it('refuses to render without ENCRYPTION_KEYS', () => {
    const env = { ...process.env };
    delete env.ENCRYPTION_KEYS;
    expect(() => execFileSync('docker-compose', ['-f', join(ROOT, 'docker-compose.yml'), 'config', '-q'], { cwd: ROOT, stdio: 'pipe', env })).toThrow(
      /ENCRYPTION_KEYS/,
    );
  });

  it('runs api and worker from one image with different roles, on postgres and a durable redis', () => {
    const config = execFileSync('docker-compose', ['-f', join(ROOT, 'docker-compose.yml'), 'config'], { cwd: ROOT, encoding: 'utf8', env: OPERATOR_ENV });
    expect(config).toMatch(/ROLES: api/);
    expect(config).toMatch(/ROLES: worker,scheduler/);
    expect(config).toMatch(/appendonly/);
    expect(config).toMatch(/noeviction/);
    expect(config).toMatch(/image: postgres:1[5-9]/);
  });

  it('builds a non-root image in several stages', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM node:24/gm)?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
  });
});
