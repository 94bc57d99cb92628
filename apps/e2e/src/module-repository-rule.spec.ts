import { join } from 'node:path';

import { ESLint } from 'eslint';

import { ROOT } from './server-process';

/** The lint rule that keeps each module's repository (and so its tables) to that module. */
describe('module repository rule', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const lint = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
    return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
  };
  const RULE = /no-restricted-imports.*A module uses another module's service, never its repository/;

  it.each([
    [
      'apps/api/src/modules/health/probe.ts',
      "import { MonitoringRepository } from '../monitoring/monitoring.repository.js';\nexport const x = MonitoringRepository;\n",
    ],
    ['apps/api/src/modules/calendar/probe.ts', "import type { SocialAccount } from '../accounts/accounts.repository.js';\nexport type X = SocialAccount;\n"],
    [
      'apps/api/src/modules/war-room/probe.ts',
      "import { AutomationsRepository } from '../automations/automations.repository.js';\nexport const x = AutomationsRepository;\n",
    ],
    [
      'apps/api/src/modules/war-room/probe.ts',
      "import { IgMessagingRepository } from '../automations/instagram/ig-messaging.repository.js';\nexport const x = IgMessagingRepository;\n",
    ],
    [
      'apps/api/src/modules/automations/instagram/probe.ts',
      "import { RateLimiterRepository } from '../../publishing/rate-limiter.repository.js';\nexport const x = RateLimiterRepository;\n",
    ],
    [
      'apps/api/src/modules/automations/reposter/probe.ts',
      "import type { ContentItem } from '../../calendar/calendar.repository';\nexport type X = ContentItem;\n",
    ],
    [
      'apps/api/src/modules/war-room/dto/probe.ts',
      "import { WorkspacesRepository } from '../../workspaces/workspaces.repository.js';\nexport const x = WorkspacesRepository;\n",
    ],
    ['apps/api/src/modules/queue/probe.ts', "import { CalendarRepository } from '../calendar/calendar.repository.js';\nexport const x = CalendarRepository;\n"],
    ['apps/api/src/common/probe/probe.ts', "import { AuditRepository } from '../../modules/audit/audit.repository.js';\nexport const x = AuditRepository;\n"],
  ])("fires when a module reaches into another module's repository: %s", async (file, code) => {
    expect((await lint(file, code)).join('\n')).toMatch(RULE);
  });

  it("stays quiet for a module's own repository, another module's service or public types, and tests", async () => {
    expect(
      await lint(
        'apps/api/src/modules/calendar/probe.ts',
        "import { CalendarRepository } from './calendar.repository.js';\nexport const x = CalendarRepository;\n",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'apps/api/src/modules/automations/tiktok/probe.ts',
        "import { AutomationsRepository } from '../automations.repository.js';\nexport const x = AutomationsRepository;\n",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'apps/api/src/modules/calendar/probe.ts',
        "import type { SocialAccount } from '../accounts/accounts.types.js';\nexport type X = SocialAccount;\n",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'apps/api/src/modules/calendar/probe.ts',
        "import { AccountsService } from '../accounts/accounts.service.js';\nexport const x = AccountsService;\n",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'apps/api/src/modules/calendar/probe.int-spec.ts',
        "import { AccountsRepository } from '../accounts/accounts.repository.js';\nexport const x = AccountsRepository;\n",
      ),
    ).toEqual([]);
  });

  it('keeps BullMQ to the queue module alongside it', async () => {
    const code = "import { Queue } from 'bullmq';\nexport const x = Queue;\n";
    expect((await lint('apps/api/src/modules/calendar/probe.ts', code)).join('\n')).toMatch(/Only the queue module imports BullMQ/);
    expect((await lint('apps/api/src/modules/automations/instagram/probe.ts', code)).join('\n')).toMatch(/Only the queue module imports BullMQ/);
    expect((await lint('apps/api/src/modules/calendar/probe.spec.ts', code)).join('\n')).toMatch(/Only the queue module imports BullMQ/);
    expect(await lint('apps/api/src/modules/queue/probe.ts', code)).toEqual([]);
  });
});
