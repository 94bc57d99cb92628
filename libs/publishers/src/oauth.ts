/**
 * The OAuth contract every platform's flavour implements (`<platform>/oauth.ts`), built by its
 * descriptor's `oauth.createProvider(deps)`. A provider talks to the platform only: the app keeps
 * the state/PKCE storage, the token vault, the callback routes and the single-flight refresh.
 */
import type { Platform } from '@mwr/domain';

import type { PlatformSettingValues } from './settings.js';

export interface TokenSet {
  accessToken: string;
  /** Absent when the platform did not send one: the stored refresh token is then kept. */
  refreshToken?: string;
  expiresInSec?: number;
  refreshExpiresInSec?: number;
  scopes: string[];
}

export interface RemoteProfile {
  remoteAccountId: string;
  handle: string;
  displayName: string | null;
  avatarUrl: string | null;
  accountType: string | null;
  /** What the platform says this account may do (TikTok creator_info, …). */
  capabilities: Record<string, unknown>;
  /**
   * The platform refuses this account itself (TikTok creator_info: spam_risk_user_banned_from_posting):
   * its code and our words. `null`: checked, not refused. Absent: this provider does not check.
   */
  restriction?: { code: string; message: string } | null;
}

/**
 * auth: the grant or token is dead (invalid_grant, revoked, code 190) → reconnect needed.
 * temporary: network, 5xx, rate limits → try again later, never disconnect.
 * denied: the user refused consent. config: this installation lacks client keys.
 */
export type OAuthErrorKind = 'auth' | 'temporary' | 'denied' | 'config' | 'invalid';

export class OAuthError extends Error {
  constructor(
    readonly kind: OAuthErrorKind,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface OAuthProvider {
  readonly platform: Platform;
  readonly configured: boolean;
  authorizeUrl(input: { state: string; redirectUri: string }): string;
  /**
   * Code → a token ready to use for weeks (Instagram: already exchanged for the long-lived one).
   * `state`: the connect flow's state, from which a PKCE provider re-derives its code verifier.
   */
  exchangeCode(input: { code: string; redirectUri: string; state?: string }): Promise<TokenSet>;
  fetchProfile(accessToken: string): Promise<RemoteProfile>;
  refresh(input: { accessToken: string; refreshToken: string | null }): Promise<TokenSet>;
  /** Best effort; platforms without a revoke endpoint do nothing. */
  revoke(accessToken: string): Promise<void>;
}

/**
 * What a provider is built from: its platform's settings from the app's typed config — where the
 * platform hosts are (real, the sandbox, or any server with the same contract) and this
 * installation's client keys. A platform whose keys are absent gives a provider that is not `configured`.
 */
export interface OAuthProviderDeps<Settings = PlatformSettingValues> {
  settings: Settings;
  /** Per-request timeout; default 15 s. */
  timeoutMs?: number;
}
