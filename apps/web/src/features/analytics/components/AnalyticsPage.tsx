import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { AGE_FILTERS, ANALYTICS_METRICS, type AgeFilter, type AnalyticsMetric } from '../../../shared/analytics/metrics';
import { useMe } from '../../../shared/session/me';
import { Page } from '../../../shared/ui/Page';
import { Panel } from '../../../shared/ui/Panel';
import { QueryFallback } from '../../../shared/ui/QueryFallback';
import { POSTS_PAGE_SIZE, useAnalyticsPosts, useAnalyticsSummary, type AnalyticsPost } from '../api/analytics';
import { isValidRange, presetRange, todayIn, type DayRange, type RangePreset } from '../lib/range';
import { nextSort, type SortState } from '../lib/sorting';
import { AccountsSection, ReconnectNotice } from './AccountsSection';
import { ExportLinks } from './ExportLinks';
import { PeriodsSection } from './PeriodsSection';
import { PostCurvePanel } from './PostCurvePanel';
import { PostsTable } from './PostsTable';
import { RangePicker } from './RangePicker';
import { TopPosts } from './TopPosts';
import { TotalsSection } from './TotalsSection';
import { TrendSection } from './TrendSection';

import './analytics.css';

function AnalyticsScreen({ workspaceId, timeZone }: { workspaceId: string; timeZone: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [preset, setPreset] = useState<RangePreset>(30);
  const [custom, setCustom] = useState<DayRange>(() => presetRange(30, todayIn(timeZone)));
  const [age, setAge] = useState<AgeFilter>('latest');
  const [metric, setMetric] = useState<AnalyticsMetric>('views');
  const [sort, setSort] = useState<SortState>({ metric: 'views', order: 'desc' });
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<AnalyticsPost | null>(null);

  const range = preset === 'custom' ? custom : presetRange(preset, todayIn(timeZone));
  const valid = isValidRange(range);
  const summary = useAnalyticsSummary(workspaceId, { ...range, timeZone, age }, valid);
  const posts = useAnalyticsPosts(workspaceId, { ...range, timeZone, age, sort: sort.metric, order: sort.order, limit: POSTS_PAGE_SIZE, offset }, valid);

  // A new period, age or order starts the table over at its first page.
  const choosePreset = (next: RangePreset) => {
    setPreset(next);
    setOffset(0);
  };
  const chooseCustom = (next: DayRange) => {
    setCustom(next);
    setOffset(0);
  };

  return (
    <Page title={t('analytics.title')} description={t('analytics.description')}>
      <section className="analytics-filters" aria-label={t('analytics.filters')}>
        <RangePicker preset={preset} onPreset={choosePreset} custom={custom} onCustom={chooseCustom} valid={valid} timeZone={timeZone} />
        <div className="analytics-field">
          <label className="form-label" htmlFor={`${id}-age`}>
            {t('analytics.age.label')}
          </label>
          <select
            id={`${id}-age`}
            className="input select input--compact"
            value={age}
            onChange={(event) => {
              setAge(event.target.value as AgeFilter);
              setOffset(0);
            }}
          >
            {AGE_FILTERS.map((value) => (
              <option key={value} value={value}>
                {t(`analytics.age.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="analytics-field">
          <label className="form-label" htmlFor={`${id}-metric`}>
            {t('analytics.metric')}
          </label>
          <select
            id={`${id}-metric`}
            className="input select input--compact"
            value={metric}
            onChange={(event) => setMetric(event.target.value as AnalyticsMetric)}
          >
            {ANALYTICS_METRICS.map((value) => (
              <option key={value} value={value}>
                {t(`analytics.metrics.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </section>

      {summary.data ? (
        <>
          <ReconnectNotice accounts={summary.data.accounts} />
          <TotalsSection summary={summary.data} age={age} />
          <TrendSection workspaceId={workspaceId} summary={summary.data} metric={metric} age={age} range={range} timeZone={timeZone} />
          <AccountsSection accounts={summary.data.accounts} />
        </>
      ) : valid ? (
        <QueryFallback query={summary} errorTitle={t('analytics.loadFailed')} />
      ) : null}

      {valid ? <TopPosts workspaceId={workspaceId} range={range} age={age} metric={metric} /> : null}

      <Panel title={t('analytics.table.title')}>
        {valid ? <ExportLinks range={range} age={age} sort={sort.metric} order={sort.order} timeZone={timeZone} /> : null}
        {posts.data ? (
          <PostsTable
            page={posts.data}
            sort={sort}
            age={age}
            timeZone={timeZone}
            onSort={(column) => {
              setSort(nextSort(sort, column));
              setOffset(0);
            }}
            onPage={setOffset}
            selectedId={selected?.publicationId ?? null}
            onShowCurve={setSelected}
          />
        ) : valid ? (
          <QueryFallback query={posts} errorTitle={t('analytics.loadFailed')} />
        ) : null}
      </Panel>

      {selected ? (
        <PostCurvePanel
          key={selected.publicationId}
          workspaceId={workspaceId}
          post={selected}
          candidates={posts.data?.items ?? []}
          metric={metric}
          onClose={() => setSelected(null)}
        />
      ) : (
        <Panel title={t('analytics.curve.title')}>
          <p className="muted">{t('analytics.curve.pick')}</p>
        </Panel>
      )}

      {summary.data && valid ? (
        <PeriodsSection workspaceId={workspaceId} timeZone={timeZone} current={summary.data} range={range} age={age} metric={metric} />
      ) : null}
    </Page>
  );
}

/** /analytics: our posts' results from the platforms, per account and platform, compared at the same age. */
export function AnalyticsPage() {
  const { data: me } = useMe();
  const { t } = useTranslation();
  if (!me.workspace) {
    return (
      <Page title={t('analytics.title')} description={t('analytics.description')}>
        <p className="muted">{t('common.notInWorkspace')}</p>
      </Page>
    );
  }
  return <AnalyticsScreen key={me.workspace.id} workspaceId={me.workspace.id} timeZone={me.workspace.timeZone} />;
}
