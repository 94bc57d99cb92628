import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { UploadsService } from './uploads.service.js';

const HOURLY = 3600_000;

/** Uploads abandoned for more than 24 h (closed laptop, lost Wi-Fi) are deleted. */
@Injectable()
export class UploadCleanupJob {
  private readonly logger = new Logger(UploadCleanupJob.name);

  constructor(private readonly uploads: UploadsService) {}

  @Interval('upload-cleanup', HOURLY)
  async run(): Promise<void> {
    try {
      await this.uploads.removeStaleUploads();
    } catch (error) {
      this.logger.error(`upload cleanup failed: ${(error as Error).message}`);
    }
  }
}
