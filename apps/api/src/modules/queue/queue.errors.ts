import { HttpStatus } from '@nestjs/common';

import type { TransitionActor } from '@mwr/domain';

import { AppException } from '../../common/errors/app-exception.js';

/** Every refusal since the last take: the API's jest setup fails the test that caused one (test/ledger-refusals.ts). */
const refusals: IllegalStatusTransition[] = [];

/** Returns and forgets the refusals seen so far (a test that provokes one on purpose takes it). */
export function takeIllegalTransitions(): IllegalStatusTransition[] {
  return refusals.splice(0);
}

/**
 * The ledger refused a status move the domain machines do not allow (or the row was not in the
 * state the caller believed). A bug, not bad input: it is raised loudly and fails any test.
 */
export class IllegalStatusTransition extends AppException {
  constructor(
    readonly machine: string,
    readonly from: string,
    readonly to: string,
    readonly by: TransitionActor,
    detail?: string,
  ) {
    super('ILLEGAL_TRANSITION', `${machine}: cannot move from "${from}" to "${to}" (by ${by})${detail ? `: ${detail}` : ''}`, HttpStatus.CONFLICT, {
      machine,
      from,
      to,
      by,
    });
    refusals.push(this);
  }
}
