import { HttpStatus } from '@nestjs/common';

import type { ContrastProblem } from '@mwr/domain';

import { AppException } from '../../common/errors/app-exception.js';

/** A colour white text (or the page) cannot be read against: the first problem's ratio in params, all in details. */
export class BrandingContrastTooLow extends AppException {
  constructor(problems: ContrastProblem[]) {
    const first = problems[0]!;
    super(
      'BRANDING_CONTRAST_TOO_LOW',
      `${first.field} ${first.color} has a contrast of ${first.ratio}:1 against ${first.against}; at least ${first.minimum}:1 is needed`,
      HttpStatus.UNPROCESSABLE_ENTITY,
      problems,
      { field: first.field, color: first.color, ratio: first.ratio, minimum: first.minimum },
    );
  }
}

/** Another workspace (or the installation itself) answers on this host. */
export class BrandingHostTaken extends AppException {
  constructor(host: string) {
    super('BRANDING_HOST_TAKEN', `The host ${host} is already in use`, HttpStatus.CONFLICT, undefined, { host });
  }
}

export class BrandingLogoType extends AppException {
  constructor() {
    super('BRANDING_LOGO_TYPE', 'The logo must be a PNG, JPEG or WebP image (SVG is not accepted)', HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }
}

export class BrandingLogoTooLarge extends AppException {
  constructor(maxBytes: number) {
    super('BRANDING_LOGO_TOO_LARGE', `The logo must be at most ${maxBytes / 1024} KB`, HttpStatus.PAYLOAD_TOO_LARGE, undefined, { maxKb: maxBytes / 1024 });
  }
}

/** Same answer whatever the reason: nothing tells a guessed name from a replaced logo. */
export class BrandingLogoNotFound extends AppException {
  constructor() {
    super('NOT_FOUND', 'Logo not found', HttpStatus.NOT_FOUND);
  }
}
