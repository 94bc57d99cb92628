import { join } from 'node:path';

import { ESLint } from 'eslint';

import { ROOT } from './server-process';

/** The lint rule that keeps raw outbound HTTP in the two clients that are allowed to make it. */
describe('outbound HTTP rule', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const lint = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
    return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
  };
  const RULE = /no-restricted-(globals|syntax).*No raw outbound HTTP: use guardedFetch from @mwr\/net/;

  it.each([
    ['apps/api/src/modules/monitoring/probe.ts', "export const go = (url: string) => fetch(url, { method: 'POST' });\n"],
    ['apps/api/src/modules/monitoring/probe.ts', 'export const go = (url: string) => globalThis.fetch(url);\n'],
    ['apps/api/src/modules/platforms/oauth/probe.ts', "import http from 'node:http';\nexport const go = (url: string) => http.request(url).end();\n"],
    ['apps/api/src/modules/platforms/oauth/probe.ts', "import * as https from 'node:https';\nexport const go = (url: string) => https.get(url);\n"],
    ['apps/api/src/modules/platforms/oauth/probe.ts', "import { request } from 'https';\nexport const go = (url: string) => request(url).end();\n"],
    ['apps/api/src/modules/platforms/oauth/probe.ts', "import { request } from 'undici';\nexport const go = (url: string) => request(url);\n"],
    ['libs/platform-sandbox/src/instagram/probe.ts', 'export const go = async (url: string) => (await fetch(url)).status;\n'],
    ['libs/publishers/src/instagram/probe.ts', 'export const go = async (url: string) => (await fetch(url)).status;\n'],
  ])('fires in server code: %s', async (file, code) => {
    expect((await lint(file, code)).join('\n')).toMatch(RULE);
  });

  it('stays quiet in the two clients, in tests, and for what is not a request', async () => {
    const code = 'export const go = async (url: string) => (await fetch(url)).status;\n';
    expect(await lint('libs/net/src/probe.ts', "import http from 'node:http';\nexport const go = (url: string) => http.request(url);\n")).toEqual([]);
    expect(await lint('libs/publishers/src/http.ts', code)).toEqual([]);
    expect(await lint('apps/api/src/modules/monitoring/probe.spec.ts', code)).toEqual([]);
    expect(await lint('libs/platform-sandbox/src/testing/probe.ts', code)).toEqual([]);
    expect(
      await lint(
        'apps/api/src/modules/monitoring/probe.ts',
        "import { createServer, type IncomingMessage } from 'node:http';\nexport const s = createServer();\nexport type M = IncomingMessage;\n",
      ),
    ).toEqual([]);
    expect(await lint('apps/api/src/common/probe.ts', 'declare const http: { getResponse(): unknown };\nexport const r = http.getResponse();\n')).toEqual([]);
  });

  it("keeps libs/net free of the project's other libraries", async () => {
    expect((await lint('libs/net/src/probe.ts', "import { isPlatform } from '@mwr/domain';\nexport const x = isPlatform;\n")).join('\n')).toMatch(
      /@nx\/enforce-module-boundaries/,
    );
    expect(await lint('libs/platform-sandbox/src/probe.ts', "import { guardedFetch } from '@mwr/net';\nexport const x = guardedFetch;\n")).toEqual([]);
  });
});
