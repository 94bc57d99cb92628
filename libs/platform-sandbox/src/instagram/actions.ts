import type { Core } from '../core/context.js';
import { receiveComment, receiveMessage, type InboundCommentInput, type InboundMessageInput } from './messaging.js';
import { issueInstagramToken } from './oauth.js';

export type { InboundCommentInput, InboundMessageInput };

export interface MintInstagramInput {
  igUserId: string;
  kind?: 'ig_long' | 'ig_short' | 'fb_user' | 'fb_page';
  appId?: string;
  scopes?: string[];
}

export function mintInstagramToken(core: Core, input: MintInstagramInput): Record<string, unknown> {
  const ig = core.state.instagram;
  if (!ig.accounts.has(input.igUserId)) throw new Error(`unknown Instagram account ${input.igUserId}`);
  const appId = input.appId ?? [...ig.apps.keys()][0] ?? '';
  const kind = input.kind ?? 'ig_long';
  const scopes =
    input.scopes ??
    (kind.startsWith('fb')
      ? [
          'instagram_basic',
          'instagram_content_publish',
          'pages_read_engagement',
          'pages_show_list',
          'instagram_manage_messages',
          'instagram_manage_comments',
          'pages_manage_metadata',
          'business_management',
          'instagram_manage_insights',
        ]
      : [
          'instagram_business_basic',
          'instagram_business_content_publish',
          'instagram_business_manage_messages',
          'instagram_business_manage_comments',
          'instagram_business_manage_insights',
        ]);
  const t = issueInstagramToken(core, { kind, appId, igUserId: input.igUserId, scopes });
  return {
    access_token: t.token,
    token_type: 'bearer',
    expires_in: t.expiresAt === undefined ? undefined : Math.floor((t.expiresAt - core.clock.now()) / 1000),
    user_id: input.igUserId,
  };
}

export function receiveInstagramMessage(core: Core, input: InboundMessageInput): Record<string, unknown> {
  return receiveMessage(core, input);
}

export function receiveInstagramComment(core: Core, input: InboundCommentInput): Record<string, unknown> {
  return receiveComment(core, input);
}
