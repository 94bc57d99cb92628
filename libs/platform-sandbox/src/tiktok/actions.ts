import type { Core } from '../core/context.js';
import { randomToken } from '../core/ids.js';
import { issueTokens, TIKTOK_SCOPES } from './oauth.js';
import type { TikTokGrant } from './state.js';

export interface MintTikTokInput {
  openId: string;
  clientKey?: string;
  scopes?: string[];
}

/** Skips the consent page: issues a token pair as if the creator had approved. */
export function mintTikTokToken(core: Core, input: MintTikTokInput): Record<string, unknown> {
  const tt = core.state.tiktok;
  if (!tt.creators.has(input.openId)) throw new Error(`unknown TikTok creator ${input.openId}`);
  const clientKey = input.clientKey ?? [...tt.clients.keys()][0] ?? '';
  if (!tt.clients.has(clientKey)) throw new Error(`unknown TikTok client ${clientKey}`);
  const grant: TikTokGrant = { id: randomToken('grant_', 8), clientKey, openId: input.openId, scopes: input.scopes ?? [...TIKTOK_SCOPES], revoked: false };
  tt.grants.set(grant.id, grant);
  return issueTokens(core, grant);
}
