import { ConfigError, describeConfig, loadConfig } from '../config/app-config.js';

describe('AI configuration (issue 24)', () => {
  it('is off when AI_BASE_URL is not set', () => {
    expect(loadConfig({ AI_MODEL: 'llama3.1', AI_API_KEY: 'sk-unused' }).ai).toBeUndefined();
    expect(describeConfig(loadConfig({})).ai).toBe('off');
  });

  it('reads the three variables, the timeout and the retry bound, and never logs the key', () => {
    const config = loadConfig({
      AI_BASE_URL: 'http://127.0.0.1:11434/v1/',
      AI_MODEL: 'llama3.1',
      AI_API_KEY: 'sk-s3cret-key',
      AI_TIMEOUT_MS: '5000',
      AI_MAX_RETRIES: '1',
    });
    expect(config.ai).toEqual({ baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1', apiKey: 'sk-s3cret-key', timeoutMs: 5000, maxRetries: 1 });
    expect(JSON.stringify(describeConfig(config))).not.toContain('s3cret');
    expect(loadConfig({ AI_BASE_URL: 'https://api.openai.com/v1', AI_MODEL: 'gpt-4o-mini' }).ai).toMatchObject({ timeoutMs: 30_000, maxRetries: 2 });
  });

  it('refuses a base URL without a model, a non-http URL and an unbounded retry count', () => {
    expect(() => loadConfig({ AI_BASE_URL: 'https://api.openai.com/v1' })).toThrow(/AI_MODEL is required/);
    expect(() => loadConfig({ AI_BASE_URL: 'ftp://x', AI_MODEL: 'm' })).toThrow(ConfigError);
    expect(() => loadConfig({ AI_BASE_URL: 'https://api.openai.com/v1', AI_MODEL: 'm', AI_MAX_RETRIES: '50' })).toThrow(/AI_MAX_RETRIES/);
  });
});
