import type { Socket } from 'node:net';

import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Request, Response } from 'express';

import type { AccessPolicy } from '@mwr/domain';

import type { Principal } from '../../common/auth/principal.js';
import { ACCESS_LOSS_MESSAGES, AccessRecheckService, type AccessLoss } from '../auth/access-recheck.service.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { EventBus, type AccessChangedMessage, type BusMessage, type JobEventMessage, type ProgressMessage } from '../events/event-bus.js';
import { MetricsService } from '../monitoring/metrics.service.js';
import { WarRoomRepository, type StoredEvent } from './war-room.repository.js';
import { queueItemView, WarRoomService } from './war-room.service.js';

export type LiveEventName = 'STATE_PATCH' | 'QUEUE_UPDATED' | 'HEALTH_UPDATED' | 'RESYNC' | 'NOTIFICATIONS_CHANGED';

/** The last frame of a stream whose caller lost access; it has no id (the resume point stays). */
export const ACCESS_REVOKED_EVENT = 'ACCESS_REVOKED';

/** Timeline events after which the account's health figures may have moved. */
const HEALTH_TYPES = new Set([
  'succeeded',
  'failed',
  'dead',
  'needs_review',
  'retry_scheduled',
  'waiting_reconnect',
  'waiting_person',
  'resumed',
  'rate_limited',
  'review_resolved',
]);

interface Frame {
  /** The durable event id behind it (job_events.id); absent for ephemeral frames. */
  durableId?: string;
  /** Serialized and encoded once per fan-out: every client of the workspace is written this same buffer. */
  bytes: Buffer;
  /** The same bytes as one HTTP/1.1 chunk (`<hex size>\r\n…\r\n`), made on first use and shared too. */
  chunk?: Buffer;
  /**
   * Per-account access (issue 25): the accounts this frame reveals (a lane row: every account its
   * item targets; health: its account). A member limited to some accounts gets it only when all
   * are theirs. `everyAccount`: it lists things about any account (the alerts): withheld from them.
   */
  accountIds?: readonly string[];
  everyAccount?: boolean;
}

/** The accounts a stream's caller may see; null: every account. */
const allowedOf = (client: Client): readonly string[] | null => (client.principal.kind === 'user' ? client.principal.allowedAccountIds : null);

/** Whether a frame may go to this client (per-account access). */
function visibleTo(client: Client, f: Frame): boolean {
  const allowed = allowedOf(client);
  if (allowed === null) return true;
  if (f.everyAccount) return false;
  return (f.accountIds ?? []).every((id) => allowed.includes(id));
}

const CRLF = Buffer.from('\r\n');

/** The frame wrapped as one chunk of a chunked response, once for all clients. */
function chunkOf(f: Frame): Buffer {
  return (f.chunk ??= Buffer.concat([Buffer.from(`${f.bytes.length.toString(16)}\r\n`, 'latin1'), f.bytes, CRLF]));
}

interface Client {
  workspaceId: string;
  /** Who opened it and the route's policy: re-checked every SSE_ACCESS_RECHECK_MS and on access changes. */
  principal: Principal;
  policy: AccessPolicy;
  res: Response;
  /**
   * The connection, written directly once the headers are out: one write of one shared buffer
   * per client and event (through the response, Node's http layer wrote the chunk size, the bytes
   * and a CRLF as three pieces, with a cork and a nextTick per write: most of the fan-out's
   * time at 5,000 clients). Undefined while the response does not own its socket yet (a
   * pipelined request behind another): then it goes through `res` like any response.
   */
  socket?: Socket;
  /** Whether the response is chunked (HTTP/1.1), so direct writes carry their chunk framing. */
  chunked: boolean;
  /** While its replay runs, live frames wait here (bounded like the socket buffer). */
  pending?: Frame[];
  pendingBytes: number;
  closed: boolean;
}

interface WorkspaceStream {
  clients: Set<Client>;
  /** Serialises the building of frames so they leave in the order the events came. */
  chain: Promise<void>;
  /** Newest durable id sent to this workspace's clients; ephemeral frames are numbered after it. */
  cursor: string;
  seq: number;
}

function frame(id: string, event: LiveEventName, data: unknown): Buffer {
  return Buffer.from(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

const HEARTBEAT: Frame = { bytes: Buffer.from(': heartbeat\n\n') };

const maxId = (a: string, b: string) => (BigInt(a) >= BigInt(b) ? a : b);

/**
 * The SSE side of the war room, per API process. Events reach it from the bus (job events by
 * Postgres NOTIFY, progress by Redis/NOTIFY/in-process); each is turned into frames once per
 * workspace and written to every client of that workspace. A client whose socket buffer grows
 * past SSE_CLIENT_BUFFER_BYTES is dropped (it reconnects with Last-Event-ID and catches up).
 *
 * Event ids: a durable event's id is its job_events id; an ephemeral one (progress) is
 * "<last durable id>.<n>". A reconnect replays job_events after the leading number, up to
 * SSE_REPLAY_LIMIT events; beyond that, or when the id is unknown, the client gets RESYNC.
 *
 * Access: a stream outlives the request the AuthGuard checked, so its caller is checked again
 * every SSE_ACCESS_RECHECK_MS (all streams of the process in one batch), and at once when the bus
 * announces an access change that may concern it (member removed or role changed, workspace
 * deleted, API key revoked, session revoked, password changed). A stream whose caller lost access
 * gets a last `ACCESS_REVOKED` event `{ reason, message }` and is ended; nothing follows it.
 */
@Injectable()
export class LiveEventsGateway implements OnApplicationShutdown {
  private readonly logger = new Logger(LiveEventsGateway.name);
  private readonly streams = new Map<string, WorkspaceStream>();
  private subscribed?: Promise<() => void>;
  private heartbeat?: NodeJS.Timeout;
  private accessTimer?: NodeJS.Timeout;
  /** The periodic re-check in flight, so a slow database does not pile them up. */
  private periodicRecheck?: Promise<void>;
  private clientCount = 0;

  constructor(
    private readonly bus: EventBus,
    private readonly repository: WarRoomRepository,
    private readonly service: WarRoomService,
    private readonly metrics: MetricsService,
    private readonly access: AccessRecheckService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get clients(): number {
    return this.clientCount;
  }

  async connect(principal: Principal, policy: AccessPolicy, workspaceId: string, req: Request, res: Response, lastEventId: string | undefined): Promise<void> {
    await (this.subscribed ??= this.bus.subscribe((m) => this.onMessage(m)));
    this.heartbeat ??= setInterval(() => this.beat(), this.config.monitoring.sse.heartbeatMs).unref();
    this.accessTimer ??= setInterval(() => {
      this.periodicRecheck ??= this.recheck(this.allClients()).finally(() => (this.periodicRecheck = undefined));
    }, this.config.monitoring.sse.accessRecheckMs).unref();

    req.socket.setTimeout(0);
    req.socket.setNoDelay(true);
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    res.setHeader('connection', 'keep-alive');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();

    const stream = this.stream(workspaceId);
    const socket = res.socket ?? undefined;
    const client: Client = { workspaceId, principal, policy, res, socket, chunked: res.chunkedEncoding, pending: [], pendingBytes: 0, closed: false };
    stream.clients.add(client);
    this.clientCount++;
    this.metrics.sseClients.set(this.clientCount);
    res.on('close', () => this.remove(client));
    this.write(client, 'retry: 3000\n\n');

    try {
      let cursor: string;
      if (lastEventId === undefined) {
        cursor = await this.repository.lastEventId(workspaceId);
        // An id with no data sets the browser's Last-Event-ID without dispatching an event, so
        // even a client that saw nothing yet resumes from here after a reconnect.
        this.write(client, `id: ${cursor}\n\n`);
      } else {
        cursor = await this.replay(client, lastEventId);
      }
      stream.cursor = maxId(stream.cursor, cursor);
      const pending = client.pending ?? [];
      client.pending = undefined;
      client.pendingBytes = 0;
      for (const f of pending) if (!f.durableId || BigInt(f.durableId) > BigInt(cursor)) this.write(client, f);
    } catch (error) {
      this.logger.warn(`event stream setup failed: ${(error as Error).message}`);
      this.write(client, frame(stream.cursor, 'RESYNC', { reason: 'replay_failed' }));
      client.pending = undefined;
    }
  }

  /** Sends what the client missed after `lastEventId`, in order; returns the cursor it reached. */
  private async replay(client: Client, lastEventId: string): Promise<string> {
    const match = /^(\d{1,18})(?:\.\d+)?$/.exec(lastEventId.trim());
    const latest = () => this.repository.lastEventId(client.workspaceId);
    if (!match) {
      const cursor = await latest();
      this.write(client, frame(cursor, 'RESYNC', { reason: 'unknown_event_id' }));
      return cursor;
    }
    const after = match[1]!;
    const limit = this.config.monitoring.sse.replayLimit;
    const events = await this.repository.eventsAfter(client.workspaceId, after, limit + 1);
    if (events.length > limit) {
      const cursor = await latest();
      this.write(client, frame(cursor, 'RESYNC', { reason: 'replay_window_exceeded' }));
      return cursor;
    }
    if (events.length === 0) return after;
    for (const f of await this.framesFor(client.workspaceId, events)) this.write(client, f);
    return events[events.length - 1]!.id;
  }

  /** Turns stored events into frames: lane updates, state patches, then the health of the accounts they touched. */
  private async framesFor(workspaceId: string, events: StoredEvent[]): Promise<Frame[]> {
    const publicationIds = [...new Set(events.map((e) => e.publicationId).filter((id): id is string => Boolean(id)))];
    const items = new Map((publicationIds.length ? await this.repository.queueItems(workspaceId, publicationIds) : []).map((r) => [r.publicationId, r]));
    // Only when a limited member listens: the accounts each publication's item targets.
    const itemAccounts =
      publicationIds.length && this.hasLimitedClient(workspaceId) ? await this.repository.itemAccountIds(workspaceId, publicationIds) : undefined;
    const frames: Frame[] = [];
    const healthAccounts = new Set<string>();
    for (const e of events) {
      if (e.type === 'automation_updated' && e.data.automation) {
        const automation = e.data.automation as { key: string };
        frames.push({ durableId: e.id, bytes: frame(e.id, 'STATE_PATCH', [{ op: 'replace', path: `/automations/${automation.key}`, value: automation }]) });
      } else if (e.type === 'alerts_changed') {
        frames.push({
          durableId: e.id,
          everyAccount: true,
          bytes: frame(e.id, 'STATE_PATCH', [{ op: 'replace', path: '/alerts', value: e.data.alerts ?? [] }]),
        });
      } else if (e.type === 'notifications_changed') {
        // Who has new notifications (ids only): their bells refetch GET /api/notifications.
        frames.push({ durableId: e.id, bytes: frame(e.id, 'NOTIFICATIONS_CHANGED', { userIds: e.data.userIds ?? [] }) });
      } else if (e.publicationId) {
        const item = items.get(e.publicationId);
        if (!item) continue;
        frames.push({
          durableId: e.id,
          accountIds: [...(itemAccounts?.get(e.publicationId) ?? []), item.accountId],
          bytes: frame(e.id, 'QUEUE_UPDATED', { ...queueItemView(item), eventType: e.type }),
        });
        if (HEALTH_TYPES.has(e.type)) healthAccounts.add(item.accountId);
      }
    }
    const lastId = events[events.length - 1]?.id;
    if (healthAccounts.size && lastId) {
      for (const health of await this.service.health(workspaceId, [...healthAccounts])) {
        frames.push({ durableId: lastId, accountIds: [health.accountId], bytes: frame(lastId, 'HEALTH_UPDATED', health) });
      }
    }
    return frames;
  }

  private onMessage(message: BusMessage): void {
    if (message.kind === 'access_changed') {
      const concerned = this.allClients().filter((c) => concerns(message, c));
      if (concerned.length) void this.recheck(concerned);
      return;
    }
    if (message.kind === 'gap') {
      for (const stream of this.streams.values()) {
        const bytes = frame(stream.cursor, 'RESYNC', { reason: message.reason });
        for (const client of stream.clients) this.deliver(client, { bytes });
      }
      return;
    }
    const stream = this.streams.get(message.workspaceId);
    if (!stream || stream.clients.size === 0) return;
    stream.chain = stream.chain
      .then(() => (message.kind === 'job_event' ? this.liveJobEvent(message) : this.liveProgress(stream, message)))
      .then((frames) => {
        if (frames.length === 0) return;
        for (const f of frames) if (f.durableId) stream.cursor = maxId(stream.cursor, f.durableId);
        // An event's frames (a lane update and the account's health) leave in one write per client.
        const batch = frames.length === 1 ? frames[0]! : { bytes: Buffer.concat(frames.map((f) => f.bytes)) };
        for (const client of stream.clients) {
          // A member limited to some accounts gets the frames one by one, those about their accounts only.
          if (client.pending || allowedOf(client) !== null) for (const f of frames) this.deliver(client, f);
          else this.write(client, batch);
        }
      })
      .catch((error: Error) => this.logger.warn(`live event dropped: ${error.message}`));
  }

  private async liveJobEvent(message: JobEventMessage): Promise<Frame[]> {
    // Lane updates are built from the publication row; only state patches need the stored data.
    const needsData = !message.publicationId;
    const events: StoredEvent[] = needsData
      ? await this.repository.eventsById([message.id])
      : [
          {
            id: message.id,
            workspaceId: message.workspaceId,
            jobId: message.jobId,
            publicationId: message.publicationId,
            type: message.type,
            status: message.status,
            data: {},
          },
        ];
    return this.framesFor(message.workspaceId, events);
  }

  private async liveProgress(stream: WorkspaceStream, message: ProgressMessage): Promise<Frame[]> {
    const [item] = await this.repository.queueItems(message.workspaceId, [message.publicationId]);
    if (!item) return [];
    const itemAccounts = this.hasLimitedClient(message.workspaceId)
      ? await this.repository.itemAccountIds(message.workspaceId, [message.publicationId])
      : undefined;
    const id = `${stream.cursor}.${++stream.seq}`;
    return [
      {
        accountIds: [...(itemAccounts?.get(message.publicationId) ?? []), item.accountId],
        bytes: frame(id, 'QUEUE_UPDATED', {
          ...queueItemView(item),
          progressBytes: message.progressBytes,
          totalBytes: message.totalBytes ?? item.totalBytes,
          eventType: null,
        }),
      },
    ];
  }

  private deliver(client: Client, f: Frame): void {
    if (client.pending) {
      client.pending.push(f);
      client.pendingBytes += f.bytes.length;
      if (client.pendingBytes > this.config.monitoring.sse.clientBufferBytes) this.drop(client, 'buffer_full');
      return;
    }
    this.write(client, f);
  }

  /** Whether a member limited to some accounts follows this workspace's stream (frames then say their accounts). */
  private hasLimitedClient(workspaceId: string): boolean {
    for (const client of this.streams.get(workspaceId)?.clients ?? []) if (allowedOf(client) !== null) return true;
    return false;
  }

  /** Writes unless the client's unread backlog would pass the bound, in which case it is dropped. */
  private write(client: Client, data: Frame | string | Buffer): void {
    if (client.closed) return;
    const f = typeof data === 'string' || Buffer.isBuffer(data) ? { bytes: Buffer.from(data) } : data;
    if (!visibleTo(client, f)) return;
    const socket = client.socket;
    if (socket) {
      if (socket.destroyed) return; // its 'close' removes the client
      const out = client.chunked ? chunkOf(f) : f.bytes;
      if (socket.writableLength + out.length > this.config.monitoring.sse.clientBufferBytes) return this.drop(client, 'slow_client');
      socket.write(out);
      return;
    }
    if (client.res.writableLength + f.bytes.length > this.config.monitoring.sse.clientBufferBytes) return this.drop(client, 'slow_client');
    client.res.write(f.bytes);
  }

  private allClients(): Client[] {
    return [...this.streams.values()].flatMap((s) => [...s.clients]);
  }

  /** Checks the callers of these streams again and closes the streams of those who lost access. */
  private async recheck(clients: Client[]): Promise<void> {
    const open = clients.filter((c) => !c.closed);
    if (open.length === 0) return;
    try {
      const verdicts = await this.access.recheck(open.map((c) => ({ principal: c.principal, policy: c.policy })));
      open.forEach((client, i) => {
        const loss = verdicts[i];
        if (loss) this.revoke(client, loss);
      });
    } catch (error) {
      // Revocations are database writes: the next re-check (or announcement) sees them.
      this.logger.warn(`event stream access re-check failed: ${(error as Error).message}`);
    }
  }

  /** The last frame, then the end: written past any pending replay, and nothing after it. */
  private revoke(client: Client, loss: AccessLoss): void {
    if (client.closed) return;
    this.logger.log(`closing an event stream of workspace ${client.workspaceId}: access ended (${loss})`);
    const text = `event: ${ACCESS_REVOKED_EVENT}\ndata: ${JSON.stringify({ reason: loss, message: ACCESS_LOSS_MESSAGES[loss] })}\n\n`;
    if (client.res.writableLength + text.length <= this.config.monitoring.sse.clientBufferBytes) client.res.write(text);
    this.remove(client);
    client.res.end();
  }

  private beat(): void {
    for (const stream of this.streams.values()) for (const client of stream.clients) if (!client.pending) this.write(client, HEARTBEAT);
  }

  private drop(client: Client, reason: string): void {
    if (client.closed) return;
    this.metrics.sseDropped.inc({ reason });
    this.logger.warn(`dropping a slow event stream client (${reason})`);
    client.res.destroy();
    this.remove(client);
  }

  private remove(client: Client): void {
    if (client.closed) return;
    client.closed = true;
    const stream = this.streams.get(client.workspaceId);
    stream?.clients.delete(client);
    if (stream && stream.clients.size === 0) this.streams.delete(client.workspaceId);
    this.clientCount--;
    this.metrics.sseClients.set(this.clientCount);
  }

  private stream(workspaceId: string): WorkspaceStream {
    let stream = this.streams.get(workspaceId);
    if (!stream) {
      stream = { clients: new Set(), chain: Promise.resolve(), cursor: '0', seq: 0 };
      this.streams.set(workspaceId, stream);
    }
    return stream;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.accessTimer) clearInterval(this.accessTimer);
    for (const stream of this.streams.values()) for (const client of stream.clients) client.res.end();
    this.streams.clear();
    const unsubscribe = await this.subscribed?.catch(() => undefined);
    unsubscribe?.();
  }
}

/** Whether an announced access change may concern this stream's caller (the re-check decides). */
function concerns(message: AccessChangedMessage, client: Client): boolean {
  const p = client.principal;
  if (message.workspaceId && message.workspaceId !== client.workspaceId) return false;
  if (message.apiKeyId) return p.kind === 'api_key' && p.apiKeyId === message.apiKeyId;
  if (message.sessionId) return p.kind === 'user' && p.sessionId === message.sessionId;
  if (message.userId) return p.kind === 'user' && p.userId === message.userId;
  // The whole workspace (deleted): every stream of it.
  return Boolean(message.workspaceId);
}
