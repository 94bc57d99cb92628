import { Body, Controller, Delete, Get, Head, HttpCode, Param, Patch, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';

import type { Platform } from '@mwr/domain';

import { Access } from '../../common/auth/access.decorator.js';
import { accountViewerOf, CurrentPrincipal, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import { Public } from '../../common/auth/public.decorator.js';
import { AppException } from '../../common/errors/app-exception.js';
import { keysetCursor } from '../../common/pagination/keyset-cursor.js';
import { UuidParam } from '../../common/validation/id.pipe.js';
import { AssetDeletion } from './asset-deletion.service.js';
import { AssetNotFound, AssetNotReady } from './assets.errors.js';
import type { Asset } from './assets.repository.js';
import { AssetsService } from './assets.service.js';
import { AssetChecksDto, AssetChecksQueryDto, AssetDto, AssetPageDto, ListAssetsQueryDto, UpdateAssetDto } from './dto/asset.dto.js';
import { sendStoredFile } from './media-response.js';

export const toAssetDto = (a: Asset): AssetDto => ({
  id: a.id,
  filename: a.originalFilename,
  mime: a.mime,
  bytes: Number(a.bytes),
  sha256: a.sha256,
  status: a.status,
  probe: a.probe
    ? {
        container: a.probe.container,
        durationMs: a.probe.durationMs,
        width: a.probe.width,
        height: a.probe.height,
        rotation: a.probe.rotation,
        fps: a.probe.fps,
        videoCodec: a.probe.videoCodec,
        videoProfile: a.probe.videoProfile,
        audioCodec: a.probe.audioCodec,
        audioSampleRate: a.probe.audioSampleRate,
        bitrate: a.probe.bitrate,
        faststart: a.probe.faststart,
      }
    : null,
  usageCount: a.usageCount,
  usedBy: a.usedBy.map((use) => ({ ...use, scheduledAt: use.scheduledAt ? new Date(use.scheduledAt).toISOString() : null })),
  tags: a.tags,
  duplicateOf: a.duplicateOf,
  thumbnailUrl: a.thumbnailKey ? `/api/assets/${a.id}/thumbnail` : null,
  error: a.error,
  createdAt: new Date(a.createdAt).toISOString(),
});

const CURSOR = keysetCursor({ createdAtMicros: 'micros', id: 'uuid' });

@ApiTags('assets')
@Controller('assets')
export class AssetsController {
  constructor(
    private readonly assets: AssetsService,
    private readonly deletion: AssetDeletion,
  ) {}

  @Get()
  @Access('viewer', 'content:read')
  @ApiOperation({
    summary:
      'Videos of the workspace (the media library), newest first, with their probe summary, tags and the posts using them; search, tag and unused filters',
  })
  @ApiOkResponse({ type: AssetPageDto })
  async listAssets(@CurrentPrincipal() principal: Principal, @Query() query: ListAssetsQueryDto): Promise<AssetPageDto> {
    const limit = query.limit ?? 50;
    const rows = await this.assets.list(principal, {
      text: query.q,
      tag: query.tag,
      unused: query.unused === undefined ? undefined : query.unused === 'true',
      uploadId: query.uploadId,
      cursor: CURSOR.decodeOptional(query.cursor),
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toAssetDto),
      nextCursor: rows.length > limit && last ? CURSOR.encode({ createdAtMicros: last.cursorMicros, id: last.id }) : null,
    };
  }

  @Get(':id')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'One video' })
  @ApiOkResponse({ type: AssetDto })
  @ApiNotFoundResponse()
  async getAsset(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<AssetDto> {
    return toAssetDto(await this.assets.get(workspaceIdOf(principal), id, accountViewerOf(principal)));
  }

  @Patch(':id')
  @Access('editor', 'content:write')
  @ApiOperation({ summary: "Set a video's tags (the whole set)" })
  @ApiOkResponse({ type: AssetDto })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED: too many tags, or a tag too long or with characters other than letters, digits, spaces, _, # or -',
  })
  @ApiNotFoundResponse()
  async updateAsset(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string, @Body() body: UpdateAssetDto): Promise<AssetDto> {
    return toAssetDto(await this.assets.setTags(principal, id, body.tags));
  }

  @Delete(':id')
  @Access('editor', 'content:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a video (409 ASSET_IN_USE naming the posts while an item that is not published or cancelled uses it)' })
  @ApiNoContentResponse()
  @ApiConflictResponse()
  async deleteAsset(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<void> {
    await this.deletion.delete(principal, id);
  }

  @Get(':id/download')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'The video file (supports Range)' })
  @ApiProduces('video/mp4', 'video/quicktime')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({
    status: 206,
    description: 'The requested range',
    content: { 'video/mp4': { schema: { type: 'string', format: 'binary' } }, 'video/quicktime': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({ status: 416, description: 'The range is outside the file' })
  async downloadAsset(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const asset = await this.assets.get(workspaceIdOf(principal), id);
    if (asset.status !== 'ready') throw new AssetNotReady(asset.status);
    await sendStoredFile(
      req,
      res,
      this.assets.storage,
      { key: asset.storageKey, bytes: Number(asset.bytes), mime: asset.mime, filename: asset.originalFilename },
      'attachment',
    );
  }

  @Get(':id/thumbnail')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'The poster frame (404 when none was made: show a placeholder)' })
  @ApiProduces('image/jpeg')
  @ApiOkResponse({ description: 'JPEG', schema: { type: 'string', format: 'binary' } })
  async getAssetThumbnail(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const asset = await this.assets.get(workspaceIdOf(principal), id);
    const stored = asset.thumbnailKey ? await this.assets.storage.stat(asset.thumbnailKey) : undefined;
    if (!asset.thumbnailKey || !stored) throw new AssetNotFound();
    await sendStoredFile(req, res, this.assets.storage, { key: asset.thumbnailKey, bytes: stored.bytes, mime: 'image/jpeg', filename: 'poster.jpg' }, 'inline');
  }

  @Get(':id/checks')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: "Whether each platform will accept the video: errors block scheduling, warnings don't" })
  @ApiOkResponse({ type: AssetChecksDto })
  async getAssetChecks(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Query() query: AssetChecksQueryDto,
  ): Promise<AssetChecksDto> {
    const platforms = (query.platforms ? [...new Set(query.platforms.split(','))] : ['tiktok', 'instagram']) as Platform[];
    const findings = await this.assets.checksFor(principal, id, platforms, query.accountIds ? query.accountIds.split(',') : []);
    return { platforms, blocking: findings.some((f) => f.severity === 'error'), findings };
  }
}

/** Signed, expiring links the platforms fetch videos from (outside /api: see configureApp). */
@ApiTags('media')
@Controller('media')
export class MediaController {
  constructor(private readonly assets: AssetsService) {}

  @Get(':token')
  @Public()
  @ApiOperation({ summary: 'A video by signed link (HMAC token with expiry); supports Range and HEAD' })
  @ApiProduces('video/mp4', 'video/quicktime')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({
    status: 206,
    description: 'The requested range',
    content: { 'video/mp4': { schema: { type: 'string', format: 'binary' } }, 'video/quicktime': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({ status: 416, description: 'The range is outside the file' })
  @ApiForbiddenResponse({ description: 'The link is invalid or has expired (FORBIDDEN)' })
  async getMedia(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.serve(token, req, res);
  }

  @Head(':token')
  @Public()
  @ApiOperation({ summary: 'Size and type of a video by signed link' })
  @ApiOkResponse({ description: 'Headers only' })
  @ApiForbiddenResponse({ description: 'The link is invalid or has expired (FORBIDDEN)' })
  async headMedia(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.serve(token, req, res);
  }

  private async serve(token: string, req: Request, res: Response): Promise<void> {
    const resolved = await this.assets.resolveMediaToken(token.replace(/\.(mp4|mov)$/i, ''));
    if ('error' in resolved)
      throw new AppException('MEDIA_LINK_INVALID', resolved.error === 'expired' ? 'This link has expired' : 'This link is not valid', 403);
    await sendStoredFile(
      req,
      res,
      this.assets.storage,
      { key: resolved.storageKey, bytes: resolved.bytes, mime: resolved.mime, filename: resolved.filename },
      'inline',
    );
  }
}
