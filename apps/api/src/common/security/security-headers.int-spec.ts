import request from 'supertest';

import { startTestApp, type TestApp } from '../../../test/test-app.js';

describe('HTTP hardening', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ROLES: 'api' });
  });
  afterAll(() => t?.close());

  it('sends security headers with a same-origin CSP on API responses', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/health').expect(200);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    // PUBLIC_URL is http here: no HSTS (it would break plain-http setups).
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('keeps CORS closed: another origin gets no permission', async () => {
    const res = await request(t.app.getHttpServer())
      .options('/api/auth/login')
      .set('origin', 'https://evil.example')
      .set('access-control-request-method', 'POST');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const get = await request(t.app.getHttpServer()).get('/api/auth/status').set('origin', 'https://evil.example').expect(200);
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses bodies over the limit with 413 and the standard error body', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(1_100_000) }))
      .expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });
});

describe('HSTS over https', () => {
  it('is sent when PUBLIC_URL is https', async () => {
    const t = await startTestApp({ ROLES: 'api', PUBLIC_URL: 'https://mwr.example.com' });
    try {
      const res = await request(t.app.getHttpServer()).get('/api/health').expect(200);
      expect(res.headers['strict-transport-security']).toContain('max-age=31536000');
    } finally {
      await t.close();
    }
  });
});
