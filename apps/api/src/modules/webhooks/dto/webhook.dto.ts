import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, IsUrl, Length } from 'class-validator';

import { CursorQueryField } from '../../../common/pagination/keyset-cursor.js';
import { EnumArrayField, IntField, IsOptionalNotNull, SafeString } from '../../../common/validation/fields.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../webhook-events.js';

const URL_DOC = {
  description:
    'Where events are POSTed (http or https). Refused at creation when it resolves to a private, loopback or link-local address (WEBHOOK_URL_NOT_ALLOWED), unless the server runs with ALLOW_INTERNAL_URLS (development).',
  example: 'https://hooks.example.com/mwr',
};

export class CreateWebhookEndpointDto {
  @IsString()
  @SafeString()
  @IsUrl({ require_protocol: true, require_tld: false, protocols: ['http', 'https'] }, { message: 'url must be an http(s) URL' })
  @Length(1, 2000)
  @ApiProperty({ ...URL_DOC, maxLength: 2000, example: 'https://hooks.example.com/mwr' })
  url: string;

  @EnumArrayField(WEBHOOK_EVENT_TYPES, { description: 'The event types sent to this endpoint (an unknown type is a 400)' })
  eventTypes: WebhookEventType[];

  @IsOptionalNotNull()
  @IsString()
  @SafeString()
  @Length(0, 200)
  @ApiProperty({ required: false, maxLength: 200 })
  description?: string;

  @IsOptionalNotNull()
  @IsBoolean()
  @ApiProperty({ required: false, description: 'Default true' })
  enabled?: boolean;
}

export class UpdateWebhookEndpointDto {
  @IsOptionalNotNull()
  @IsString()
  @SafeString()
  @IsUrl({ require_protocol: true, require_tld: false, protocols: ['http', 'https'] }, { message: 'url must be an http(s) URL' })
  @Length(1, 2000)
  @ApiProperty({ ...URL_DOC, required: false, maxLength: 2000 })
  url?: string;

  @EnumArrayField(WEBHOOK_EVENT_TYPES, { optional: true, description: 'The event types sent to this endpoint' })
  eventTypes?: WebhookEventType[];

  @IsOptionalNotNull()
  @IsString()
  @SafeString()
  @Length(0, 200)
  @ApiProperty({ required: false, maxLength: 200 })
  description?: string;

  @IsOptionalNotNull()
  @IsBoolean()
  @ApiProperty({ required: false, description: 'false stops deliveries (those waiting are failed); true re-enables and resets the failure count' })
  enabled?: boolean;
}

export class RotateWebhookSecretDto {
  @IntField(0, 168, { optional: true, description: 'Hours the current secret stays valid beside the new one (both signatures sent); default 24' })
  overlapHours?: number;
}

export class WebhookEndpointDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) eventTypes: WebhookEventType[];
  @ApiProperty() enabled: boolean;
  @ApiProperty({ description: 'whsec_ + base64: the key of the HMAC-SHA256 signatures (Standard Webhooks)' }) secret: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Until when the previous secret still signs too (rotation overlap)' })
  previousSecretExpiresAt: string | null;
  @ApiProperty({ description: 'Failed attempts since the last success' }) consecutiveFailures: number;
  @ApiProperty({ type: String, nullable: true, enum: ['failures', 'user'], description: 'failures: disabled after repeated failures (an alert says so)' })
  disabledReason: 'failures' | 'user' | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) disabledAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class WebhookEndpointListDto {
  @ApiProperty({ type: [WebhookEndpointDto] }) items: WebhookEndpointDto[];
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, description: 'Every event type an endpoint can choose' }) eventTypes: WebhookEventType[];
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The event id (webhook-id header)' }) eventId: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES }) eventType: WebhookEventType;
  @ApiProperty({ enum: ['pending', 'delivering', 'succeeded', 'failed'] }) status: 'pending' | 'delivering' | 'succeeded' | 'failed';
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When the next attempt is due (pending only)' }) nextAttemptAt: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The last attempt’s HTTP status' }) responseCode: number | null;
  @ApiProperty({ type: Number, nullable: true }) latencyMs: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The first KiB of the last answer’s body' }) responsePreview: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last attempt failed (HTTP status, timeout, network)' }) error: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The delivery this one resends' }) resendOf: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) deliveredAt: string | null;
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) items: WebhookDeliveryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor: string | null;
}

export class WebhookDeliveriesQueryDto {
  @IntField(1, 200, { optional: true, description: 'Page size (default 50)' })
  limit?: number;

  @CursorQueryField() cursor?: string;
}
