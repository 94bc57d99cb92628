import { HttpStatus } from '@nestjs/common';

import type { UncancelRefusal } from '@mwr/domain';

import { AppException } from '../../common/errors/app-exception.js';

/** Restore (undo a delete) of an item that is not deleted. */
export class ItemNotDeleted extends AppException {
  constructor() {
    super('NOT_DELETED', 'This item is not deleted: there is nothing to restore', HttpStatus.CONFLICT);
  }
}

const UNCANCEL_MESSAGES: Record<UncancelRefusal, string> = {
  NOT_CANCELLED: 'This item is not cancelled: there is nothing to undo',
  NOTHING_TO_RESTORE: 'This item was cancelled before undo existed: duplicate it to plan it again',
  ALREADY_PUBLISHED: 'Part of this item was already published: duplicate it to plan it again',
  TIME_PASSED: 'Its time has passed since it was cancelled: duplicate it and pick a new time',
};
/** Undoing a cancel refused; the code says why (the domain's uncancelRefusal; TIME_PASSED is SCHEDULE_IN_PAST like a resume). */
export class UncancelRefused extends AppException {
  constructor(reason: UncancelRefusal) {
    super(reason === 'TIME_PASSED' ? 'SCHEDULE_IN_PAST' : reason, UNCANCEL_MESSAGES[reason], HttpStatus.CONFLICT);
  }
}
