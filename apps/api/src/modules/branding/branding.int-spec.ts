import { crc32, deflateSync } from 'node:zlib';

import request from 'supertest';
import { DataSource } from 'typeorm';

import { inDays, insertSocialAccount } from '../../../test/factories.js';
import { addMember, OWNER, setupOwner, type SessionClient } from '../../../test/session-client.js';
import { SmtpInbox } from '../../../test/smtp-inbox.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { NotificationMailer } from '../notifications/notification-mailer.tick.js';
import { MAX_LOGO_BYTES } from './logo-image.js';

/** A real PNG: `size` × `size` pixels of one colour. */
function png(size: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const BRAND = { productName: 'Acme Studio', primaryColor: '#1d4ed8', accentColor: '#0e7490', customHost: 'review.acme.test' };

/** White-label (issue 25): settings, contrast and host checks, Host resolution, logos, branded review links and e-mails. */
describe('white-label branding (PostgreSQL, SMTP)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let inbox: SmtpInbox;
  let owner: SessionClient;
  let workspaceId: string;

  beforeAll(async () => {
    inbox = new SmtpInbox();
    await inbox.start();
    db = await createTestDatabase('branding');
    t = await startTestApp({
      DATABASE_URL: db.url,
      ROLES: 'api,scheduler',
      SCHEDULER_TICK_MS: '3600000',
      LOGIN_ATTEMPTS_PER_IP: '1000',
      SMTP_URL: inbox.url,
      PUBLIC_URL: 'https://app.example.test',
    });
    owner = await setupOwner(t.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me').expect(200)).body.workspace.id;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await inbox?.stop();
  });

  const server = () => t.app.getHttpServer();
  const put = (client: SessionClient, body: object) => client.call('put', '/api/workspaces/current/branding', { body });
  const uploadLogo = (client: SessionClient, bytes: Buffer, type = 'image/png') =>
    client.call('put', '/api/workspaces/current/branding/logo').set('content-type', type).send(bytes);
  const publicBranding = (host: string) => request(server()).get('/api/branding').set('Host', host);

  it('keeps the default when nothing is set, on any host', async () => {
    expect((await owner.get('/api/workspaces/current/branding').expect(200)).body).toEqual({
      productName: null,
      logoUrl: null,
      primaryColor: null,
      accentColor: null,
      customHost: null,
      updatedAt: null,
    });
    expect((await publicBranding('app.example.test').expect(200)).body).toEqual({
      productName: 'Marketing War Room',
      logoUrl: null,
      primaryColor: null,
      accentColor: null,
    });
  });

  it('refuses a primary colour white text cannot be read on with 422 and the computed ratio, and changes nothing', async () => {
    const res = await put(owner, { ...BRAND, customHost: null, primaryColor: '#FFD700' }).expect(422);
    expect(res.body).toMatchObject({ code: 'BRANDING_CONTRAST_TOO_LOW', params: { field: 'primaryColor', color: '#ffd700', ratio: 1.4, minimum: 4.5 } });
    expect(res.body.message).toContain('1.4:1');
    const accent = await put(owner, { ...BRAND, customHost: null, accentColor: '#fde68a' }).expect(422);
    expect(accent.body.params).toMatchObject({ field: 'accentColor', minimum: 3 });
    expect((await owner.get('/api/workspaces/current/branding').expect(200)).body.updatedAt).toBeNull();
    await put(owner, { primaryColor: 'blue' }).expect(400);
  });

  it('lets admins change the branding, every member read it, and no one else write it', async () => {
    const saved = (await put(owner, BRAND).expect(200)).body;
    expect(saved).toMatchObject(BRAND);
    const editor = await addMember(server(), owner, 'ed@example.com', 'editor');
    expect((await editor.client.get('/api/workspaces/current/branding').expect(200)).body).toMatchObject(BRAND);
    expect((await put(editor.client, { productName: 'Hijacked' }).expect(403)).body.code).toBe('INSUFFICIENT_ROLE');
    expect((await uploadLogo(editor.client, png(4, [0, 0, 0])).expect(403)).body.code).toBe('INSUFFICIENT_ROLE');
  });

  it('gives a host to one workspace only, whatever its case, and never the installation’s own host', async () => {
    await put(owner, BRAND).expect(200);
    const other = await setupOtherWorkspace();
    const taken = await put(other, { customHost: 'Review.ACME.test' }).expect(409);
    expect(taken.body).toMatchObject({ code: 'BRANDING_HOST_TAKEN', params: { host: 'review.acme.test' } });
    expect((await put(other, { customHost: 'app.example.test' }).expect(409)).body.code).toBe('BRANDING_HOST_TAKEN');
    for (const bad of ['acme.test:8443', 'https://acme.test', 'localhost', 'acme.test/review', '127.0.0.1'])
      expect(`${bad} → ${(await put(other, { customHost: bad })).status}`).toBe(`${bad} → 400`);
    await put(other, { customHost: 'brand-b.example.test' }).expect(200);
    // Freed by its workspace, the host can be taken by another.
    await put(owner, { ...BRAND, customHost: null }).expect(200);
    await put(other, { customHost: 'review.acme.test' }).expect(200);
    await put(other, { customHost: null }).expect(200);
    await put(owner, BRAND).expect(200);
  });

  it('resolves the public branding from the Host header and shows nothing but how the page looks', async () => {
    await put(owner, BRAND).expect(200);
    for (const host of ['review.acme.test', 'REVIEW.acme.test:443']) {
      const res = await publicBranding(host).expect(200);
      expect(res.body).toEqual({ productName: 'Acme Studio', logoUrl: null, primaryColor: '#1d4ed8', accentColor: '#0e7490' });
    }
    const text = JSON.stringify((await publicBranding('review.acme.test').expect(200)).body);
    expect(text).not.toContain(workspaceId);
    expect(text).not.toContain('Acme"');
    expect(text).not.toContain('review.acme.test');
    // Any other host, a known one's parent included, gets the default.
    for (const host of ['acme.test', 'app.example.test', 'evil.example'])
      expect((await publicBranding(host).expect(200)).body.productName).toBe('Marketing War Room');
  });

  it("lets people sign in from the web app on a workspace's custom host, and only from a page of the host the request came to", async () => {
    await put(owner, BRAND).expect(200);
    const login = (origin: string, host: string) =>
      request(server()).post('/api/auth/login').set('origin', origin).set('host', host).send({ email: OWNER.email, password: OWNER.password });
    const onCustomHost = await login('https://review.acme.test', 'review.acme.test').expect(200);
    expect(onCustomHost.headers['set-cookie']).toBeDefined();
    // A host no workspace has, a custom host's page posting to another host, another scheme: refused.
    for (const [origin, host] of [
      ['https://brand-z.example.test', 'brand-z.example.test'],
      ['https://review.acme.test', 'app.example.test'],
      ['http://review.acme.test', 'review.acme.test'],
    ] as const) {
      const refused = await login(origin, host).expect(403);
      expect(refused.body.code).toBe('CROSS_ORIGIN_REJECTED');
      expect(refused.headers['set-cookie']).toBeUndefined();
    }
  });

  it('stores a PNG, JPEG or WebP logo checked by its bytes, serves it publicly by an opaque name, and forgets a replaced one', async () => {
    const first = png(8, [29, 78, 216]);
    const saved = (await uploadLogo(owner, first).expect(200)).body;
    expect(saved.logoUrl).toMatch(/^\/api\/branding\/logos\/[0-9a-f]{32}\.png$/);
    expect(saved.logoUrl).not.toContain(workspaceId);
    const served = await request(server()).get(saved.logoUrl).buffer(true).expect(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(served.body as Buffer, first)).toBe(0);
    expect((await publicBranding('review.acme.test').expect(200)).body.logoUrl).toBe(saved.logoUrl);

    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect((await uploadLogo(owner, svg, 'image/svg+xml').expect(415)).body.code).toBe('BRANDING_LOGO_TYPE');
    expect((await uploadLogo(owner, svg, 'image/png').expect(415)).body.code).toBe('BRANDING_LOGO_TYPE');
    expect((await uploadLogo(owner, first, 'image/jpeg').expect(415)).body.code).toBe('BRANDING_LOGO_TYPE');
    const huge = Buffer.concat([first, Buffer.alloc(MAX_LOGO_BYTES)]);
    expect((await uploadLogo(owner, huge).expect(413)).body.code).toBe('BRANDING_LOGO_TOO_LARGE');

    const second = (await uploadLogo(owner, png(8, [14, 116, 144])).expect(200)).body;
    expect(second.logoUrl).not.toBe(saved.logoUrl);
    await request(server()).get(saved.logoUrl).expect(404);
    await request(server()).get('/api/branding/logos/..%2F..%2Fetc%2Fpasswd').expect(404);
    const removed = (await owner.call('delete', '/api/workspaces/current/branding/logo').expect(200)).body;
    expect(removed.logoUrl).toBeNull();
    await request(server()).get(second.logoUrl).expect(404);
    await uploadLogo(owner, first).expect(200);
  });

  it('puts review links on the custom host and brands the client review page', async () => {
    await put(owner, BRAND).expect(200);
    const account = await insertSocialAccount(t.app.get(DataSource), workspaceId, 'tiktok');
    const item = (
      await owner
        .post('/api/content-items', { title: 'Launch', caption: 'Launch day', scheduledAt: inDays(2), timeZone: 'UTC', targets: [{ accountId: account }] })
        .expect(201)
    ).body;
    const link = (await owner.post('/api/review-links', { contentItemIds: [item.id] }).expect(201)).body;
    expect(link.url).toBe(`https://review.acme.test/review/${link.token}`);
    const page = (await request(server()).get(`/api/public/review/${link.token}`).expect(200)).body;
    expect(page.productName).toBe('Acme Studio');
    expect(page.branding).toMatchObject({ productName: 'Acme Studio', primaryColor: '#1d4ed8', accentColor: '#0e7490' });
    expect(page.branding.logoUrl).toMatch(/^\/api\/branding\/logos\//);
  });

  it('brands the e-mails: product name, colour, logo and links on the custom host, in the member’s language', async () => {
    await put(owner, BRAND).expect(200);
    await owner.patch('/api/review-settings', { policy: 'required_internal', allowSelfApproval: false }).expect(200);
    const sql = t.app.get(DataSource);
    await sql.query(`UPDATE users SET locale = 'fr' WHERE email = 'owner@example.com'`);
    const writer = await addMember(server(), owner, 'writer@example.com', 'editor');
    const account = await insertSocialAccount(sql, workspaceId, 'tiktok');
    const item = (
      await writer.client
        .post('/api/content-items', { title: 'Soldes', caption: 'Soldes d’hiver', scheduledAt: inDays(2), timeZone: 'UTC', targets: [{ accountId: account }] })
        .expect(201)
    ).body;
    await writer.client.post(`/api/content-items/${item.id}/review`).expect(200);
    await t.app.get(NotificationMailer).send();
    const [mail] = inbox.to('owner@example.com');
    expect(mail).toBeDefined();
    expect(mail!.subject).toBe('Acme Studio: writer demande une relecture de « Soldes »');
    expect(mail!.text).toContain(`https://review.acme.test/posts/${item.id}`);
    expect(mail!.text).toContain('Cet e-mail vous est envoyé par Acme Studio');
    expect(mail!.html).toContain('color:#1d4ed8');
    expect(mail!.html).toContain('background:#1d4ed8');
    expect(mail!.html).toMatch(/<img src="https:\/\/review\.acme\.test\/api\/branding\/logos\/[0-9a-f]{32}\.png"/);
    expect(mail!.html).not.toContain('Marketing War Room');
  });

  /** A second workspace with its own owner (another account, so it is an admin there and nowhere else). */
  async function setupOtherWorkspace(): Promise<SessionClient> {
    const other = await addMember(server(), owner, 'bea@example.com', 'viewer');
    await other.client.post('/api/workspaces', { name: 'Brand B' }).expect(201);
    const ws = (await other.client.get('/api/workspaces').expect(200)).body.find((w: { name: string }) => w.name === 'Brand B');
    await other.client.post('/api/auth/switch-workspace', { workspaceId: ws.id }).expect(200);
    return other.client;
  }
});
