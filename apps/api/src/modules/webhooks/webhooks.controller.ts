import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { Access } from '../../common/auth/access.decorator.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { UuidParam } from '../../common/validation/id.pipe.js';
import {
  CreateWebhookEndpointDto,
  RotateWebhookSecretDto,
  UpdateWebhookEndpointDto,
  WebhookDeliveriesQueryDto,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookEndpointDto,
  WebhookEndpointListDto,
} from './dto/webhook.dto.js';
import { PublicationEventError, WEBHOOK_EVENT_DATA_CLASSES, WEBHOOK_EVENT_TYPES } from './webhook-events.js';
import { WebhooksService } from './webhooks.service.js';

/**
 * Outgoing webhooks (issue 26): signed (Standard Webhooks), at least once from the outbox, with a
 * delivery log per endpoint. Each event type's data schema is a component (ApiExtraModels) and the
 * document's `webhooks` section lists the types.
 */
@ApiTags('webhooks')
@ApiExtraModels(...WEBHOOK_EVENT_DATA_CLASSES, PublicationEventError)
@Controller('webhooks/endpoints')
export class WebhooksController {
  constructor(private readonly service: WebhooksService) {}

  @Get()
  @Access('admin', 'admin')
  @ApiOperation({ summary: 'The workspace’s webhook endpoints, and every event type an endpoint can choose' })
  @ApiOkResponse({ type: WebhookEndpointListDto })
  async listWebhookEndpoints(@CurrentPrincipal() principal: Principal): Promise<WebhookEndpointListDto> {
    return { items: await this.service.list(principal), eventTypes: [...WEBHOOK_EVENT_TYPES] };
  }

  @Post()
  @Idempotent()
  @Access('admin', 'admin')
  @ApiOperation({ summary: 'Add an endpoint: its URL, the event types it gets; its signing secret is generated (whsec_…)' })
  @ApiCreatedResponse({ type: WebhookEndpointDto })
  @ApiBadRequestResponse({ description: 'WEBHOOK_URL_NOT_ALLOWED (private range, not http(s), credentials), VALIDATION_FAILED (an unknown event type)' })
  createWebhookEndpoint(@CurrentPrincipal() principal: Principal, @Body() body: CreateWebhookEndpointDto): Promise<WebhookEndpointDto> {
    return this.service.create(principal, body);
  }

  @Get(':id')
  @Access('admin', 'admin')
  @ApiOperation({ summary: 'One endpoint' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiNotFoundResponse()
  getWebhookEndpoint(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<WebhookEndpointDto> {
    return this.service.get(principal, id);
  }

  @Patch(':id')
  @Access('admin', 'admin')
  @ApiOperation({ summary: 'Change the URL, event types, description; enable or disable (re-enabling resets the failure count)' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiBadRequestResponse({ description: 'WEBHOOK_URL_NOT_ALLOWED, VALIDATION_FAILED (an unknown event type)' })
  @ApiNotFoundResponse()
  updateWebhookEndpoint(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Body() body: UpdateWebhookEndpointDto,
  ): Promise<WebhookEndpointDto> {
    return this.service.update(principal, id, body);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @Access('admin', 'admin')
  @ApiOperation({ summary: 'A new signing secret; the current one keeps signing too (two signatures per send) during the overlap' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiNotFoundResponse()
  rotateWebhookSecret(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Body() body: RotateWebhookSecretDto,
  ): Promise<WebhookEndpointDto> {
    return this.service.rotateSecret(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Access('admin', 'admin')
  @ApiOperation({ summary: 'Remove an endpoint and its delivery log' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  deleteWebhookEndpoint(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<void> {
    return this.service.remove(principal, id);
  }

  @Get(':id/deliveries')
  @Access('admin', 'admin')
  @ApiOperation({ summary: 'The delivery log, newest first: status, attempts, the last answer’s code, latency and body preview' })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiNotFoundResponse()
  listWebhookDeliveries(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Query() query: WebhookDeliveriesQueryDto,
  ): Promise<WebhookDeliveryPageDto> {
    return this.service.deliveries(principal, id, query.limit ?? 50, query.cursor);
  }

  @Post(':id/deliveries/:deliveryId/resend')
  @Access('admin', 'admin')
  @ApiOperation({ summary: 'Send a delivery’s event again (same event id, fresh signature), due now' })
  @ApiCreatedResponse({ type: WebhookDeliveryDto })
  @ApiConflictResponse({ description: 'WEBHOOK_ENDPOINT_DISABLED: enable the endpoint first' })
  @ApiNotFoundResponse()
  resendWebhookDelivery(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Param('deliveryId', UuidParam()) deliveryId: string,
  ): Promise<WebhookDeliveryDto> {
    return this.service.resend(principal, id, deliveryId);
  }
}
