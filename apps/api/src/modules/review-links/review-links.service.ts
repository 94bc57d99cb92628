import { HttpStatus, Inject, Injectable } from '@nestjs/common';

import { accountViewerOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import { AppException } from '../../common/errors/app-exception.js';
import { resolveMediaSigningKey } from '../assets/media-token.js';
import { AuditService } from '../audit/audit.service.js';
import { BrandingService } from '../branding/branding.service.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { ReviewsService } from '../reviews/reviews.service.js';
import type { ClientDecisionDto, ClientReviewDto, CreateReviewLinkDto, ReviewLinkDto, ReviewLinkListDto } from './dto/review-links.dto.js';
import { ReviewLinkTokens } from './review-link-token.js';
import { ReviewLinksRepository, type ReviewLinkRow } from './review-links.repository.js';

const DEFAULT_DAYS = 30;
const DAY_MS = 86_400_000;
const OPEN = new Set(['draft', 'scheduled', 'paused']);

/** Every way a link cannot be used answers the same 404: nothing tells a guess from a revoked link. */
class ReviewLinkNotFound extends AppException {
  constructor() {
    super('NOT_FOUND', 'Review link not found', HttpStatus.NOT_FOUND);
  }
}

/**
 * Client review links (issue 25): a signed token for one item or a set, 30 days by default,
 * revocable. A client without an account sees the items' previews per platform and their own
 * comments (never internal ones), and approves or requests changes, which goes into the item's
 * review through ReviewsService.clientDecision (the client step of required_client).
 */
@Injectable()
export class ReviewLinksService {
  private readonly tokens: ReviewLinkTokens;

  constructor(
    private readonly repository: ReviewLinksRepository,
    private readonly reviews: ReviewsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly branding: BrandingService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.tokens = new ReviewLinkTokens(resolveMediaSigningKey(config));
  }

  async create(principal: Principal, dto: CreateReviewLinkDto): Promise<ReviewLinkDto> {
    const workspaceId = workspaceIdOf(principal);
    const ids = [...new Set(dto.contentItemIds)];
    if ((await this.repository.existingItems(workspaceId, ids, accountViewerOf(principal))).length !== ids.length)
      throw new AppException('NOT_FOUND', 'Content item not found', HttpStatus.NOT_FOUND);
    const userId = principal.kind === 'user' ? principal.userId : null;
    const link = await this.repository.create({
      workspaceId,
      contentItemIds: ids,
      label: dto.label ?? null,
      createdBy: userId,
      expiresAt: new Date(Date.now() + (dto.expiresInDays ?? DEFAULT_DAYS) * DAY_MS),
    });
    await this.audit.record({
      workspaceId,
      actor: { userId, apiKeyId: principal.kind === 'api_key' ? principal.apiKeyId : null },
      action: 'review_link.created',
      target: { type: 'review_link', id: link.id },
      metadata: { contentItemIds: ids, expiresAt: link.expiresAt },
    });
    return this.view(link, await this.baseUrl(workspaceId));
  }

  async list(principal: Principal, contentItemId?: string): Promise<ReviewLinkListDto> {
    const workspaceId = workspaceIdOf(principal);
    const [links, baseUrl] = await Promise.all([this.repository.list(workspaceId, contentItemId, accountViewerOf(principal)), this.baseUrl(workspaceId)]);
    return { items: links.map((l) => this.view(l, baseUrl)) };
  }

  async revoke(principal: Principal, id: string): Promise<ReviewLinkDto> {
    const workspaceId = workspaceIdOf(principal);
    const userId = principal.kind === 'user' ? principal.userId : null;
    if (!(await this.repository.revoke(workspaceId, id, userId))) throw new AppException('NOT_FOUND', 'Review link not found', HttpStatus.NOT_FOUND);
    await this.audit.record({
      workspaceId,
      actor: { userId, apiKeyId: principal.kind === 'api_key' ? principal.apiKeyId : null },
      action: 'review_link.revoked',
      target: { type: 'review_link', id },
    });
    return this.view((await this.repository.find(id, workspaceId))!, await this.baseUrl(workspaceId));
  }

  /** What the client sees. */
  async show(token: string): Promise<ClientReviewDto> {
    const link = await this.usable(token);
    const [items, comments, branding] = await Promise.all([
      this.repository.clientItems(link.workspaceId, link.contentItemIds),
      this.reviews.clientComments(link.workspaceId, link.contentItemIds),
      this.branding.publicBrandingOf(link.workspaceId),
    ]);
    return {
      productName: branding.productName,
      branding,
      expiresAt: new Date(link.expiresAt).toISOString(),
      items: items.map((i) => ({
        id: i.id,
        title: i.title,
        caption: i.caption,
        hashtags: i.hashtags,
        scheduledAt: i.scheduledAt ? new Date(i.scheduledAt).toISOString() : null,
        timeZone: i.timeZone,
        targets: i.targets,
        decision: i.clientStep === 'approved' || i.clientStep === 'changes_requested' ? i.clientStep : 'pending',
        open: OPEN.has(i.status),
        comments: comments.filter((c) => c.contentItemId === i.id).map((c) => ({ id: c.id, body: c.body, createdAt: new Date(c.createdAt).toISOString() })),
      })),
    };
  }

  async decide(token: string, itemId: string, dto: ClientDecisionDto): Promise<ClientReviewDto> {
    const link = await this.usable(token);
    if (!link.contentItemIds.includes(itemId)) throw new ReviewLinkNotFound();
    if (dto.decision === 'changes_requested' && !dto.comment)
      throw new AppException('VALIDATION_FAILED', 'Say what to change: a comment is required to request changes', HttpStatus.BAD_REQUEST, [
        { field: 'comment', message: 'comment is required with changes_requested' },
      ]);
    await this.repository.transaction(async (tx) => {
      await this.reviews.clientDecision(tx, link.workspaceId, itemId, dto.decision, dto.comment ?? null);
      await this.notifications.clientDecided(tx, link.workspaceId, itemId, dto.decision, link.createdBy);
    });
    return this.show(token);
  }

  /** The link behind a token, if it can be used now; otherwise 404 whatever the reason. */
  private async usable(token: string): Promise<ReviewLinkRow> {
    const id = this.tokens.verify(token);
    const link = id ? await this.repository.find(id) : undefined;
    if (!link || link.revokedAt || new Date(link.expiresAt).getTime() <= Date.now()) throw new ReviewLinkNotFound();
    return link;
  }

  /** The workspace's custom host when it has one (white-label), else PUBLIC_URL. */
  private async baseUrl(workspaceId: string): Promise<string> {
    return (await this.branding.brandingOf(workspaceId)).baseUrl;
  }

  private view(l: ReviewLinkRow, baseUrl: string): ReviewLinkDto {
    const token = this.tokens.sign(l.id);
    return {
      id: l.id,
      contentItemIds: l.contentItemIds,
      label: l.label,
      token,
      url: `${baseUrl}/review/${token}`,
      createdAt: new Date(l.createdAt).toISOString(),
      expiresAt: new Date(l.expiresAt).toISOString(),
      revokedAt: l.revokedAt ? new Date(l.revokedAt).toISOString() : null,
      active: !l.revokedAt && new Date(l.expiresAt).getTime() > Date.now(),
    };
  }
}
