import { Injectable } from '@nestjs/common';

import {
  defaultAutomationConfig,
  type AutomationKey,
  type AutoReposterConfigDto,
  type IgWelcomeDmConfigDto,
  type TiktokWarmupConfigDto,
} from './automation-keys.js';
import { AutomationsRepository } from './automations.repository.js';

export interface AutomationConfigs {
  ig_welcome_dm: IgWelcomeDmConfigDto;
  tiktok_warmup: TiktokWarmupConfigDto;
  auto_reposter: AutoReposterConfigDto;
}

export interface AutomationSetting<K extends AutomationKey> {
  workspaceId: string;
  enabled: boolean;
  config: AutomationConfigs[K];
}

/**
 * What every engine asks first: is the flag on for this workspace, and with which settings
 * (stored ones over the defaults, so settings added later have their default value).
 */
@Injectable()
export class AutomationSettings {
  constructor(private readonly repository: AutomationsRepository) {}

  async get<K extends AutomationKey>(workspaceId: string, key: K): Promise<AutomationSetting<K>> {
    const row = await this.repository.setting(workspaceId, key);
    return {
      workspaceId,
      enabled: row?.enabled ?? false,
      config: { ...defaultAutomationConfig(key), ...(row?.config ?? {}) } as unknown as AutomationConfigs[K],
    };
  }

  async enabled<K extends AutomationKey>(key: K): Promise<AutomationSetting<K>[]> {
    const rows = await this.repository.enabledSettings(key);
    return rows.map((row) => ({
      workspaceId: row.workspaceId,
      enabled: true,
      config: { ...defaultAutomationConfig(key), ...row.config } as unknown as AutomationConfigs[K],
    }));
  }
}

/** Whether a flag's account scope (`accountIds`, empty = every account) takes in this account. */
export function coversAccount(config: { accountIds?: readonly string[] }, accountId: string): boolean {
  return !config.accountIds || config.accountIds.length === 0 || config.accountIds.includes(accountId);
}
