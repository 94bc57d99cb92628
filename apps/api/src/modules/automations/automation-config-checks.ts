import { Inject, Injectable, type Provider, type Type } from '@nestjs/common';

import type { AutomationKey } from './automation-keys.js';

/**
 * What a well-formed config (its DTO passed) can still get wrong in one workspace: accounts that are
 * not ours, a target that is the source itself, a platform option an account cannot take. An
 * automation that needs such a check provides one class and registers it below.
 */
export interface AutomationConfigCheck {
  readonly key: AutomationKey;
  /** The problems, each a readable message naming its field; empty when the config is fine. */
  check(workspaceId: string, config: Record<string, unknown>): Promise<string[]>;
}

const CHECK_LIST = Symbol('AUTOMATION_CONFIG_CHECK_LIST');

/** Runs the workspace check of a key, if it has one (the war room calls it before saving a config). */
@Injectable()
export class AutomationConfigChecks {
  private readonly byKey: ReadonlyMap<AutomationKey, AutomationConfigCheck>;

  constructor(@Inject(CHECK_LIST) checks: AutomationConfigCheck[]) {
    this.byKey = new Map(checks.map((c) => [c.key, c]));
  }

  check(workspaceId: string, key: AutomationKey, config: Record<string, unknown>): Promise<string[]> {
    return this.byKey.get(key)?.check(workspaceId, config) ?? Promise.resolve([]);
  }
}

/** The providers for `checks` (one class per automation that has a workspace check). */
export function automationConfigCheckProviders(checks: Type<AutomationConfigCheck>[]): Provider[] {
  return [...checks, { provide: CHECK_LIST, useFactory: (...instances: AutomationConfigCheck[]) => instances, inject: checks }, AutomationConfigChecks];
}
