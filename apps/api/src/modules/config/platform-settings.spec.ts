import type { PlatformSettingsSpec } from '@mwr/publishers';

import { PlatformSettingsError, readPlatformSettings } from './platform-settings.js';

/** A platform the registry does not have: its descriptor's settings are all the config needs to read it. */
const DEMO = {
  id: 'demo',
  settings: {
    apiUrl: { env: 'DEMO_API_URL', type: 'url', live: 'https://api.demo.example', sandboxPath: '/demo' },
    clientId: { env: 'DEMO_CLIENT_ID', type: 'string', pairedWith: 'clientSecret', sandboxDefault: 'sbx_demo_id' },
    clientSecret: { env: 'DEMO_CLIENT_SECRET', type: 'string', secret: true, pairedWith: 'clientId', sandboxDefault: 'sbx_demo_secret' },
    region: { env: 'DEMO_REGION', type: 'string', pattern: { source: '^[a-z]{2}$', message: 'must be two lower-case letters' }, default: 'eu' },
    dailyQuota: { env: 'DEMO_DAILY_QUOTA', type: 'integer', min: 1, default: 10 },
    pullPrefixes: { env: 'DEMO_PULL_PREFIXES', type: 'url_prefixes' },
  },
} as const satisfies { id: string; settings: PlatformSettingsSpec };

const ROOT = 'http://localhost:3000/sandbox';
const read = (env: Record<string, string | undefined>, mode: 'sandbox' | 'live' = 'sandbox') => readPlatformSettings(env, mode, ROOT, [DEMO]);

describe('readPlatformSettings (a platform is read from its descriptor alone)', () => {
  it('gives the sandbox defaults with nothing set, and the real host without client keys in live mode', () => {
    expect(read({})).toEqual({
      platforms: {
        demo: {
          apiUrl: `${ROOT}/demo`,
          clientId: 'sbx_demo_id',
          clientSecret: 'sbx_demo_secret',
          region: 'eu',
          dailyQuota: 10,
          pullPrefixes: [],
        },
      },
      problems: [],
    });
    expect(read({}, 'live').platforms.demo).toMatchObject({ apiUrl: 'https://api.demo.example', clientId: undefined, clientSecret: undefined, region: 'eu' });
  });

  it('reads the declared variables, trimmed, numbers as numbers and prefixes normalised', () => {
    const { platforms } = read({
      DEMO_API_URL: ' http://127.0.0.1:4010/demo ',
      DEMO_CLIENT_ID: 'id',
      DEMO_CLIENT_SECRET: 'secret',
      DEMO_REGION: 'us',
      DEMO_DAILY_QUOTA: '3',
      DEMO_PULL_PREFIXES: 'https://Media.example.com/v/, ',
    });
    expect(platforms.demo).toEqual({
      apiUrl: 'http://127.0.0.1:4010/demo',
      clientId: 'id',
      clientSecret: 'secret',
      region: 'us',
      dailyQuota: 3,
      pullPrefixes: ['https://media.example.com/v/'],
    });
  });

  it('names every malformed variable with what it got', () => {
    expect(read({ DEMO_API_URL: 'demo.example', DEMO_REGION: 'EUR', DEMO_DAILY_QUOTA: '1.5' }).problems).toEqual([
      'DEMO_API_URL must be an http(s) URL (got "demo.example")',
      'DEMO_REGION must be two lower-case letters (got "EUR")',
      'DEMO_DAILY_QUOTA must be a positive integer (got "1.5")',
    ]);
  });

  it('refuses one half of a pair, and a prefix that is not one', () => {
    expect(() => read({ DEMO_CLIENT_SECRET: 'secret' })).toThrow(new PlatformSettingsError('set both DEMO_CLIENT_ID and DEMO_CLIENT_SECRET or neither'));
    expect(() => read({ DEMO_PULL_PREFIXES: 'https://media.example.com/v' })).toThrow(
      /^DEMO_PULL_PREFIXES "https:\/\/media.example.com\/v" must end with "\/"/,
    );
  });
});
