import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useBestTimes, weekdayKey, type BestTimes } from '../../../../shared/best-times/best-times';
import { QueryFallback } from '../../../../shared/ui/QueryFallback';
import { BestTimesHeatmap, hourLabel, times } from './BestTimesHeatmap';
import { SlotEditor } from './SlotEditor';

import './best-times.css';

export interface BestTimesAccount {
  accountId: string;
  handle: string;
  platform: string;
}

/** The seed as a heatmap: followers online relative to the average hour, labelled as Instagram's, not ours. */
function seedAsTimes(data: BestTimes): BestTimes | null {
  if (!data.seed) return null;
  return {
    ...data,
    prior: { ...data.prior, mean: 0 },
    buckets: data.seed.buckets.map((b) => {
      const estimate = Math.log(Math.max(b.weight, 1e-3));
      return { weekday: b.weekday, hour: b.hour, n: 0, estimate, multiplier: b.weight, low: estimate, high: estimate, suggestable: false, morePostsNeeded: 0 };
    }),
  };
}

function AccountBestTimes({ workspaceId, accountId }: { workspaceId: string; accountId: string }) {
  const { t } = useTranslation();
  const query = useBestTimes(workspaceId, accountId);
  const data = query.data;
  if (!data) return <QueryFallback query={query} errorTitle={t('bestTimes.panel.loadFailed')} />;
  const seed = seedAsTimes(data);
  const slots = data.best.map(
    (b) => `${t(`bestTimes.weekdaysShort.${weekdayKey(b.weekday)}`)} ${hourLabel(b.hour)} (${t('bestTimes.heatmap.times', { value: times(b.estimate) })})`,
  );
  return (
    <div className="best-times-account">
      <p className="muted">{t('bestTimes.panel.intro', { timeZone: data.timeZone.replaceAll('_', ' ') })}</p>
      <p data-testid="best-times-status">
        {t('bestTimes.panel.posts', { count: data.posts })}{' '}
        {data.morePostsNeeded > 0
          ? t('bestTimes.panel.needMorePosts', { count: data.morePostsNeeded })
          : slots.length > 0
            ? t('bestTimes.panel.best', { slots: slots.join(', ') })
            : t('bestTimes.panel.noBest', { min: data.minBucketPosts })}
      </p>
      {seed && data.seed ? (
        <div className="best-times-seed">
          <p>
            <span className="badge">{t('bestTimes.panel.seedLabel')}</span> <strong>{t('bestTimes.panel.seedTitle')}</strong>
          </p>
          <p className="muted">{t('bestTimes.panel.seedBody', { days: data.seed.days })}</p>
          <BestTimesHeatmap data={seed} />
        </div>
      ) : (
        <BestTimesHeatmap data={data} />
      )}
      <SlotEditor workspaceId={workspaceId} accountId={accountId} />
    </div>
  );
}

/** Account Health's best-times section (lazy loaded): pick an account, see its heatmap and edit its slots. */
export default function BestTimesPanel({ workspaceId, accounts }: { workspaceId: string; accounts: readonly BestTimesAccount[] }) {
  const { t } = useTranslation();
  const id = useId();
  const [chosen, setChosen] = useState(accounts[0]?.accountId);
  const accountId = accounts.some((a) => a.accountId === chosen) ? chosen : accounts[0]?.accountId;
  if (!accountId) return null;
  return (
    <section className="card best-times-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="best-times-title">
        {t('bestTimes.panel.title')}
      </h2>
      <label className="form-label" htmlFor={`${id}-account`}>
        {t('bestTimes.panel.account')}
      </label>
      <select id={`${id}-account`} className="input best-times-account-select" value={accountId} onChange={(e) => setChosen(e.target.value)}>
        {accounts.map((a) => (
          <option key={a.accountId} value={a.accountId}>
            @{a.handle} ({a.platform})
          </option>
        ))}
      </select>
      <AccountBestTimes key={accountId} workspaceId={workspaceId} accountId={accountId} />
    </section>
  );
}
