import { Socket, type AddressInfo } from 'node:net';

import { waitFor } from '../../../test/pipeline-fixture.js';
import { setupOwner, type SessionClient } from '../../../test/session-client.js';
import { openSse, type SseStream } from '../../../test/sse-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';

const EVENTS = '/api/marketing-war-room/events';
const CLIENTS = 4;
const originalWrite = Socket.prototype.write;

describe('war-room event stream fan-out (issue #32 item 4): one serialization and one write per client per event, whatever the number of clients', () => {
  let db: TestDatabase;
  let api: TestApp;
  let owner: SessionClient;
  const streams: SseStream[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('sse_fanout');
    api = await startTestApp({ DATABASE_URL: db.url, ROLES: 'api' });
    await api.app.listen(0, '127.0.0.1');
    owner = await setupOwner(api.app.getHttpServer());
  });

  afterAll(async () => {
    for (const s of streams) s.close();
    await api?.close();
    await db?.drop();
  });

  it('writes the very same encoded frame to every client of the workspace, and each parses the identical event', async () => {
    const baseUrl = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
    for (let i = 0; i < CLIENTS; i++) {
      const stream = await openSse(`${baseUrl}${EVENTS}`, { cookie: `mwr_session=${owner.sessionToken}` });
      streams.push(stream);
      expect(stream.status).toBe(200);
      await waitFor(async () => stream.lastEventId !== undefined, 'the stream to start');
    }

    // Every chunk written to a connection (the API's and the test clients'), with the connection it went to.
    const written: { socket: Socket; chunk: unknown }[] = [];
    const write = jest.spyOn(Socket.prototype, 'write').mockImplementation(function (this: Socket, ...args: unknown[]) {
      written.push({ socket: this, chunk: args[0] });
      return originalWrite.apply(this, args as Parameters<Socket['write']>);
    } as Socket['write']);
    try {
      await owner.post('/api/marketing-war-room/automations/tiktok_warmup', { enabled: true }).expect(200);
      const events = await Promise.all(streams.map((s) => s.waitFor((e) => e.event === 'STATE_PATCH', 'the STATE_PATCH')));

      // Each client parsed the same event: same id, same data.
      for (const e of events) {
        expect(e.id).toBe(events[0]!.id);
        expect(e.data).toEqual(events[0]!.data);
      }
      const frames = written.filter((w) => (Buffer.isBuffer(w.chunk) ? w.chunk : Buffer.from(String(w.chunk))).includes('event: STATE_PATCH'));
      // One write per client, each to a different connection, all of one buffer serialized once and
      // already framed as one HTTP chunk (size line, event, CRLF: nothing written around it).
      expect(frames).toHaveLength(CLIENTS);
      expect(new Set(frames.map((f) => f.socket)).size).toBe(CLIENTS);
      for (const f of frames) expect(f.chunk).toBe(frames[0]!.chunk);
      const chunk = frames[0]!.chunk as Buffer;
      expect(Buffer.isBuffer(chunk)).toBe(true);
      expect(chunk.toString()).toMatch(/^[0-9a-f]+\r\nid: \d+\nevent: STATE_PATCH\ndata: .*\n\n\r\n$/);
      const [size, ...rest] = chunk.toString().split('\r\n');
      expect(Number.parseInt(size!, 16)).toBe(Buffer.byteLength(rest.join('\r\n')) - 2);
    } finally {
      write.mockRestore();
    }
  });
});
