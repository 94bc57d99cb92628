import { Module } from '@nestjs/common';

import { PlatformsRegistryController } from './platforms-registry.controller.js';
import { PlatformsRegistryService } from './platforms-registry.service.js';

/** GET /api/platforms: the platform registry's descriptors, as the composer renders them. */
@Module({ controllers: [PlatformsRegistryController], providers: [PlatformsRegistryService], exports: [PlatformsRegistryService] })
export class PlatformsRegistryModule {}
