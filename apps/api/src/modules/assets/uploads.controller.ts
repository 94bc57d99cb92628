import { Controller, Delete, Head, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { Access } from '../../common/auth/access.decorator.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { UploadsService } from './uploads.service.js';

/**
 * The tus resumable-upload protocol (https://tus.io): POST creates an upload, PATCH appends at
 * Upload-Offset, HEAD says how far it got, DELETE abandons it. The finishing PATCH answers with
 * Mwr-Asset-Id (and Mwr-Duplicate-Of, the same id, when the workspace already had these bytes: the
 * upload completes normally and links that asset instead of making a second one). Raw bodies:
 * application/offset+octet-stream is left alone by the JSON body parser.
 */
@ApiExcludeController()
@Controller('uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Post()
  @Access('contributor', 'content:write')
  async createUpload(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.uploads.handle(principal, req, res);
  }

  @Head(':id')
  @Access('editor', 'content:write')
  async getUploadOffset(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.uploads.handle(principal, req, res);
  }

  @Patch(':id')
  @Access('contributor', 'content:write')
  async appendUpload(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.uploads.handle(principal, req, res);
  }

  @Delete(':id')
  @Access('contributor', 'content:write')
  async abandonUpload(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.uploads.handle(principal, req, res);
  }
}
