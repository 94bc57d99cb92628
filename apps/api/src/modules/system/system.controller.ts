import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Access } from '../../common/auth/access.decorator.js';
import { SystemInfoDto } from './dto/system-info.dto.js';
import { SystemService } from './system.service.js';

@ApiTags('system')
@Controller('system')
export class SystemController {
  constructor(private readonly system: SystemService) {}

  @Get()
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'What this installation runs on: version, database, queue driver, roles' })
  @ApiOkResponse({ type: SystemInfoDto })
  getSystemInfo(): Promise<SystemInfoDto> {
    return this.system.info();
  }
}
