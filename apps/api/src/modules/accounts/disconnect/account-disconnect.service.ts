import { Injectable } from '@nestjs/common';

import { workspaceIdOf, type Principal } from '../../../common/auth/principal.js';
import { AccountPostsService } from '../../calendar/account-posts.service.js';
import { MoveTargetInvalid } from '../accounts.errors.js';
import { AccountsService } from '../accounts.service.js';
import type { SocialAccount } from '../accounts.types.js';
import type { DisconnectImpactDto, ScheduledPostsChoice } from './dto.js';

const USABLE: readonly SocialAccount['status'][] = ['active', 'restricted'];

/**
 * Disconnecting an account with its scheduled posts in mind (issue #20): how many it affects, and
 * what happens to them — they wait for a reconnection (keep), are paused, or move to another
 * connected account of the same platform, in the disconnect's transaction.
 */
@Injectable()
export class AccountDisconnectService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly posts: AccountPostsService,
  ) {}

  async impact(principal: Principal, id: string): Promise<DisconnectImpactDto> {
    const account = await this.accounts.get(principal, id);
    const [count, all] = await Promise.all([this.posts.count(account.workspaceId, id), this.accounts.list(principal)]);
    return {
      scheduledPosts: count.scheduled,
      pausedPosts: count.paused,
      queuedPosts: count.inQueue,
      moveTargets: all.filter((a) => a.id !== id && a.platform === account.platform && USABLE.includes(a.status)).map((a) => a.id),
    };
  }

  async disconnect(principal: Principal, id: string, choice: ScheduledPostsChoice, moveToAccountId: string | undefined): Promise<number> {
    const workspaceId = workspaceIdOf(principal);
    const account = await this.accounts.get(principal, id);
    if (choice === 'move') await this.checkMoveTarget(principal, account, moveToAccountId!);
    let changed = 0;
    await this.accounts.disconnect(principal, id, async (tx) => {
      if (choice === 'pause') changed = (await this.posts.pause(tx, principal, workspaceId, id)).length;
      if (choice === 'move') changed = (await this.posts.move(tx, principal, workspaceId, id, moveToAccountId!)).length;
    });
    return changed;
  }

  /** Same workspace (else 404, like any account not ours), another account, same platform, connected. */
  private async checkMoveTarget(principal: Principal, account: SocialAccount, targetId: string): Promise<void> {
    const details = { accountId: targetId, platform: account.platform };
    if (targetId === account.id) throw new MoveTargetInvalid('same_account', details);
    const target = await this.accounts.get(principal, targetId);
    if (target.platform !== account.platform) throw new MoveTargetInvalid('other_platform', { ...details, targetPlatform: target.platform });
    if (!USABLE.includes(target.status)) throw new MoveTargetInvalid('not_connected', details);
  }
}
