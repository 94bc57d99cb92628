import { HttpStatus } from '@nestjs/common';

import type { QualityFinding } from '@mwr/domain';

import { AppException } from '../../common/errors/app-exception.js';

export class AssetNotFound extends AppException {
  constructor() {
    super('NOT_FOUND', 'Video not found', HttpStatus.NOT_FOUND);
  }
}

/** A tus upload that does not exist, or belongs to another workspace: the two look the same. */
export class UploadNotFound extends AppException {
  constructor() {
    super('NOT_FOUND', 'Upload not found', HttpStatus.NOT_FOUND);
  }
}

/** The posts still using the video are named in the message and listed in details.items ({ id, status, title }). */
export class AssetInUse extends AppException {
  constructor(items: { id: string; status: string; title: string }[]) {
    const named = items
      .slice(0, 3)
      .map((item) => (item.title ? `"${item.title}"` : item.id))
      .join(', ');
    const more = items.length > 3 ? ` and ${items.length - 3} more` : '';
    super(
      'ASSET_IN_USE',
      `This video is used by ${items.length} planned item(s): ${named}${more}. Remove it from them or cancel them first`,
      HttpStatus.CONFLICT,
      { items },
      { count: items.length },
    );
  }
}

export class AssetNotReady extends AppException {
  constructor(status: string) {
    super('ASSET_NOT_READY', `This video is ${status}, not ready`, HttpStatus.CONFLICT);
  }
}

/** The uploaded file is not something we can publish: not a video, truncated, unsupported. */
export class AssetRejected extends AppException {
  constructor(reason: string, message: string) {
    super('MEDIA_REJECTED', message, HttpStatus.UNPROCESSABLE_ENTITY, { reason }, { reason });
  }
}

export class RangeNotSatisfiable extends AppException {
  constructor(size: number) {
    super('RANGE_NOT_SATISFIABLE', `The requested range is outside the file (${size} bytes)`, HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, { size }, { size });
  }
}

export class QualityGateFailed extends AppException {
  constructor(findings: QualityFinding[]) {
    const first = findings[0];
    // params: the first refusal, for a one-line message ("Instagram will refuse this video: …"); details has them all.
    const params = first ? { platform: first.platform, check: first.code, limit: first.limit, actual: first.actual, count: findings.length } : {};
    super('QUALITY_GATE_FAILED', 'The video does not meet the requirements of a target platform', HttpStatus.UNPROCESSABLE_ENTITY, findings, params);
  }
}
