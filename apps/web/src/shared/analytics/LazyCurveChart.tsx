import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

import type { CurveChartProps } from './CurveChart';

import './analytics-charts.css';

// recharts stays out of the first load: the chart's code arrives with its first use.
const CurveChart = lazy(() => import('./CurveChart').then((module) => ({ default: module.CurveChart })));

/** The curve chart, with a quiet placeholder of the same height while its code loads. */
export function LazyCurveChart(props: CurveChartProps) {
  const { t } = useTranslation();
  return (
    <Suspense
      fallback={
        <p className="analytics-chart-loading muted" style={{ minHeight: props.height ?? 220 }}>
          {t('analytics.trend.loadingChart')}
        </p>
      }
    >
      <CurveChart {...props} />
    </Suspense>
  );
}
