import { HttpStatus } from '@nestjs/common';

import { AppException } from '../../common/errors/app-exception.js';

export class WebhookEndpointNotFound extends AppException {
  constructor() {
    super('NOT_FOUND', 'No such webhook endpoint (or delivery) in this workspace', HttpStatus.NOT_FOUND);
  }
}

/**
 * The URL is not somewhere the server may send to: not http(s), credentials in it, or a host that
 * resolves to a private, loopback or link-local address (the SSRF guard's rule; ALLOW_INTERNAL_URLS
 * is the development override).
 */
export class WebhookUrlNotAllowed extends AppException {
  constructor(reason: string) {
    super('WEBHOOK_URL_NOT_ALLOWED', `This webhook URL is not allowed: ${reason}`, HttpStatus.BAD_REQUEST, { reason }, { reason });
  }
}

/** Resend needs the endpoint enabled: a disabled endpoint's deliveries are not sent. */
export class WebhookEndpointDisabled extends AppException {
  constructor() {
    super('WEBHOOK_ENDPOINT_DISABLED', 'This endpoint is disabled: enable it before resending', HttpStatus.CONFLICT);
  }
}
