import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { weekdayKey, type BestTimeBucket, type BestTimes } from '../../../../shared/best-times/best-times';

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** "18:00" */
export const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/** ×1.4 (two significant figures) of a log-scale estimate. */
export function times(logValue: number): string {
  const v = Math.exp(logValue);
  return v >= 10 ? v.toFixed(0) : v.toFixed(2).replace(/\.?0+$/, '');
}

/**
 * The cell colour: a diverging scale on the log estimate, clipped at ×e (green: more views than
 * usual, orange: fewer); the more posts, the stronger (a bucket without posts stays pale).
 */
export function cellColour(bucket: Pick<BestTimeBucket, 'estimate' | 'n'>, mean: number): string {
  const d = Math.max(-1, Math.min(1, bucket.estimate - mean));
  const alpha = 0.12 + 0.78 * Math.abs(d) * (bucket.n > 0 ? 1 : 0.4);
  return d >= 0 ? `rgba(22, 128, 61, ${alpha.toFixed(3)})` : `rgba(194, 65, 12, ${alpha.toFixed(3)})`;
}

interface HeatmapProps {
  data: BestTimes;
}

/** Weekday × local hour: the estimate as colour; n and the interval on hover or focus (and as each cell's name). */
export function BestTimesHeatmap({ data }: HeatmapProps) {
  const { t } = useTranslation();
  const [active, setActive] = useState<BestTimeBucket | null>(null);
  const day = (weekday: number) => t(`bestTimes.weekdays.${weekdayKey(weekday)}`);
  const label = (b: BestTimeBucket) =>
    b.n > 0
      ? t('bestTimes.heatmap.cell', {
          day: day(b.weekday),
          hour: hourLabel(b.hour),
          estimate: t('bestTimes.heatmap.times', { value: times(b.estimate) }),
          count: b.n,
          low: t('bestTimes.heatmap.times', { value: times(b.low) }),
          high: t('bestTimes.heatmap.times', { value: times(b.high) }),
        })
      : t('bestTimes.heatmap.cellEmpty', {
          day: day(b.weekday),
          hour: hourLabel(b.hour),
          estimate: t('bestTimes.heatmap.times', { value: times(b.estimate) }),
        });
  const at = (weekday: number, hour: number) => data.buckets[weekday * 24 + hour];
  return (
    <div className="best-times-heatmap">
      <div className="best-times-scroll">
        <table className="best-times-grid">
          <caption className="visually-hidden">{t('bestTimes.heatmap.label', { timeZone: data.timeZone })}</caption>
          <thead>
            <tr>
              <td />
              {HOURS.map((h) => (
                <th key={h} scope="col" className="best-times-hour">
                  {String(h).padStart(2, '0')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {WEEKDAYS.map((weekday) => (
              <tr key={weekday}>
                <th scope="row" className="best-times-day">
                  {t(`bestTimes.weekdaysShort.${weekdayKey(weekday)}`)}
                </th>
                {HOURS.map((hour) => {
                  const bucket = at(weekday, hour);
                  if (!bucket) return <td key={hour} />;
                  return (
                    <td key={hour}>
                      <button
                        type="button"
                        className={`best-times-cell${bucket.suggestable ? ' best-times-cell--suggestable' : ''}`}
                        style={{ background: cellColour(bucket, data.prior.mean) }}
                        aria-label={label(bucket)}
                        title={label(bucket)}
                        aria-pressed={active === bucket}
                        onMouseEnter={() => setActive(bucket)}
                        onFocus={() => setActive(bucket)}
                        onClick={() => setActive(bucket)}
                      >
                        {bucket.n > 0 ? <span className="best-times-n">{bucket.n}</span> : null}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="best-times-legend" aria-hidden="true">
        <span className="best-times-swatch" style={{ background: cellColour({ estimate: data.prior.mean - 1, n: 1 }, data.prior.mean) }} />
        {t('bestTimes.heatmap.legendLow')}
        <span className="best-times-swatch" style={{ background: cellColour({ estimate: data.prior.mean + 1, n: 1 }, data.prior.mean) }} />
        {t('bestTimes.heatmap.legendHigh')}
      </div>
      <p className="best-times-detail" aria-live="polite" data-testid="best-times-detail">
        {active ? (
          <>
            {t('bestTimes.heatmap.detail', {
              day: day(active.weekday),
              hour: hourLabel(active.hour),
              estimate: t('bestTimes.heatmap.times', { value: times(active.estimate) }),
              low: t('bestTimes.heatmap.times', { value: times(active.low) }),
              high: t('bestTimes.heatmap.times', { value: times(active.high) }),
              count: active.n,
            })}
            {active.morePostsNeeded > 0 ? ` ${t('bestTimes.heatmap.detailMore', { count: active.morePostsNeeded })}` : null}
          </>
        ) : (
          t('bestTimes.heatmap.hint')
        )}
      </p>
    </div>
  );
}
