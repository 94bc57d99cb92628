import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';

import { AccountsService } from '../../accounts/accounts.service.js';
import { AuditService } from '../../audit/audit.service.js';
import { AutomationSettings, coversAccount } from '../automation-settings.js';
import { IgMessagingRepository } from './ig-messaging.repository.js';
import { IG_WEBHOOK_FIELDS, InstagramSubscriptionClient } from './instagram-subscription.client.js';

const KEY = 'ig_welcome_dm';

/** An account the app could not subscribe: the welcome DM is on, but will not hear that account. */
export interface SubscriptionWarning {
  accountId: string;
  handle: string;
  message: string;
}

/**
 * When the welcome DM is turned on, subscribes the app to the webhooks of every connected Instagram
 * account of the workspace. A failure never blocks the switch: it comes back as a warning and is
 * audited, like each success.
 */
@Injectable()
export class IgWebhookSubscriptions implements OnModuleInit {
  private readonly logger = new Logger(IgWebhookSubscriptions.name);

  constructor(
    private readonly repository: IgMessagingRepository,
    private readonly client: InstagramSubscriptionClient,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
    private readonly settings: AutomationSettings,
  ) {}

  /** An Instagram account connected (or reconnected) while the welcome DM covers it is subscribed at once. */
  onModuleInit(): void {
    this.accounts.onConnected(async (account) => {
      if (account.platform !== 'instagram') return;
      const setting = await this.settings.get(account.workspaceId, KEY);
      if (!setting.enabled || !coversAccount(setting.config, account.id)) return;
      await this.subscribeWorkspace(account.workspaceId, { userId: null, apiKeyId: null }, (id) => id === account.id);
    });
  }

  async subscribeWorkspace(
    workspaceId: string,
    actor: { userId: string | null; apiKeyId: string | null },
    covers: (accountId: string) => boolean = () => true,
  ): Promise<SubscriptionWarning[]> {
    const accounts = (await this.repository.workspaceAccounts(workspaceId)).filter((a) => covers(a.accountId));
    // One at a time: a workspace has a handful of accounts, and each call is one Graph request.
    const warnings: SubscriptionWarning[] = [];
    for (const account of accounts) {
      const target = { type: 'social_account', id: account.accountId };
      let error: { message: string; status?: number; code?: number | null };
      try {
        const token = await this.accounts.getValidAccessToken(account.accountId);
        const result = await this.client.subscribe(account.igUserId, token);
        if (result.ok) {
          await this.audit.record({
            workspaceId,
            actor,
            action: `automation.${KEY}.subscribed`,
            target,
            metadata: { automation: KEY, igUserId: account.igUserId, fields: [...IG_WEBHOOK_FIELDS] },
          });
          continue;
        }
        error = { message: result.message, status: result.status, code: result.code };
      } catch (failure) {
        error = { message: (failure as Error).message };
      }
      this.logger.warn(`webhook subscription failed for account ${account.accountId}: ${error.message}`);
      await this.audit.record({
        workspaceId,
        actor,
        action: `automation.${KEY}.subscribe_failed`,
        target,
        metadata: { automation: KEY, igUserId: account.igUserId, error: error.message, status: error.status ?? null, code: error.code ?? null },
      });
      warnings.push({
        accountId: account.accountId,
        handle: account.handle,
        message: `Instagram did not subscribe @${account.handle} to message and comment webhooks: ${error.message}`,
      });
    }
    return warnings;
  }
}
