import { useTranslation } from 'react-i18next';
import { PLATFORM_LABELS } from '../../../shared/content/accounts';
import { formatNumber } from '../../../shared/i18n/format';
import { formatDateTime, formatRelative, isPast } from '../../../shared/lib/dates';
import { useMe } from '../../../shared/session/me';
import { EmptyState } from '../../../shared/ui/EmptyState';
import { Page } from '../../../shared/ui/Page';
import { QueryFallback } from '../../../shared/ui/QueryFallback';
import { TrendIcon } from '../../../shared/ui/icons';
import { useWarRoomState, type Trend } from '../api/trends';

/** Current entries first (highest score first), expired ones last. */
export function sortTrends(trends: readonly Trend[], now: number = Date.now()): Trend[] {
  const expired = (trend: Trend) => (trend.expiresAt !== null && isPast(trend.expiresAt, now) ? 1 : 0);
  return [...trends].sort((a, b) => expired(a) - expired(b) || (b.score ?? -Infinity) - (a.score ?? -Infinity) || b.observedAt.localeCompare(a.observedAt));
}

function TrendRow({ trend }: { trend: Trend }) {
  const { t } = useTranslation();
  const expired = trend.expiresAt !== null && isPast(trend.expiresAt);
  return (
    <article className={`trend${expired ? ' trend--expired' : ''}`} aria-label={trend.label}>
      <header className="trend-header">
        <h2 className="trend-label">{trend.url ? <a href={trend.url} target="_blank" rel="noopener noreferrer">{trend.label}</a> : trend.label}</h2>
        <span className={`source-badge source-badge--${trend.source}`}>{t(`trends.source.${trend.source}`)}</span>
        <span className="badge">{t(`trends.kind.${trend.kind}`)}</span>
        {trend.platform ? (
          <span className={`platform-badge platform-badge--${trend.platform}`}>{PLATFORM_LABELS[trend.platform]}</span>
        ) : (
          <span className="badge">{t('trends.allPlatforms')}</span>
        )}
        {trend.status ? <span className={`status-chip trend-status trend-status--${trend.status}`}>{t(`trends.status.${trend.status}`)}</span> : null}
        {(trend.tags ?? []).map((tag) => (
          <span key={tag} className="badge">
            #{tag}
          </span>
        ))}
        {trend.score !== null ? <span className="trend-score">{t('trends.score', { score: formatNumber(trend.score, { maximumFractionDigits: 1 }) })}</span> : null}
      </header>
      {trend.notes ? <p className="trend-notes">{trend.notes}</p> : null}
      <p className="trend-dates muted">
        <time dateTime={trend.observedAt} title={formatDateTime(trend.observedAt)}>
          {t('trends.observed', { when: formatRelative(trend.observedAt) })}
        </time>
        {' · '}
        {trend.expiresAt ? (
          <time dateTime={trend.expiresAt} title={formatDateTime(trend.expiresAt)}>
            {expired ? t('trends.expired', { when: formatRelative(trend.expiresAt) }) : t('trends.expires', { when: formatRelative(trend.expiresAt) })}
          </time>
        ) : (
          t('trends.noExpiry')
        )}
      </p>
    </article>
  );
}

function TrendsScreen({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const state = useWarRoomState(workspaceId);

  let body;
  if (state.data && state.data.trends.length > 0) {
    body = (
      <ul className="trend-list" aria-label={t('trends.list')}>
        {sortTrends(state.data.trends).map((trend) => (
          <li key={trend.id}>
            <TrendRow trend={trend} />
          </li>
        ))}
      </ul>
    );
  } else if (state.data) {
    body = (
      <EmptyState icon={<TrendIcon />} title={t('placeholders.trends.emptyTitle')}>
        {t('placeholders.trends.emptyBody')}
      </EmptyState>
    );
  } else {
    body = <QueryFallback query={state} errorTitle={t('trends.loadFailed')} />;
  }

  return (
    <Page title={t('nav.trends')} description={t('placeholders.trends.description')}>
      <p className="muted trends-sources">{t('trends.sourcesNote')}</p>
      {body}
    </Page>
  );
}

/** The trend radar: what the team's own analytics and notes say is working; never scraped. */
export function TrendsPage() {
  const { data: me } = useMe();
  const { t } = useTranslation();
  if (!me.workspace) {
    return (
      <Page title={t('nav.trends')} description={t('placeholders.trends.description')}>
        <p className="muted">{t('common.notInWorkspace')}</p>
      </Page>
    );
  }
  return <TrendsScreen key={me.workspace.id} workspaceId={me.workspace.id} />;
}
