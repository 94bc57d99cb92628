import { randomBytes } from 'node:crypto';

import { Redis } from 'ioredis';
import request from 'supertest';

import { waitFor } from '../../../test/pipeline-fixture.js';
import { startTestApp } from '../../../test/test-app.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../../../test/test-database.js';
import { EventBus, type BusMessage } from '../events/event-bus.js';
import { REDIS_CLIENT } from './redis.module.js';

describe('Redis module: connects with REDIS_URL and closes its connections with the app', () => {
  let db: TestDatabase;
  let admin: Redis;

  beforeAll(async () => {
    db = await createTestDatabase('redis');
    admin = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await admin?.quit();
    await db?.drop();
  });

  /** Connections of this server named `name` (other suites share the server, so count only ours). */
  const named = async (name: string) =>
    String(await admin.call('CLIENT', 'LIST'))
      .split('\n')
      .filter((line) => line.includes(` name=${name} `)).length;

  it('uses the REDIS_URL server (readiness, pub/sub) and leaves no connection behind after close', async () => {
    // ioredis takes options from the URL query: the name tags this app's connections in CLIENT LIST.
    const name = `mwr-redis-spec-${randomBytes(4).toString('hex')}`;
    expect(await named(name)).toBe(0);
    const t = await startTestApp({ DATABASE_URL: db.url, REDIS_URL: `${TEST_REDIS_URL}?connectionName=${name}`, ROLES: 'api' });
    let closed = false;
    try {
      const client = t.app.get<Redis>(REDIS_CLIENT);
      const ready = await request(t.app.getHttpServer()).get('/api/health/ready').expect(200);
      expect(ready.body.info.redis.status).toBe('up');
      expect(client.status).toBe('ready');
      expect(await named(name)).toBe(1);

      // The event bus rides the module's connection: a duplicate subscribes, the shared one publishes.
      const bus = t.app.get(EventBus);
      const seen: BusMessage[] = [];
      const unsubscribe = await bus.subscribe((m) => seen.push(m));
      await waitFor(async () => (await named(name)) === 2, 'the subscriber connection');
      const message = { kind: 'access_changed', reason: 'session_revoked', sessionId: randomBytes(8).toString('hex') } as const;
      await bus.publish(message);
      await waitFor(async () => seen.some((m) => m.kind === 'access_changed' && m.sessionId === message.sessionId), 'the published message');
      unsubscribe();

      await t.close();
      closed = true;
      await waitFor(async () => (await named(name)) === 0, 'the app connections to close');
      await waitFor(async () => client.status === 'end', 'the client to end');
    } finally {
      if (!closed) await t.close();
    }
  });
});
