import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PLATFORM_LABELS } from '../../../shared/content/accounts';
import { formatNumber } from '../../../shared/i18n/format';
import { formatDateTime, formatRelative, isPast } from '../../../shared/lib/dates';
import { Button } from '../../../shared/ui/Button';
import { SelectField, TextField } from '../../../shared/ui/FormField';
import { RADAR_STATUSES, type RadarMember, type RadarStatus, type RadarTrend } from '../api/radar';
import type { UpdateTrendInput } from '../api/trends';
import { EvidencePanel } from './EvidencePanel';
import { signedPercent, sourceLabel, sourcesOf, strengthSeries } from './radar-words';
import { Sparkline } from './Sparkline';

interface RadarCardProps {
  trend: RadarTrend;
  rank: number;
  members: readonly RadarMember[];
  /** Editors and above: team fields, votes, "Use this trend". */
  canEdit: boolean;
  busy: boolean;
  onPatch: (patch: UpdateTrendInput) => void;
  onVote: () => void;
  onUse: () => void;
}

/** "2030-05-01T00:00:00.000Z" → "2030-05-01" for a date input, and back at noon UTC (no day shift in any zone). */
function dateInputValue(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '';
}

function ScoreBadge({ name, value }: { name: 'strength' | 'relevance' | 'proof'; value: number | null }) {
  const { t } = useTranslation();
  return (
    <div className="radar-score">
      <dt>{t(`trendRadar.scores.${name}`)}</dt>
      <dd>{value === null ? t('trendRadar.scores.none') : formatNumber(value, { maximumFractionDigits: 0 })}</dd>
    </div>
  );
}

export function RadarCard({ trend, rank, members, canEdit, busy, onPatch, onVote, onUse }: RadarCardProps) {
  const { t } = useTranslation();
  const [showEvidence, setShowEvidence] = useState(false);
  const [notes, setNotes] = useState(trend.notes ?? '');
  const expired = trend.expired || (trend.expiresAt !== null && isPast(trend.expiresAt));
  const evidenceId = `radar-evidence-${trend.id}`;
  const series = strengthSeries(trend.evidence.strength);

  return (
    <article className={`radar-card${expired ? ' radar-card--expired' : ''}`} aria-label={trend.label}>
      <header className="radar-card-header">
        <span className="radar-rank" aria-hidden="true">
          {formatNumber(rank)}
        </span>
        <h3 className="radar-card-title">
          {trend.url ? (
            <a href={trend.url} target="_blank" rel="noopener noreferrer">
              {trend.label}
            </a>
          ) : (
            trend.label
          )}
        </h3>
        <Sparkline
          points={series}
          label={t('trendRadar.card.sparkline', {
            week: signedPercent(trend.evidence.strength.growth7d),
            day: signedPercent(trend.evidence.strength.growth24h),
          })}
        />
      </header>
      <p className="trend-badges">
        {sourcesOf(trend).map((source) => (
          <span key={source} className={`source-badge radar-source radar-source--${source}`}>
            {sourceLabel(t, source)}
          </span>
        ))}
        {trend.platform ? (
          <span className={`platform-badge platform-badge--${trend.platform}`}>
            {PLATFORM_LABELS[trend.platform as keyof typeof PLATFORM_LABELS] ?? trend.platform}
          </span>
        ) : null}
        {trend.region ? (
          <span className="badge" translate="no">
            {trend.region}
          </span>
        ) : null}
      </p>
      <dl className="radar-scores">
        <ScoreBadge name="strength" value={trend.strength} />
        <ScoreBadge name="relevance" value={trend.relevance} />
        <ScoreBadge name="proof" value={trend.proof} />
      </dl>
      <p className="trend-dates muted">
        <time dateTime={trend.observedAt} title={formatDateTime(trend.observedAt)}>
          {t('trendRadar.card.seen', { when: formatRelative(trend.observedAt) })}
        </time>
        {' · '}
        {trend.expiresAt ? (
          <time dateTime={trend.expiresAt} title={formatDateTime(trend.expiresAt)}>
            {expired
              ? t('trendRadar.card.expired', { when: formatRelative(trend.expiresAt) })
              : t('trendRadar.card.expires', { when: formatRelative(trend.expiresAt) })}
          </time>
        ) : (
          t('trendRadar.card.noExpiry')
        )}
      </p>
      {trend.contentItemId ? (
        <p className="trend-draft">
          <Link to="/compose" search={{ item: trend.contentItemId }}>
            {t('trendRadar.card.openPost')}
          </Link>
        </p>
      ) : null}
      <div className="radar-card-buttons">
        <Button size="small" aria-expanded={showEvidence} aria-controls={evidenceId} onClick={() => setShowEvidence((open) => !open)}>
          {showEvidence ? t('trendRadar.card.hideEvidence') : t('trendRadar.card.showEvidence')}
        </Button>
        {canEdit ? (
          <>
            <Button
              size="small"
              aria-pressed={trend.voted}
              disabled={busy}
              onClick={onVote}
              aria-label={t('trendRadar.card.voteFor', { label: trend.label, count: trend.votes })}
            >
              {t('trendRadar.card.votes', { count: trend.votes })}
            </Button>
            <Button size="small" variant="primary" disabled={busy} onClick={onUse} aria-label={t('trendRadar.card.useOf', { label: trend.label })}>
              {t('trendRadar.card.use')}
            </Button>
          </>
        ) : (
          <span className="muted">{t('trendRadar.card.votes', { count: trend.votes })}</span>
        )}
      </div>
      {showEvidence ? (
        <div id={evidenceId}>
          <EvidencePanel trend={trend} />
        </div>
      ) : null}
      {canEdit ? (
        <details className="radar-team">
          <summary>{t('trendRadar.card.teamFields')}</summary>
          <div className="radar-team-fields">
            <SelectField
              label={t('trendRadar.card.status', { label: trend.label })}
              value={trend.status}
              disabled={busy}
              onChange={(event) => onPatch({ status: event.target.value as RadarStatus })}
            >
              {RADAR_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`trendRadar.status.${status}`)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('trendRadar.card.owner', { label: trend.label })}
              value={trend.ownerId ?? ''}
              disabled={busy}
              onChange={(event) => onPatch({ ownerId: event.target.value || null })}
            >
              <option value="">{t('trendRadar.card.noOwner')}</option>
              {members.map((member) => (
                <option key={member.userId} value={member.userId}>
                  {member.name}
                </option>
              ))}
            </SelectField>
            <TextField
              type="date"
              label={t('trendRadar.card.expiry', { label: trend.label })}
              value={dateInputValue(trend.expiresAt)}
              disabled={busy}
              onChange={(event) => onPatch({ expiresAt: event.target.value ? `${event.target.value}T12:00:00.000Z` : null })}
            />
            <div className="form-field">
              <label className="form-label" htmlFor={`radar-notes-${trend.id}`}>
                {t('trendRadar.card.notes', { label: trend.label })}
              </label>
              <textarea
                id={`radar-notes-${trend.id}`}
                className="input"
                rows={2}
                maxLength={2000}
                value={notes}
                disabled={busy}
                onChange={(event) => setNotes(event.target.value)}
                onBlur={() => {
                  const next = notes.trim() || null;
                  if (next !== trend.notes) onPatch({ notes: next });
                }}
              />
            </div>
          </div>
        </details>
      ) : (
        <>
          <p className="muted radar-status">
            {t(`trendRadar.status.${trend.status}`)}
            {trend.ownerId ? ` · ${members.find((member) => member.userId === trend.ownerId)?.name ?? ''}` : ''}
          </p>
          {trend.notes ? <p className="trend-notes">{trend.notes}</p> : null}
        </>
      )}
    </article>
  );
}
