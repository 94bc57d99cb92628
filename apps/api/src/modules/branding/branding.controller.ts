import { Body, Controller, Delete, Get, Headers, Param, Put, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { Access } from '../../common/auth/access.decorator.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { Public } from '../../common/auth/public.decorator.js';
import { BrandingService } from './branding.service.js';
import { LOGO_CONTENT_TYPES } from './branding.types.js';
import { BrandingDto, PublicBrandingDto, UpdateBrandingDto } from './dto/branding.dto.js';

/** The current workspace's white-label settings (issue 25). */
@ApiTags('branding')
@Controller('workspaces/current/branding')
export class WorkspaceBrandingController {
  constructor(private readonly branding: BrandingService) {}

  // Every member reads it: the app's header, title and theme come from it.
  @Get()
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: "The workspace's branding: product name, logo, colours, custom host (null: the default)" })
  @ApiOkResponse({ type: BrandingDto })
  getBranding(@CurrentPrincipal() principal: Principal): Promise<BrandingDto> {
    return this.branding.get(principal);
  }

  @Put()
  @Access('admin', 'admin')
  @ApiOperation({ summary: 'Replace the branding (all but the logo): a field left out or null goes back to the default' })
  @ApiOkResponse({ type: BrandingDto })
  @ApiUnprocessableEntityResponse({ description: 'A colour does not contrast enough (BRANDING_CONTRAST_TOO_LOW, with the ratio in params)' })
  @ApiConflictResponse({ description: 'Another workspace, or the installation itself, uses this host (BRANDING_HOST_TAKEN)' })
  updateBranding(@CurrentPrincipal() principal: Principal, @Body() body: UpdateBrandingDto): Promise<BrandingDto> {
    return this.branding.update(principal, body);
  }

  @Put('logo')
  @Access('admin', 'admin')
  @ApiOperation({ summary: 'Upload the logo as the request body: PNG, JPEG or WebP, at most 512 KB (SVG is refused)' })
  @ApiConsumes(...LOGO_CONTENT_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: BrandingDto })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not a PNG, JPEG or WebP image, or not the declared type (BRANDING_LOGO_TYPE)' })
  @ApiPayloadTooLargeResponse({ description: 'Over 512 KB (BRANDING_LOGO_TOO_LARGE)' })
  uploadBrandingLogo(
    @CurrentPrincipal() principal: Principal,
    @Headers('content-type') contentType: string | undefined,
    @Headers('content-length') contentLength: string | undefined,
    @Req() req: Request,
  ): Promise<BrandingDto> {
    const length = contentLength && /^\d+$/.test(contentLength) ? Number(contentLength) : undefined;
    return this.branding.setLogo(principal, contentType, length, req);
  }

  @Delete('logo')
  @Access('admin', 'admin')
  @ApiOperation({ summary: 'Remove the logo (the product name shows instead)' })
  @ApiOkResponse({ type: BrandingDto })
  removeBrandingLogo(@CurrentPrincipal() principal: Principal): Promise<BrandingDto> {
    return this.branding.removeLogo(principal);
  }
}

/** What pages shown before sign-in (login, client review) need: how this host looks, nothing else. */
@ApiTags('branding')
@Public()
@Controller('branding')
export class PublicBrandingController {
  constructor(private readonly branding: BrandingService) {}

  @Get()
  @ApiOperation({ summary: 'The branding of the workspace whose custom host the request came to (Host header); the default on any other host' })
  @ApiOkResponse({ type: PublicBrandingDto })
  getPublicBranding(@Headers('host') host: string | undefined): Promise<PublicBrandingDto> {
    return this.branding.forHost(host);
  }

  @Get('logos/:file')
  @ApiOperation({ summary: 'A logo a workspace shows now, by its opaque file name (cached: a new logo gets a new name)' })
  @ApiProduces(...LOGO_CONTENT_TYPES)
  @ApiOkResponse({ description: 'The image', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse()
  async getBrandingLogo(@Param('file') file: string, @Res() res: Response): Promise<void> {
    const logo = await this.branding.logo(file);
    const body = await this.branding.openLogo(logo.key);
    res.setHeader('Content-Type', logo.contentType);
    res.setHeader('Content-Length', String(logo.bytes));
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    body.pipe(res);
  }
}
