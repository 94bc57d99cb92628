import { Link } from '@tanstack/react-router';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { PLATFORM_LABELS } from '../../../shared/content/accounts';
import { formatNumber, formatPercent } from '../../../shared/i18n/format';
import { formatDateTime, formatRelative } from '../../../shared/lib/dates';
import { Button } from '../../../shared/ui/Button';
import { StatusDot, type StatusTone } from '../../../shared/ui/StatusDot';
import { isReconnectable, useReconnectAccount, type AccountHealth } from '../api/account-health';
import { FailureSparkline } from './FailureSparkline';
import { HeadroomBar } from './HeadroomBar';
import { assessHealth, platformBudgets, windowUnit } from './health-assessment';

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

const ERROR_CLASSES = new Set(['temporary', 'rate_limited', 'auth_expired', 'invalid_content', 'account_restricted', 'unknown']);

function Reconnect({ health, canReconnect }: { health: AccountHealth; canReconnect: boolean }) {
  const { t } = useTranslation();
  const reconnect = useReconnectAccount();
  const platform = health.platform;
  return (
    <div className="health-reconnect">
      {canReconnect && isReconnectable(platform) ? (
        <Button
          variant="primary"
          size="small"
          loading={reconnect.isPending}
          aria-label={t('health.reconnectOf', { platform: PLATFORM_LABELS[platform], handle: health.handle })}
          onClick={() => reconnect.mutate(platform)}
        >
          {t('health.reconnectNow')}
        </Button>
      ) : null}
      <Link to="/accounts">{t('health.reconnect')}</Link>
    </div>
  );
}

/** One account: can it publish right now, and why not. `canReconnect`: the user may start a platform sign-in (admins). */
export function HealthCard({ health, canReconnect = false }: { health: AccountHealth; canReconnect?: boolean }) {
  const { t } = useTranslation();
  const titleId = useId();
  const assessment = assessHealth(health);
  const platform = PLATFORM_LABELS[health.platform];
  const { token, failures24h, cadence, lastError } = health;
  const failures7d = health.failures7d ?? [];
  const activity = health.automationActivity ?? [];
  const warnings = health.warnings ?? [];
  const warmup = cadence.warmup ?? null;
  const budgets = platformBudgets(health.platformUsage);
  // A restricted account's sign-in still works: reconnecting does not lift a platform's ban.
  const needsReconnect = (health.status !== 'active' && health.status !== 'restricted') || !token.valid;
  const restriction = health.status === 'restricted' ? health.restriction : null;

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
          {/* A banned or restricted creator says so, not a generic "needs attention" (issue #20). */}
          {restriction ? t('failures.health.restricted', { platform }) : t(`health.overall.${assessment.overall}`)}
        </span>
      </header>
      <dl className="health-metrics">
        <Metric label={t('health.token')} tone={assessment.token}>
          <span>{tokenText}</span>
          {token.expiresAt ? <span className="muted"> · {formatDateTime(token.expiresAt)}</span> : null}
          <span className="muted"> · {token.refreshable ? t('health.refreshable') : t('health.notRefreshable')}</span>
          {health.status === 'needs_reconnect' ? <p className="health-error-plain">{t('health.needsReconnectPlain', { platform })}</p> : null}
          {restriction ? (
            <p className="health-error-plain">
              {t('health.restrictedPlain', { platform, reason: t(`accounts.restrictions.${restriction.code}`, { defaultValue: restriction.message }) })}
            </p>
          ) : null}
          {health.notices.map((notice) => (
            <p key={notice.code} className="health-error-plain" data-testid="health-notice">
              {t(`${health.platform}.notices.${notice.code}`, { defaultValue: notice.code })}
            </p>
          ))}
          {token.lastRefreshError ? <p className="form-errors">{t('health.lastRefreshError', { error: token.lastRefreshError })}</p> : null}
          {needsReconnect ? <Reconnect health={health} canReconnect={canReconnect} /> : null}
        </Metric>
        <Metric label={t('health.rateLimits')} tone={assessment.rateLimits}>
          {budgets.length > 0 ? (
            <ul className="plain-list health-limits">
              {budgets.map((budget) => {
                const text = t('health.platformBudget', { percent: formatNumber(budget.usedPercent) });
                const label = t(`health.platformBudgets.${budget.kind}`, { platform });
                return (
                  <li key={budget.kind}>
                    {label}: {text}
                    {budget.regainMinutes !== null ? (
                      <span className="muted"> · {t('health.regainIn', { minutes: formatNumber(budget.regainMinutes) })}</span>
                    ) : null}
                    <HeadroomBar label={`${label}: ${text}`} remaining={100 - budget.usedPercent} limit={100} />
                  </li>
                );
              })}
            </ul>
          ) : null}
          {health.rateLimits.length === 0 ? (
            t('health.noRateLimits')
          ) : (
            <ul className="plain-list health-limits">
              {health.rateLimits.map((limit) => {
                const text = t('health.headroom', {
                  remaining: formatNumber(limit.remaining),
                  limit: formatNumber(limit.limit),
                  window: window(limit.windowSeconds),
                });
                return (
                  <li key={limit.name}>
                    <code>{limit.name}</code> {text}
                    <HeadroomBar label={`${limit.name}: ${text}`} remaining={limit.remaining} limit={limit.limit} />
                  </li>
                );
              })}
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
          {failures7d.some((day) => day.finished > 0) ? <FailureSparkline days={failures7d} handle={health.handle} /> : null}
        </Metric>
        <Metric label={t('health.cadence')} tone={assessment.cadence}>
          {cadence.targetPerWeek === null
            ? t('health.cadenceNoTarget', { posts: formatNumber(cadence.postsLast7Days) })
            : t('health.cadenceVsTarget', { posts: formatNumber(cadence.postsLast7Days), target: formatNumber(cadence.targetPerWeek) })}
          {cadence.status === 'no_target' ? null : <span className="muted"> · {t(`health.cadenceStatus.${cadence.status}`)}</span>}
          {warmup ? (
            <p className="health-warmup">
              {t('health.warmup.week', { week: formatNumber(warmup.week), total: formatNumber(warmup.totalWeeks) })}{' '}
              {t('health.warmup.today', {
                planned: formatNumber(warmup.plannedToday),
                allowed: formatNumber(warmup.allowedPerDay),
                posted: formatNumber(warmup.postsToday),
              })}
              {warmup.plannedToday > warmup.allowedPerDay ? <strong> {t('health.warmup.over')}</strong> : null}
            </p>
          ) : null}
        </Metric>
        <Metric label={t('health.lastError')} tone={lastError ? 'warning' : 'neutral'}>
          {lastError ? (
            <>
              {lastError.errorClass && ERROR_CLASSES.has(lastError.errorClass) ? (
                <p className="health-error-plain">{t(`health.errorClass.${lastError.errorClass}`)}</p>
              ) : null}
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
        <Metric label={t('health.automations')} tone={warnings.length > 0 ? 'warning' : 'neutral'}>
          {activity.length === 0 && warnings.length === 0 ? t('health.noAutomationActivity') : null}
          {activity.length > 0 ? (
            <ul className="plain-list">
              {activity.map((entry) => (
                <li key={entry.key}>
                  <strong>{t(`botControl.automations.${entry.key}.name`, { defaultValue: entry.key })}</strong>{' '}
                  {t('health.activity', { actions: formatNumber(entry.actions24h), refused: formatNumber(entry.refused24h) })}
                  <time className="muted" dateTime={entry.lastActionAt} title={formatDateTime(entry.lastActionAt)}>
                    {' '}
                    · {t('health.lastAction', { when: formatRelative(entry.lastActionAt) })}
                  </time>
                </li>
              ))}
            </ul>
          ) : null}
          {warnings.length > 0 ? (
            <ul className="plain-list health-warnings">
              {warnings.map((warning) => (
                <li key={`${warning.automation}-${warning.since}`}>
                  <StatusDot tone={warning.severity === 'critical' ? 'danger' : 'warning'} /> {warning.message}
                </li>
              ))}
            </ul>
          ) : null}
        </Metric>
      </dl>
    </article>
  );
}
