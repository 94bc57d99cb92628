import { join } from 'node:path';

import { ESLint } from 'eslint';

import { ROOT } from './server-process';

/** The lint rules that keep dependencies one-way actually fire (run under nx, which caches the graph). */
describe('module boundaries', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const lint = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
    return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
  };

  it('keeps Nest and the ORM out of libs/domain', async () => {
    const messages = await lint('libs/domain/src/probe.ts', "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n");
    expect(messages.join('\n')).toMatch(/no-restricted-imports.*pure TypeScript/);
  });

  it('forbids libs/domain from depending on libs/publishers', async () => {
    const messages = await lint('libs/domain/src/probe.ts', "import { planTikTokChunks } from '@mwr/publishers';\nexport const x = planTikTokChunks;\n");
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries/);
  });

  it('lets publishers depend on the domain', async () => {
    const messages = await lint('libs/publishers/src/probe.ts', "import { isPlatform } from '@mwr/domain';\nexport const x = isPlatform;\n");
    expect(messages).toEqual([]);
  });

  it('keeps BullMQ inside the queue module and process.env inside config', async () => {
    expect((await lint('apps/api/src/modules/calendar/probe.ts', "import { Queue } from 'bullmq';\nexport const q = Queue;\n")).join('\n')).toMatch(
      /Only the queue module imports BullMQ/,
    );
    expect((await lint('apps/api/src/modules/calendar/probe.ts', 'export const port = process.env.PORT;\n')).join('\n')).toMatch(/typed config/);
  });
});
