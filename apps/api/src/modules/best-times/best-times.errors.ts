import { HttpStatus } from '@nestjs/common';

import { AppException } from '../../common/errors/app-exception.js';

/** Best times are asked for one account or one platform, never both or neither. */
export class BestTimesInvalidQuery extends AppException {
  constructor(message: string) {
    super('BEST_TIMES_INVALID_QUERY', message, HttpStatus.BAD_REQUEST);
  }
}

export class BestTimesNotFound extends AppException {
  constructor(what: 'Account' | 'Queue slot') {
    super('NOT_FOUND', `${what} not found`, HttpStatus.NOT_FOUND);
  }
}

/** The account already has a slot at that weekday and time. */
export class QueueSlotTaken extends AppException {
  constructor(weekday: number, time: string) {
    super('QUEUE_SLOT_TAKEN', `The account already has a slot on weekday ${weekday} at ${time}`, HttpStatus.CONFLICT, undefined, { weekday, time });
  }
}

/** "Add to queue" found no slot: none defined, or none free within the horizon. */
export class QueueNoFreeSlot extends AppException {
  constructor(reason: 'no_slots' | 'none_free', horizonDays: number) {
    super(
      'QUEUE_NO_FREE_SLOT',
      reason === 'no_slots'
        ? 'The account has no posting slots: add some in its slot editor first'
        : `No slot is free in the next ${horizonDays} days (taken, too close to another post, past the warm-up ramp or a platform budget)`,
      HttpStatus.CONFLICT,
      undefined,
      { reason, horizonDays },
    );
  }
}
