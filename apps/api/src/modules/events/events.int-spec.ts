import { randomBytes } from 'node:crypto';

import { DataSource } from 'typeorm';

import { waitFor } from '../../../test/pipeline-fixture.js';
import { setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../../../test/test-database.js';
import { PublicationLedger } from '../queue/publication-ledger.js';
import { EventBus, type AccessChangedMessage, type BusMessage, type ProgressMessage } from './event-bus.js';
import { EventBusService } from './event-bus.service.js';

const N = 25;

/** Subscribes on `app` and collects what arrives. */
async function collector(app: TestApp) {
  const seen: BusMessage[] = [];
  const unsubscribe = await app.app.get(EventBus).subscribe((m) => seen.push(m));
  return { seen, unsubscribe };
}

describe.each([
  { label: 'PostgreSQL LISTEN/NOTIFY', redis: false, transport: 'postgres-listen+postgres-listen' },
  { label: 'PostgreSQL for job events, Redis pub/sub for the rest', redis: true, transport: 'postgres-listen+redis' },
])('event bus across two app instances on one database: $label', ({ redis, transport }) => {
  let db: TestDatabase;
  let publisher: TestApp;
  let subscriber: TestApp;
  let workspaceId: string;
  // A channel of our own per run: Redis is shared with other suites, so tag what we publish.
  const run = randomBytes(4).toString('hex');

  beforeAll(async () => {
    db = await createTestDatabase('events');
    const env: Record<string, string> = { DATABASE_URL: db.url, ROLES: 'api', ...(redis ? { REDIS_URL: TEST_REDIS_URL } : {}) };
    publisher = await startTestApp(env);
    subscriber = await startTestApp(env);
    const owner = await setupOwner(publisher.app.getHttpServer());
    workspaceId = (await owner.get('/api/workspaces/current').expect(200)).body.id;
  });
  afterAll(async () => {
    await subscriber?.close();
    await publisher?.close();
    await db?.drop();
  });

  it('reports its transport', () => {
    expect(subscriber.app.get(EventBusService).transport).toBe(transport);
  });

  it('delivers ephemeral messages published in one instance to a subscriber in the other, once each and in order', async () => {
    const remote = await collector(subscriber);
    // Stays subscribed in the other instance throughout: tells when a message has reached it.
    const watch = await collector(subscriber);
    const local = await collector(publisher);
    const bus = publisher.app.get(EventBus);
    const sent: ProgressMessage[] = [];
    for (let i = 0; i < N; i++) {
      const message: ProgressMessage = { kind: 'progress', workspaceId, publicationId: `${run}-${i}`, progressBytes: i * 1000, totalBytes: N * 1000 };
      sent.push(message);
      await bus.publish(message);
    }
    // A last marker: once it is in, everything sent before it has had its chance to arrive (twice, if it were going to).
    const marker: AccessChangedMessage = { kind: 'access_changed', reason: 'session_revoked', sessionId: `${run}-end-1` };
    await bus.publish(marker);
    const ours = (seen: BusMessage[]) =>
      seen.filter((m) => (m.kind === 'progress' && m.publicationId.startsWith(`${run}-`)) || (m.kind === 'access_changed' && m.sessionId?.startsWith(run)));
    await waitFor(async () => ours(remote.seen).some((m) => m.kind === 'access_changed'), 'the marker in the other instance');
    await waitFor(async () => ours(local.seen).some((m) => m.kind === 'access_changed'), 'the marker in the publishing instance');
    expect(ours(remote.seen)).toEqual([...sent, marker]);
    expect(ours(local.seen)).toEqual([...sent, marker]);

    // After unsubscribing, that handler hears nothing more; the other still does.
    remote.unsubscribe();
    const later: AccessChangedMessage = { kind: 'access_changed', reason: 'session_revoked', sessionId: `${run}-end-2` };
    await bus.publish(later);
    const isMarker = (m: BusMessage, sessionId: string) => m.kind === 'access_changed' && m.sessionId === sessionId;
    await waitFor(async () => ours(local.seen).some((m) => isMarker(m, later.sessionId!)), 'the second marker');
    // Delivery to the other instance is asynchronous: only subscribe anew once the second marker is
    // there too, so the new subscriber's first message can only be the third.
    await waitFor(async () => ours(watch.seen).some((m) => isMarker(m, later.sessionId!)), 'the second marker in the other instance');
    const other = await collector(subscriber);
    const third: AccessChangedMessage = { kind: 'access_changed', reason: 'session_revoked', sessionId: `${run}-end-3` };
    await bus.publish(third);
    await waitFor(async () => ours(watch.seen).some((m) => isMarker(m, third.sessionId!)), 'the third marker in the other instance');
    expect(ours(remote.seen)).toEqual([...sent, marker]);
    expect(ours(other.seen)).toEqual([third]);
    other.unsubscribe();
    watch.unsubscribe();
    local.unsubscribe();
  });

  it('delivers job events (NOTIFY from the statement that wrote them) once each, in id order, only after commit', async () => {
    const remote = await collector(subscriber);
    const ledger = publisher.app.get(PublicationLedger);
    const none = { workspaceId, id: null, publicationId: null };
    const sql = publisher.app.get(DataSource);
    const type = `spec.${run}`;
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      await ledger.record(sql, none, { type, toStatus: `s${i}` });
    }
    // Rolled back: must never be announced.
    await sql
      .transaction(async (tx) => {
        await ledger.record(tx, none, { type, toStatus: 'rolled-back' });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await ledger.record(sql, none, { type, toStatus: 'last' });
    ids.push(...(await sql.query('SELECT id::text AS id FROM job_events WHERE type = $1 ORDER BY job_events.id', [type])).map((r: { id: string }) => r.id));
    expect(ids).toHaveLength(N + 1);

    const ours = () => remote.seen.filter((m) => m.kind === 'job_event' && m.type === type);
    await waitFor(async () => ours().some((m) => m.kind === 'job_event' && m.status === 'last'), 'the last job event in the other instance');
    expect(ours()).toEqual(
      ids.map((id, i) => ({ kind: 'job_event', id, workspaceId, jobId: null, publicationId: null, type, status: i < N ? `s${i}` : 'last' })),
    );
    remote.unsubscribe();
  });
});
