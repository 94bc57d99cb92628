import { Link } from '@tanstack/react-router';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PLATFORM_LABELS } from '../../../shared/content/accounts';
import { formatNumber, formatPercent } from '../../../shared/i18n/format';
import { formatDateTime, formatRelative } from '../../../shared/lib/dates';
import { StatusDot, type StatusTone } from '../../../shared/ui/StatusDot';
import type { AccountHealth } from '../api/account-health';
import { assessHealth, windowUnit } from './health-assessment';

function Metric({ label, tone, children }: { label: string; tone: StatusTone; children: ReactNode }) {
  return (
    <div className={`health-metric health-metric--${tone}`}>
      <dt>
        <StatusDot tone={tone} />
        {label}
      </dt>
      <dd>{children}</dd>
    </div>
  );
}

export function HealthCard({ health }: { health: AccountHealth }) {
  const { t } = useTranslation();
  const titleId = useId();
  const assessment = assessHealth(health);
  const platform = PLATFORM_LABELS[health.platform];
  const { token, failures24h, cadence, lastError } = health;

  let tokenText: string;
  if (health.status !== 'active') tokenText = t(`health.accountStatus.${health.status}`);
  else if (!token.valid) tokenText = t('health.tokenInvalid');
  else if (token.expiresAt) tokenText = t('health.tokenValidUntil', { when: formatRelative(token.expiresAt) });
  else tokenText = t('health.tokenValidNoExpiry');

  const window = (seconds: number) => {
    const { unit, value } = windowUnit(seconds);
    return formatNumber(value, { style: 'unit', unit, unitDisplay: 'long' });
  };

  return (
    <article className={`health-card health-card--${assessment.overall}`} aria-labelledby={titleId} data-tone={assessment.overall}>
      <header className="health-card-header">
        <h2 className="health-card-title" id={titleId}>
          <span className={`platform-badge platform-badge--${health.platform}`}>{platform}</span> @{health.handle}
        </h2>
        <span className="status-label">
          <StatusDot tone={assessment.overall} />
          {t(`health.overall.${assessment.overall}`)}
        </span>
      </header>
      <dl className="health-metrics">
        <Metric label={t('health.token')} tone={assessment.token}>
          <span>{tokenText}</span>
          {token.expiresAt ? (
            <span className="muted"> · {formatDateTime(token.expiresAt)}</span>
          ) : null}
          <span className="muted"> · {token.refreshable ? t('health.refreshable') : t('health.notRefreshable')}</span>
          {token.lastRefreshError ? <p className="form-errors">{t('health.lastRefreshError', { error: token.lastRefreshError })}</p> : null}
          {health.status !== 'active' || !token.valid ? (
            <p>
              <Link to="/accounts">{t('health.reconnect')}</Link>
            </p>
          ) : null}
        </Metric>
        <Metric label={t('health.rateLimits')} tone={assessment.rateLimits}>
          {health.rateLimits.length === 0 ? (
            t('health.noRateLimits')
          ) : (
            <ul className="plain-list">
              {health.rateLimits.map((limit) => (
                <li key={limit.name}>
                  <code>{limit.name}</code>{' '}
                  {t('health.headroom', {
                    remaining: formatNumber(limit.remaining),
                    limit: formatNumber(limit.limit),
                    window: window(limit.windowSeconds),
                  })}
                </li>
              ))}
            </ul>
          )}
        </Metric>
        <Metric label={t('health.failures24h')} tone={assessment.failures}>
          {failures24h.rate === null
            ? t('health.noFinishedJobs')
            : t('health.failureRate', {
                failed: formatNumber(failures24h.failed),
                finished: formatNumber(failures24h.finished),
                rate: formatPercent(failures24h.rate),
              })}
        </Metric>
        <Metric label={t('health.cadence')} tone={assessment.cadence}>
          {cadence.targetPerWeek === null
            ? t('health.cadenceNoTarget', { posts: formatNumber(cadence.postsLast7Days) })
            : t('health.cadenceVsTarget', { posts: formatNumber(cadence.postsLast7Days), target: formatNumber(cadence.targetPerWeek) })}
          {cadence.status === 'no_target' ? null : <span className="muted"> · {t(`health.cadenceStatus.${cadence.status}`)}</span>}
        </Metric>
        <Metric label={t('health.lastError')} tone={lastError ? 'warning' : 'neutral'}>
          {lastError ? (
            <>
              <span>{lastError.message ?? lastError.code ?? t('errors.generic')}</span>
              {lastError.code && lastError.message ? <code className="muted"> {lastError.code}</code> : null}
              <time className="muted" dateTime={lastError.at} title={formatDateTime(lastError.at)}>
                {' '}
                · {formatRelative(lastError.at)}
              </time>
            </>
          ) : (
            t('health.noError')
          )}
        </Metric>
      </dl>
    </article>
  );
}
