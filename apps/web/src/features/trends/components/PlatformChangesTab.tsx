import { useTranslation } from 'react-i18next';

import { PLATFORM_LABELS } from '../../../shared/content/accounts';
import { formatDate, formatDateTime } from '../../../shared/lib/dates';
import { EmptyState } from '../../../shared/ui/EmptyState';
import { QueryFallback } from '../../../shared/ui/QueryFallback';
import { usePlatformChanges, type PlatformChange } from '../api/radar';
import { sourceLabel } from './radar-words';

function platformName(platform: string): string {
  return PLATFORM_LABELS[platform as keyof typeof PLATFORM_LABELS] ?? platform;
}

const SEVERITY_ORDER: Record<string, number> = { critical: 0, warning: 1, info: 2 };

/** Most urgent first: critical, then warnings (a version ending within 90 days), then the rest. */
export function sortChanges(changes: readonly PlatformChange[]): PlatformChange[] {
  return [...changes].sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) || a.platform.localeCompare(b.platform));
}

function ChangeItem({ change }: { change: PlatformChange }) {
  const { t } = useTranslation();
  let heading: string;
  if (change.kind === 'api_version') {
    heading = t('trendRadar.changes.version', { platform: platformName(change.platform), version: change.version ?? '—' });
  } else if (change.kind === 'missing_access') {
    heading = t('trendRadar.changes.missing', {
      platform: platformName(change.platform),
      source: change.sourceKey ? sourceLabel(t, change.sourceKey) : platformName(change.platform),
    });
  } else {
    heading = t('trendRadar.changes.retired', { platform: platformName(change.platform), metric: change.metric ?? '—' });
  }
  return (
    <li className={`radar-change radar-change--${change.severity}`}>
      <h3 className="radar-change-title">
        {change.severity !== 'info' ? (
          <span className={`tag tag--${change.severity === 'critical' ? 'danger' : 'warning'}`}>{t(`trendRadar.changes.severity.${change.severity}`)}</span>
        ) : null}{' '}
        {heading}
      </h3>
      {change.kind === 'api_version' && change.endOfLife ? <p>{t('trendRadar.changes.endOfLife', { date: formatDate(change.endOfLife) })}</p> : null}
      {change.missing.length ? (
        <p>
          {t('trendRadar.changes.lacks')}{' '}
          {change.missing.map((item, index) => (
            <span key={item}>
              {index > 0 ? ', ' : ''}
              <code translate="no">{item}</code>
            </span>
          ))}
        </p>
      ) : null}
      {change.seenAt ? <p className="muted">{t('trendRadar.changes.seen', { when: formatDateTime(change.seenAt) })}</p> : null}
      <p className="muted" lang="en">
        {change.message}
      </p>
    </li>
  );
}

/** The platforms change too: API versions and their end, access an account lacks, metrics a platform retired. */
export function PlatformChangesTab({ workspaceId, active }: { workspaceId: string; active: boolean }) {
  const { t } = useTranslation();
  const changes = usePlatformChanges(workspaceId, active);
  if (!changes.data) return <QueryFallback query={changes} errorTitle={t('trendRadar.changes.loadFailed')} />;
  if (changes.data.length === 0) return <EmptyState title={t('trendRadar.changes.emptyTitle')}>{t('trendRadar.changes.emptyBody')}</EmptyState>;
  return (
    <ul className="radar-changes" aria-label={t('trendRadar.tabs.changes')}>
      {sortChanges(changes.data).map((change, index) => (
        <ChangeItem key={`${change.kind}-${change.platform}-${change.accountId ?? ''}-${change.metric ?? ''}-${index}`} change={change} />
      ))}
    </ul>
  );
}
