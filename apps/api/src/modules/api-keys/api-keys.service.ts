import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { ApiKeyScope } from '@mwr/domain';

import { actorOf, workspaceIdOf, type ApiKeyPrincipal, type Principal } from '../../common/auth/principal.js';
import { AppException } from '../../common/errors/app-exception.js';
import { randomBase62, sha256Hex } from '../../common/security/secrets.js';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { EventBus } from '../events/event-bus.js';
import { ApiKeysRepository, type ApiKey } from './api-keys.repository.js';

export const API_KEY_PREFIX = 'mwr_';
/** 43 base62 characters ≈ 256 bits. */
const SECRET_LENGTH = 43;
const VISIBLE_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);
  /** Each key's own rate limit as read when it last authenticated (every request authenticates first). */
  private readonly rateLimits = new Map<string, number | null>();

  constructor(
    private readonly repository: ApiKeysRepository,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** What a key without its own limit may make per minute (API_KEY_RATE_LIMIT_PER_MINUTE), for clients to show. */
  get defaultRateLimitPerMinute(): number {
    return this.config.auth.apiKeyRateLimitPerMinute;
  }

  async create(
    principal: Principal,
    input: { name: string; scopes: ApiKeyScope[]; expiresAt?: string; rateLimitPerMinute?: number },
  ): Promise<{ apiKey: ApiKey; secret: string }> {
    const workspaceId = workspaceIdOf(principal);
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw new AppException('VALIDATION_FAILED', 'expiresAt must be in the future', HttpStatus.BAD_REQUEST);
    const secret = `${API_KEY_PREFIX}${randomBase62(SECRET_LENGTH)}`;
    return this.dataSource.transaction(async (tx) => {
      const apiKey = await this.repository.create(
        {
          workspaceId,
          name: input.name,
          prefix: secret.slice(0, VISIBLE_PREFIX_LENGTH),
          secretHash: sha256Hex(secret),
          scopes: input.scopes,
          createdBy: principal.kind === 'user' ? principal.userId : null,
          expiresAt,
          rateLimitPerMinute: input.rateLimitPerMinute ?? null,
        },
        tx,
      );
      await this.audit.record(
        {
          workspaceId,
          actor: actorOf(principal),
          action: 'api_key.created',
          target: { type: 'api_key', id: apiKey.id },
          metadata: { name: apiKey.name, scopes: apiKey.scopes, ...(apiKey.rateLimitPerMinute ? { rateLimitPerMinute: apiKey.rateLimitPerMinute } : {}) },
        },
        tx,
      );
      return { apiKey, secret };
    });
  }

  list(principal: Principal): Promise<ApiKey[]> {
    return this.repository.list(workspaceIdOf(principal));
  }

  async revoke(principal: Principal, id: string): Promise<ApiKey> {
    const workspaceId = workspaceIdOf(principal);
    const revoked = await this.dataSource.transaction(async (tx) => {
      const apiKey = await this.repository.revoke(workspaceId, id, tx);
      if (!apiKey) throw new AppException('NOT_FOUND', 'API key not found', HttpStatus.NOT_FOUND);
      await this.audit.record({ workspaceId, actor: actorOf(principal), action: 'api_key.revoked', target: { type: 'api_key', id } }, tx);
      return apiKey;
    });
    // Once committed: open connections made with the key (event streams) close now, not at their next re-check.
    await this.bus
      .publish({ kind: 'access_changed', reason: 'api_key_revoked', workspaceId, apiKeyId: id })
      .catch((error: Error) => this.logger.warn(`could not announce a revoked API key: ${error.message}`));
    return revoked;
  }

  async get(principal: Principal, id: string): Promise<ApiKey> {
    const apiKey = (await this.repository.list(workspaceIdOf(principal))).find((k) => k.id === id);
    if (!apiKey) throw new AppException('NOT_FOUND', 'API key not found', HttpStatus.NOT_FOUND);
    return apiKey;
  }

  /** Sets (or clears, null) the key's own rate limit; its bucket keeps its tokens and refills at the new rate. */
  async setRateLimit(principal: Principal, id: string, rateLimitPerMinute: number | null): Promise<ApiKey> {
    const workspaceId = workspaceIdOf(principal);
    return this.dataSource.transaction(async (tx) => {
      const apiKey = await this.repository.setRateLimit(workspaceId, id, rateLimitPerMinute, tx);
      if (!apiKey) throw new AppException('NOT_FOUND', 'API key not found', HttpStatus.NOT_FOUND);
      await this.audit.record(
        { workspaceId, actor: actorOf(principal), action: 'api_key.updated', target: { type: 'api_key', id }, metadata: { rateLimitPerMinute } },
        tx,
      );
      return apiKey;
    });
  }

  /** The keys among `ids` that still work, by id (re-checking connections made with them). */
  async usable(ids: readonly string[]): Promise<Map<string, ApiKey>> {
    return new Map((await this.repository.usableByIds(ids)).map((k) => [k.id, k]));
  }

  /** The principal for a presented secret, or undefined when it is unknown, revoked or expired. */
  async authenticate(secret: string): Promise<ApiKeyPrincipal | undefined> {
    if (!secret.startsWith(API_KEY_PREFIX) || secret.length > 200) return undefined;
    const apiKey = await this.repository.findUsableBySecretHash(sha256Hex(secret));
    if (!apiKey) return undefined;
    await this.repository.touch(apiKey.id);
    this.rateLimits.set(apiKey.id, apiKey.rateLimitPerMinute);
    return { kind: 'api_key', apiKeyId: apiKey.id, workspaceId: apiKey.workspaceId, scopes: apiKey.scopes };
  }

  /** The key's own requests per minute (null: the server default), as read by this request's authentication. */
  rateLimitOf(apiKeyId: string): number | null {
    return this.rateLimits.get(apiKeyId) ?? null;
  }
}
