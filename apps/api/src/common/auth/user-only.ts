import { HttpStatus } from '@nestjs/common';

import { AppException } from '../errors/app-exception.js';
import type { Principal, UserPrincipal } from './principal.js';

/** For routes about a person (their profile, their workspaces): API keys are refused. */
export function requireUser(principal: Principal): UserPrincipal {
  if (principal.kind !== 'user') throw new AppException('USER_ONLY', 'This route needs a signed-in user, not an API key', HttpStatus.FORBIDDEN);
  return principal;
}
