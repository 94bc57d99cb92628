import { Inject, Injectable } from '@nestjs/common';

import { captionOverrideOf, effectiveCaption, type Platform } from '@mwr/domain';
import { platformDescriptor } from '@mwr/publishers';

import { actorOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { AiDisabled, AiWorkspaceDisabled } from './ai.errors.js';
import { AiRepository } from './ai.repository.js';
import { captionPrompt, checkSuggestions, parseSuggestions, type PlatformBrief } from './caption-prompt.js';
import { CAPTION_SUGGESTER, type CaptionSuggester } from './caption-suggester.js';
import type { AiStatusDto, CaptionSuggestionsDto, CaptionSuggestionsRequestDto } from './dto/ai.dto.js';

/** The workspace's best captions shown to the model per platform. */
const EXAMPLES_PER_PLATFORM = 3;

const isAdmin = (principal: Principal) =>
  principal.kind === 'user' ? principal.role === 'admin' || principal.role === 'owner' : principal.scopes.includes('admin');

/**
 * AI caption suggestions (issue 24): off unless the server has a provider AND the workspace's
 * admins turned them on. Suggestions are checked against each platform's caption rules before
 * anyone sees them and are only ever returned: nothing here writes a caption or posts.
 */
@Injectable()
export class AiService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CAPTION_SUGGESTER) private readonly suggester: CaptionSuggester | null,
    private readonly repository: AiRepository,
  ) {}

  async status(principal: Principal): Promise<AiStatusDto> {
    const serverEnabled = Boolean(this.config.ai && this.suggester);
    const workspaceEnabled = await this.repository.suggestionsEnabled(workspaceIdOf(principal));
    return {
      serverEnabled,
      workspaceEnabled,
      available: serverEnabled && workspaceEnabled,
      canManage: isAdmin(principal),
      ...(this.config.ai ? { model: this.config.ai.model } : {}),
    };
  }

  async updateSettings(principal: Principal, suggestionsEnabled: boolean): Promise<AiStatusDto> {
    await this.repository.setSuggestionsEnabled(workspaceIdOf(principal), suggestionsEnabled, actorOf(principal).userId);
    return this.status(principal);
  }

  /** Refuses (409) unless suggestions are on for the server and the workspace; called before a stream opens. */
  async assertAvailable(principal: Principal): Promise<CaptionSuggester> {
    if (!this.config.ai || !this.suggester) throw new AiDisabled();
    if (!(await this.repository.suggestionsEnabled(workspaceIdOf(principal)))) throw new AiWorkspaceDisabled();
    return this.suggester;
  }

  async suggest(
    principal: Principal,
    request: CaptionSuggestionsRequestDto,
    stream?: { onDelta: (text: string) => void; signal?: AbortSignal },
  ): Promise<CaptionSuggestionsDto> {
    const suggester = await this.assertAvailable(principal);
    const platforms = [...new Set(request.platforms)];
    const briefs = await this.briefs(workspaceIdOf(principal), platforms);
    const messages = captionPrompt({ title: request.title ?? '', draft: request.draft, platforms: briefs, count: request.count ?? 3 });
    const text = await suggester.complete(messages, { stream: Boolean(stream), onDelta: stream?.onDelta, signal: stream?.signal });
    const checked = checkSuggestions(parseSuggestions(text, platforms), (platform) => (caption) => platformDescriptor(platform).caption.check(caption));
    return {
      model: this.config.ai!.model,
      items: checked.map((s) => ({
        platform: s.platform,
        caption: s.caption,
        source: 'ai' as const,
        accepted: s.findings.length === 0,
        refusals: s.findings.map((f) => ({ code: f.code, message: f.message, limit: f.limit, actual: f.actual })),
      })),
      basis: briefs.map((b) => ({
        platform: b.platform,
        maxLength: b.rules.maxLength,
        counting: b.rules.counting,
        ...(b.rules.maxHashtags !== undefined ? { maxHashtags: b.rules.maxHashtags } : {}),
        ...(b.rules.maxMentions !== undefined ? { maxMentions: b.rules.maxMentions } : {}),
        examples: b.examples.length,
      })),
    };
  }

  /** Each platform's caption rules (the registry) and the workspace's best captions there (views at 24 h). */
  private async briefs(workspaceId: string, platforms: readonly Platform[]): Promise<PlatformBrief[]> {
    // A few more rows than shown: a post without a caption is no example.
    const rows = await this.repository.bestCaptions(workspaceId, platforms, EXAMPLES_PER_PLATFORM + 2);
    return platforms.map((platform) => {
      const descriptor = platformDescriptor(platform);
      const examples = rows
        .filter((r) => r.platform === platform)
        .map((r) => ({ caption: effectiveCaption(r, captionOverrideOf(r.targetOptions ?? {})), views: r.views }))
        .filter((e) => e.caption.trim() !== '')
        .slice(0, EXAMPLES_PER_PLATFORM);
      const { maxLength, counting, maxHashtags, maxMentions } = descriptor.caption;
      return { platform, displayName: descriptor.displayName, rules: { maxLength, counting, maxHashtags, maxMentions }, examples };
    });
  }
}
