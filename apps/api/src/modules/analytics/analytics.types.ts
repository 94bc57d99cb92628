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
