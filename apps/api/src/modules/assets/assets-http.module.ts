import { Module } from '@nestjs/common';

import { CalendarModule } from '../calendar/calendar.module.js';
import { AssetDeletion } from './asset-deletion.service.js';
import { AssetImportController } from './asset-import.controller.js';
import { AssetImportService } from './asset-import.service.js';
import { AssetsController, MediaController } from './assets.controller.js';
import { AssetsModule } from './assets.module.js';
import { UploadsController } from './uploads.controller.js';

/**
 * The HTTP side (api role): asset endpoints, tus uploads, /media links. Deleting a video asks the
 * calendar, which owns the items using it (its own file: the calendar module imports AssetsModule).
 */
@Module({
  imports: [AssetsModule, CalendarModule],
  controllers: [AssetImportController, AssetsController, UploadsController, MediaController],
  providers: [AssetDeletion, AssetImportService],
  exports: [AssetImportService],
})
export class AssetsHttpModule {}
