import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formatMetric, KEY_METRICS, platformName } from '../../../shared/analytics/metrics';
import { formatNumber } from '../../../shared/i18n/format';
import { Panel } from '../../../shared/ui/Panel';
import type { AccountSummary } from '../api/analytics';
import { ariaSortOf, nextSort, sortByMetric, type SortState } from '../lib/sorting';

/** Accounts connected without the analytics scope (or whose sign-in lapsed): their posts are not read until reconnected. */
export function ReconnectNotice({ accounts }: { accounts: readonly AccountSummary[] }) {
  const { t } = useTranslation();
  const waiting = accounts.filter((account) => account.analytics === 'reconnect_required');
  if (waiting.length === 0) return null;
  return (
    <section className="analytics-reconnect" aria-label={t('analytics.accounts.reconnectTitle')}>
      <h2 className="analytics-reconnect-title">{t('analytics.accounts.reconnectTitle')}</h2>
      <ul>
        {waiting.map((account) => (
          <li key={account.accountId}>{t('analytics.accounts.reconnectItem', { platform: platformName(account.platform), handle: account.handle })}</li>
        ))}
      </ul>
      <Link to="/accounts" className="button button--secondary button--small">
        {t('analytics.accounts.goToAccounts')}
      </Link>
    </section>
  );
}

/** Each account's totals, sortable by any of the key metrics. */
export function AccountsSection({ accounts }: { accounts: readonly AccountSummary[] }) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<SortState>({ metric: 'views', order: 'desc' });
  if (accounts.length === 0) return null;
  const rows = sortByMetric(accounts, sort, (account) => account.totals);
  return (
    <Panel title={t('analytics.accounts.title')}>
      <div className="table-wrap" role="region" aria-label={t('analytics.accounts.caption')} tabIndex={0}>
        <table className="table analytics-table">
          <caption className="visually-hidden">{t('analytics.accounts.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('analytics.accounts.account')}</th>
              <th scope="col">{t('analytics.accounts.status')}</th>
              <th scope="col" className="analytics-num">
                {t('analytics.accounts.posts')}
              </th>
              {KEY_METRICS.map((metric) => (
                <th key={metric} scope="col" className="analytics-num" aria-sort={ariaSortOf(sort, metric)}>
                  <button type="button" className="analytics-sort" onClick={() => setSort(nextSort(sort, metric))}>
                    {t(`analytics.metrics.${metric}`)}
                    <span aria-hidden="true">{sort.metric === metric ? (sort.order === 'desc' ? ' ↓' : ' ↑') : ''}</span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((account) => (
              <tr key={account.accountId}>
                <th scope="row" className="analytics-row-head">
                  {platformName(account.platform)} @{account.handle}
                </th>
                <td>{t(`analytics.accounts.${account.analytics}`)}</td>
                <td className="analytics-num">{formatNumber(account.posts)}</td>
                {KEY_METRICS.map((metric) => (
                  <td key={metric} className="analytics-num">
                    {formatMetric(metric, account.totals[metric])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}
