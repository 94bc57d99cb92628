import { SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';

const ID = '0b6f1c2e-3d4a-4b5c-8d6e-7f8091a2b3c4';
const b64 = (s: string) => Buffer.from(s).toString('base64url');

/** Every keyset-paged route, with a well-formed cursor of its kind (which must be accepted). */
const ROUTES: { route: string; wellFormed: string }[] = [
  { route: '/api/assets?', wellFormed: b64(`1796587200123000|${ID}`) },
  { route: '/api/content-items?', wellFormed: b64(`1796587200123000|${ID}`) },
  { route: '/api/marketing-war-room/queue/recent?', wellFormed: b64(`1796587200123000|${ID}`) },
  { route: '/api/marketing-war-room/jobs?state=open&', wellFormed: b64(`1796587200123000|${ID}`) },
  { route: '/api/marketing-war-room/jobs?state=finished&', wellFormed: b64(`1796587200123000|${ID}`) },
  { route: '/api/audit-log?', wellFormed: b64('12345') },
  { route: '/api/marketing-war-room/automations/ig_welcome_dm/activity?', wellFormed: b64('12345') },
];

/** Cursors no route ever returned: decodable garbage, wrong field counts and kinds, out-of-range numbers, bad characters. */
const MALFORMED = [
  'abc',
  '-1',
  '9999999999999999999',
  '99999999999999999999',
  b64('12345|not-a-uuid'),
  b64(`yesterday|${ID}`),
  b64(`${'9'.repeat(19)}|${ID}`),
  b64(`1|${ID}|extra`),
  b64('9'.repeat(19)),
  b64('x'),
  '%00',
  'a+b/c=',
  'a'.repeat(201),
];

describe('keyset cursors on every paged route (PostgreSQL)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let owner: SessionClient;

  beforeAll(async () => {
    db = await createTestDatabase('cursors');
    t = await startTestApp({ DATABASE_URL: db.url });
    owner = await setupOwner(t.app.getHttpServer());
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it.each(ROUTES)('answers a malformed cursor on $route with a 400 and a message, never a 500', async ({ route }) => {
    for (const cursor of MALFORMED) {
      const res = await owner.get(`${route}cursor=${encodeURIComponent(cursor)}`);
      expect({ cursor, status: res.status, code: res.body.code, message: typeof res.body.message }).toEqual({
        cursor,
        status: 400,
        code: expect.stringMatching(/^(INVALID_CURSOR|VALIDATION_FAILED)$/),
        message: 'string',
      });
    }
    const decodable = await owner.get(`${route}cursor=${b64('12345|not-a-uuid')}`);
    expect(decodable.body).toMatchObject({ statusCode: 400, code: 'INVALID_CURSOR', message: 'cursor must be the nextCursor of a previous page' });
  });

  it.each(ROUTES)('accepts a well-formed cursor on $route', async ({ route, wellFormed }) => {
    const res = await owner.get(`${route}cursor=${wellFormed}`);
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { items: expect.any(Array) } });
  });
});
