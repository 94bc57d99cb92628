import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, XAxis, YAxis } from 'recharts';

import { formatNumber } from '../../../shared/i18n/format';
import { formatWith } from '../../../shared/lib/dates';
import type { FailureDay } from '../api/account-health';

/** "Mon 3": the short tick of a day on the chart's x axis. */
export function dayTick(day: string): string {
  return formatWith(new Date(`${day}T12:00:00.000Z`), { weekday: 'narrow', day: 'numeric', timeZone: 'UTC' });
}

/** "Mon 3 Mar": a UTC day of the API, named in the UI language. */
export function dayLabel(day: string): string {
  return formatWith(new Date(`${day}T12:00:00.000Z`), { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/**
 * Jobs that ended per day over 7 days, failed on top of succeeded, one bar per day on a shaded
 * slot (a quiet day keeps its tick on the day axis), with a day axis and a whole-number count axis. The chart
 * is decorative for assistive technology; the same figures are in a table that only screen readers
 * get (in a clipped box: a table ignores the 1 px width and would widen a phone's page).
 */
export function FailureSparkline({ days, handle }: { days: readonly FailureDay[]; handle: string }) {
  const { t } = useTranslation();
  const data = days.map((d) => ({ day: d.day, succeeded: d.finished - d.failed, failed: d.failed }));
  return (
    <figure className="sparkline">
      <div aria-hidden="true" className="sparkline-chart">
        <BarChart width={260} height={120} data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }} barCategoryGap={4} accessibilityLayer={false}>
          <CartesianGrid vertical={false} className="sparkline-grid" />
          <XAxis dataKey="day" tickFormatter={dayTick} interval={0} tickLine={false} fontSize={11} className="sparkline-axis" />
          <YAxis allowDecimals={false} width={28} tickLine={false} axisLine={false} fontSize={11} className="sparkline-axis" />
          <Bar dataKey="succeeded" stackId="jobs" className="sparkline-ok" isAnimationActive={false} minPointSize={0} background />
          <Bar dataKey="failed" stackId="jobs" className="sparkline-failed" isAnimationActive={false} minPointSize={0} />
        </BarChart>
      </div>
      <figcaption className="sparkline-caption muted">{t('health.sparkline.caption')}</figcaption>
      <div className="visually-hidden">
        <table>
          <caption>{t('health.sparkline.tableCaption', { handle })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('health.sparkline.day')}</th>
              <th scope="col">{t('health.sparkline.finished')}</th>
              <th scope="col">{t('health.sparkline.failed')}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{dayLabel(d.day)}</th>
                <td>{formatNumber(d.finished)}</td>
                <td>{formatNumber(d.failed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
