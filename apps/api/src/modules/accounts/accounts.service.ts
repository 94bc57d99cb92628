import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Platform } from '@mwr/domain';
import { findPlatformDescriptor, OAuthError, type RemoteProfile } from '@mwr/publishers';

import { accountAccessOf, actorOf, workspaceIdOf, type Principal, type UserPrincipal } from '../../common/auth/principal.js';
import type { Db } from '../../common/database/db.js';
import { randomToken, sha256Hex } from '../../common/security/secrets.js';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { OAuthProviders } from '../platforms/oauth/oauth-providers.js';
import { QueueService } from '../queue/queue.service.js';
import { ReconnectRequired, RefreshUnavailable } from '../tokens/tokens.errors.js';
import { TokensService } from '../tokens/tokens.service.js';
import { AccountNotFound, InvalidOAuthState, PlatformNotConfigured, UnknownConnectFlavour } from './accounts.errors.js';
import { AccountsRepository, type AccountRestriction, type AccountStatus, type SocialAccount } from './accounts.repository.js';

const STATE_TTL_MINUTES = 10;
/** Between the random state and a connect flavour (never in base64url). */
const FLAVOUR_SEPARATOR = '.';

/** Readable reasons for the Accounts page, by the code the platform (or we) gave. */
const CONNECT_ERRORS: Record<string, string> = {
  access_denied: 'You declined the permissions, so the account was not connected.',
  invalid_grant: 'The authorization expired or was already used. Please connect again.',
  missing_code: 'The platform did not send an authorization code. Please connect again.',
  network_error: 'The platform could not be reached. Please try again in a moment.',
};

export interface CallbackQuery {
  code?: string;
  state?: string;
  error?: string;
  error_description?: string;
}

@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);
  private readonly connectedListeners: ((account: SocialAccount) => Promise<void>)[] = [];

  constructor(
    private readonly repository: AccountsRepository,
    private readonly tokens: TokensService,
    private readonly providers: OAuthProviders,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly queue: QueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  list(principal: Principal) {
    return this.repository.list(workspaceIdOf(principal), accountAccessOf(principal));
  }

  findMany(workspaceId: string, ids: string[], db?: Db): Promise<SocialAccount[]> {
    return this.repository.findMany(workspaceId, ids, db);
  }

  /** Starts a connect flow: a single-use state bound to this session and workspace, 10 minutes. */
  async connect(principal: UserPrincipal, platform: Platform, flavour?: string): Promise<{ authorizeUrl: string; expiresAt: Date }> {
    const workspaceId = workspaceIdOf(principal);
    if (flavour !== undefined && !this.providers.hasFlavour(platform, flavour)) throw new UnknownConnectFlavour(platform, flavour);
    const provider = this.providers.get(platform, flavour);
    if (!provider.configured) throw new PlatformNotConfigured(`${platform} is not configured on this installation`);
    // The flavour rides in the state itself: its hash is what is stored, so it cannot be swapped on the way back.
    const state = flavour ? `${randomToken(32)}${FLAVOUR_SEPARATOR}${flavour}` : randomToken(32);
    await this.repository.createState({
      stateHash: sha256Hex(state),
      workspaceId,
      userId: principal.userId,
      sessionId: principal.sessionId,
      platform,
      ttlMinutes: STATE_TTL_MINUTES,
    });
    return {
      authorizeUrl: provider.authorizeUrl({ state, redirectUri: this.providers.redirectUri(platform) }),
      expiresAt: new Date(Date.now() + STATE_TTL_MINUTES * 60_000),
    };
  }

  /**
   * The platform's redirect back. A bad state is refused outright; everything else ends on the
   * Accounts page with either the connected account or a readable reason.
   */
  async completeConnect(platform: Platform, query: CallbackQuery, caller: Principal | undefined): Promise<string> {
    if (!query.state) throw new InvalidOAuthState('missing');
    const { state, reason } = await this.repository.consumeState(sha256Hex(query.state), platform);
    if (!state) throw new InvalidOAuthState(reason ?? 'unknown');
    if (caller?.kind !== 'user' || caller.sessionId !== state.sessionId) throw new InvalidOAuthState('session');
    if (query.error) return this.accountsPage({ platform, error: query.error });
    if (!query.code) return this.accountsPage({ platform, error: 'missing_code' });

    const flavour = query.state.includes(FLAVOUR_SEPARATOR) ? query.state.slice(query.state.indexOf(FLAVOUR_SEPARATOR) + 1) : undefined;
    const provider = this.providers.get(platform, flavour);
    try {
      // The state goes along: a PKCE provider (YouTube) re-derives its code verifier from it.
      const tokenSet = await provider.exchangeCode({ code: query.code, redirectUri: this.providers.redirectUri(platform), state: query.state });
      const { restriction, ...profile } = await provider.fetchProfile(tokenSet.accessToken);
      const { account, created } = await this.dataSource.transaction(async (tx) => {
        const result = await this.repository.upsert(
          { workspaceId: state.workspaceId, platform, ...profile, scopes: tokenSet.scopes, connectedBy: state.userId, restriction: restrictionOf(restriction) },
          tx,
        );
        await this.tokens.store(state.workspaceId, result.account.id, tokenSet, tx);
        await this.audit.record(
          {
            workspaceId: state.workspaceId,
            actor: { userId: state.userId, apiKeyId: null },
            action: result.created ? 'account.connected' : 'account.reconnected',
            target: { type: 'social_account', id: result.account.id },
            metadata: { platform, handle: profile.handle },
          },
          tx,
        );
        return result;
      });
      // Posts that waited on a person for this account (disconnected, signed out) go now, exactly once each.
      if (!created && account.status === 'active') await this.queue.wakeAccount(account.id, `@${account.handle} was reconnected: resumed`);
      if (account.restriction) this.logger.warn(`${platform} account ${account.id} connected restricted: ${account.restriction.code}`);
      await this.announceConnected(account);
      return this.accountsPage({ platform, connected: account.id, created });
    } catch (error) {
      if (error instanceof OAuthError) {
        this.logger.warn(`${platform} connect failed: ${error.code}`);
        return this.accountsPage({ platform, error: error.code });
      }
      throw error;
    }
  }

  /**
   * Other modules act on a (re)connected account, e.g. subscribe it to the webhooks an automation
   * that is on needs. Registered at start-up; their failures never fail the connection.
   */
  onConnected(listener: (account: SocialAccount) => Promise<void>): void {
    this.connectedListeners.push(listener);
  }

  private async announceConnected(account: SocialAccount): Promise<void> {
    for (const listener of this.connectedListeners) {
      await listener(account).catch((error: Error) => this.logger.warn(`after connecting ${account.id}: ${error.message}`));
    }
  }

  private accountsPage(result: { platform: Platform; connected?: string; created?: boolean; error?: string }): string {
    const params = new URLSearchParams({ platform: result.platform });
    if (result.connected) params.set('connected', result.connected);
    if (result.created !== undefined) params.set('new', String(result.created));
    if (result.error) {
      params.set('error', result.error.slice(0, 60));
      params.set('message', CONNECT_ERRORS[result.error] ?? 'The platform refused the connection. Please try again.');
    }
    return `${this.config.publicUrl}/accounts?${params}`;
  }

  /** The workspace's account, or AccountNotFound (404) — also for another workspace's account. */
  async get(principal: Principal, id: string): Promise<SocialAccount> {
    const account = await this.repository.findById(workspaceIdOf(principal), id);
    if (!account) throw new AccountNotFound();
    return account;
  }

  /**
   * Revokes at the platform where it can, deletes the tokens, keeps the account and its history.
   * `alsoInTransaction` runs in the same transaction (the disconnect's choice for its scheduled posts).
   */
  async disconnect(principal: Principal, id: string, alsoInTransaction?: (tx: Db) => Promise<void>): Promise<void> {
    const workspaceId = workspaceIdOf(principal);
    const account = await this.repository.findById(workspaceId, id);
    if (!account) throw new AccountNotFound();
    const token = await this.tokens.peekAccessToken(id);
    if (token) {
      await this.providers
        .get(account.platform)
        .revoke(token)
        .catch((error: Error) =>
          this.logger.warn(`revoke of account ${id} at ${account.platform} failed: ${error instanceof OAuthError ? error.code : 'error'}`),
        );
    }
    await this.dataSource.transaction(async (tx) => {
      await alsoInTransaction?.(tx);
      await this.tokens.delete(id, tx);
      await this.repository.setStatus(id, 'disabled', null, tx);
      await this.audit.record(
        {
          workspaceId,
          actor: actorOf(principal),
          action: 'account.disconnected',
          target: { type: 'social_account', id },
          metadata: { platform: account.platform, handle: account.handle },
        },
        tx,
      );
    });
  }

  /**
   * Calls a harmless read endpoint with the stored token; for TikTok that includes creator_info,
   * so a ban shows (status `restricted`, the reason in `error`) and a lifted one clears.
   */
  async testConnection(principal: Principal, id: string): Promise<{ ok: boolean; handle?: string; error?: string; status?: AccountStatus }> {
    const account = await this.repository.findById(workspaceIdOf(principal), id);
    if (!account) throw new AccountNotFound();
    try {
      const profile = await this.providers
        .get(account.platform, OAuthProviders.flavourOf(account.capabilities))
        .fetchProfile(await this.getValidAccessToken(id));
      const status = (await this.applyProfileCheck(account.id, profile)) ?? account.status;
      if (profile.restriction) return { ok: false, handle: profile.handle, error: profile.restriction.code, status };
      return { ok: true, handle: profile.handle, status };
    } catch (error) {
      if (error instanceof ReconnectRequired) return { ok: false, error: 'reconnect_required' };
      if (error instanceof RefreshUnavailable) return { ok: false, error: error.reason };
      if (error instanceof OAuthError) {
        if (error.kind === 'auth') await this.markNeedsReconnect(account, error.code);
        return { ok: false, error: error.code };
      }
      throw error;
    }
  }

  /**
   * What publishers call for a token. A dead grant flips the account to needs_reconnect (its jobs
   * then wait); a temporary failure is recorded and never disconnects anything.
   */
  async getValidAccessToken(accountId: string): Promise<string> {
    try {
      return await this.tokens.getValidAccessToken(accountId);
    } catch (error) {
      await this.handleRefreshFailure(accountId, error);
      throw error;
    }
  }

  /** After the platform said the token is expired although we thought it valid: refresh now. */
  async forceRefresh(accountId: string): Promise<void> {
    try {
      await this.tokens.refresh(accountId, Number.MAX_SAFE_INTEGER);
      await this.repository.recordRefresh(accountId, null);
    } catch (error) {
      await this.handleRefreshFailure(accountId, error);
      throw error;
    }
    // No creator_info re-check here: the job that forced this refresh checks it in its next step.
  }

  /**
   * A publication met a definite refusal of the account itself (class `account_restricted`): the
   * account shows it until a re-check (connect, refresh, test) no longer refuses.
   */
  async markRestricted(accountId: string, restriction: { code: string; message: string }): Promise<void> {
    const status = await this.repository.applyRestriction(accountId, restrictionOf(restriction)!);
    if (status === 'restricted') this.logger.warn(`account ${accountId} is restricted by the platform: ${restriction.code}`);
  }

  /**
   * What a publication showed about its account (PublishDone.accountNotices): a notice set stays
   * on the account (Accounts page, Account Health) until a later publication clears it.
   */
  async applyNotices(accountId: string, notices: readonly { code: string; active: boolean }[]): Promise<void> {
    if (notices.length === 0) return;
    const set = notices.filter((n) => n.active).map((n) => n.code);
    const cleared = notices.filter((n) => !n.active).map((n) => n.code);
    const stored = await this.repository.applyNotices(accountId, set, cleared);
    for (const code of set) this.logger.warn(`account ${accountId}: ${code}`);
    if (stored === undefined) this.logger.warn(`account ${accountId} is gone; notices not kept`);
  }

  /** A publication got past the platform's account check (creator_info): a restriction no longer holds. */
  async liftRestriction(accountId: string): Promise<void> {
    const before = await this.repository.findAnyById(accountId);
    const status = await this.repository.applyRestriction(accountId, null);
    // Its other posts that waited on the restriction go now (issue #20).
    if (before?.status === 'restricted' && status === 'active') await this.queue.wakeAccount(accountId);
  }

  /** Re-reads what the platform allows this account (TikTok creator_info) and stores it, where its registry descriptor says the profile tells; never throws. */
  async recheck(accountId: string): Promise<void> {
    try {
      const account = await this.repository.findAnyById(accountId);
      if (!account || !findPlatformDescriptor(account.platform)?.oauth.recheckProfile || (account.status !== 'active' && account.status !== 'restricted'))
        return;
      const token = await this.tokens.peekAccessToken(accountId);
      if (!token) return;
      await this.applyProfileCheck(accountId, await this.providers.get(account.platform, OAuthProviders.flavourOf(account.capabilities)).fetchProfile(token));
    } catch (error) {
      this.logger.warn(`re-check of account ${accountId} failed: ${error instanceof OAuthError ? error.code : (error as Error).message}`);
    }
  }

  /** Stores a fresh profile's restriction (and capabilities, when the platform gave them). */
  private async applyProfileCheck(accountId: string, profile: RemoteProfile): Promise<AccountStatus | undefined> {
    if (profile.restriction === undefined) return undefined;
    const capabilities = Object.keys(profile.capabilities).length > 0 ? profile.capabilities : undefined;
    const before = await this.repository.findAnyById(accountId);
    const status = await this.repository.applyRestriction(accountId, restrictionOf(profile.restriction), capabilities);
    // Jobs that waited on the ban go again once it is lifted.
    if (before?.status === 'restricted' && status === 'active') await this.queue.wakeAccount(accountId);
    return status;
  }

  /** The scheduled job: refresh tokens due within the hour (Instagram: within the week). */
  async refreshDueTokens(): Promise<{ refreshed: number; failed: number }> {
    let refreshed = 0;
    let failed = 0;
    for (const { accountId } of await this.tokens.dueForRefresh()) {
      try {
        // Ask for more than the margin so the token ends up good for the next run too.
        await this.tokens.refresh(accountId, 60 * 60_000);
        await this.repository.recordRefresh(accountId, null);
        refreshed++;
        await this.recheck(accountId);
      } catch (error) {
        failed++;
        await this.handleRefreshFailure(accountId, error);
      }
    }
    return { refreshed, failed };
  }

  private async handleRefreshFailure(accountId: string, error: unknown): Promise<void> {
    if (error instanceof ReconnectRequired) {
      const account = await this.repository.findAnyById(accountId);
      if (account && (account.status === 'active' || account.status === 'restricted')) await this.markNeedsReconnect(account, error.reason);
    } else if (error instanceof RefreshUnavailable) {
      await this.repository.recordRefresh(accountId, error.reason);
    }
  }

  private async markNeedsReconnect(account: SocialAccount, reason: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await this.repository.setStatus(account.id, 'needs_reconnect', reason, tx);
      await this.audit.record(
        {
          workspaceId: account.workspaceId,
          actor: { userId: null, apiKeyId: null },
          action: 'account.needs_reconnect',
          target: { type: 'social_account', id: account.id },
          metadata: { platform: account.platform, reason },
        },
        tx,
      );
    });
    this.logger.warn(`account ${account.id} (${account.platform}) needs to be reconnected: ${reason}`);
  }
}

function restrictionOf(r: { code: string; message: string } | null | undefined): AccountRestriction | null {
  return r ? { code: r.code, message: r.message, since: new Date().toISOString() } : null;
}
