import type { ContentItemStatus, Platform, PublicationStatus } from '@mwr/domain';

import type { AccountViewer } from '../../common/auth/account-scope.js';

/** The calendar module's public types: other modules import these, never its repository. */
export interface ItemTarget {
  accountId: string;
  platform: Platform;
  handle: string;
  options: Record<string, unknown>;
}

export interface ItemPublication {
  id: string;
  accountId: string;
  platform: Platform;
  status: PublicationStatus;
  remoteMediaId: string | null;
  permalink: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** Set while its job waits on a person (issue #20): why, and which account. */
  waitingOn: {
    code: 'account_disconnected' | 'account_needs_reconnect' | 'account_restricted' | 'scope_missing';
    accountId: string;
    handle: string;
    platform: Platform;
    detail: string | null;
    since: string;
  } | null;
  postedAt: string | null;
  updatedAt: string;
}

export interface ContentItem {
  id: string;
  workspaceId: string;
  title: string;
  caption: string;
  hashtags: string[];
  assetId: string | null;
  scheduledAt: Date | null;
  timeZone: string;
  status: ContentItemStatus;
  options: Record<string, unknown>;
  version: number;
  duplicatedFrom: string | null;
  /** What a cancelled item was before (its cancel can be undone back to it). */
  cancelledFrom?: ContentItemStatus | null;
  /** Set on a soft-deleted item (restorable until it is purged). */
  deletedAt?: Date | null;
  /** Whether the item's video has a poster frame (ffmpeg made one when it was uploaded). */
  hasThumbnail?: boolean | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  targets: ItemTarget[];
  publications: ItemPublication[];
  /** List queries only: created_at in microseconds since the epoch, for keyset cursors. */
  cursorMicros?: string;
}

export interface ItemFields {
  title: string;
  caption: string;
  hashtags: string[];
  assetId: string | null;
  scheduledAt: Date | null;
  timeZone: string;
  status: ContentItemStatus;
  options: Record<string, unknown>;
}

export interface ListFilters {
  /** Who reads: a member limited to some accounts sees only their items (issue 25). */
  viewer: AccountViewer;
  statuses?: ContentItemStatus[];
  platform?: Platform;
  accountId?: string;
  text?: string;
  from?: Date;
  to?: Date;
  fromDate?: string;
  /** Exclusive: the day after the last day asked for. */
  toDateExclusive?: string;
  cursor?: { createdAtMicros: string; id: string };
  limit: number;
}

export interface QueueFilters {
  viewer: AccountViewer;
  statuses: readonly ContentItemStatus[];
  order: 'asc' | 'desc';
  platform?: Platform;
  accountId?: string;
  text?: string;
  /** The sort key (scheduled time, else creation time) of the last row seen, and its id. */
  cursor?: { atMicros: string; id: string };
  limit: number;
}
