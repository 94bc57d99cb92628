import { All, Controller, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { Authenticated } from '../../common/auth/access.decorator.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { McpService } from './mcp.service.js';

/**
 * `/mcp` (outside the /api prefix): the Model Context Protocol endpoint, Streamable HTTP. Its own
 * protocol (JSON-RPC), so it is not in the OpenAPI document; the README documents it. Any
 * authenticated caller passes the guard; the service takes API keys only and checks each tool's scope.
 */
@ApiExcludeController()
@Controller('mcp')
export class McpController {
  constructor(private readonly mcp: McpService) {}

  @All()
  @Authenticated()
  async handleMcp(@CurrentPrincipal() principal: Principal | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.mcp.handle(principal, req, res);
  }
}
