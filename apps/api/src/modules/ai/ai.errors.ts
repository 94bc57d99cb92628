import { HttpStatus } from '@nestjs/common';

import { AppException } from '../../common/errors/app-exception.js';

/** The server has no AI provider (AI_BASE_URL unset): the feature is off. */
export class AiDisabled extends AppException {
  constructor() {
    super('AI_DISABLED', 'AI caption suggestions are off on this server (AI_BASE_URL is not set)', HttpStatus.CONFLICT);
  }
}

/** The server has a provider, but the workspace's admins have not turned suggestions on. */
export class AiWorkspaceDisabled extends AppException {
  constructor() {
    super('AI_WORKSPACE_DISABLED', 'AI caption suggestions are off for this workspace: an admin can turn them on (PUT /api/ai/settings)', HttpStatus.CONFLICT);
  }
}

/** Why a provider call failed; each kind is one API code. */
export type AiFailureKind = 'unreachable' | 'timeout' | 'refused' | 'bad_answer';

const CODES: Record<AiFailureKind, { code: string; status: HttpStatus }> = {
  unreachable: { code: 'AI_PROVIDER_UNREACHABLE', status: HttpStatus.BAD_GATEWAY },
  timeout: { code: 'AI_PROVIDER_TIMEOUT', status: HttpStatus.GATEWAY_TIMEOUT },
  refused: { code: 'AI_PROVIDER_REFUSED', status: HttpStatus.BAD_GATEWAY },
  bad_answer: { code: 'AI_PROVIDER_BAD_ANSWER', status: HttpStatus.BAD_GATEWAY },
};

/**
 * The provider failed. `providerStatus` is its HTTP status when it answered (401, 429, 500…);
 * the message never carries the provider's body (it may echo the prompt or the key's name).
 */
export class AiProviderError extends AppException {
  constructor(
    readonly kind: AiFailureKind,
    message: string,
    readonly providerStatus?: number,
  ) {
    super(CODES[kind].code, message, CODES[kind].status, undefined, providerStatus !== undefined ? { providerStatus } : {});
  }
}
