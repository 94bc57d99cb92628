import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { actorOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import type { Db } from '../../common/database/db.js';
import { keysetCursor } from '../../common/pagination/keyset-cursor.js';
import { AuditService } from '../audit/audit.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { CommentDto, CommentPageDto, CreateCommentDto } from './dto/comments.dto.js';
import { CommentReplyDepth, MentionNotMember, ReviewNotFound } from './reviews.errors.js';
import { ReviewsRepository, type CommentRow } from './reviews.repository.js';

const CURSOR = keysetCursor({ createdAtMicros: 'micros', id: 'uuid' });

/** Comments on an item (issue 25): threads one reply deep, @mentions of members, open / resolved, internal. */
@Injectable()
export class CommentsService {
  constructor(
    private readonly repository: ReviewsRepository,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
  ) {}

  async list(principal: Principal, itemId: string, limit = 50, cursor?: string): Promise<CommentPageDto> {
    const workspaceId = workspaceIdOf(principal);
    const after = CURSOR.decodeOptional(cursor);
    if (!(await this.repository.item(workspaceId, itemId))) throw new ReviewNotFound('Content item');
    const rows = await this.repository.comments(workspaceId, itemId, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.render(page),
      nextCursor: rows.length > limit && last ? CURSOR.encode({ createdAtMicros: last.cursorMicros, id: last.id }) : null,
    };
  }

  async create(principal: Principal, itemId: string, dto: CreateCommentDto): Promise<CommentDto> {
    const id = await this.dataSource.transaction((tx) => this.add(tx, principal, itemId, dto));
    return (await this.render([(await this.repository.comment(workspaceIdOf(principal), id))!]))[0]!;
  }

  /** Adds a comment in `tx` (request-changes writes its comment in its own transaction). */
  async add(tx: Db, principal: Principal, itemId: string, dto: CreateCommentDto): Promise<string> {
    const workspaceId = workspaceIdOf(principal);
    if (principal.kind !== 'user') throw new ReviewNotFound('Content item');
    if (!(await this.repository.item(workspaceId, itemId, tx))) throw new ReviewNotFound('Content item');
    if (dto.parentId) {
      const parent = await this.repository.comment(workspaceId, dto.parentId, tx);
      if (!parent || parent.contentItemId !== itemId) throw new ReviewNotFound('Comment');
      if (parent.parentId) throw new CommentReplyDepth();
    }
    const mentions = [...new Set(dto.mentions ?? [])];
    const members = new Set(await this.repository.memberIds(workspaceId, mentions, tx));
    const strangers = mentions.filter((m) => !members.has(m));
    if (strangers.length > 0) throw new MentionNotMember(strangers);
    const id = await this.repository.insertComment(tx, {
      workspaceId,
      contentItemId: itemId,
      parentId: dto.parentId ?? null,
      userId: principal.userId,
      body: dto.body,
      mentions,
    });
    await this.audit.record(
      {
        workspaceId,
        actor: actorOf(principal),
        action: 'comment.created',
        target: { type: 'content_item', id: itemId },
        metadata: { commentId: id, mentions },
      },
      tx,
    );
    if (mentions.length > 0) await this.notifications.mentioned(tx, workspaceId, itemId, principal.userId, mentions, id);
    return id;
  }

  async resolve(principal: Principal, commentId: string, resolved: boolean): Promise<CommentDto> {
    const workspaceId = workspaceIdOf(principal);
    await this.dataSource.transaction(async (tx) => {
      const comment = await this.repository.comment(workspaceId, commentId, tx);
      if (!comment) throw new ReviewNotFound('Comment');
      await this.repository.resolveComment(tx, workspaceId, commentId, principal.kind === 'user' ? principal.userId : null, resolved);
      await this.audit.record(
        {
          workspaceId,
          actor: actorOf(principal),
          action: resolved ? 'comment.resolved' : 'comment.reopened',
          target: { type: 'content_item', id: comment.contentItemId },
          metadata: { commentId },
        },
        tx,
      );
    });
    return (await this.render([(await this.repository.comment(workspaceId, commentId))!]))[0]!;
  }

  private async render(rows: CommentRow[]): Promise<CommentDto[]> {
    const names = await this.repository.userNames(rows.flatMap((r) => r.mentions));
    return rows.map((r) => ({
      id: r.id,
      contentItemId: r.contentItemId,
      parentId: r.parentId,
      authorKind: r.authorKind,
      authorUserId: r.authorUserId,
      authorName: r.authorName,
      body: r.body,
      mentions: r.mentions.map((userId) => ({ userId, name: names.get(userId) ?? null })),
      internal: r.internal,
      resolved: r.resolvedAt !== null,
      resolvedAt: r.resolvedAt ? new Date(r.resolvedAt).toISOString() : null,
      createdAt: new Date(r.createdAt).toISOString(),
    }));
  }
}
