import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';

import { formatNumber } from '../i18n/format';
import type { AgeReading } from './curve';
import { POST_AGES, type PostAge } from './metrics';

export interface CurveSeries {
  /** Stable key of the line (a publication id). */
  key: string;
  readings: readonly AgeReading[];
}

export interface CurveChartProps {
  series: readonly CurveSeries[];
  /** The x axis's tick text for an age ("24 h"). */
  ageLabel: (age: PostAge) => string;
  /** The y axis's tick text and the tooltip's values. */
  format: (value: number) => string;
  height?: number;
}

/**
 * One line per post over the fixed ages (x: 1 h … 30 d as categories, so posts compare at the
 * same age whatever their dates). Drawing only: the caller labels it and gives the same figures
 * in a table, so this is hidden from assistive technology. Loaded lazily (recharts is large).
 */
export function CurveChart({ series, ageLabel, format, height = 220 }: CurveChartProps) {
  const ages = POST_AGES.filter((age) => series.some((s) => s.readings.some((r) => r.age === age)));
  const data = ages.map((age) => ({
    age,
    ...Object.fromEntries(series.map((s, index) => [`s${index}`, s.readings.find((r) => r.age === age)?.value ?? null])),
  }));
  return (
    <div aria-hidden="true" className="analytics-chart">
      <LineChart responsive style={{ width: '100%', height }} data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} className="analytics-chart-grid" />
        <XAxis dataKey="age" tickFormatter={(age: PostAge) => ageLabel(age)} tickLine={false} fontSize={11} className="analytics-chart-axis" />
        <YAxis tickFormatter={(value: number) => format(value)} width={56} tickLine={false} axisLine={false} fontSize={11} className="analytics-chart-axis" />
        <Tooltip
          formatter={(value) => (typeof value === 'number' ? format(value) : formatNumber(Number(value)))}
          labelFormatter={(age) => ageLabel(age as PostAge)}
        />
        {series.map((s, index) => (
          <Line
            key={s.key}
            dataKey={`s${index}`}
            name={s.key}
            className={`analytics-series analytics-series--${index % 6}`}
            type="monotone"
            isAnimationActive={false}
            connectNulls
            dot
          />
        ))}
      </LineChart>
    </div>
  );
}
