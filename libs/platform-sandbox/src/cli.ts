#!/usr/bin/env node
/**
 * Standalone sandbox: `npm run sandbox -w @mwr/platform-sandbox -- --port 4010 [--host 127.0.0.1]
 * [--base-path /sandbox] [--public-url http://localhost:4010] [--manual-clock] [--seed 1]`.
 * Prints the base URLs to point the product at (TIKTOK_AUTH_URL, …).
 */
import { createSandbox } from './sandbox.js';

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help')) {
    process.stdout.write('usage: sandbox [--port 4010] [--host 127.0.0.1] [--base-path /sandbox] [--public-url URL] [--manual-clock] [--seed N]\n');
    return;
  }
  const port = Number(arg(argv, 'port') ?? 4010);
  const host = arg(argv, 'host') ?? '127.0.0.1';
  const basePath = arg(argv, 'base-path');
  const publicBaseUrl = arg(argv, 'public-url');
  const seed = arg(argv, 'seed');
  const sandbox = createSandbox({
    clock: argv.includes('--manual-clock') ? 'manual' : 'real',
    ...(basePath ? { basePath } : {}),
    ...(publicBaseUrl ? { publicBaseUrl } : {}),
    ...(seed ? { seed: Number(seed) } : {}),
  });
  const running = await sandbox.listen({ port, host });
  const u = running.urls;
  process.stdout.write(
    [
      `platform sandbox listening on ${running.origin}`,
      `TIKTOK_AUTH_URL=${u.tiktokAuthUrl}`,
      `TIKTOK_API_BASE_URL=${u.tiktokApiBaseUrl}`,
      `INSTAGRAM_AUTH_URL=${u.instagramAuthUrl}`,
      `INSTAGRAM_GRAPH_BASE_URL=${u.instagramGraphBaseUrl}`,
      `FACEBOOK_GRAPH_BASE_URL=${u.facebookGraphBaseUrl}`,
      `inspection: ${u.inspectionUrl}`,
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
