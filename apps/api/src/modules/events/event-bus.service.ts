import { EventEmitter } from 'node:events';

import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { sqlRows } from '../../common/database/db.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { REDIS_CLIENT } from '../redis/redis.module.js';
import {
  BUS_CHANNEL,
  EventBus,
  JOB_EVENTS_CHANNEL,
  parseBusMessage,
  parseJobEvent,
  REDIS_BUS_CHANNEL,
  type AccessChangedMessage,
  type BusHandler,
  type BusMessage,
  type ProgressMessage,
} from './event-bus.js';

/** A source of messages for this process; started on the first subscription, stopped at shutdown. */
interface Listener {
  start(emit: (message: BusMessage) => void): Promise<void>;
  stop(): Promise<void>;
}

const RECONNECT_MAX_MS = 10_000;

/**
 * LISTEN on a dedicated connection (the pool's connections come and go, a LISTEN must stay).
 * When the connection drops, it reconnects with backoff and reports a gap: what was notified in
 * between is lost for this process, so its SSE clients are told to refetch.
 */
class PgListener implements Listener {
  private client?: Client;
  private stopped = false;
  private attempt = 0;
  private readonly logger = new Logger('EventBus');

  constructor(
    private readonly url: string,
    private readonly channels: string[],
  ) {}

  async start(emit: (message: BusMessage) => void): Promise<void> {
    await this.connect(emit, false);
  }

  private async connect(emit: (message: BusMessage) => void, reconnect: boolean): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'mwr-events' });
    client.on('notification', (n) => {
      if (!n.payload) return;
      const message = n.channel === JOB_EVENTS_CHANNEL ? parseJobEvent(n.payload) : parseBusMessage(n.payload);
      if (message) emit(message);
    });
    const retry = (error: Error) => {
      if (this.stopped || this.client !== client) return;
      this.client = undefined;
      client.removeAllListeners('error');
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      const delay = Math.min(RECONNECT_MAX_MS, 250 * 2 ** this.attempt++);
      this.logger.warn(`event listener lost its connection (${error.message}); reconnecting in ${delay} ms`);
      setTimeout(() => void this.connect(emit, true).catch((e: Error) => retry(e)), delay).unref();
    };
    client.on('error', retry);
    client.on('end', () => retry(new Error('connection ended')));
    this.client = client;
    try {
      await client.connect();
      for (const channel of this.channels) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      if (!reconnect) {
        this.client = undefined;
        await client.end().catch(() => undefined);
        throw error;
      }
      retry(error as Error);
      return;
    }
    this.attempt = 0;
    if (reconnect) emit({ kind: 'gap', reason: 'event listener reconnected' });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}

/** The embedded database: PGlite delivers its NOTIFYs (after commit) to the one process that holds it. */
class PgliteListener implements Listener {
  private unsubscribe?: () => void;
  constructor(private readonly dataSource: DataSource) {}

  async start(emit: (message: BusMessage) => void): Promise<void> {
    const pool = (
      this.dataSource.driver as unknown as { master?: { onNotification?: (cb: (channel: string, payload: string) => void) => Promise<() => void> } }
    ).master;
    if (!pool?.onNotification) throw new Error('the embedded database does not expose notifications');
    this.unsubscribe = await pool.onNotification((channel, payload) => {
      if (channel !== JOB_EVENTS_CHANNEL) return;
      const message = parseJobEvent(payload);
      if (message) emit(message);
    });
    await sqlRows(this.dataSource, `LISTEN ${JOB_EVENTS_CHANNEL}`);
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
  }
}

/** Redis pub/sub on its own connection (a subscribed connection can do nothing else). */
class RedisListener implements Listener {
  private subscriber?: Redis;
  constructor(private readonly redis: Redis) {}

  async start(emit: (message: BusMessage) => void): Promise<void> {
    const subscriber = this.redis.duplicate({ lazyConnect: true, enableOfflineQueue: true, maxRetriesPerRequest: null });
    subscriber.on('error', () => undefined);
    let ready = false;
    subscriber.on('ready', () => {
      if (ready) emit({ kind: 'gap', reason: 'redis subscriber reconnected' });
      ready = true;
    });
    subscriber.on('message', (_channel: string, payload: string) => {
      const message = parseBusMessage(payload);
      if (message) emit(message);
    });
    this.subscriber = subscriber;
    await subscriber.connect();
    await subscriber.subscribe(REDIS_BUS_CHANNEL);
  }

  async stop(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }
}

/**
 * The event bus of this process. Job events always come from Postgres NOTIFY, sent by the very
 * statement that wrote the job_events row (so they exist only once committed): through a
 * dedicated LISTEN connection with DATABASE_URL, or from PGlite itself when embedded. Ephemeral
 * messages (progress) go over Redis pub/sub when REDIS_URL is set, else NOTIFY on PostgreSQL,
 * else an in-process emitter (the embedded database means a single process).
 */
@Injectable()
export class EventBusService extends EventBus implements OnApplicationShutdown {
  readonly transport: string;
  private readonly logger = new Logger(EventBusService.name);
  private readonly local = new EventEmitter().setMaxListeners(0);
  private readonly listeners: Listener[] = [];
  private starting?: Promise<void>;
  private readonly handlers = new Set<BusHandler>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(REDIS_CLIENT) private readonly redis?: Redis,
  ) {
    super();
    const jobs = config.databaseUrl ? 'postgres-listen' : 'pglite-notify';
    const ephemeral = this.redis ? 'redis' : config.databaseUrl ? 'postgres-listen' : 'in-process';
    this.transport = `${jobs}+${ephemeral}`;
  }

  async publish(message: ProgressMessage | AccessChangedMessage): Promise<void> {
    const payload = JSON.stringify(message);
    if (this.redis) {
      if (this.redis.status === 'wait') await this.redis.connect().catch(() => undefined);
      await this.redis.publish(REDIS_BUS_CHANNEL, payload);
    } else if (this.config.databaseUrl) {
      await sqlRows(this.dataSource, 'SELECT pg_notify($1, $2)', [BUS_CHANNEL, payload]);
    } else {
      // After the caller's write: emit asynchronously, as a transport would.
      setImmediate(() => this.local.emit('message', message));
    }
  }

  async subscribe(handler: BusHandler): Promise<() => void> {
    this.handlers.add(handler);
    await (this.starting ??= this.start());
    return () => this.handlers.delete(handler);
  }

  private async start(): Promise<void> {
    const emit = (message: BusMessage) => {
      for (const handler of this.handlers) {
        try {
          handler(message);
        } catch (error) {
          this.logger.error(`event handler failed: ${(error as Error).message}`);
        }
      }
    };
    if (this.config.databaseUrl) {
      this.listeners.push(new PgListener(this.config.databaseUrl, this.redis ? [JOB_EVENTS_CHANNEL] : [JOB_EVENTS_CHANNEL, BUS_CHANNEL]));
    } else {
      this.listeners.push(new PgliteListener(this.dataSource));
    }
    if (this.redis) this.listeners.push(new RedisListener(this.redis));
    else if (!this.config.databaseUrl) this.local.on('message', emit);
    for (const listener of this.listeners) await listener.start(emit);
    this.logger.log(`listening for events (${this.transport})`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.handlers.clear();
    this.local.removeAllListeners();
    await Promise.all(this.listeners.map((l) => l.stop()));
  }
}
