#!/usr/bin/env node
/**
 * Standalone sandbox: `npm run sandbox -w @mwr/platform-sandbox -- --port 4010 [--host 127.0.0.1]
 * [--base-path /sandbox] [--public-url http://localhost:4010] [--manual-clock] [--seed 1]
 * [--allow-fetch-origin http://127.0.0.1:3000 …]`: media and webhook URLs must be public addresses
 * unless their exact origin is allowed (a local product serving its own media).
 * Prints the variables pointing the product at it (each mount's `env`). Listens on loopback unless
 * told otherwise: the sandbox has no authentication of its own.
 */
import { sandboxEnv } from './mounts.js';
import { createSandbox } from './sandbox.js';

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(
      [
        'usage: sandbox [--port 4010] [--host 127.0.0.1] [--base-path /sandbox] [--public-url URL] [--manual-clock] [--seed N] [--allow-fetch-origin ORIGIN …]',
        '',
        '  --host  address to listen on; default 127.0.0.1 (this machine only). The sandbox has no',
        '          authentication: exposing it on another address (0.0.0.0, a LAN or public IP) exposes',
        '          its secrets to that network: anyone reaching it can approve its consent pages and get',
        '          tokens for its accounts with its published demo client secrets, and reset or fault it.',
        '  --allow-fetch-origin  an exact origin (http://127.0.0.1:3000) the sandbox may fetch media from',
        '          and deliver webhooks to although it is not a public address; repeatable. Every other',
        '          video_url, PULL_FROM_URL and webhook callback must resolve to public addresses only.',
        '',
      ].join('\n'),
    );
    return;
  }
  const port = Number(arg(argv, 'port') ?? 4010);
  const host = arg(argv, 'host') ?? '127.0.0.1';
  if (!/^(127\.|::1$|localhost$)/.test(host)) {
    process.stderr.write(
      `warning: listening on ${host}, not loopback: anyone who can reach it can use the sandbox's accounts, tokens and admin API (see --help)\n`,
    );
  }
  const basePath = arg(argv, 'base-path');
  const publicBaseUrl = arg(argv, 'public-url');
  const seed = arg(argv, 'seed');
  const allowedFetchOrigins = argv.flatMap((a, i) =>
    a === '--allow-fetch-origin' && argv[i + 1] ? [argv[i + 1]!] : a.startsWith('--allow-fetch-origin=') ? [a.slice('--allow-fetch-origin='.length)] : [],
  );
  const sandbox = createSandbox({
    clock: argv.includes('--manual-clock') ? 'manual' : 'real',
    ...(basePath ? { basePath } : {}),
    ...(publicBaseUrl ? { publicBaseUrl } : {}),
    ...(seed ? { seed: Number(seed) } : {}),
    allowedFetchOrigins,
  });
  const running = await sandbox.listen({ port, host });
  process.stdout.write(
    [
      `platform sandbox listening on ${running.origin}`,
      ...sandboxEnv(running.urls).map(([name, value]) => `${name}=${value}`),
      `inspection: ${running.urls.inspectionUrl}`,
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`sandbox failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
