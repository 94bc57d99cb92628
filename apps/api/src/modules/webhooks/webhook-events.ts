import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The events an endpoint can choose (issue 26), version 1. Every body is
 * `{ id, type, created_at, workspace_id, data }`; `data` is the type's schema below. Each is written
 * to the outbox by a trigger in the transaction of the change (migration 032).
 */
export const WEBHOOK_EVENT_TYPES = [
  'post.scheduled',
  'post.approved',
  'publication.uploading',
  'publication.processing',
  'publication.posted',
  'publication.failed',
  'publication.needs_review',
  'account.needs_reconnect',
  'account.restricted',
  'metrics.snapshot',
  'alert.raised',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The version of every event's schema; a breaking change gets a new type name, not a silent change. */
export const WEBHOOK_EVENT_VERSION = 1;

export class PublicationEventError {
  @ApiProperty({ type: String, nullable: true, description: 'temporary | rate_limited | auth_expired | invalid_content | unknown' }) class: string | null;
  @ApiProperty({ type: String, nullable: true }) code: string | null;
  @ApiProperty({ type: String, nullable: true }) message: string | null;
}

export class PublicationEventData {
  @ApiProperty({ format: 'uuid' }) publication_id: string;
  @ApiProperty({ format: 'uuid' }) content_item_id: string;
  @ApiProperty({ format: 'uuid' }) account_id: string;
  @ApiProperty({ enum: ['tiktok', 'instagram', 'youtube', 'x'] }) platform: string;
  @ApiProperty({ enum: ['uploading', 'processing', 'posted', 'failed'] }) status: string;
  @ApiProperty() previous_status: string;
  @ApiProperty({ type: String, nullable: true, description: 'The platform’s id of the post' }) remote_id: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'publication.posted: the public link (null while link_status is pending)' })
  permalink: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['pending', 'ready', 'none'] }) link_status: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) posted_at: string | null;
  @ApiProperty({ type: PublicationEventError, nullable: true, description: 'publication.failed: the classified reason' })
  error: PublicationEventError | null;
}

export class NeedsReviewEventData {
  @ApiProperty({ format: 'uuid' }) publication_id: string;
  @ApiProperty({ format: 'uuid' }) content_item_id: string;
  @ApiProperty({ format: 'uuid' }) account_id: string;
  @ApiProperty() platform: string;
  @ApiProperty() status: string;
  @ApiProperty({ format: 'uuid' }) job_id: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Why a person has to check the outcome' })
  reason: Record<string, unknown> | null;
}

export class AccountEventData {
  @ApiProperty({ format: 'uuid' }) account_id: string;
  @ApiProperty() platform: string;
  @ApiProperty() handle: string;
  @ApiProperty({ enum: ['needs_reconnect', 'restricted'] }) status: string;
  @ApiProperty() previous_status: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'account.restricted: { code, message, since }' })
  restriction: Record<string, unknown> | null;
}

export class PostScheduledEventData {
  @ApiProperty({ format: 'uuid' }) content_item_id: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) scheduled_at: string;
  @ApiProperty() time_zone: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: [String], format: 'uuid' }) account_ids: string[];
}

export class PostApprovedEventData {
  @ApiProperty({ format: 'uuid' }) content_item_id: string;
  @ApiProperty({ description: 'The approved version of the item' }) version: number;
  @ApiProperty({ description: 'The approval hash of that version' }) hash: string;
  @ApiProperty({ enum: ['user', 'client'] }) actor_kind: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) approved_by: string | null;
}

export class MetricsSnapshotEventData {
  @ApiProperty({ format: 'uuid' }) account_id: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'Null for an account’s daily reading' }) publication_id: string | null;
  @ApiProperty() platform: string;
  @ApiProperty({ enum: ['1h', '6h', '24h', '72h', '7d', '30d', 'daily'] }) age: string;
  @ApiProperty({ format: 'date' }) bucket_date: string;
  @ApiProperty({ enum: ['platform', 'manual'] }) source: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'metric → value' }) metrics: Record<string, number>;
  @ApiProperty({ format: 'date-time' }) read_at: string;
}

export class AlertRaisedEventData {
  @ApiProperty({ format: 'uuid' }) alert_id: string;
  @ApiProperty() rule: string;
  @ApiProperty() subject: string;
  @ApiProperty({ enum: ['warning', 'critical'] }) severity: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) value: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) threshold: number | null;
  @ApiProperty({ format: 'date-time' }) fired_at: string;
}

type DataClass = abstract new () => object;

/** Each type's data schema (the OpenAPI document names them `<Data>`; the envelope is WebhookEventEnvelope). */
export const WEBHOOK_EVENT_DATA: Record<WebhookEventType, DataClass> = {
  'post.scheduled': PostScheduledEventData,
  'post.approved': PostApprovedEventData,
  'publication.uploading': PublicationEventData,
  'publication.processing': PublicationEventData,
  'publication.posted': PublicationEventData,
  'publication.failed': PublicationEventData,
  'publication.needs_review': NeedsReviewEventData,
  'account.needs_reconnect': AccountEventData,
  'account.restricted': AccountEventData,
  'metrics.snapshot': MetricsSnapshotEventData,
  'alert.raised': AlertRaisedEventData,
};

export const WEBHOOK_EVENT_DATA_CLASSES = [...new Set(Object.values(WEBHOOK_EVENT_DATA))];

/** What is POSTed to an endpoint. */
export interface WebhookEnvelope {
  id: string;
  type: WebhookEventType;
  created_at: string;
  workspace_id: string;
  data: Record<string, unknown>;
}

/**
 * The document's `x-webhooks` section (OpenAPI 3.0 has no `webhooks`; 3.1 does): one POST per type, its body the envelope with the
 * type's data schema. `@nestjs/swagger`'s ApiWebhook needs a real route per webhook, so the section
 * is added to the generated document instead (the data schemas are components through
 * ApiExtraModels on the webhooks controller).
 */
export function webhooksSection(): Record<string, unknown> {
  const section: Record<string, unknown> = {};
  for (const type of WEBHOOK_EVENT_TYPES) {
    const dataSchema = { $ref: `#/components/schemas/${WEBHOOK_EVENT_DATA[type].name}` };
    section[type] = {
      post: {
        summary: `${type} (version ${WEBHOOK_EVENT_VERSION})`,
        description:
          'Signed like Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature (v1,<base64 HMAC-SHA256 of id.timestamp.body>; two during a secret rotation). At least once; per-endpoint ordering is not promised.',
        operationId: `webhook_${type.replace('.', '_')}`,
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['id', 'type', 'created_at', 'workspace_id', 'data'],
                properties: {
                  id: { type: 'string', description: 'The event id, also the webhook-id header; the same on every retry and resend' },
                  type: { type: 'string', enum: [type] },
                  created_at: { type: 'string', format: 'date-time' },
                  workspace_id: { type: 'string', format: 'uuid' },
                  data: dataSchema,
                },
              },
            },
          },
        },
        responses: { '2XX': { description: 'Received; any other answer (or none within 10 s) is retried with backoff for 24 h' } },
      },
    };
  }
  return section;
}
