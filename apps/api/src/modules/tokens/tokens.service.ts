import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Platform } from '@mwr/domain';
import { findPlatformDescriptor, OAuthError, type TokenSet } from '@mwr/publishers';

import { Coalescer } from '../../common/batching/coalescer.js';
import type { Db } from '../../common/database/db.js';
import { OAuthProviders } from '../platforms/oauth/oauth-providers.js';
import { tokenAad, TokenCipher, TokenDecryptError } from './token-cipher.js';
import { ReconnectRequired, RefreshUnavailable } from './tokens.errors.js';
import { TokensRepository, type SealedTokenRow } from './tokens.repository.js';

export const TOKEN_CIPHER = Symbol('TOKEN_CIPHER');

/** Refresh when less than this is left. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/**
 * Refresh tokens that rotate (X): a forced refresh finding a token stored this recently takes it —
 * another process refreshed meanwhile, and refreshing again would only spend its new refresh token.
 */
export const JUST_REFRESHED_MS = 30_000;

export interface TokenStatus {
  expiresAt: Date | null;
  refreshExpiresAt: Date | null;
  scopes: string[];
}

/**
 * The token vault: the only code that sees tokens in plaintext. Tokens are sealed before they
 * reach the database and opened only to be handed to a platform client.
 */
@Injectable()
export class TokensService {
  private readonly logger = new Logger(TokensService.name);
  /** The token reads that arrive together (the jobs of a claimed batch starting at once) go in one query. */
  private readonly reads = new Coalescer((ids) => this.repository.findMany(ids), 'share');

  constructor(
    private readonly repository: TokensRepository,
    private readonly providers: OAuthProviders,
    private readonly dataSource: DataSource,
    @Inject(TOKEN_CIPHER) private readonly cipher: TokenCipher,
  ) {}

  /**
   * Stores a fresh token set. A set without a refresh token keeps the stored one (never blanks it),
   * unless `rotated`: the platform killed the stored one when it answered (refreshTokenRotates).
   */
  async store(workspaceId: string, accountId: string, tokens: TokenSet, db?: Db, rotated = false): Promise<void> {
    const run = async (tx: Db) => {
      let refreshToken = tokens.refreshToken;
      if (!refreshToken && !rotated) {
        const existing = await this.repository.lock(accountId, tx);
        // An unreadable stored refresh token is as good as none: the fresh set replaces it.
        if (existing?.refreshToken)
          refreshToken = this.openOrUndefined(() =>
            this.cipher.open(existing.refreshToken!, existing.keyVersion, tokenAad(workspaceId, accountId, 'refresh_token')),
          );
      }
      const access = this.cipher.seal(tokens.accessToken, tokenAad(workspaceId, accountId, 'access_token'));
      const refresh = refreshToken ? this.cipher.seal(refreshToken, tokenAad(workspaceId, accountId, 'refresh_token')) : undefined;
      const now = Date.now();
      await this.repository.upsert(
        {
          accountId,
          workspaceId,
          accessToken: access.sealed,
          refreshToken: refresh?.sealed ?? null,
          keyVersion: access.version,
          expiresAt: tokens.expiresInSec !== undefined ? new Date(now + tokens.expiresInSec * 1000) : null,
          refreshExpiresAt: tokens.refreshExpiresInSec !== undefined ? new Date(now + tokens.refreshExpiresInSec * 1000) : null,
          scopes: tokens.scopes,
        },
        tx,
      );
    };
    await (db ? run(db) : this.dataSource.transaction((tx) => run(tx)));
  }

  async status(accountId: string): Promise<TokenStatus | undefined> {
    const row = await this.repository.find(accountId);
    return row ? { expiresAt: row.expiresAt, refreshExpiresAt: row.refreshExpiresAt, scopes: row.scopes } : undefined;
  }

  /**
   * A token valid for at least five more minutes, refreshing first when needed. Throws
   * ReconnectRequired or RefreshUnavailable; callers decide what that means for the account.
   */
  async getValidAccessToken(accountId: string): Promise<string> {
    const row = await this.reads.get(accountId);
    if (!row) throw new ReconnectRequired(accountId, 'no token is stored');
    if (!row.expiresAt || new Date(row.expiresAt).getTime() - Date.now() > REFRESH_MARGIN_MS) return this.openAccess(row);
    return this.refresh(accountId, REFRESH_MARGIN_MS);
  }

  /**
   * Refreshes unless the token is still valid for `minValidityMs`. Single-flight across
   * processes: the row lock makes a second caller wait, then find the fresh token and skip its
   * own call — TikTok rotates refresh tokens, so a second refresh would use a dead one. The new
   * pair is stored in the same transaction as it is received. Where the platform's descriptor says
   * refresh tokens rotate on every use (X), a forced refresh also takes a token another process
   * stored in the last JUST_REFRESHED_MS, and an answer without a new refresh token clears the
   * stored one (dead now) instead of keeping it.
   */
  async refresh(accountId: string, minValidityMs: number): Promise<string> {
    return this.dataSource.transaction(async (tx) => {
      const row = await this.repository.lock(accountId, tx);
      if (!row) throw new ReconnectRequired(accountId, 'no token is stored');
      if (row.expiresAt && new Date(row.expiresAt).getTime() - Date.now() > minValidityMs) return this.openAccess(row);
      const rotates = findPlatformDescriptor(row.platform)?.oauth.refreshTokenRotates === true;
      const justStored = Date.now() - new Date(row.issuedAt).getTime() < JUST_REFRESHED_MS;
      if (rotates && justStored && (!row.expiresAt || new Date(row.expiresAt).getTime() - Date.now() > REFRESH_MARGIN_MS)) return this.openAccess(row);
      const provider = this.providers.get(row.platform as Platform, row.loginFlavour);
      // Opened outside the try: an unreadable token is ReconnectRequired, not a platform failure.
      const current = { accessToken: this.openAccess(row), refreshToken: this.openRefresh(row) };
      let fresh: TokenSet;
      try {
        fresh = await provider.refresh(current);
      } catch (error) {
        if (error instanceof OAuthError && error.kind === 'auth') throw new ReconnectRequired(accountId, error.code);
        const reason = error instanceof OAuthError ? error.code : 'unexpected_error';
        if (!(error instanceof OAuthError)) this.logger.error(`refresh of account ${accountId} failed: ${(error as Error).message}`);
        throw new RefreshUnavailable(accountId, reason);
      }
      await this.store(row.workspaceId, accountId, fresh, tx, rotates);
      this.logger.log(`refreshed the token of account ${accountId}`);
      return fresh.accessToken;
    });
  }

  /** Accounts whose tokens should be refreshed by the scheduled job now. */
  dueForRefresh(limit = 100): Promise<{ accountId: string }[]> {
    return this.repository.dueForRefresh(limit);
  }

  /** Opens the stored token for a call that must use it as is (revoke, test connection); undefined when none is stored or it cannot be decrypted. */
  async peekAccessToken(accountId: string): Promise<string | undefined> {
    const row = await this.repository.find(accountId);
    return row ? this.openOrUndefined(() => this.openAccess(row)) : undefined;
  }

  async delete(accountId: string, db?: Db): Promise<void> {
    await this.repository.delete(accountId, db);
  }

  /**
   * Re-seals every row under the newest key, one locked batch per transaction. Safe to stop and
   * run again (rows already on the newest version are skipped), and to run from two processes.
   */
  async rotateKeys(batchSize = 500, onProgress: (done: number) => void = () => undefined): Promise<number> {
    const version = this.cipher.currentVersion;
    let done = 0;
    for (;;) {
      const moved = await this.dataSource.transaction(async (tx) => {
        const rows = await this.repository.lockBatchBelowVersion(version, batchSize, tx);
        for (const row of rows) {
          const access = this.cipher.seal(
            this.cipher.open(row.accessToken, row.keyVersion, tokenAad(row.workspaceId, row.accountId, 'access_token')),
            tokenAad(row.workspaceId, row.accountId, 'access_token'),
          );
          const refresh = row.refreshToken
            ? this.cipher.seal(
                this.cipher.open(row.refreshToken, row.keyVersion, tokenAad(row.workspaceId, row.accountId, 'refresh_token')),
                tokenAad(row.workspaceId, row.accountId, 'refresh_token'),
              )
            : undefined;
          await this.repository.reseal(row.accountId, access.sealed, refresh?.sealed ?? null, version, tx);
        }
        return rows.length;
      });
      if (moved === 0) return done;
      done += moved;
      onProgress(done);
    }
  }

  remainingBelowCurrentKey(): Promise<number> {
    return this.repository.countBelowVersion(this.cipher.currentVersion);
  }

  /**
   * A stored token that no key opens (key removed from ENCRYPTION_KEYS, row tampered with or
   * copied) is a grant we can no longer use: the account must be reconnected, like a revoked one.
   */
  private openAccess(row: SealedTokenRow): string {
    return this.opened(row.accountId, () => this.cipher.open(row.accessToken, row.keyVersion, tokenAad(row.workspaceId, row.accountId, 'access_token')));
  }

  private openRefresh(row: SealedTokenRow): string | null {
    const sealed = row.refreshToken;
    return sealed
      ? this.opened(row.accountId, () => this.cipher.open(sealed, row.keyVersion, tokenAad(row.workspaceId, row.accountId, 'refresh_token')))
      : null;
  }

  private opened(accountId: string, open: () => string): string {
    try {
      return open();
    } catch (error) {
      if (!(error instanceof TokenDecryptError)) throw error;
      this.logger.warn(`the stored token of account ${accountId} cannot be decrypted (${error.message}): it must be reconnected`);
      throw new ReconnectRequired(accountId, 'token_unreadable');
    }
  }

  private openOrUndefined(open: () => string): string | undefined {
    try {
      return open();
    } catch (error) {
      if (error instanceof TokenDecryptError || error instanceof ReconnectRequired) return undefined;
      throw error;
    }
  }
}
