import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';

import type { TrendRow } from '../lib/trend';

export interface TrendChartProps {
  rows: readonly TrendRow[];
  seriesCount: number;
  dayLabel: (day: string) => string;
  format: (value: number) => string;
}

/** Daily lines, one per platform or account, never summed together. Drawing only (hidden from assistive technology): the section gives a legend and a table. */
export function TrendChart({ rows, seriesCount, dayLabel, format }: TrendChartProps) {
  const data = rows.map((row) => ({ date: row.date, ...Object.fromEntries(row.values.map((value, index) => [`s${index}`, value])) }));
  return (
    <div aria-hidden="true" className="analytics-chart">
      <LineChart responsive style={{ width: '100%', height: 240 }} data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} className="analytics-chart-grid" />
        <XAxis dataKey="date" tickFormatter={dayLabel} tickLine={false} fontSize={11} minTickGap={16} className="analytics-chart-axis" />
        <YAxis tickFormatter={format} width={56} tickLine={false} axisLine={false} fontSize={11} className="analytics-chart-axis" />
        <Tooltip formatter={(value) => (typeof value === 'number' ? format(value) : String(value))} labelFormatter={(day) => dayLabel(String(day))} />
        {Array.from({ length: seriesCount }, (_, index) => (
          <Line
            key={index}
            dataKey={`s${index}`}
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
