import type { PlatformUsage } from '@mwr/publishers';

import { PLATFORM_USAGE_WRITE_MS, PlatformUsageWriter } from './platform-usage-writer.js';
import type { PublishingRepository } from './publishing.repository.js';

function writerWithLog(): { writer: PlatformUsageWriter; writes: { at: number; accountId: string; usage: PlatformUsage }[] } {
  const writes: { at: number; accountId: string; usage: PlatformUsage }[] = [];
  const repository = {
    savePlatformUsage: async (accountId: string, usage: PlatformUsage) => {
      writes.push({ at: Date.now(), accountId, usage });
    },
  } as unknown as PublishingRepository;
  return { writer: new PlatformUsageWriter(repository), writes };
}

const usage = (n: number) => ({ n }) as unknown as PlatformUsage;

describe('platform usage reports (issue #32 item 3: off the job path, one write per account per interval)', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-12-07T12:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('writes the first report at once and folds the next ones into one trailing write of the latest', async () => {
    const { writer, writes } = writerWithLog();
    const t0 = Date.now();
    writer.report('a', usage(1));
    writer.report('b', usage(10));
    for (let i = 2; i <= 6; i++) {
      jest.advanceTimersByTime(100);
      writer.report('a', usage(i));
    }
    await Promise.resolve();
    expect(writes.map((w) => [w.accountId, w.usage])).toEqual([
      ['a', usage(1)],
      ['b', usage(10)],
    ]);
    jest.advanceTimersByTime(PLATFORM_USAGE_WRITE_MS);
    await Promise.resolve();
    expect(writes).toHaveLength(3);
    expect(writes[2]).toEqual({ at: t0 + PLATFORM_USAGE_WRITE_MS, accountId: 'a', usage: usage(6) });
  });

  it('writes what is still pending before the application shuts down', async () => {
    const { writer, writes } = writerWithLog();
    writer.report('a', usage(1));
    writer.report('a', usage(2));
    await writer.beforeApplicationShutdown();
    expect(writes.map((w) => w.usage)).toEqual([usage(1), usage(2)]);
  });
});
