import { Module } from '@nestjs/common';

import { AccountsModule } from '../accounts/accounts.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { AssetsRepository } from './assets.repository.js';
import { AssetsService } from './assets.service.js';
import { UploadCleanupJob } from './upload-cleanup.job.js';
import { UploadsService } from './uploads.service.js';

/** Videos: storage, probe, quality gates, signed links. Any role may import it for AssetsService. */
@Module({
  imports: [AccountsModule, StorageModule],
  providers: [AssetsService, AssetsRepository, UploadsService],
  exports: [AssetsService, UploadsService],
})
export class AssetsModule {}

/** The scheduler role's part: removing abandoned uploads. */
@Module({ imports: [AssetsModule], providers: [UploadCleanupJob] })
export class AssetsCleanupModule {}
