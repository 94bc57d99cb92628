import { HttpStatus } from '@nestjs/common';

import { AppException } from '../../common/errors/app-exception.js';

export class InvalidWebhookSignature extends AppException {
  constructor() {
    super('INVALID_SIGNATURE', 'The X-Hub-Signature-256 header is missing or does not match the body', HttpStatus.UNAUTHORIZED);
  }
}

export class WebhookVerificationFailed extends AppException {
  constructor() {
    super('WEBHOOK_VERIFICATION_FAILED', 'hub.mode must be subscribe and hub.verify_token must match', HttpStatus.FORBIDDEN);
  }
}

export class InvalidWebhookPayload extends AppException {
  constructor() {
    super('INVALID_WEBHOOK_PAYLOAD', 'The body is not JSON', HttpStatus.BAD_REQUEST);
  }
}

export class NoMessageTemplate extends AppException {
  constructor(key: string, field: string | undefined, fields: string[]) {
    super(
      'NO_MESSAGE_TEMPLATE',
      fields.length === 0
        ? `The automation "${key}" sends no message to preview`
        : `"${field}" is not a message of "${key}"; its messages are ${fields.join(', ')}`,
      HttpStatus.BAD_REQUEST,
    );
  }
}
