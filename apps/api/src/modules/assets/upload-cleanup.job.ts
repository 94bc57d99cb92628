import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { PeriodicTask } from '../../common/scheduling/periodic-task.js';
import { UploadsService } from './uploads.service.js';

const HOURLY = 3600_000;

/** Uploads abandoned for more than 24 h (closed laptop, lost Wi-Fi) are deleted, hourly. */
@Injectable()
export class UploadCleanupJob extends PeriodicTask {
  constructor(
    private readonly uploads: UploadsService,
    registry: SchedulerRegistry,
  ) {
    super(registry, { name: 'upload-cleanup', everyMs: HOURLY, what: 'upload cleanup' });
  }

  protected run(): Promise<unknown> {
    return this.uploads.removeStaleUploads();
  }
}
