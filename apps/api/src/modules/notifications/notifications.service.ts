import { Injectable } from '@nestjs/common';

import { accountAccessOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import type { Db } from '../../common/database/db.js';
import { AppException } from '../../common/errors/app-exception.js';
import { WorkspaceEvents } from '../events/workspace-events.service.js';
import type { NotificationListDto, NotificationPreferencesDto, UpdateNotificationPreferencesDto } from './dto/notifications.dto.js';
import { DEFAULT_DELIVERY, NOTIFICATION_EVENTS, type NotificationEvent } from './notification-events.js';
import { NotificationsRepository, type NewNotification } from './notifications.repository.js';

export interface Notify {
  workspaceId: string;
  event: NotificationEvent;
  /** Who to tell; the actor and people no longer members are left out. */
  userIds: readonly string[];
  contentItemId?: string | null;
  actorUserId?: string | null;
  data?: Record<string, unknown>;
  /** Events found by a scan: told once per person and key. */
  dedupeKey?: string;
}

const userOf = (principal: Principal): string => {
  if (principal.kind !== 'user') throw new AppException('USER_ONLY', 'Notifications belong to people, not API keys', 403);
  return principal.userId;
};

/**
 * Notifications (issue 25): written in the caller's transaction according to each person's
 * preference for the event (instant, daily digest, off), announced on the workspace's event
 * stream at commit (`notifications_changed`, the people concerned) so bells update live. E-mails
 * go out from the NotificationMailer (instant ones within its period, daily ones as a digest).
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repository: NotificationsRepository,
    private readonly events: WorkspaceEvents,
  ) {}

  /** Tells these people, in `tx`; returns who was told. */
  async notify(tx: Db, n: Notify): Promise<string[]> {
    const wanted = [...new Set(n.userIds)].filter((id) => id !== n.actorUserId);
    const members = await this.repository.memberIds(n.workspaceId, wanted, tx);
    if (members.length === 0) return [];
    const preferences = await this.repository.preferences(n.workspaceId, members, tx);
    const rows: NewNotification[] = [];
    for (const userId of members) {
      const delivery = preferences.get(`${userId}:${n.event}`) ?? DEFAULT_DELIVERY;
      if (delivery === 'off') continue;
      rows.push({
        workspaceId: n.workspaceId,
        userId,
        event: n.event,
        contentItemId: n.contentItemId ?? null,
        actorUserId: n.actorUserId ?? null,
        data: n.data ?? {},
        dedupeKey: n.dedupeKey ?? null,
        email: delivery === 'daily' ? 'daily' : 'instant',
      });
    }
    const told = await this.repository.insert(tx, rows);
    if (told.length > 0) await this.events.announce(tx, n.workspaceId, { type: 'notifications_changed', data: { userIds: told } });
    return told;
  }

  /** Review requested: the workspace's approvers. */
  async reviewRequested(tx: Db, workspaceId: string, itemId: string, actorUserId: string | null): Promise<void> {
    await this.notify(tx, {
      workspaceId,
      event: 'review_requested',
      userIds: await this.repository.members(workspaceId, 'approvers', tx),
      contentItemId: itemId,
      actorUserId,
    });
  }

  /** Approved or sent back: the author and whoever asked for the review. */
  async reviewDecided(tx: Db, workspaceId: string, itemId: string, event: 'approved' | 'changes_requested', actorUserId: string | null): Promise<void> {
    const { author, requester } = await this.repository.itemPeople(itemId, tx);
    await this.notify(tx, {
      workspaceId,
      event,
      userIds: [author, requester].filter((x): x is string => Boolean(x)),
      contentItemId: itemId,
      actorUserId,
    });
  }

  /** @mentions in a comment. */
  async mentioned(tx: Db, workspaceId: string, itemId: string, actorUserId: string, userIds: readonly string[], commentId: string): Promise<void> {
    await this.notify(tx, { workspaceId, event: 'mentioned', userIds, contentItemId: itemId, actorUserId, data: { commentId } });
  }

  /** A client decided through a review link: the author, the requester and the link's creator. */
  async clientDecided(tx: Db, workspaceId: string, itemId: string, decision: 'approved' | 'changes_requested', linkCreator: string | null): Promise<void> {
    const { author, requester } = await this.repository.itemPeople(itemId, tx);
    await this.notify(tx, {
      workspaceId,
      event: 'client_decided',
      userIds: [author, requester, linkCreator].filter((x): x is string => Boolean(x)),
      contentItemId: itemId,
      data: { decision },
    });
  }

  async list(principal: Principal, limit = 50): Promise<NotificationListDto> {
    const workspaceId = workspaceIdOf(principal);
    const userId = userOf(principal);
    const access = accountAccessOf(principal);
    const [rows, unread] = await Promise.all([
      this.repository.list(workspaceId, userId, limit, access),
      this.repository.unreadCount(workspaceId, userId, access),
    ]);
    return {
      unread,
      items: rows.map((r) => ({
        id: r.id,
        event: r.event,
        contentItemId: r.contentItemId,
        itemTitle: r.itemTitle,
        actor: r.actorUserId ? { userId: r.actorUserId, name: r.actorName } : null,
        data: r.data,
        read: r.readAt !== null,
        createdAt: new Date(r.createdAt).toISOString(),
      })),
    };
  }

  async markRead(principal: Principal, ids: string[] | undefined): Promise<NotificationListDto> {
    await this.repository.markRead(workspaceIdOf(principal), userOf(principal), ids ?? null);
    return this.list(principal);
  }

  async preferences(principal: Principal): Promise<NotificationPreferencesDto> {
    const workspaceId = workspaceIdOf(principal);
    const userId = userOf(principal);
    const saved = await this.repository.preferences(workspaceId, [userId]);
    return { events: NOTIFICATION_EVENTS.map((event) => ({ event, delivery: saved.get(`${userId}:${event}`) ?? DEFAULT_DELIVERY })) };
  }

  async updatePreferences(principal: Principal, dto: UpdateNotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    const workspaceId = workspaceIdOf(principal);
    const userId = userOf(principal);
    await this.repository.transaction(async (tx) => {
      for (const p of dto.events) await this.repository.setPreference(workspaceId, userId, p.event, p.delivery, tx);
    });
    return this.preferences(principal);
  }
}
