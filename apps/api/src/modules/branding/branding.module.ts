import { Module } from '@nestjs/common';

import { StorageModule } from '../storage/storage.module.js';
import { PublicBrandingController, WorkspaceBrandingController } from './branding.controller.js';
import { BrandingRepository } from './branding.repository.js';
import { BrandingService } from './branding.service.js';

/** White-label (issue 25): owns workspace_branding. Notifications and review links read it through BrandingService. */
@Module({
  imports: [StorageModule],
  providers: [BrandingService, BrandingRepository],
  exports: [BrandingService],
})
export class BrandingModule {}

/** The api role's routes. */
@Module({
  imports: [BrandingModule],
  controllers: [WorkspaceBrandingController, PublicBrandingController],
})
export class BrandingHttpModule {}
