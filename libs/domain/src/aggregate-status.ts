import type { ContentItemStatus } from './content-item-status.js';
import type { PublicationStatus } from './publication-status.js';

/**
 * The status a content item shows once its publications exist: published when every target
 * posted, partially published when some posted and the rest ended otherwise, failed when none
 * posted and all ended, publishing while any is still moving. Cancelled publications do not
 * count against the item unless all were cancelled.
 */
export function aggregateItemStatus(publications: readonly PublicationStatus[]): ContentItemStatus {
  if (publications.length === 0) return 'scheduled';
  const live = publications.filter((s) => s !== 'cancelled');
  if (live.length === 0) return 'cancelled';
  if (live.some((s) => s === 'pending' || s === 'uploading' || s === 'processing')) return 'publishing';
  const posted = live.filter((s) => s === 'posted').length;
  if (posted === live.length) return 'published';
  return posted > 0 ? 'partially_published' : 'failed';
}
