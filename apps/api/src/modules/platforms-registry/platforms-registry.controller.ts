import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Authenticated } from '../../common/auth/access.decorator.js';
import { PlatformListDto } from './dto/platform.dto.js';
import { PlatformsRegistryService } from './platforms-registry.service.js';

@ApiTags('platforms')
@Controller('platforms')
export class PlatformsRegistryController {
  constructor(private readonly registry: PlatformsRegistryService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: "The platforms we publish to: each one's composer options (schema and cross-field rules), caption rules and media rules" })
  @ApiOkResponse({ type: PlatformListDto })
  listPlatforms(): PlatformListDto {
    return { items: this.registry.list() };
  }
}
