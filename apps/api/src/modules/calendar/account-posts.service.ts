import { Injectable } from '@nestjs/common';

import { actorOf, type Principal } from '../../common/auth/principal.js';
import type { Db } from '../../common/database/db.js';
import { AuditService } from '../audit/audit.service.js';
import { AccountPostsRepository, type AccountPostsCount } from './account-posts.repository.js';

export type { AccountPostsCount } from './account-posts.repository.js';

/** The posts of one account, as the accounts module needs them when it is disconnected (issue #20). */
@Injectable()
export class AccountPostsService {
  constructor(
    private readonly repository: AccountPostsRepository,
    private readonly audit: AuditService,
  ) {}

  count(workspaceId: string, accountId: string): Promise<AccountPostsCount> {
    return this.repository.count(workspaceId, accountId);
  }

  /** In `tx`: the account's scheduled posts are paused; audited per item. Returns their ids. */
  async pause(tx: Db, principal: Principal, workspaceId: string, accountId: string): Promise<string[]> {
    const ids = await this.repository.pauseScheduled(tx, workspaceId, accountId);
    for (const id of ids) {
      await this.audit.record(
        {
          workspaceId,
          actor: actorOf(principal),
          action: 'content_item.paused',
          target: { type: 'content_item', id },
          metadata: { reason: 'account_disconnected', accountId },
        },
        tx,
      );
    }
    return ids;
  }

  /** In `tx`: the account's scheduled and paused posts go to `toAccountId` instead; audited per item. Returns their ids. */
  async move(tx: Db, principal: Principal, workspaceId: string, fromAccountId: string, toAccountId: string): Promise<string[]> {
    const ids = await this.repository.moveScheduled(tx, workspaceId, fromAccountId, toAccountId);
    for (const id of ids) {
      await this.audit.record(
        {
          workspaceId,
          actor: actorOf(principal),
          action: 'content_item.updated',
          target: { type: 'content_item', id },
          metadata: { fields: ['targets'], reason: 'account_disconnected', from: fromAccountId, to: toAccountId },
        },
        tx,
      );
    }
    return ids;
  }
}
