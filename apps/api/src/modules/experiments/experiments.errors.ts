import { HttpStatus } from '@nestjs/common';

import type { VariantProblem } from '@mwr/domain';

import { AppException } from '../../common/errors/app-exception.js';

/** 2–4 variants, none with an empty caption. */
export class ExperimentInvalidVariants extends AppException {
  constructor(problems: VariantProblem[]) {
    super('EXPERIMENT_INVALID_VARIANTS', 'An experiment needs 2 to 4 caption variants, none of them empty', HttpStatus.BAD_REQUEST, problems);
  }
}

/**
 * Two variants with the same caption would be the same post twice on the platform: X refuses a
 * duplicate text, Instagram answers 506 "duplicate post", TikTok and YouTube treat it as
 * repetitive content. Variants must differ by more than case, spacing or hashtag order.
 */
export class ExperimentDuplicateVariant extends AppException {
  constructor(index: number, sameAs: number) {
    super(
      'EXPERIMENT_DUPLICATE_VARIANT',
      `Variant ${index + 1} has the same caption as variant ${sameAs + 1}: the platform would see the same post twice`,
      HttpStatus.BAD_REQUEST,
      { index, sameAs },
      { index: index + 1, sameAs: sameAs + 1 },
    );
  }
}

export type ExperimentAccountsProblem = 'count' | 'repeated' | 'platforms' | 'inactive';

const ACCOUNT_MESSAGES: Record<ExperimentAccountsProblem, string> = {
  count: 'Choose one account per variant (different accounts), or one account for comparable times',
  repeated: 'Each variant goes to a different account in this mode: use "one account, comparable times" to post them on one account',
  platforms: 'An experiment compares captions on one platform: choose accounts of the same platform',
  inactive: 'One of the accounts is not active: reconnect it first',
};

export class ExperimentAccountsInvalid extends AppException {
  constructor(problem: ExperimentAccountsProblem) {
    super('EXPERIMENT_ACCOUNTS_INVALID', ACCOUNT_MESSAGES[problem], HttpStatus.BAD_REQUEST, { problem }, { problem });
  }
}

/** The variants are the item's video with other captions: the item needs a video. */
export class ExperimentNeedsVideo extends AppException {
  constructor() {
    super('EXPERIMENT_NEEDS_VIDEO', 'Add a video to the item before building an experiment from it', HttpStatus.BAD_REQUEST);
  }
}

/** Only a running or waiting experiment can be cancelled. */
export class ExperimentNotOpen extends AppException {
  constructor(status: string) {
    super(
      'EXPERIMENT_NOT_OPEN',
      `This experiment is ${status.replace(/_/g, ' ')}: only a running one can be cancelled`,
      HttpStatus.CONFLICT,
      { status },
      { status },
    );
  }
}

/** Trial Reels (`trial_params`) exist on Instagram only. */
export class ExperimentTrialInstagramOnly extends AppException {
  constructor() {
    super('EXPERIMENT_TRIAL_INSTAGRAM_ONLY', 'Trial Reels (trialGraduation) are an Instagram option: leave it out for other platforms', HttpStatus.BAD_REQUEST);
  }
}

export class ExperimentNotFound extends AppException {
  constructor() {
    super('NOT_FOUND', 'Experiment not found', HttpStatus.NOT_FOUND);
  }
}
