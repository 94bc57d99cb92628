import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { DataSource } from 'typeorm';

import { JOB_STATUSES, PUBLICATION_STATUSES } from '@mwr/domain';

import { insertSocialAccount } from '../../../test/factories.js';
import { setupOwner } from '../../../test/session-client.js';
import { startTestApp } from '../../../test/test-app.js';
import { createTestDatabase } from '../../../test/test-database.js';
import { PublicationLedger } from './publication-ledger.js';
import { IllegalStatusTransition, takeIllegalTransitions } from './queue.errors.js';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '../..');
const LEDGER_REPOSITORY = 'modules/queue/ledger.repository.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.int-spec.ts') ? [path] : [];
  });
}

/** Every SQL write of a status column or the timeline in `text`, as a short description. */
function statusWrites(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/INSERT\s+INTO\s+(job_events|publish_jobs|platform_publications)\b/gi)) found.push(`INSERT INTO ${m[1]}`);
  // The SET list of an UPDATE (up to WHERE/FROM/RETURNING or the end of the string) assigns status?
  for (const m of text.matchAll(
    /UPDATE\s+(publish_jobs|platform_publications)\b(?:\s+(?!SET\b)\w+)?\s+SET\b([\s\S]*?)(?:\bWHERE\b|\bFROM\b|\bRETURNING\b|`|'|")/gi,
  )) {
    if (/(^|[\s,])status\s*=/i.test(m[2]!)) found.push(`UPDATE ${m[1]} SET status`);
  }
  return found;
}

/**
 * Counts, from now until stop(), the statements this process sends that touch a job, a publication or
 * the timeline, or open/close a transaction (pg's Client.query, the driver TypeORM loaded).
 */
function countStatements(sql: DataSource): { stop: () => number } {
  const { Client } = (sql.driver as unknown as { postgres: { Client: { prototype: { query: (...args: unknown[]) => unknown } } } }).postgres;
  const original = Client.prototype.query;
  let n = 0;
  Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    const text = typeof config === 'string' ? config : (config?.text ?? '');
    if (/publish_jobs|platform_publications|job_events|^\s*(START|BEGIN|COMMIT)/i.test(text)) n++;
    return original.apply(this, args);
  };
  return {
    stop: () => {
      Client.prototype.query = original;
      return n;
    },
  };
}

describe('the publication ledger is the only writer of job and publication status and of job_events', () => {
  it('finds no status or timeline write in apps/api/src outside the ledger repository', () => {
    const offenders = sourceFiles(SRC)
      .flatMap((path) => statusWrites(readFileSync(path, 'utf8')).map((w) => `${relative(SRC, path)}: ${w}`))
      .filter((w) => !w.startsWith(`${LEDGER_REPOSITORY}:`));
    expect(offenders).toEqual([]);
    // The scan sees the ledger's own writes, so it would see anyone else's.
    const own = statusWrites(readFileSync(join(SRC, LEDGER_REPOSITORY), 'utf8'));
    expect(new Set(own)).toEqual(
      new Set([
        'INSERT INTO job_events',
        'INSERT INTO publish_jobs',
        'INSERT INTO platform_publications',
        'UPDATE publish_jobs SET status',
        'UPDATE platform_publications SET status',
      ]),
    );
  });

  it('lets no other module reach into the queue repositories or drivers: they use QueueService and PublicationLedger', () => {
    const offenders = sourceFiles(SRC)
      .filter((path) => !relative(SRC, path).startsWith('modules/queue/'))
      .filter((path) => /from\s+'[./]*\/?queue\/(jobs\.repository|ledger\.repository|bullmq\.driver|postgres\.driver)\.js'/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(SRC, path));
    expect(offenders).toEqual([]);
  });

  it('finds no job or publication status set re-typed in SQL: they come from @mwr/domain', () => {
    const statusNames = new Set<string>([...JOB_STATUSES, ...PUBLICATION_STATUSES]);
    const offenders = sourceFiles(SRC).flatMap((path) =>
      [...readFileSync(path, 'utf8').matchAll(/\bstatus\s+IN\s*\(((?:\s*'[a-z_]+'\s*,?)+)\)/gi)]
        .map((m) => [...m[1]!.matchAll(/'([a-z_]+)'/g)].map((n) => n[1]!))
        .filter((names) => names.every((n) => statusNames.has(n)))
        .map((names) => `${relative(SRC, path)}: (${names.join(', ')})`),
    );
    expect(offenders).toEqual([]);
  });

  describe('against PostgreSQL', () => {
    let ctx: Awaited<ReturnType<typeof bootstrap>>;

    async function bootstrap() {
      const db = await createTestDatabase('ledger');
      const t = await startTestApp({ DATABASE_URL: db.url, ROLES: 'api' });
      const sql = t.app.get(DataSource);
      const owner = await setupOwner(t.app.getHttpServer());
      const workspaceId: string = (await owner.get('/api/auth/me')).body.workspace.id;
      const accountId = await insertSocialAccount(sql, workspaceId, 'tiktok');
      return { db, t, sql, owner, workspaceId, accountId, ledger: t.app.get(PublicationLedger) };
    }

    /** One due item with one target, scheduled through the ledger: its publication and job. */
    async function scheduled(): Promise<{ publicationId: string; jobId: string }> {
      const [item] = await ctx.sql.query(
        `INSERT INTO content_items (workspace_id, title, caption, scheduled_at, time_zone, status) VALUES ($1, 'ledger', 'c', now() - interval '1 second', 'UTC', 'scheduled') RETURNING id`,
        [ctx.workspaceId],
      );
      await ctx.sql.query('INSERT INTO content_item_targets (workspace_id, content_item_id, social_account_id) VALUES ($1, $2, $3)', [
        ctx.workspaceId,
        item.id,
        ctx.accountId,
      ]);
      const { jobs } = await ctx.ledger.scheduleDue(0, 10);
      expect(jobs).toHaveLength(1);
      const [row] = await ctx.sql.query('SELECT id AS "jobId", publication_id AS "publicationId" FROM publish_jobs WHERE id = $1', [jobs[0]!.id]);
      return row;
    }

    const state = async (publicationId: string) =>
      (
        await ctx.sql.query(
          `SELECT j.status AS job, p.status AS lane, (SELECT count(*)::int FROM job_events e WHERE e.publication_id = p.id) AS events FROM publish_jobs j JOIN platform_publications p ON p.id = j.publication_id WHERE p.id = $1`,
          [publicationId],
        )
      )[0];

    beforeAll(async () => (ctx = await bootstrap()));
    afterAll(async () => {
      await ctx?.t.close();
      await ctx?.db.drop();
    });

    it('refuses a worker moving a lane from a state it is not in, and writes nothing of the move', async () => {
      const { publicationId, jobId } = await scheduled();
      const [claimed] = await ctx.ledger.claimDue('ledger-worker', 10, 30);
      expect(claimed!.id).toBe(jobId);
      const before = await state(publicationId);
      expect(before).toMatchObject({ job: 'active', lane: 'pending' });

      // The worker believes the lane is uploading; it is pending: the ledger refuses, the transaction rolls back.
      const moved = ctx.sql.transaction((tx) =>
        ctx.ledger.release(tx, claimed!, { status: 'succeeded' }, { type: 'succeeded', toStatus: 'posted' }, { from: 'uploading', to: 'posted' }),
      );
      await expect(moved).rejects.toThrow(IllegalStatusTransition);
      await expect(moved).rejects.toThrow('publication ' + publicationId + ' was not "uploading"');
      expect(await state(publicationId)).toEqual(before);

      // A move the machine forbids (a worker un-posting a lane) never reaches the database.
      await expect(
        ctx.sql.transaction((tx) => ctx.ledger.transition(tx, claimed!, { from: 'posted', to: 'failed' }, { type: 'publication_status' })),
      ).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION', from: 'posted', to: 'failed' });
      expect(await state(publicationId)).toEqual(before);

      // Both refusals were recorded (the jest setup fails any test that leaves one behind).
      expect(takeIllegalTransitions().map((e) => `${e.from}->${e.to}`)).toEqual(['uploading->posted', 'posted->failed']);

      // The legal move goes through.
      await ctx.sql.transaction((tx) =>
        ctx.ledger.release(
          tx,
          claimed!,
          { status: 'queued', runAt: new Date() },
          { type: 'poll_later', toStatus: 'queued' },
          { from: 'pending', to: 'uploading' },
        ),
      );
      expect(await state(publicationId)).toEqual({ job: 'queued', lane: 'uploading', events: before.events + 1 });
    });

    it("saves a step's checkpoint, the publication's step, the lane's move and its timeline rows in one statement, only under the lease", async () => {
      const { publicationId, jobId } = await scheduled();
      // By id: the test before leaves its job queued and due.
      const claimed = await ctx.ledger.claimById(jobId, 'ledger-worker', 30);
      expect(claimed?.id).toBe(jobId);
      const before = await state(publicationId);
      const saved = async () =>
        (
          await ctx.sql.query(
            `SELECT j.checkpoint, p.step, p.remote_publish_id AS "remoteId", p.status AS lane,
                    (SELECT array_agg(e.type ORDER BY e.id) FROM job_events e WHERE e.publication_id = p.id AND e.type <> 'claimed' AND e.type <> 'queued') AS events
               FROM publish_jobs j JOIN platform_publications p ON p.id = j.publication_id WHERE p.id = $1`,
            [publicationId],
          )
        )[0];
      const step = (name: string, events: string[], lane?: { from: 'pending' | 'uploading'; to: 'uploading' | 'processing' }) => ({
        checkpoint: { step: name },
        name,
        remotePublishId: `remote-${name}`,
        ...(lane ? { lane } : {}),
        events: events.map((type) => ({ type, message: `step ${name}` })),
      });

      // Under the lease: everything lands, the timeline rows in the order given.
      const statements = countStatements(ctx.sql);
      expect(await ctx.ledger.saveStep(claimed!, step('init', ['started', 'publication_status', 'step_finished'], { from: 'pending', to: 'uploading' }))).toBe(
        true,
      );
      expect(statements.stop()).toBe(1);
      expect(await saved()).toEqual({
        checkpoint: { step: 'init' },
        step: 'init',
        remoteId: 'remote-init',
        lane: 'uploading',
        events: ['started', 'publication_status', 'step_finished'],
      });

      // A lane not where the worker believes: refused, and nothing of the step is written.
      await expect(
        ctx.ledger.saveStep(claimed!, step('upload', ['publication_status', 'step_finished'], { from: 'pending', to: 'uploading' })),
      ).rejects.toThrow(IllegalStatusTransition);
      expect(takeIllegalTransitions().map((e) => `${e.from}->${e.to}`)).toEqual(['pending->uploading']);
      const afterInit = await saved();
      expect(afterInit.checkpoint).toEqual({ step: 'init' });
      expect(afterInit.events).toHaveLength(3);

      // A step that moves no lane still saves its checkpoint and step.
      expect(await ctx.ledger.saveStep(claimed!, step('upload', ['step_finished']))).toBe(true);
      expect(await saved()).toMatchObject({ checkpoint: { step: 'upload' }, step: 'upload', lane: 'uploading' });

      // The lease lost (another claim took the job: a new fencing token): nothing is written.
      await ctx.sql.query(`UPDATE publish_jobs SET fencing_token = fencing_token + 1 WHERE id = $1`, [jobId]);
      const lost = await saved();
      expect(await ctx.ledger.saveStep(claimed!, step('status', ['publication_status', 'step_finished'], { from: 'uploading', to: 'processing' }))).toBe(false);
      expect(await saved()).toEqual(lost);
      expect((await state(publicationId)).events).toBe(before.events + 4);
    });

    it('keeps a cancelled publication cancelled: retry is refused with 409 and nothing moves', async () => {
      const { publicationId } = await scheduled();
      await ctx.owner.call('post', `/api/publications/${publicationId}/cancel`).expect(204);
      const cancelled = await state(publicationId);
      expect(cancelled).toMatchObject({ job: 'cancelled', lane: 'cancelled' });
      const res = await ctx.owner.call('post', `/api/publications/${publicationId}/retry`).expect(409);
      expect(res.body).toMatchObject({ statusCode: 409, code: 'INVALID_STATE' });
      expect(res.body.message).toMatch(/cancelled/);
      expect(await state(publicationId)).toEqual(cancelled);
    });
  });
});
