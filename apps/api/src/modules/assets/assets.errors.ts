import { HttpStatus } from '@nestjs/common';

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

export class AssetInUse extends AppException {
  constructor(items: { id: string; status: string }[]) {
    super('ASSET_IN_USE', `This video is used by ${items.length} planned item(s): remove it from them or cancel them first`, HttpStatus.CONFLICT, { items });
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
    super('MEDIA_REJECTED', message, HttpStatus.UNPROCESSABLE_ENTITY, { reason });
  }
}

export class RangeNotSatisfiable extends AppException {
  constructor(size: number) {
    super('RANGE_NOT_SATISFIABLE', `The requested range is outside the file (${size} bytes)`, HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, { size });
  }
}

export class QualityGateFailed extends AppException {
  constructor(findings: unknown[]) {
    super('QUALITY_GATE_FAILED', 'The video does not meet the requirements of a target platform', HttpStatus.UNPROCESSABLE_ENTITY, findings);
  }
}
