import { Controller, Get, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { Public } from '../../../common/auth/public.decorator.js';
import { InvalidWebhookPayload, InvalidWebhookSignature, WebhookVerificationFailed } from '../automations.errors.js';
import { InstagramWebhookService } from './instagram-webhook.service.js';

/**
 * Meta's Instagram webhook callback. Public (Meta cannot sign in), so every POST must carry a
 * valid X-Hub-Signature-256 over the raw body: checked before anything is read or stored.
 */
@ApiTags('webhooks')
@Controller('webhooks/instagram')
export class InstagramWebhookController {
  constructor(private readonly webhooks: InstagramWebhookService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: "Meta's verification handshake: echoes hub.challenge when hub.verify_token is META_WEBHOOK_VERIFY_TOKEN" })
  @ApiQuery({ name: 'hub.mode', required: true, enum: ['subscribe'] })
  @ApiQuery({ name: 'hub.verify_token', required: true })
  @ApiQuery({ name: 'hub.challenge', required: true })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The challenge, as plain text', schema: { type: 'string' } })
  @ApiForbiddenResponse({ description: 'Wrong mode or token (or no token configured)' })
  verifyInstagramWebhook(@Req() req: Request, @Res() res: Response): void {
    const challenge = this.webhooks.verifyHandshake(req.query['hub.mode'], req.query['hub.verify_token'], req.query['hub.challenge']);
    if (challenge === null) throw new WebhookVerificationFailed();
    res.status(200).type('text/plain').send(challenge);
  }

  @Post()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Instagram webhook events (messages, comments); signed by Meta, each event processed once' })
  @ApiHeader({ name: 'X-Hub-Signature-256', required: true, description: 'sha256=<hex HMAC-SHA256 of the raw body with the app secret>' })
  @ApiOkResponse({ description: 'Received', schema: { type: 'object', properties: { received: { type: 'boolean' } } } })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid signature: nothing was processed' })
  async receiveInstagramWebhook(
    @Req() req: Request & { rawBody?: Buffer },
    @Headers('x-hub-signature-256') signature: string | undefined,
  ): Promise<{ received: true }> {
    if (!this.webhooks.verifySignature(req.rawBody, signature)) throw new InvalidWebhookSignature();
    let payload: unknown;
    try {
      payload = JSON.parse(req.rawBody!.toString('utf8'));
    } catch {
      throw new InvalidWebhookPayload();
    }
    await this.webhooks.handle(payload);
    return { received: true };
  }
}
