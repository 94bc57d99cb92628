import { ConfigError, describeConfig, loadConfig, maskUrl } from './app-config.js';

describe('loadConfig', () => {
  it('runs on embedded defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      redisUrl: undefined,
      logLevel: 'info',
      logFormat: 'pretty',
      publicUrl: 'http://localhost:3000',
    });
    expect(config.dataDir).toBe('/srv/app/data');
    expect([...config.roles]).toEqual(['api', 'worker', 'scheduler']);
  });

  it('fails with one line naming PORT when it is not a number', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/^Invalid configuration: PORT must be an integer between 1 and 65535 \(got "abc"\)$/);
  });

  it('names DATABASE_URL when it is not a postgres URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'nonsense' })).toThrow(/DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL \(got "nonsense"\)/);
  });

  it('reports every bad variable on the same line', () => {
    try {
      loadConfig({ PORT: '70000', LOG_FORMAT: 'xml', REDIS_URL: 'http://x' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/LOG_FORMAT/);
      expect(message).toMatch(/REDIS_URL/);
    }
  });

  it('sizes the database pool to the worker concurrency unless DATABASE_POOL_MAX says otherwise (issue #32 item 3)', () => {
    expect(loadConfig({ ROLES: 'worker', WORKER_CONCURRENCY: '64' }).databasePoolMax).toBe(32);
    expect(loadConfig({ ROLES: 'worker', WORKER_CONCURRENCY: '4' }).databasePoolMax).toBe(10);
    expect(loadConfig({ ROLES: 'api,scheduler', WORKER_CONCURRENCY: '64' }).databasePoolMax).toBe(10);
    expect(loadConfig({ ROLES: 'worker', WORKER_CONCURRENCY: '64', DATABASE_POOL_MAX: '20' }).databasePoolMax).toBe(20);
    expect(() => loadConfig({ DATABASE_POOL_MAX: '0' })).toThrow(/DATABASE_POOL_MAX/);
  });

  it('accepts a comma list of roles and refuses an unknown one', () => {
    expect([...loadConfig({ ROLES: 'worker, scheduler' }).roles]).toEqual(['worker', 'scheduler']);
    expect(() => loadConfig({ ROLES: 'api,cron' })).toThrow(/ROLES must be "all" or a comma list/);
  });

  it('masks secrets when the configuration is described for the log', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://mwr:s3cret@db:5432/mwr', REDIS_URL: 'redis://:hunter2@cache:6379' });
    const described = JSON.stringify(describeConfig(config));
    expect(described).not.toContain('s3cret');
    expect(described).not.toContain('hunter2');
    expect(described).toContain('postgres://mwr:****@db:5432/mwr');
    expect(maskUrl('redis://cache:6379')).toBe('redis://cache:6379');
  });
});

describe('platform URLs', () => {
  it('points at the in-process sandbox by default', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://mwr.example.com' });
    expect(config.platformMode).toBe('sandbox');
    expect(config.platforms).toEqual({
      tiktok: {
        authUrl: 'https://mwr.example.com/sandbox/tiktok-auth',
        apiBaseUrl: 'https://mwr.example.com/sandbox/tiktok',
        clientKey: 'sbx_tiktok_client_key',
        clientSecret: 'sbx_tiktok_client_secret',
        pullVerifiedPrefixes: [],
      },
      instagram: {
        authUrl: 'https://mwr.example.com/sandbox/instagram-auth',
        graphBaseUrl: 'https://mwr.example.com/sandbox/instagram-graph',
        facebookGraphBaseUrl: 'https://mwr.example.com/sandbox/facebook-graph',
        facebookAuthUrl: 'https://mwr.example.com/sandbox/facebook-graph',
        appId: '990000000000001',
        appSecret: 'sbx_instagram_app_secret',
        graphApiVersion: 'v26.0',
        webhookVerifyToken: undefined,
        publishQuota: 50,
      },
      youtube: {
        authUrl: 'https://mwr.example.com/sandbox/youtube-auth',
        oauthUrl: 'https://mwr.example.com/sandbox/youtube-oauth',
        apiBaseUrl: 'https://mwr.example.com/sandbox/youtube',
        clientId: 'sbx_youtube_client',
        clientSecret: 'sbx_youtube_secret',
        apiKey: 'sbx_youtube_api_key',
        insertCallsPerDay: 100,
        dailyUnits: 10_000,
      },
      x: {
        authUrl: 'https://mwr.example.com/sandbox/x-web',
        apiBaseUrl: 'https://mwr.example.com/sandbox/x-api',
        clientId: 'sbx_x_client',
        clientSecret: 'sbx_x_secret',
        appBearerToken: 'sbx_x_app_bearer_sbx_x_client',
      },
    });
  });

  it('uses the real hosts in live mode, and any server given explicitly', () => {
    const live = loadConfig({ PLATFORM_MODE: 'live', TIKTOK_API_BASE_URL: 'http://127.0.0.1:4010/tiktok' });
    expect(live.platforms.tiktok).toMatchObject({ authUrl: 'https://www.tiktok.com', apiBaseUrl: 'http://127.0.0.1:4010/tiktok', clientKey: undefined });
    expect(live.platforms.instagram).toMatchObject({ graphBaseUrl: 'https://graph.instagram.com', appId: undefined, appSecret: undefined });
    expect(() => loadConfig({ PLATFORM_MODE: 'fake' })).toThrow(/PLATFORM_MODE must be sandbox or live/);
  });

  it('keeps every platform variable name: client keys, Graph version, webhook token, quota', () => {
    const config = loadConfig({
      TIKTOK_AUTH_URL: 'https://tt.example/auth',
      TIKTOK_CLIENT_KEY: 'key',
      TIKTOK_CLIENT_SECRET: 'secret',
      INSTAGRAM_AUTH_URL: 'https://ig.example/auth',
      INSTAGRAM_GRAPH_BASE_URL: 'https://ig.example/graph',
      FACEBOOK_GRAPH_BASE_URL: 'https://fb.example/graph',
      FACEBOOK_AUTH_URL: 'https://fb.example/www',
      META_APP_ID: '42',
      META_APP_SECRET: 'app-secret',
      GRAPH_API_VERSION: 'v27.0',
      META_WEBHOOK_VERIFY_TOKEN: 'verify-me-please',
      INSTAGRAM_PUBLISH_QUOTA: '25',
    });
    expect(config.platforms.tiktok).toMatchObject({ authUrl: 'https://tt.example/auth', clientKey: 'key', clientSecret: 'secret' });
    expect(config.platforms.instagram).toEqual({
      authUrl: 'https://ig.example/auth',
      graphBaseUrl: 'https://ig.example/graph',
      facebookGraphBaseUrl: 'https://fb.example/graph',
      facebookAuthUrl: 'https://fb.example/www',
      appId: '42',
      appSecret: 'app-secret',
      graphApiVersion: 'v27.0',
      webhookVerifyToken: 'verify-me-please',
      publishQuota: 25,
    });
  });

  it('refuses a malformed platform variable on the same line as the others, and a half-set client pair', () => {
    expect(() => loadConfig({ PORT: 'abc', TIKTOK_API_BASE_URL: 'ftp://x', GRAPH_API_VERSION: '26', INSTAGRAM_PUBLISH_QUOTA: '0' })).toThrow(
      /^Invalid configuration: PORT must be an integer between 1 and 65535 \(got "abc"\); TIKTOK_API_BASE_URL must be an http\(s\) URL \(got "ftp:\/\/x"\); GRAPH_API_VERSION must look like v26.0 \(got "26"\); INSTAGRAM_PUBLISH_QUOTA must be a positive integer \(got "0"\)$/,
    );
    expect(() => loadConfig({ META_WEBHOOK_VERIFY_TOKEN: 'short' })).toThrow(/META_WEBHOOK_VERIFY_TOKEN must be 8–200 characters without spaces/);
    expect(() => loadConfig({ TIKTOK_CLIENT_KEY: 'key' })).toThrow(/^Invalid configuration: set both TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET or neither$/);
    expect(() => loadConfig({ PLATFORM_MODE: 'live', META_APP_SECRET: 's' })).toThrow(
      /^Invalid configuration: set both META_APP_ID and META_APP_SECRET or neither$/,
    );
  });

  it('reads TIKTOK_PULL_VERIFIED_PREFIXES as a comma list of normalised URL prefixes, empty by default', () => {
    expect(loadConfig({}, '/srv/app').platforms.tiktok?.pullVerifiedPrefixes).toEqual([]);
    expect(
      loadConfig({ TIKTOK_PULL_VERIFIED_PREFIXES: ' https://Media.example.com/videos/ , https://cdn.example.net/ ,' }, '/srv/app').platforms.tiktok
        ?.pullVerifiedPrefixes,
    ).toEqual(['https://media.example.com/videos/', 'https://cdn.example.net/']);
    expect(() => loadConfig({ TIKTOK_PULL_VERIFIED_PREFIXES: 'https://media.example.com/videos' })).toThrow(
      /^Invalid configuration: TIKTOK_PULL_VERIFIED_PREFIXES "https:\/\/media.example.com\/videos" must end with "\/"/,
    );
    expect(() => loadConfig({ TIKTOK_PULL_VERIFIED_PREFIXES: 'media.example.com/' })).toThrow(
      /TIKTOK_PULL_VERIFIED_PREFIXES "media.example.com\/" is not a URL/,
    );
  });

  it('re-checks open event streams every 5 s by default, SSE_ACCESS_RECHECK_MS otherwise, within 100 ms–5 min', () => {
    expect(loadConfig({}, '/srv/app').monitoring.sse.accessRecheckMs).toBe(5000);
    expect(loadConfig({ SSE_ACCESS_RECHECK_MS: '250' }, '/srv/app').monitoring.sse.accessRecheckMs).toBe(250);
    expect(() => loadConfig({ SSE_ACCESS_RECHECK_MS: '50' })).toThrow(/SSE_ACCESS_RECHECK_MS must be at least 100/);
    expect(() => loadConfig({ SSE_ACCESS_RECHECK_MS: '600000' })).toThrow(/SSE_ACCESS_RECHECK_MS must be at most 300000/);
  });

  it('limits each API key to 600 requests a minute by default, API_KEY_RATE_LIMIT_PER_MINUTE otherwise (a positive integer)', () => {
    expect(loadConfig({}, '/srv/app').auth.apiKeyRateLimitPerMinute).toBe(600);
    expect(loadConfig({ API_KEY_RATE_LIMIT_PER_MINUTE: '120' }, '/srv/app').auth.apiKeyRateLimitPerMinute).toBe(120);
    expect(() => loadConfig({ API_KEY_RATE_LIMIT_PER_MINUTE: '0' })).toThrow(/API_KEY_RATE_LIMIT_PER_MINUTE/);
  });
});
