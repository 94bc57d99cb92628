import type { Platform } from '@mwr/domain';

import type { MetricName, MetricSource } from './dto/publication-metrics.dto.js';

/** The analytics module's public types: other modules import these, never its repository. */
export type MetricValues = Record<MetricName, number | null>;

export interface PublicationMetricsRow extends MetricValues {
  publicationId: string;
  source: MetricSource;
  recordedAt: Date;
  recordedBy: string | null;
}

export interface MeasuredPublication {
  id: string;
  status: string;
  postedAt: Date | null;
}

/** One posted publication with its latest results and what the post was made of. */
export interface PostResult extends MetricValues {
  publicationId: string;
  contentItemId: string;
  platform: Platform;
  postedAt: Date;
  hashtags: string[];
  durationMs: number | null;
  width: number | null;
  height: number | null;
}

/** What Account Health shows of an account's analytics (issue 21). */
export interface AccountAnalyticsHealth {
  status: 'enabled' | 'reconnect_required' | 'unavailable';
  missingScopes: string[];
  /** The last daily read of the followers, and when. */
  followers: number | null;
  followersReadAt: Date | null;
  /** Latest views of the posts that went live in the last 7 days (read or entered). */
  views7d: number | null;
  /** Reads waiting for a retry (a 429, a quota, a missing scope), and why the last one waits. */
  readsWaiting: number;
  lastReadError: string | null;
}
