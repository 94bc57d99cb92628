import { Body, Controller, Get, HttpCode, Post, Put, Req, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiConflictResponse,
  ApiExtraModels,
  ApiGatewayTimeoutResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { Access } from '../../common/auth/access.decorator.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { AppException, appExceptionBody } from '../../common/errors/app-exception.js';
import { AiProviderError } from './ai.errors.js';
import { AiService } from './ai.service.js';
import { AiStatusDto, CaptionDeltaEventDto, CaptionSuggestionsDto, CaptionSuggestionsRequestDto, UpdateAiSettingsDto } from './dto/ai.dto.js';

const OFF = 'AI_DISABLED: the server has no AI provider (AI_BASE_URL unset); AI_WORKSPACE_DISABLED: an admin has not turned suggestions on';
const PROVIDER =
  'AI_PROVIDER_UNREACHABLE, AI_PROVIDER_REFUSED (401/403/4xx, or 429/5xx after the bounded retries; params.providerStatus), AI_PROVIDER_BAD_ANSWER (no JSON, no captions)';

/** AI caption suggestions (issue 24): off by default, checked against the platform rules, never posted by themselves. */
@ApiTags('ai')
@Controller('ai')
export class AiController {
  constructor(private readonly service: AiService) {}

  @Get('status')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'Whether AI caption suggestions can be asked for: the server has a provider (AI_BASE_URL) and the workspace turned them on' })
  @ApiOkResponse({ type: AiStatusDto })
  getAiStatus(@CurrentPrincipal() principal: Principal): Promise<AiStatusDto> {
    return this.service.status(principal);
  }

  @Put('settings')
  @Access('admin', 'admin')
  @ApiOperation({
    summary:
      "Turn AI caption suggestions on or off for the workspace (admins). On: the video's title, the draft caption and the workspace's best captions are sent to the server's AI provider when someone asks for suggestions",
  })
  @ApiOkResponse({ type: AiStatusDto })
  updateAiSettings(@CurrentPrincipal() principal: Principal, @Body() body: UpdateAiSettingsDto): Promise<AiStatusDto> {
    return this.service.updateSettings(principal, body.suggestionsEnabled);
  }

  @Post('caption-suggestions')
  @HttpCode(200)
  @Access('contributor', 'content:write')
  @ApiOperation({
    summary:
      "Caption variants per platform written by the AI provider from the title, the draft, each platform's caption rules and the workspace's best captions (views at 24 h). Each is checked against its platform's rules: accepted, or refused with the rule it breaks. Nothing is saved or posted: a person picks one into the draft.",
  })
  @ApiOkResponse({ type: CaptionSuggestionsDto })
  @ApiConflictResponse({ description: OFF })
  @ApiBadGatewayResponse({ description: PROVIDER })
  @ApiGatewayTimeoutResponse({ description: 'AI_PROVIDER_TIMEOUT: no complete answer within AI_TIMEOUT_MS' })
  suggestCaptions(@CurrentPrincipal() principal: Principal, @Body() body: CaptionSuggestionsRequestDto): Promise<CaptionSuggestionsDto> {
    return this.service.suggest(principal, body);
  }

  @Post('caption-suggestions/stream')
  @Access('contributor', 'content:write')
  @ApiExtraModels(CaptionDeltaEventDto)
  @ApiOperation({
    summary:
      'The same, streamed as text/event-stream while the model writes: `event: delta` (CaptionDeltaEventDto: raw text so far, not yet suggestions), then one `event: result` (CaptionSuggestionsDto, checked) or one `event: error` ({ statusCode, code, message, params? } with the codes of the non-streamed route). AI_DISABLED / AI_WORKSPACE_DISABLED and bad input are plain 409/400 JSON answers before any stream starts.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'text/event-stream of delta, then result or error' })
  @ApiConflictResponse({ description: OFF })
  async streamCaptionSuggestions(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CaptionSuggestionsRequestDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.service.assertAvailable(principal); // a 409 before the stream opens
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    req.socket.setNoDelay(true);
    const send = (event: string, data: unknown) => {
      if (!res.writableEnded && !res.destroyed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    try {
      const result = await this.service.suggest(principal, body, { onDelta: (text) => send('delta', { text }), signal: abort.signal });
      send('result', result);
    } catch (error) {
      const known = error instanceof AppException ? error : new AiProviderError('unreachable', 'The AI provider could not be reached');
      send('error', appExceptionBody(known));
    } finally {
      if (!res.writableEnded) res.end();
    }
  }
}
