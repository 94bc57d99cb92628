import { Body, Controller, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { Access } from '../../common/auth/access.decorator.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { AssetImportService } from './asset-import.service.js';
import { toAssetDto } from './assets.controller.js';
import { ImportAssetDto } from './dto/asset-import.dto.js';
import { AssetDto } from './dto/asset.dto.js';

/** Videos from a URL (issue 26): the public API's counterpart of a tus upload. */
@ApiTags('assets')
@Controller('assets')
export class AssetImportController {
  constructor(private readonly imports: AssetImportService) {}

  @Post('import')
  @Idempotent()
  @Access('editor', 'content:write')
  @ApiOperation({
    summary:
      'Import a video from a URL: downloaded through the SSRF guard (redirects re-checked), up to the upload size limit, probed like an upload. Synchronous: answers once the video is stored. The same bytes as a video the workspace has answer 200 with that video.',
  })
  @ApiCreatedResponse({ type: AssetDto, description: 'A new video' })
  @ApiOkResponse({ type: AssetDto, description: 'The workspace already had these bytes: that video (nothing new stored)' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: url missing, not http(s), or too long' })
  @ApiResponse({ status: 413, description: 'IMPORT_TOO_LARGE: the file is larger than the upload limit (params.limitBytes)' })
  @ApiResponse({
    status: 422,
    description:
      'IMPORT_URL_NOT_ALLOWED (a private, loopback or link-local address, or a redirect to one), IMPORT_SOURCE_FAILED (an error status, a timeout, a broken download), MEDIA_REJECTED (not an MP4/MOV video), or IDEMPOTENCY_KEY_REUSED',
  })
  async importAsset(@CurrentPrincipal() principal: Principal, @Body() body: ImportAssetDto, @Res({ passthrough: true }) res: Response): Promise<AssetDto> {
    const { asset, linked } = await this.imports.importFromUrl(principal, body.url);
    res.status(linked ? HttpStatus.OK : HttpStatus.CREATED);
    return toAssetDto(asset);
  }
}
