import { EventEmitter } from 'node:events';

import type { PGlite, PGliteOptions, Results } from '@electric-sql/pglite';

interface PgLikeResult {
  rows: unknown[];
  rowCount: number;
  command?: string;
  fields: Results['fields'];
}

/**
 * A pg-compatible Pool over one embedded PGlite database, for TypeORM's postgres driver.
 *
 * PGlite is a single session, so sharing it between concurrent query runners would interleave
 * their transactions. This pool hands out the session to one client at a time (a FIFO mutex):
 * a transaction on the embedded database is therefore as isolated as on PostgreSQL.
 * Unlike typeorm-pglite, nothing is a process-wide singleton: each DataSource owns its database.
 */
class PGliteClient extends EventEmitter {
  constructor(private readonly db: PGlite) {
    super();
  }

  async query(sql: string | { text: string }, params?: unknown[] | ((err: Error | null, r?: PgLikeResult) => void)): Promise<PgLikeResult> {
    const text = typeof sql === 'string' ? sql : sql.text;
    const values = Array.isArray(params) ? params : undefined;
    if (values && values.length > 0) {
      return toPgResult(await this.db.query(text, values));
    }
    // Without parameters pg uses the simple protocol, which accepts several statements; so does exec().
    const results = await this.db.exec(text);
    return toPgResult(results[results.length - 1]);
  }
}

function toPgResult(result: Results | undefined): PgLikeResult {
  if (!result) return { rows: [], rowCount: 0, fields: [] };
  return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length, fields: result.fields };
}

export interface PGlitePoolFactoryOptions {
  dataDir?: string;
  create: (dataDir: string | undefined, options: PGliteOptions) => Promise<PGlite>;
  parsers?: PGliteOptions['parsers'];
}

export function createPGliteDriver(options: PGlitePoolFactoryOptions): { Pool: new () => EventEmitter } {
  let dbPromise: Promise<PGlite> | undefined;
  const database = () => (dbPromise ??= options.create(options.dataDir, { parsers: options.parsers }));
  let tail: Promise<void> = Promise.resolve();

  class PGlitePool extends EventEmitter {
    connect(callback: (err: Error | null, client: PGliteClient | null, release: (err?: unknown) => void) => void): void {
      let release!: () => void;
      const turn = new Promise<void>((resolve) => (release = resolve));
      const previous = tail;
      tail = previous.then(() => turn);
      previous.then(database).then(
        (db) => {
          let released = false;
          callback(null, new PGliteClient(db), () => {
            if (released) return;
            released = true;
            release();
          });
        },
        (error: Error) => {
          release();
          callback(error, null, () => undefined);
        },
      );
    }

    /**
     * NOTIFY on the embedded database reaches this process only (PGlite is one session in one
     * process): the events module listens here, and PGlite delivers after the commit.
     */
    async onNotification(callback: (channel: string, payload: string) => void): Promise<() => void> {
      return (await database()).onNotification(callback);
    }

    end(callback?: (err: Error | null) => void): void {
      const closing = dbPromise ? dbPromise.then((db) => db.close()) : Promise.resolve();
      dbPromise = undefined;
      closing.then(
        () => callback?.(null),
        (error: Error) => callback?.(error),
      );
    }
  }

  return { Pool: PGlitePool };
}
