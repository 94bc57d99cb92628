import { useTranslation } from 'react-i18next';

import { formatNumber } from '../../../shared/i18n/format';
import { formatDateTime, formatRelative } from '../../../shared/lib/dates';
import { Button } from '../../../shared/ui/Button';
import { Panel } from '../../../shared/ui/Panel';
import { QueryFallback } from '../../../shared/ui/QueryFallback';
import { useRadarSources, useRunSource, type RadarBudget, type RadarSource, type SourceRunState } from '../api/radar';
import { sourceLabel } from './radar-words';

/** US cents → "$0.05" (the API counts X's spend in cents). */
function money(cents: number): string {
  return formatNumber(cents / 100, { style: 'currency', currency: 'USD' });
}

/** Share of the budget left, 0–1; null when the source has no budget or no limit (off). */
export function budgetLeftShare(budget: Pick<RadarBudget, 'kind' | 'limit' | 'used'>): number | null {
  if (budget.kind === 'none' || budget.limit === null || budget.limit <= 0) return null;
  return Math.min(1, Math.max(0, (budget.limit - budget.used) / budget.limit));
}

/** The budget as a meter (how much is left) and in words, in the reader's language, from the API's figures. */
function BudgetMeter({ source }: { source: RadarSource }) {
  const { t } = useTranslation();
  const { budget } = source;
  const share = budgetLeftShare(budget);
  if (share === null || budget.limit === null) {
    return (
      <p className="muted radar-budget-text">{t(budget.kind === 'money_per_call' ? 'trendRadar.sourcesPanel.capOff' : 'trendRadar.sourcesPanel.noBudget')}</p>
    );
  }
  const isMoney = budget.kind === 'money_per_call';
  const figure = (value: number) => (isMoney ? money(value) : formatNumber(value));
  const left = budget.left ?? Math.max(0, budget.limit - budget.used);
  const tone = left <= 0 ? 'danger' : share < 0.2 ? 'warning' : 'ok';
  const kind = budget.kind === 'none' ? 'units_per_day' : budget.kind;
  return (
    <>
      <p className="radar-budget-text">
        {t(`trendRadar.sourcesPanel.used.${kind}`, { used: figure(budget.used), limit: figure(budget.limit) })}
        {budget.resetsAt ? ` · ${t('trendRadar.sourcesPanel.resets', { when: formatRelative(budget.resetsAt) })}` : ''}
      </p>
      {left <= 0 ? (
        // The source stops at its budget: said in words, not only by an empty meter.
        <p className="radar-budget-spent">
          {budget.resetsAt ? t('trendRadar.sourcesPanel.spentUntil', { when: formatDateTime(budget.resetsAt) }) : t('trendRadar.sourcesPanel.spent')}
        </p>
      ) : null}
      <div
        className={`headroom-bar headroom-bar--${tone}`}
        role="meter"
        aria-label={t('trendRadar.sourcesPanel.meter', { source: sourceLabel(t, source.key) })}
        aria-valuemin={0}
        aria-valuemax={budget.limit}
        aria-valuenow={left}
        aria-valuetext={t(`trendRadar.sourcesPanel.left.${kind}`, { left: figure(left), limit: figure(budget.limit) })}
      >
        <div className="headroom-bar-fill" style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
      {source.counted.length > 0 ? (
        <details className="radar-spent-on">
          <summary>{t('trendRadar.sourcesPanel.counted', { count: source.counted.length })}</summary>
          <ul>
            {source.counted.map((item) => (
              <li key={`${item.accountId}-${item.tag}`}>
                <span translate="no">#{item.tag}</span> — {t('trendRadar.sourcesPanel.freeAt', { when: formatDateTime(item.freeAt) })}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {source.spend.length > 0 ? (
        <details className="radar-spent-on">
          <summary>{t('trendRadar.sourcesPanel.spend', { count: source.spend.length })}</summary>
          <ul>
            {source.spend.map((item, index) => (
              <li key={`${item.spentAt}-${index}`}>
                <span translate="no">{item.what}</span> — {money(item.cents)} · {formatDateTime(item.spentAt)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

/** The latest run over the source's scopes (regions, accounts): when it last fetched, when next, and its last error. */
export function latestRun(runs: readonly SourceRunState[]): { lastFetchAt: string | null; nextFetchAt: string | null; lastError: string | null } {
  const last = [...runs].sort((a, b) => (b.lastFetchAt ?? '').localeCompare(a.lastFetchAt ?? ''))[0];
  const next =
    runs
      .map((run) => run.nextFetchAt)
      .filter((at): at is string => at !== null)
      .sort()[0] ?? null;
  return { lastFetchAt: last?.lastFetchAt ?? null, nextFetchAt: next, lastError: runs.find((run) => run.lastError)?.lastError ?? null };
}

/** Fetched sources that can run, and our own results (the recompute), can be run from the page by editors. */
export function canRunNow(source: Pick<RadarSource, 'mode' | 'enabled'>): boolean {
  return (source.mode === 'fetched' && source.enabled) || source.mode === 'own_results';
}

function SourceRow({ source, onRun, running }: { source: RadarSource; onRun: (() => void) | null; running: boolean }) {
  const { t } = useTranslation();
  const run = latestRun(source.runs);
  return (
    <li className="radar-source-row">
      <div className="radar-source-head">
        <h3 className="radar-source-title">{sourceLabel(t, source.key)}</h3>
        <span className={`tag tag--${source.enabled ? 'ok' : 'neutral'}`}>
          {source.enabled ? t('trendRadar.sourcesPanel.on') : t('trendRadar.sourcesPanel.off')}
        </span>
        <span className="tag tag--neutral">{t(`trendRadar.sourcesPanel.mode.${source.mode}`)}</span>
      </div>
      {source.disabledReason ? (
        <p className="radar-source-reason" lang="en">
          {source.disabledReason}
        </p>
      ) : null}
      <BudgetMeter source={source} />
      {source.mode === 'fetched' ? (
        <p className="muted radar-source-times">
          {run.lastFetchAt ? t('trendRadar.sourcesPanel.lastFetch', { when: formatRelative(run.lastFetchAt) }) : t('trendRadar.sourcesPanel.neverFetched')}
          {run.nextFetchAt ? ` · ${t('trendRadar.sourcesPanel.nextFetch', { when: formatRelative(run.nextFetchAt) })}` : ''}
        </p>
      ) : null}
      {run.lastError ? (
        <p className="radar-source-error">
          {t('trendRadar.sourcesPanel.lastError')} <span lang="en">{run.lastError}</span>
        </p>
      ) : null}
      {onRun ? (
        <Button size="small" loading={running} onClick={onRun}>
          {t('trendRadar.sourcesPanel.runNow', { source: sourceLabel(t, source.key) })}
        </Button>
      ) : null}
    </li>
  );
}

/** Every source, its budget as a meter and its state: what was fetched, when next, what went wrong. */
export function SourcesPanel({ workspaceId, canRun }: { workspaceId: string; canRun: boolean }) {
  const { t } = useTranslation();
  const sources = useRadarSources(workspaceId);
  const runSource = useRunSource(workspaceId);
  return (
    <Panel title={t('trendRadar.sourcesPanel.title')} description={t('trendRadar.sourcesPanel.description')}>
      {sources.data ? (
        <ul className="radar-sources" aria-label={t('trendRadar.sourcesPanel.title')}>
          {sources.data.map((source) => (
            <SourceRow
              key={source.key}
              source={source}
              onRun={canRun && canRunNow(source) ? () => runSource.mutate(source) : null}
              running={runSource.isPending && runSource.variables.key === source.key}
            />
          ))}
        </ul>
      ) : (
        <QueryFallback query={sources} errorTitle={t('trendRadar.sourcesPanel.loadFailed')} />
      )}
    </Panel>
  );
}
