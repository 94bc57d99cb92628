import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { approvalHash, approvalRequired, type ReviewState } from '@mwr/domain';

import { accountViewerOf, actorOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import type { Db } from '../../common/database/db.js';
import { AppException } from '../../common/errors/app-exception.js';
import { AuditService } from '../audit/audit.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { ReviewQueueDto, ReviewSettingsDto, ReviewStateDto, UpdateReviewSettingsDto } from './dto/reviews.dto.js';
import { ApprovalsOff, ApprovalStale, ApproverRequired, ReviewNotFound, ReviewNotOpen, SelfApprovalForbidden } from './reviews.errors.js';
import { ReviewsRepository, type ReviewedItem, type ReviewRow } from './reviews.repository.js';

/** Items whose plan can still change: the only ones a review applies to. */
const REVIEWABLE = new Set(['draft', 'scheduled', 'paused']);

const userIdOf = (principal: Principal): string => {
  if (principal.kind !== 'user') throw new AppException('USER_ONLY', 'Only people review posts', 403);
  return principal.userId;
};

/**
 * Approvals (issue 25): the workspace's policy, who may approve, and decisions bound to the hash
 * of everything that will be published (@mwr/domain approvalHash) and to the item's version. The
 * scheduler (queue/ledger.repository.ts) makes jobs of a required workspace's items only when their
 * current version is approved; CalendarService calls afterEdit in each edit's transaction.
 */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly repository: ReviewsRepository,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
  ) {}

  async settings(principal: Principal): Promise<ReviewSettingsDto> {
    const workspaceId = workspaceIdOf(principal);
    const [settings, members] = await Promise.all([this.repository.settings(workspaceId), this.repository.members(workspaceId)]);
    return { ...settings, members };
  }

  async updateSettings(principal: Principal, dto: UpdateReviewSettingsDto): Promise<ReviewSettingsDto> {
    const workspaceId = workspaceIdOf(principal);
    await this.dataSource.transaction(async (tx) => {
      const current = await this.repository.settings(workspaceId, tx);
      const next = { policy: dto.policy ?? current.policy, allowSelfApproval: dto.allowSelfApproval ?? current.allowSelfApproval };
      await this.repository.saveSettings(workspaceId, next, tx);
      await this.audit.record(
        {
          workspaceId,
          actor: actorOf(principal),
          action: 'review_settings.updated',
          target: { type: 'workspace', id: workspaceId },
          metadata: { from: current, to: next },
        },
        tx,
      );
    });
    return this.settings(principal);
  }

  async setApprover(principal: Principal, userId: string, approver: boolean): Promise<ReviewSettingsDto> {
    const workspaceId = workspaceIdOf(principal);
    await this.dataSource.transaction(async (tx) => {
      if (!(await this.repository.setApprover(workspaceId, userId, approver, tx))) throw new ReviewNotFound('Member');
      await this.audit.record(
        {
          workspaceId,
          actor: actorOf(principal),
          action: approver ? 'member.approver_granted' : 'member.approver_revoked',
          target: { type: 'user', id: userId },
        },
        tx,
      );
    });
    return this.settings(principal);
  }

  async state(principal: Principal, itemId: string): Promise<ReviewStateDto> {
    const workspaceId = workspaceIdOf(principal);
    const item = await this.requireItem(workspaceId, itemId);
    const [settings, review] = await Promise.all([this.repository.settings(workspaceId), this.repository.review(itemId)]);
    const state = this.effectiveState(review, item);
    const names = await this.repository.userNames([review?.decidedBy, review?.voidedBy].filter((x): x is string => Boolean(x)));
    const actor = (userId: string | null | undefined, at: Date | null | undefined) =>
      at ? { userId: userId ?? null, name: userId ? (names.get(userId) ?? null) : null, at: new Date(at).toISOString() } : undefined;
    const decider = principal.kind === 'user' ? await this.mayDecide(principal, workspaceId) : false;
    const selfBlocked = principal.kind === 'user' && item.createdBy === principal.userId && !settings.allowSelfApproval;
    const approved = state === 'approved' ? actor(review?.decidedBy, review?.decidedAt) : undefined;
    const changesRequested = state === 'changes_requested' ? actor(review?.decidedBy, review?.decidedAt) : undefined;
    const voided = state === 'in_review' ? actor(review?.voidedBy, review?.voidedAt) : undefined;
    return {
      contentItemId: item.id,
      policy: settings.policy,
      state,
      awaitingApproval:
        approvalRequired(settings.policy) &&
        (item.status === 'scheduled' || item.status === 'paused') &&
        (state !== 'approved' || (settings.policy === 'required_client' && review?.clientStep !== 'approved')),
      hash: approvalHash(item.subject),
      version: item.version,
      ...(approved ? { approved } : {}),
      ...(changesRequested ? { changesRequested } : {}),
      ...(voided ? { voided } : {}),
      ...(review?.clientStep ? { clientStep: review.clientStep } : {}),
      canDecide: decider && REVIEWABLE.has(item.status),
      selfApprovalBlocked: selfBlocked,
    };
  }

  async requestReview(principal: Principal, itemId: string): Promise<ReviewStateDto> {
    const workspaceId = workspaceIdOf(principal);
    const userId = userIdOf(principal);
    await this.requireItem(workspaceId, itemId);
    const settings = await this.repository.settings(workspaceId);
    if (settings.policy === 'none') throw new ApprovalsOff();
    await this.dataSource.transaction(async (tx) => {
      const item = await this.requireItem(workspaceId, itemId, tx, true);
      if (!REVIEWABLE.has(item.status)) throw new ReviewNotOpen('This post is already publishing, published or cancelled');
      await this.repository.request(tx, workspaceId, itemId, userId, settings.policy === 'required_client' ? 'pending' : null);
      await this.decided(tx, principal, item, 'requested', 'content_item.review_requested');
    });
    return this.state(principal, itemId);
  }

  async approve(principal: Principal, itemId: string, hash: string): Promise<ReviewStateDto> {
    const workspaceId = workspaceIdOf(principal);
    const userId = userIdOf(principal);
    // A foreign or unknown id is a 404 before anything else is said about the workspace.
    await this.requireItem(workspaceId, itemId);
    const settings = await this.repository.settings(workspaceId);
    if (settings.policy === 'none') throw new ApprovalsOff();
    if (!(await this.mayDecide(principal, workspaceId))) throw new ApproverRequired();
    await this.dataSource.transaction(async (tx) => {
      const item = await this.requireItem(workspaceId, itemId, tx, true);
      if (!REVIEWABLE.has(item.status)) throw new ReviewNotOpen('This post is already publishing, published or cancelled');
      if (item.createdBy === userId && !settings.allowSelfApproval) throw new SelfApprovalForbidden();
      const current = approvalHash(item.subject);
      if (current !== hash) throw new ApprovalStale(current, item.version);
      await this.repository.approve(tx, workspaceId, itemId, userId, current, item.version, settings.policy === 'required_client' ? 'pending' : null);
      await this.decided(tx, principal, item, 'approved', 'content_item.approved');
    });
    return this.state(principal, itemId);
  }

  /** Sends the item back with a comment (`addComment` writes it in the same transaction). */
  async requestChanges(principal: Principal, itemId: string, addComment: (tx: Db) => Promise<string>): Promise<ReviewStateDto> {
    const workspaceId = workspaceIdOf(principal);
    const userId = userIdOf(principal);
    // A foreign or unknown id is a 404 before anything else is said about the workspace.
    await this.requireItem(workspaceId, itemId);
    const settings = await this.repository.settings(workspaceId);
    if (settings.policy === 'none') throw new ApprovalsOff();
    if (!(await this.mayDecide(principal, workspaceId))) throw new ApproverRequired();
    await this.dataSource.transaction(async (tx) => {
      const item = await this.requireItem(workspaceId, itemId, tx, true);
      if (!REVIEWABLE.has(item.status)) throw new ReviewNotOpen('This post is already publishing, published or cancelled');
      const commentId = await addComment(tx);
      await this.repository.requestChanges(tx, workspaceId, itemId, userId);
      await this.decided(tx, principal, item, 'changes_requested', 'content_item.changes_requested', commentId);
    });
    return this.state(principal, itemId);
  }

  async queue(principal: Principal, limit = 100): Promise<ReviewQueueDto> {
    const workspaceId = workspaceIdOf(principal);
    const settings = await this.repository.settings(workspaceId);
    const rows =
      settings.policy === 'none' ? [] : await this.repository.queue(workspaceId, approvalRequired(settings.policy), limit, accountViewerOf(principal));
    const names = await this.repository.userNames(rows.flatMap((r) => [r.createdBy, r.voidedBy].filter((x): x is string => Boolean(x))));
    const items = rows.map((r) => ({
      id: r.id,
      title: r.title,
      caption: r.caption,
      status: r.status,
      scheduledAt: r.scheduledAt ? new Date(r.scheduledAt).toISOString() : null,
      reviewStatus:
        r.state === 'changes_requested'
          ? ('changes_requested' as const)
          : approvalRequired(settings.policy) && (r.status === 'scheduled' || r.status === 'paused')
            ? ('awaiting_approval' as const)
            : ('in_review' as const),
      platforms: r.platforms,
      ...(r.createdBy ? { author: { userId: r.createdBy, name: names.get(r.createdBy) ?? null, at: new Date(r.createdAt).toISOString() } } : {}),
      ...(r.voidedAt && r.state === 'in_review'
        ? { voided: { userId: r.voidedBy, name: r.voidedBy ? (names.get(r.voidedBy) ?? null) : null, at: new Date(r.voidedAt).toISOString() } }
        : {}),
      openComments: r.openComments,
    }));
    return { policy: settings.policy, items, count: items.length };
  }

  /**
   * After an edit of the item, in the edit's transaction: an approval of what is still published
   * unchanged follows the item's new version; one whose hash no longer matches is void (audited,
   * shown as voided by this person's edit) and the item goes back to review. An item sent back
   * for changes goes back to review with the edit.
   */
  async afterEdit(tx: Db, principal: Principal, workspaceId: string, itemId: string): Promise<void> {
    const review = await this.repository.review(itemId, tx, true);
    if (!review || review.state === 'in_review') return;
    const item = await this.repository.item(workspaceId, itemId, tx);
    if (!item) return;
    const userId = principal.kind === 'user' ? principal.userId : null;
    if (review.state === 'changes_requested') {
      await this.repository.request(tx, workspaceId, itemId, userId, review.clientStep ? 'pending' : null);
      await this.decided(tx, principal, item, 'requested', 'content_item.review_requested');
      return;
    }
    if (review.approvedVersion === item.version) return;
    if (approvalHash(item.subject) === review.approvedHash) {
      await this.repository.rebind(tx, itemId, item.version);
      return;
    }
    await this.repository.voidApproval(tx, itemId, userId);
    await this.decided(tx, principal, item, 'voided', 'content_item.approval_voided', undefined, { approvedHash: review.approvedHash });
  }

  /** What a client sees of the comments on these items: the clients' own, never internal ones. */
  clientComments(workspaceId: string, itemIds: readonly string[]): Promise<{ id: string; contentItemId: string; body: string; createdAt: Date }[]> {
    return this.repository.clientComments(workspaceId, itemIds);
  }

  private effectiveState(review: ReviewRow | undefined, item: ReviewedItem): ReviewState {
    if (!review) return 'none';
    // An approval of another version than the current one holds for nothing (an edit not yet reconciled).
    if (review.state === 'approved' && review.approvedVersion !== item.version && review.approvedHash !== approvalHash(item.subject)) return 'in_review';
    return review.state;
  }

  private async mayDecide(principal: Principal, workspaceId: string): Promise<boolean> {
    if (principal.kind !== 'user') return false;
    if (principal.role === 'owner' || principal.role === 'admin') return true;
    if (principal.role !== 'editor') return false;
    return this.repository.isApprover(workspaceId, principal.userId);
  }

  private async requireItem(workspaceId: string, itemId: string, db?: Db, lock = false): Promise<ReviewedItem> {
    const item = await this.repository.item(workspaceId, itemId, db, lock);
    if (!item) throw new ReviewNotFound('Content item');
    return item;
  }

  private async decided(
    tx: Db,
    principal: Principal,
    item: ReviewedItem,
    kind: 'requested' | 'approved' | 'changes_requested' | 'voided',
    action: string,
    commentId?: string,
    metadata: Record<string, unknown> = {},
  ): Promise<void> {
    const workspaceId = workspaceIdOf(principal);
    const hash = approvalHash(item.subject);
    const userId = principal.kind === 'user' ? principal.userId : null;
    await this.repository.decide(tx, { workspaceId, contentItemId: item.id, kind, userId, hash, version: item.version, ...(commentId ? { commentId } : {}) });
    await this.audit.record(
      {
        workspaceId,
        actor: actorOf(principal),
        action,
        target: { type: 'content_item', id: item.id },
        metadata: { hash, version: item.version, actorKind: 'user', ...(commentId ? { commentId } : {}), ...metadata },
      },
      tx,
    );
    // Notifications (issue 25), in the decision's transaction.
    if (kind === 'requested') await this.notifications.reviewRequested(tx, workspaceId, item.id, userId);
    else if (kind !== 'voided') await this.notifications.reviewDecided(tx, workspaceId, item.id, kind, userId);
  }

  /**
   * A client's decision through a review link (issue 25, client step of required_client): approved
   * marks the client step approved; changes requested sends the item back like an internal
   * reviewer would. Recorded as a decision of actor kind client, with its comment.
   */
  async clientDecision(tx: Db, workspaceId: string, itemId: string, decision: 'approved' | 'changes_requested', comment: string | null): Promise<void> {
    const item = await this.requireItem(workspaceId, itemId, tx, true);
    if (!REVIEWABLE.has(item.status)) throw new ReviewNotOpen('This post is already publishing, published or cancelled');
    const commentId = comment ? await this.repository.insertClientComment(tx, { workspaceId, contentItemId: itemId, body: comment }) : null;
    await this.repository.clientDecision(tx, workspaceId, itemId, decision);
    const hash = approvalHash(item.subject);
    await this.repository.decide(tx, {
      workspaceId,
      contentItemId: itemId,
      kind: decision,
      userId: null,
      hash,
      version: item.version,
      actorKind: 'client',
      ...(commentId ? { commentId } : {}),
    });
    await this.audit.record(
      {
        workspaceId,
        actor: { userId: null, apiKeyId: null },
        action: decision === 'approved' ? 'content_item.client_approved' : 'content_item.client_changes_requested',
        target: { type: 'content_item', id: itemId },
        metadata: { hash, version: item.version, actorKind: 'client', ...(commentId ? { commentId } : {}) },
      },
      tx,
    );
  }
}
