import 'reflect-metadata';

import { parseArgs } from 'node:util';

import { NestFactory } from '@nestjs/core';

import { AppModule } from '../app.module.js';
import { randomBase62 } from '../common/security/secrets.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { ConfigError, loadConfig } from '../modules/config/index.js';
import { TokensService } from '../modules/tokens/tokens.service.js';

const USAGE = `usage: npm run cli -- <command> [options]

commands:
  create-admin --email <email> [--password <password>] [--name <name>] [--workspace <name>] [--time-zone <IANA zone>]
      Creates the owner account and its workspace on a fresh installation (like the first-run
      page). Without --password a strong one is generated and printed once.
  rotate-encryption-key [--batch-size <n>]
      Re-encrypts every stored OAuth token under the newest key of ENCRYPTION_KEYS (add the new
      key first, e.g. ENCRYPTION_KEYS="2:<new>,1:<old>"). Resumable: run it again after a stop.`;

async function createAdmin(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      workspace: { type: 'string' },
      'time-zone': { type: 'string' },
    },
    strict: true,
  });
  if (!values.email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) throw new UsageError('--email must be a valid email address');
  if (values.password !== undefined && values.password.length < 10) throw new UsageError('--password must be at least 10 characters');
  const password = values.password ?? randomBase62(20);
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, roles: new Set(['api']), logLevel: 'warn' }), { logger: ['error'] });
  try {
    const { user } = await app.get(AuthService).setup(
      {
        email: values.email,
        password,
        name: values.name ?? values.email.split('@')[0]!,
        workspaceName: values.workspace ?? 'My workspace',
        timeZone: values['time-zone'],
      },
      { ip: null, userAgent: 'cli' },
    );
    process.stdout.write(`Owner account created: ${user.email}\n`);
    if (!values.password) process.stdout.write(`Generated password (shown once): ${password}\n`);
  } finally {
    await app.close();
  }
}

class UsageError extends Error {}

async function rotateEncryptionKey(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { 'batch-size': { type: 'string' } }, strict: true });
  const batchSize = Number(values['batch-size'] ?? 500);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new UsageError('--batch-size must be an integer between 1 and 10000');
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, roles: new Set(['worker']), logLevel: 'warn' }), { logger: ['error'] });
  try {
    const tokens = app.get(TokensService);
    const done = await tokens.rotateKeys(batchSize, (n) => process.stdout.write(`re-encrypted ${n} account token(s)\n`));
    const left = await tokens.remainingBelowCurrentKey();
    process.stdout.write(`done: ${done} re-encrypted, ${left} left on older keys\n`);
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'create-admin') return createAdmin(rest);
  if (command === 'rotate-encryption-key') return rotateEncryptionKey(rest);
  throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(error instanceof UsageError ? `${message}\n\n${USAGE}\n` : `${error instanceof ConfigError ? '' : 'cli: '}${message}\n`);
  process.exit(1);
});
