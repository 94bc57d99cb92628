import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Access } from '../../common/auth/access.decorator.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { UuidParam } from '../../common/validation/id.pipe.js';
import type { ApiKey } from './api-keys.repository.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto, UpdateApiKeyDto } from './dto/api-key.dto.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
/** `defaultLimit`: the server's API_KEY_RATE_LIMIT_PER_MINUTE, what a key without its own limit gets. */
const toDto = (k: ApiKey, defaultLimit: number): ApiKeyDto => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  createdAt: new Date(k.createdAt).toISOString(),
  lastUsedAt: iso(k.lastUsedAt),
  expiresAt: iso(k.expiresAt),
  revokedAt: iso(k.revokedAt),
  rateLimitPerMinute: k.rateLimitPerMinute,
  effectiveRateLimitPerMinute: k.rateLimitPerMinute ?? defaultLimit,
});

@ApiTags('api-keys')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  private toDto(apiKey: ApiKey): ApiKeyDto {
    return toDto(apiKey, this.apiKeys.defaultRateLimitPerMinute);
  }

  @Post()
  @Idempotent()
  @Access('admin', 'admin')
  @ApiOperation({ summary: 'Create an API key for an integration; the secret is returned this once' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  async createApiKey(@CurrentPrincipal() principal: Principal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { apiKey, secret } = await this.apiKeys.create(principal, body);
    return { apiKey: this.toDto(apiKey), secret };
  }

  @Get()
  @Access('admin', 'admin')
  @ApiOperation({ summary: "The current workspace's API keys (never their secrets)" })
  @ApiOkResponse({ type: [ApiKeyDto] })
  async listApiKeys(@CurrentPrincipal() principal: Principal): Promise<ApiKeyDto[]> {
    return (await this.apiKeys.list(principal)).map((k) => this.toDto(k));
  }

  @Patch(':id')
  @Access('admin', 'admin')
  @ApiOperation({ summary: "Change a key's settings: its own rate limit (requests per minute), or null for the server default" })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundResponse()
  async updateApiKey(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string, @Body() body: UpdateApiKeyDto): Promise<ApiKeyDto> {
    // Absent leaves the limit as it is; only the limit is a setting so far.
    if (body.rateLimitPerMinute === undefined) return this.toDto(await this.apiKeys.get(principal, id));
    return this.toDto(await this.apiKeys.setRateLimit(principal, id, body.rateLimitPerMinute));
  }

  @Delete(':id')
  @Access('admin', 'admin')
  @ApiOperation({ summary: 'Revoke an API key; it stops working at once' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundResponse()
  async revokeApiKey(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<ApiKeyDto> {
    return this.toDto(await this.apiKeys.revoke(principal, id));
  }
}
