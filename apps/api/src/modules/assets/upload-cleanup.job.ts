import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { PeriodicTask } from '../../common/scheduling/periodic-task.js';
import { AssetsService } from './assets.service.js';
import { UploadsService } from './uploads.service.js';

const HOURLY = 3600_000;

/** Uploads abandoned for more than 24 h (closed laptop, lost Wi-Fi) and files of assets that are gone are deleted, hourly. */
@Injectable()
export class UploadCleanupJob extends PeriodicTask {
  constructor(
    private readonly uploads: UploadsService,
    private readonly assets: AssetsService,
    registry: SchedulerRegistry,
  ) {
    super(registry, { name: 'upload-cleanup', everyMs: HOURLY, what: 'upload cleanup' });
  }

  protected async run(): Promise<unknown> {
    return [await this.uploads.removeStaleUploads(), await this.assets.removeOrphanFiles()];
  }
}
