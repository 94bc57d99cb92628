import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Issue 19: what differs between platforms lives in the platform registry (libs/publishers'
 * descriptors), so adding a platform is one folder, one sandbox folder and one registry line. The
 * app's production code therefore has no conditional on a platform's name.
 */
const ROOT = join(__dirname, '../../..');
const SCANNED = ['apps/api/src', 'apps/web/src'];
const PLATFORM = `['"\`](?:tiktok|instagram|youtube|x)['"\`]`;
const CONDITIONAL = new RegExp(`(?:[!=]==?\\s*${PLATFORM})|(?:${PLATFORM}\\s*[!=]==?)|(?:case\\s+${PLATFORM}\\s*:)`, 'g');

/**
 * Exceptions, with how many such conditionals each file may hold and why.
 * Each is a feature that exists for one platform only, or out of this change's scope.
 */
const EXCEPTIONS: Record<string, { count: number; reason: string }> = {
  // Automations built for one platform's own API (issues 12, 13): not publishing paths.
  'apps/api/src/modules/automations/tiktok/tiktok-warmup.service.ts': { count: 1, reason: 'the TikTok warm-up ramp applies to TikTok accounts only' },
  'apps/api/src/modules/automations/instagram/ig-webhook-subscriptions.ts': {
    count: 1,
    reason: 'Instagram messaging webhooks subscribe Instagram accounts only',
  },
  'apps/api/src/modules/automations/instagram/instagram-webhook.service.ts': { count: 1, reason: "Meta's webhook payload field `object`, not our platform id" },
};

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'test' ? [] : sources(path);
    return /\.tsx?$/.test(e.name) && !/\.(int-)?spec\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });

function conditionals(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of SCANNED.flatMap((dir) => sources(join(ROOT, dir)))) {
    const lines = readFileSync(file, 'utf8').split('\n');
    const hits = lines.flatMap((line, i) => (line.match(CONDITIONAL) ? [`${i + 1}: ${line.trim()}`] : []));
    if (hits.length) found.set(relative(ROOT, file), hits);
  }
  return found;
}

describe('platform conditionals', () => {
  it('finds them: the pattern catches comparisons and cases on a platform name', () => {
    expect("if (account.platform === 'tiktok') x();".match(CONDITIONAL)).toHaveLength(1);
    expect('"instagram" !== platform'.match(CONDITIONAL)).toHaveLength(1);
    expect("case 'youtube':".match(CONDITIONAL)).toHaveLength(1);
    expect("const label = PLATFORM_LABELS['tiktok'];".match(CONDITIONAL)).toBeNull();
  });

  it('has no conditional on a platform name in apps/api/src or apps/web/src production code, outside the listed exceptions', () => {
    const found = conditionals();
    expect(found.size).toBeGreaterThan(0); // the scan reads the trees (the exceptions are in them)
    const unexpected = [...found].filter(([file, hits]) => hits.length > (EXCEPTIONS[file]?.count ?? 0));
    expect(Object.fromEntries(unexpected)).toEqual({});
  });

  it('lists no exception that no longer holds', () => {
    const found = conditionals();
    const stale = Object.entries(EXCEPTIONS)
      .filter(([file, e]) => (found.get(file)?.length ?? 0) < e.count)
      .map(([file]) => file);
    expect(stale).toEqual([]);
  });
});
