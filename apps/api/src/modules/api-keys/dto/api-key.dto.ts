import { ApiProperty } from '@nestjs/swagger';

import { API_KEY_SCOPES, type ApiKeyScope } from '@mwr/domain';

import { DateTimeField, EnumArrayField, IntField, TextField } from '../../../common/validation/fields.js';

export class CreateApiKeyDto {
  @TextField(1, 80, { example: 'Zapier integration' }) name: string;
  @EnumArrayField(API_KEY_SCOPES, { example: ['content:read'] }) scopes: ApiKeyScope[];
  @DateTimeField({ optional: true, description: 'When the key stops working; never when absent' }) expiresAt?: string;
  @IntField(1, 100_000, {
    optional: true,
    description:
      'Requests per minute this key may make (a token bucket: bursts up to this many); the server default (API_KEY_RATE_LIMIT_PER_MINUTE) when absent',
  })
  rateLimitPerMinute?: number;
}

export class UpdateApiKeyDto {
  @IntField(1, 100_000, {
    optional: true,
    nullable: true,
    description: 'Requests per minute this key may make; null: back to the server default (API_KEY_RATE_LIMIT_PER_MINUTE). Applies from the next request.',
  })
  rateLimitPerMinute?: number | null;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'First characters of the key, to recognise it', example: 'mwr_a1B2c3D4' }) prefix: string;
  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true }) scopes: ApiKeyScope[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Its own requests per minute; null: the server default' }) rateLimitPerMinute: number | null;
  @ApiProperty({
    description: 'The requests per minute that apply to it: its own limit, else the server default (API_KEY_RATE_LIMIT_PER_MINUTE)',
    example: 600,
  })
  effectiveRateLimitPerMinute: number;
}

export class CreatedApiKeyDto {
  @ApiProperty({ type: ApiKeyDto }) apiKey: ApiKeyDto;
  @ApiProperty({ description: 'The secret, shown this once: only its hash is stored', example: 'mwr_…' }) secret: string;
}
