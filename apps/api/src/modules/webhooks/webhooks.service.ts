import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { classifyAddress, guardedFetch, OutboundFetchError } from '@mwr/net';

import { actorOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import type {
  CreateWebhookEndpointDto,
  RotateWebhookSecretDto,
  UpdateWebhookEndpointDto,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookEndpointDto,
} from './dto/webhook.dto.js';
import type { WebhookEnvelope } from './webhook-events.js';
import { generateSecret, signatureHeaders } from './webhook-signature.js';
import { WebhookEndpointDisabled, WebhookEndpointNotFound, WebhookUrlNotAllowed } from './webhooks.errors.js';
import { WebhooksRepository, type ClaimedDelivery, type DeliveryRow, type EndpointRow } from './webhooks.repository.js';

const PREVIEW_BYTES = 1024;

/**
 * How deliveries are retried and when an endpoint is given up on. Exponential backoff from
 * `firstRetrySeconds` doubling up to `maxRetrySeconds` (with ±20 % jitter), until the delivery's
 * 24 h are spent; an endpoint is disabled after `disableAfterFailures` failed attempts in a row
 * that span at least `disableAfterFailingSeconds`.
 */
export interface DeliveryPolicy {
  timeoutMs: number;
  firstRetrySeconds: number;
  maxRetrySeconds: number;
  leaseSeconds: number;
  batch: number;
  disableAfterFailures: number;
  disableAfterFailingSeconds: number;
  /** How long events and their delivery log are kept. */
  retentionDays: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  timeoutMs: 10_000,
  firstRetrySeconds: 10,
  maxRetrySeconds: 2 * 3600,
  leaseSeconds: 60,
  batch: 20,
  disableAfterFailures: 20,
  disableAfterFailingSeconds: 24 * 3600,
  retentionDays: 30,
};

export function retryDelaySeconds(policy: DeliveryPolicy, attemptsSoFar: number, random = Math.random): number {
  const base = Math.min(policy.maxRetrySeconds, policy.firstRetrySeconds * 2 ** Math.max(0, attemptsSoFar - 1));
  return base * (0.8 + 0.4 * random());
}

function endpointView(e: EndpointRow): WebhookEndpointDto {
  const previousValid = e.previousSecret !== null && e.previousSecretExpiresAt !== null && e.previousSecretExpiresAt > new Date();
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes,
    enabled: e.enabled,
    secret: e.secret,
    previousSecretExpiresAt: previousValid ? e.previousSecretExpiresAt!.toISOString() : null,
    consecutiveFailures: e.consecutiveFailures,
    disabledReason: e.disabledReason,
    disabledAt: e.disabledAt?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

function deliveryView(d: DeliveryRow): WebhookDeliveryDto {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    responseCode: d.responseCode,
    latencyMs: d.latencyMs,
    responsePreview: d.responsePreview,
    error: d.lastError,
    resendOf: d.resendOf,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}

/** Outgoing webhooks (issue 26): endpoints (admin), the delivery log, resend, and the delivery pass. */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);
  /** Tests shorten it; production keeps the defaults. */
  policy: DeliveryPolicy = { ...DEFAULT_DELIVERY_POLICY };

  constructor(
    private readonly repository: WebhooksRepository,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(principal: Principal): Promise<WebhookEndpointDto[]> {
    return (await this.repository.list(workspaceIdOf(principal))).map(endpointView);
  }

  async get(principal: Principal, id: string): Promise<WebhookEndpointDto> {
    const endpoint = await this.repository.get(workspaceIdOf(principal), id);
    if (!endpoint) throw new WebhookEndpointNotFound();
    return endpointView(endpoint);
  }

  async create(principal: Principal, dto: CreateWebhookEndpointDto): Promise<WebhookEndpointDto> {
    const workspaceId = workspaceIdOf(principal);
    await this.checkUrl(dto.url);
    const endpoint = await this.dataSource.transaction(async (tx) => {
      const row = await this.repository.insert(tx, workspaceId, {
        url: dto.url,
        description: dto.description ?? '',
        eventTypes: dto.eventTypes,
        enabled: dto.enabled ?? true,
        secret: generateSecret(),
      });
      await this.audit.record(
        {
          workspaceId,
          actor: actorOf(principal),
          action: 'webhook_endpoint.created',
          target: { type: 'webhook_endpoint', id: row.id },
          metadata: { url: row.url, eventTypes: row.eventTypes },
        },
        tx,
      );
      return row;
    });
    return endpointView(endpoint);
  }

  async update(principal: Principal, id: string, dto: UpdateWebhookEndpointDto): Promise<WebhookEndpointDto> {
    const workspaceId = workspaceIdOf(principal);
    if (dto.url !== undefined) await this.checkUrl(dto.url);
    const endpoint = await this.dataSource.transaction(async (tx) => {
      const row = await this.repository.update(tx, workspaceId, id, dto);
      if (!row) throw new WebhookEndpointNotFound();
      if (dto.enabled === false) await this.repository.failPending(id, 'endpoint disabled', tx);
      await this.audit.record(
        { workspaceId, actor: actorOf(principal), action: 'webhook_endpoint.updated', target: { type: 'webhook_endpoint', id }, metadata: { ...dto } },
        tx,
      );
      return row;
    });
    return endpointView(endpoint);
  }

  /** A new secret; the current one keeps being used too (both signatures sent) for `overlapHours`. */
  async rotateSecret(principal: Principal, id: string, dto: RotateWebhookSecretDto): Promise<WebhookEndpointDto> {
    const workspaceId = workspaceIdOf(principal);
    const overlapHours = dto.overlapHours ?? 24;
    const endpoint = await this.dataSource.transaction(async (tx) => {
      const row = await this.repository.rotate(tx, workspaceId, id, generateSecret(), new Date(Date.now() + overlapHours * 3_600_000));
      if (!row) throw new WebhookEndpointNotFound();
      await this.audit.record(
        {
          workspaceId,
          actor: actorOf(principal),
          action: 'webhook_endpoint.secret_rotated',
          target: { type: 'webhook_endpoint', id },
          metadata: { overlapHours },
        },
        tx,
      );
      return row;
    });
    return endpointView(endpoint);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const workspaceId = workspaceIdOf(principal);
    await this.dataSource.transaction(async (tx) => {
      if (!(await this.repository.remove(tx, workspaceId, id))) throw new WebhookEndpointNotFound();
      await this.audit.record({ workspaceId, actor: actorOf(principal), action: 'webhook_endpoint.deleted', target: { type: 'webhook_endpoint', id } }, tx);
    });
  }

  async deliveries(principal: Principal, endpointId: string, limit = 50, cursor?: string): Promise<WebhookDeliveryPageDto> {
    const workspaceId = workspaceIdOf(principal);
    if (!(await this.repository.get(workspaceId, endpointId))) throw new WebhookEndpointNotFound();
    const before = decodeCursor(cursor);
    const rows = await this.repository.deliveries(workspaceId, endpointId, limit + 1, before);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(deliveryView), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  async resend(principal: Principal, endpointId: string, deliveryId: string): Promise<WebhookDeliveryDto> {
    const workspaceId = workspaceIdOf(principal);
    const endpoint = await this.repository.get(workspaceId, endpointId);
    if (!endpoint) throw new WebhookEndpointNotFound();
    if (!endpoint.enabled) throw new WebhookEndpointDisabled();
    const delivery = await this.repository.resend(this.dataSource, workspaceId, endpointId, deliveryId);
    if (!delivery) throw new WebhookEndpointNotFound();
    return deliveryView(delivery);
  }

  /**
   * Refuses a URL the SSRF guard would refuse: not http(s), credentials, or a host with a
   * non-public address. ALLOW_INTERNAL_URLS (development) lets private addresses through; the
   * delivery then passes the endpoint's own origin as the guard's allowed origin.
   */
  async checkUrl(raw: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new WebhookUrlNotAllowed('not a URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookUrlNotAllowed('only http and https');
    if (url.username || url.password) throw new WebhookUrlNotAllowed('no credentials in the URL');
    if (this.config.allowInternalUrls) return;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    if (isIP(host)) addresses = [host];
    else {
      try {
        addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
      } catch {
        throw new WebhookUrlNotAllowed(`${host} does not resolve`);
      }
    }
    for (const address of addresses) {
      const verdict = classifyAddress(address);
      if (!verdict.public) throw new WebhookUrlNotAllowed(`${host} resolves to ${address} (${verdict.reason})`);
    }
  }

  /** Drops events (and their log) older than the retention, once their deliveries have ended. */
  purge(): Promise<number> {
    return this.repository.purge(this.policy.retentionDays);
  }

  /** One delivery pass: claims the due deliveries and sends them. Returns how many were tried. */
  async deliverDue(): Promise<number> {
    const claimed = await this.repository.claim(this.policy.batch, this.policy.leaseSeconds);
    await Promise.all(claimed.map((d) => this.send(d)));
    return claimed.length;
  }

  private async send(d: ClaimedDelivery): Promise<void> {
    const envelope: WebhookEnvelope = {
      id: d.eventId,
      type: d.eventType,
      created_at: new Date(d.eventCreatedAt).toISOString(),
      workspace_id: d.workspaceId,
      data: d.eventData,
    };
    const body = JSON.stringify(envelope);
    const secrets = [d.secret];
    if (d.previousSecret && d.previousSecretExpiresAt && new Date(d.previousSecretExpiresAt) > new Date()) secrets.push(d.previousSecret);
    const started = performance.now();
    let responseCode: number | null = null;
    let responsePreview: string | null = null;
    let error: string | null = null;
    try {
      const response = await guardedFetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'marketing-war-room-webhooks/1',
          ...signatureHeaders(secrets, d.eventId, Math.floor(Date.now() / 1000), body),
        },
        body,
        timeoutMs: this.policy.timeoutMs,
        redirect: 'manual',
        allowedOrigins: this.config.allowInternalUrls ? [new URL(d.url).origin] : [],
      });
      responseCode = response.status;
      responsePreview = await preview(response);
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (e) {
      error = e instanceof OutboundFetchError ? `${e.code}: ${e.message}` : (e as Error).message;
    }
    const result = { responseCode, latencyMs: Math.round(performance.now() - started), responsePreview, error };
    if (error === null) {
      await this.repository.succeeded(d.id, result);
      return;
    }
    const delay = retryDelaySeconds(this.policy, d.attempts + 1);
    const retryAt = new Date(Date.now() + delay * 1000);
    const { disabled } = await this.repository.failed(d.id, result, retryAt > new Date(d.giveUpAt) ? null : retryAt, {
      failures: this.policy.disableAfterFailures,
      failingForSeconds: this.policy.disableAfterFailingSeconds,
    });
    this.logger.warn(`webhook delivery ${d.id} (event ${d.eventId}) to endpoint ${d.endpointId} failed: ${error}`);
    if (disabled) {
      await this.repository.failPending(d.endpointId, 'endpoint disabled after repeated failures');
      this.logger.warn(`webhook endpoint ${d.endpointId} disabled after repeated failures`);
    }
  }
}

async function preview(response: { chunks(): AsyncIterable<Buffer>; discard(): void }): Promise<string | null> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.chunks()) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= PREVIEW_BYTES) break;
    }
  } catch {
    // A body that fails midway still leaves what was read.
  } finally {
    response.discard();
  }
  if (size === 0) return null;
  return Buffer.concat(parts).subarray(0, PREVIEW_BYTES).toString('utf8');
}

function encodeCursor(d: DeliveryRow): string {
  return Buffer.from(JSON.stringify([d.createdAt.toISOString(), d.id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const createdAt = new Date(at);
    if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
    return { createdAt, id };
  } catch {
    return undefined;
  }
}
