import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { HOSTS } from '@mwr/platform-sandbox';
import { PLATFORM_DESCRIPTORS } from '@mwr/publishers';

/**
 * Issue 19: a new platform is its publishers folder, its sandbox folder and one registry line
 * (docs/adding-a-platform.md). So the code every platform shares — the typed config, the
 * publisher/OAuth/settings contracts, the sandbox's core — names no platform: its settings,
 * hosts, URLs and webhooks come from the registry and the mounts. Comments may give examples;
 * code may not. (platform-conditionals.spec.ts covers conditionals in the rest of the app.)
 */
const ROOT = join(__dirname, '../../..');

const tsFiles = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return tsFiles(path);
    return /\.ts$/.test(e.name) && !/\.(int-)?spec\.ts$/.test(e.name) ? [path] : [];
  });

/** The shared files, and the lines allowed to name a platform in them (the registry lines). */
const SHARED: { file: string; allowed?: RegExp }[] = [
  ...tsFiles('apps/api/src/modules/config').map((file) => ({ file })),
  { file: 'libs/publishers/src/platform.ts' },
  // The publisher contract: PublishInput<O> carries its platform's options (declared in the platform's folder).
  { file: 'libs/publishers/src/contract.ts' },
  { file: 'libs/publishers/src/oauth.ts' },
  { file: 'libs/publishers/src/settings.ts' },
  { file: 'libs/publishers/src/registry.ts', allowed: /^(import \{ \w+Platform \} from '\.\/\w+\/platform\.js';|export const PLATFORM_DESCRIPTORS\b.*)$/ },
  { file: 'libs/platform-sandbox/src/sandbox.ts' },
  { file: 'libs/platform-sandbox/src/cli.ts' },
  { file: 'libs/platform-sandbox/src/core/context.ts' },
  { file: 'libs/platform-sandbox/src/core/mount.ts' },
  { file: 'libs/platform-sandbox/src/core/state.ts' },
  // Each platform's tunables and demo data are in its folder's options.ts, composed through its mount.
  { file: 'libs/platform-sandbox/src/core/options.ts' },
  // The package's exports: the core's, then each platform folder's whole (one line per folder).
  { file: 'libs/platform-sandbox/src/index.ts', allowed: /^export \* from '\.\/\w+\/index\.js';$/ },
  { file: 'libs/platform-sandbox/src/http/router.ts' },
  { file: 'libs/platform-sandbox/src/http/dispatch.ts' },
  { file: 'libs/platform-sandbox/src/http/errors.ts' },
  { file: 'libs/platform-sandbox/src/webhooks/delivery.ts' },
  // Target options are declared from the registry's composer schemas, not listed per platform.
  { file: 'apps/api/src/modules/calendar/dto/content-item.dto.ts' },
  { file: 'apps/api/src/modules/calendar/dto/target-options.dto.ts' },
  // Bot Control's re-post rules ask for what the registry marks unattended (TikTok's privacy level).
  { file: 'apps/web/src/features/bot-control/components/repost-rules.ts' },
  { file: 'apps/web/src/features/bot-control/components/RepostRulesField.tsx' },
  { file: 'libs/platform-sandbox/src/mounts.ts', allowed: /^(import \{ \w+Mount \} from '\.\/\w+\/index\.js';|export const MOUNTS = \[.*\] as const;)$/ },
];

/** Every registered platform's id and name, every simulated host, and the vendors behind them. */
const WORDS = [...PLATFORM_DESCRIPTORS.flatMap((d) => [d.id, d.displayName]), ...HOSTS.filter((h) => h !== '__sandbox'), 'facebook', 'meta', 'youtube'];
const escape = (w: string) => w.replace(/[-]/g, '\\-');
/**
 * A one-letter name (X) is every loop variable as a word: it is caught where code names the
 * platform with it — quoted (`'x'`), as a camel-case prefix (`xApiBaseUrl`, `createXPublisher`)
 * or as a constant's prefix (`X_CLIENT_ID`).
 */
const letterPatterns = (w: string): string[] => {
  const lower = w.toLowerCase();
  const upper = w.toUpperCase();
  return [`['"\`]${lower}['"\`]`, `(?<![A-Za-z0-9_$])${lower}(?=[A-Z])`, `(?<=[a-z])${upper}(?=[A-Z][a-z])`, `(?<![A-Za-z0-9_])${upper}_(?=[A-Z])`];
};
/** A word as code spells it — `tiktok`, `tiktokApiBaseUrl`, `createTikTokPublisher`, `TIKTOK_CLIENT_KEY` — but not inside another word. */
const NAME = new RegExp(
  WORDS.flatMap((w) => {
    if (w.length === 1) return letterPatterns(w);
    const lower = w.toLowerCase();
    const capitalised = [w, lower.charAt(0).toUpperCase() + lower.slice(1)];
    return [
      // A host name runs on (open.tiktokapis.com); a short word such as `meta` must end (metadata).
      `(?<![a-z])${escape(lower)}${lower.length < 5 ? '(?![a-z])' : ''}`,
      ...capitalised.map((c) => `${escape(c)}(?![a-z])`),
      `(?<![A-Z])${escape(w.toUpperCase().replace(/-/g, '_'))}(?![A-Z])`,
    ];
  }).join('|'),
);

/** The code of a file, comments blanked (line numbers kept); `//` after `:` (URLs) is not a comment. */
function code(source: string): string[] {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, ' '))
    .split('\n')
    .map((line) => line.replace(/(^|\s)\/\/.*$/, '$1'));
}

function mentions(file: string, text: string, allowed?: RegExp): string[] {
  return code(text).flatMap((line, i) => {
    const trimmed = line.trim();
    return NAME.test(trimmed) && !allowed?.test(trimmed) ? [`${file}:${i + 1}: ${trimmed}`] : [];
  });
}

describe('platform names in shared code', () => {
  it('catches a name in code, not in a comment or on a registry line', () => {
    expect(mentions('x.ts', "const url = 'https://open.tiktokapis.com';")).toHaveLength(1);
    expect(mentions('x.ts', 'tiktokApiBaseUrl: string;')).toHaveLength(1);
    expect(mentions('x.ts', "if (host === 'instagram-graph') x();")).toHaveLength(1);
    expect(mentions('x.ts', '  metaWebhookVerifyToken?: string;')).toHaveLength(1);
    expect(mentions('x.ts', '/** e.g. TikTok creator_info */\nconst a = 1; // Instagram too')).toEqual([]);
    expect(mentions('x.ts', 'const createTikTokPublisher = TIKTOK_CLIENT_KEY;')).toHaveLength(1);
    expect(mentions('x.ts', 'const metadata = reflectMetadata(metrics);')).toEqual([]);
    // X: named when quoted or as a prefix, not as a variable or inside MAX / Max.
    expect(mentions('x.ts', "if (platform === 'x') go();")).toHaveLength(1);
    expect(mentions('x.ts', 'const url = settings.xApiBaseUrl;')).toHaveLength(1);
    expect(mentions('x.ts', 'const p = createXPublisher(X_CLIENT_ID);')).toHaveLength(1);
    expect(mentions('x.ts', 'const max = Math.max(x, MAX_X); items.map((x) => x.id); @Max(10)')).toEqual([]);
    expect(mentions('r.ts', "import { tiktokPlatform } from './tiktok/platform.js';", SHARED.find((s) => s.file.endsWith('registry.ts'))?.allowed)).toEqual([]);
  });

  it('finds none in the config module, the shared publisher contracts and the sandbox core', () => {
    expect(SHARED.length).toBeGreaterThan(12); // the config module's files are scanned too
    expect(SHARED.flatMap(({ file, allowed }) => mentions(file, readFileSync(join(ROOT, file), 'utf8'), allowed))).toEqual([]);
  });
});
