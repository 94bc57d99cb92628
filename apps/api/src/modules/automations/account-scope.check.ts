import { Injectable } from '@nestjs/common';

import type { Platform } from '@mwr/domain';
import { findPlatformDescriptor } from '@mwr/publishers';

import { AccountsService } from '../accounts/accounts.service.js';
import type { AutomationConfigCheck } from './automation-config-checks.js';

/** A platform as people write it ("TikTok", "Instagram"): the registry's display name. */
const nameOf = (platform: string): string => findPlatformDescriptor(platform)?.displayName ?? platform;

/** The accounts a flag is scoped to (`accountIds`) are this workspace's, of the automation's platform. */
@Injectable()
abstract class AccountScopeCheck implements AutomationConfigCheck {
  abstract readonly key: AutomationConfigCheck['key'];
  protected abstract readonly platform: Platform;

  constructor(private readonly accounts: AccountsService) {}

  async check(workspaceId: string, config: Record<string, unknown>): Promise<string[]> {
    const ids = (config.accountIds as string[] | undefined) ?? [];
    if (ids.length === 0) return [];
    const found = new Map((await this.accounts.findMany(workspaceId, ids)).map((a) => [a.id, a]));
    return ids.flatMap((id, i) => {
      const account = found.get(id);
      if (!account) return [`accountIds[${i}]: no account ${id} in this workspace`];
      if (account.platform !== this.platform)
        return [`accountIds[${i}]: @${account.handle} is on ${nameOf(account.platform)}; this automation acts for ${nameOf(this.platform)} accounts`];
      return [];
    });
  }
}

@Injectable()
export class IgWelcomeDmScopeCheck extends AccountScopeCheck {
  readonly key = 'ig_welcome_dm' as const;
  protected readonly platform = 'instagram' as const;
}

@Injectable()
export class TiktokWarmupScopeCheck extends AccountScopeCheck {
  readonly key = 'tiktok_warmup' as const;
  protected readonly platform = 'tiktok' as const;
}
