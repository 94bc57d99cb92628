import { Module } from '@nestjs/common';

import { WebhookDeliveryTick } from './webhook-delivery.tick.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksService } from './webhooks.service.js';

/**
 * Outgoing webhooks (issue 26): owns webhook_endpoints, webhook_events (the outbox, written by the
 * triggers of migration 032 in the transaction of each change) and webhook_deliveries. One service
 * instance per process whatever the roles (the api and scheduler modules both import this one).
 */
@Module({ providers: [WebhooksService, WebhooksRepository], exports: [WebhooksService] })
export class WebhooksCoreModule {}

/** The api role's part: the endpoints, the delivery log and resend. */
@Module({ imports: [WebhooksCoreModule], controllers: [WebhooksController] })
export class WebhooksModule {}

/** The scheduler role's part: sending the due deliveries. */
@Module({ imports: [WebhooksCoreModule], providers: [WebhookDeliveryTick] })
export class WebhooksSchedulerModule {}
