import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { PLATFORM_LABELS } from '../../../shared/content/accounts';
import { formatNumber } from '../../../shared/i18n/format';
import { formatDateTime, formatRelative, isPast } from '../../../shared/lib/dates';
import { Button } from '../../../shared/ui/Button';
import { SelectField } from '../../../shared/ui/FormField';
import { TREND_STATUSES, type TrendEntry, type TrendStatus } from '../api/trends';

interface TrendCardProps {
  trend: TrendEntry;
  /** Editors and above: move, edit, delete, turn into a draft. */
  canEdit: boolean;
  busy: boolean;
  onMove: (status: TrendStatus) => void;
  onEdit: () => void;
  onDelete: () => void;
  onCreateDraft: () => void;
}

export function TrendCard({ trend, canEdit, busy, onMove, onEdit, onDelete, onCreateDraft }: TrendCardProps) {
  const { t } = useTranslation();
  const expired = trend.expired || (trend.expiresAt !== null && isPast(trend.expiresAt));
  return (
    <article className={`trend${expired ? ' trend--expired' : ''}`} aria-label={trend.label}>
      <header className="trend-header">
        <h3 className="trend-label">
          {trend.url ? (
            <a href={trend.url} target="_blank" rel="noopener noreferrer">
              {trend.label}
            </a>
          ) : (
            trend.label
          )}
        </h3>
        {trend.score !== null ? (
          <span className="trend-score">{t('trends.score', { score: formatNumber(trend.score, { maximumFractionDigits: 1 }) })}</span>
        ) : null}
      </header>
      <p className="trend-badges">
        <span className={`source-badge source-badge--${trend.source}`}>{t(`trends.source.${trend.source}`)}</span>
        <span className="badge">{t(`trends.kind.${trend.kind}`)}</span>
        {trend.platform ? (
          <span className={`platform-badge platform-badge--${trend.platform}`}>{PLATFORM_LABELS[trend.platform]}</span>
        ) : (
          <span className="badge">{t('trends.allPlatforms')}</span>
        )}
        {trend.tags.map((tag) => (
          <span key={tag} className="badge">
            #{tag.replace(/^#/, '')}
          </span>
        ))}
      </p>
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
      {trend.contentItemId ? (
        <p className="trend-draft">
          <Link to="/compose" search={{ item: trend.contentItemId }}>
            {t('trends.openDraft')}
          </Link>
        </p>
      ) : null}
      {canEdit ? (
        <div className="trend-actions">
          <SelectField
            className="trend-move"
            label={t('trends.moveLabel', { label: trend.label })}
            value={trend.status}
            disabled={busy}
            onChange={(event) => onMove(event.target.value as TrendStatus)}
          >
            {TREND_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`trends.status.${status}`)}
              </option>
            ))}
          </SelectField>
          <div className="trend-buttons">
            <Button size="small" variant="primary" disabled={busy} onClick={onCreateDraft} aria-label={t('trends.createDraftOf', { label: trend.label })}>
              {t('trends.createDraft')}
            </Button>
            <Button size="small" disabled={busy} onClick={onEdit} aria-label={t('trends.editOf', { label: trend.label })}>
              {t('trends.edit')}
            </Button>
            <Button size="small" variant="ghost" disabled={busy} onClick={onDelete} aria-label={t('trends.deleteOf', { label: trend.label })}>
              {t('trends.delete')}
            </Button>
          </div>
        </div>
      ) : null}
    </article>
  );
}
