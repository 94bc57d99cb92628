/**
 * A post can be live before its public link exists (issue 18): TikTok withholds
 * `publicaly_available_post_id` until moderation ends (§1.6), and an Instagram permalink read can
 * fail or be impossible after the Reel is published (§3.6). The publisher then reports the post as
 * done with `link: { status: 'pending', ref }`, and a backfill asks `lookupLink(ref)` again later,
 * within the platform's read budget, until the link is `ready` or definitely `none`.
 */
import type { StepContext } from './contract.js';

export const LINK_STATUSES = ['pending', 'ready', 'none'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

/** What the backfill asks the platform with. Plain JSON, no credentials. */
export type LinkRef =
  { platform: 'tiktok'; publishId: string; username?: string } | { platform: 'instagram'; igUserId: string; containerId?: string; mediaId?: string };

/** The link part of a finished publication when the permalink is not known yet (or never will be). */
export interface PendingLink {
  status: 'pending' | 'none';
  /** For 'pending': what lookupLink needs. */
  ref?: LinkRef;
  /** For 'none' (and informative for 'pending'): why there is no link. */
  reason?: string;
}

export type LinkLookup =
  | { status: 'ready'; remoteMediaId: string; permalink: string }
  /** Not yet: look again later (no sooner than retryAfterMs when the platform said so). */
  | { status: 'pending'; retryAfterMs?: number; note?: string }
  /** There will never be one through the documented calls: say why. */
  | { status: 'none'; reason: string };

export interface LinkResolver {
  /** One read of the platform (TikTok: one status/fetch; Instagram: at most one or two GETs). Never throws. */
  lookupLink(ref: LinkRef, ctx?: StepContext): Promise<LinkLookup>;
}
