import { useTranslation } from 'react-i18next';

import { errorMessage } from '../../../shared/api/errors';
import { useBestTimes, useNextQueueSlot, weekdayKey } from '../../../shared/best-times/best-times';
import { formatWith } from '../../../shared/lib/dates';
import { wallClockAt } from '../../../shared/lib/zoned-time';

interface QueueSlotHintProps {
  workspaceId: string;
  /** The composer's time zone: the datetime-local value it shows. */
  timeZone: string;
  targets: readonly { id: string; handle: string }[];
  /** Schedule the post at this datetime-local value (in `timeZone`). */
  onQueued: (at: string) => void;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The datetime-local value showing `iso` in `timeZone`. */
export function datetimeLocalOf(iso: string, timeZone: string): string {
  const c = wallClockAt(new Date(iso), timeZone);
  return `${c.year}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}`;
}

/** "Best time" for the first chosen account (from its own results) and "Add to queue": its next free slot becomes the publish time. */
export function QueueSlotHint({ workspaceId, timeZone, targets, onQueued }: QueueSlotHintProps) {
  const { t } = useTranslation();
  const first = targets[0];
  const best = useBestTimes(workspaceId, first?.id);
  const next = useNextQueueSlot();
  if (!first) return null;
  const data = best.data;
  const slots = data?.best
    .slice(0, 2)
    .map(
      (b) =>
        `${t(`bestTimes.weekdaysShort.${weekdayKey(b.weekday)}`)} ${pad(b.hour)}:00 (×${Math.exp(b.estimate)
          .toFixed(2)
          .replace(/\.?0+$/, '')})`,
    )
    .join(', ');
  const queued = next.data;
  return (
    <div className="queue-slot-hint" data-testid="queue-slot-hint">
      {data ? (
        <p className="form-hint">
          {data.morePostsNeeded > 0
            ? t('bestTimes.composer.bestTimeNeedMore', { handle: `@${first.handle}`, count: data.morePostsNeeded })
            : slots
              ? t('bestTimes.composer.bestTime', { handle: `@${first.handle}`, slots })
              : null}
        </p>
      ) : null}
      <button
        type="button"
        className="button button--secondary"
        disabled={next.isPending}
        onClick={() =>
          next.mutate(
            targets.map((a) => a.id),
            { onSuccess: (slot) => onQueued(datetimeLocalOf(slot.scheduledAt, timeZone)) },
          )
        }
      >
        {next.isPending ? t('bestTimes.composer.adding') : t('bestTimes.composer.addToQueue')}
      </button>
      <div aria-live="polite">
        {queued && !next.isPending ? (
          <p className="form-hint" data-testid="queue-slot-result">
            {t('bestTimes.composer.queued', { when: formatWith(new Date(queued.scheduledAt), { dateStyle: 'full', timeStyle: 'short', timeZone }) })}
            {queued.skipped.length > 0 ? ` ${t('bestTimes.composer.skipped', { count: queued.skipped.length })}` : null}
          </p>
        ) : null}
        {next.isError ? (
          <p className="form-errors" role="alert">
            {errorMessage(next.error, t)}
          </p>
        ) : null}
      </div>
    </div>
  );
}
