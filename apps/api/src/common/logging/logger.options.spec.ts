import { redactUrl } from './logger.options.js';

describe('redactUrl (the access log URL)', () => {
  it.each([
    [
      '/api/accounts/callback/tiktok?code=abc123&state=s.t.a&scopes=user.info.basic',
      '/api/accounts/callback/tiktok?code=[redacted]&state=[redacted]&scopes=[redacted]',
    ],
    [
      '/api/webhooks/instagram?hub.mode=subscribe&hub.verify_token=secret&hub.challenge=42',
      '/api/webhooks/instagram?hub.mode=[redacted]&hub.verify_token=[redacted]&hub.challenge=[redacted]',
    ],
    ['/media/YXNzZXQ.c2lnbmF0dXJl', '/media/[redacted]'],
    ['/media/YXNzZXQ.c2lnbmF0dXJl?download=1', '/media/[redacted]?download=[redacted]'],
    ['/api/auth/invitations/Zm9vYmFyYmF6cXV4cXV1eA', '/api/auth/invitations/[redacted]'],
    ['/invite/Zm9vYmFyYmF6cXV4cXV1eA', '/invite/[redacted]'],
    ['/api/auth/invitations/accept', '/api/auth/invitations/accept'],
    ['/api/auth/invitations/accepted-looking-token-xyz', '/api/auth/invitations/[redacted]'],
    ['/api/uploads/0b7c3f5e9d2a4c1b', '/api/uploads/0b7c3f5e9d2a4c1b'],
    ['/api/audit-log?flag', '/api/audit-log?flag'],
    ['/api/accounts/7d1c/test', '/api/accounts/7d1c/test'],
  ])('%s -> %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});
