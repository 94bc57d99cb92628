import type { Server } from 'node:http';

import { Logger } from 'nestjs-pino';

import { createApp } from './bootstrap.js';
import { ConfigError, describeConfig, loadConfig, maskUrl } from './modules/config/index.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  // Keep idle connections open longer than clients and proxies do (AWS ALB: 60 s): with Node's 5 s
  // the server could close a kept-alive socket just as a client reused it (ECONNRESET on a POST).
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  app.get(Logger).log(`configuration ${JSON.stringify(describeConfig(config))}`, 'Bootstrap');
  stopOnSignals(() => app.close());
  const where = config.roles.has('api') ? config.publicUrl : `${config.publicUrl}/api/health`;
  // Printed plainly (not through the logger) so it is the line people look for.
  process.stdout.write(`\nMarketing War Room is running at ${where}  (roles: ${[...config.roles].join(', ')})\n\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `Boot failed: ${describeBootError(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});

/**
 * SIGTERM/SIGINT close the app (HTTP server, database, Redis, sandbox) and exit 0, so an
 * orchestrator sees a clean stop. A second signal, or a close that hangs, forces the exit.
 */
function stopOnSignals(close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stderr.write(`${signal} received: shutting down\n`);
    setTimeout(() => process.exit(1), 10_000).unref();
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function describeBootError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Connection errors can echo the URL; never print a password.
  return error.message.replace(/(postgres(?:ql)?|rediss?):\/\/[^\s]+/g, (url) => maskUrl(url) ?? '****').split('\n')[0] ?? error.name;
}
