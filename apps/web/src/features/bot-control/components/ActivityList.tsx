import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formatDateTime, formatRelative } from '../../../shared/lib/dates';
import { Badge, type BadgeTone } from '../../../shared/ui/Badge';
import { Button } from '../../../shared/ui/Button';
import { QueryFallback } from '../../../shared/ui/QueryFallback';
import { useAutomationActivity, type ActivityEntry, type ActivityFilter } from '../api/activity';
import type { AutomationKey } from '../api/automations';

const OUTCOME_TONES: Record<string, BadgeTone> = {
  sent: 'ok',
  subscribed: 'ok',
  enabled: 'accent',
  refused: 'warning',
  flagged: 'warning',
  opted_out: 'neutral',
  failed: 'danger',
  subscribe_failed: 'danger',
};

const FILTERS: readonly ActivityFilter[] = ['all', 'refused'];

function ActivityItem({ entry }: { entry: ActivityEntry }) {
  const { t } = useTranslation();
  return (
    <li className={`activity-entry activity-entry--${entry.outcome}`}>
      <div className="activity-entry-header">
        <Badge tone={OUTCOME_TONES[entry.outcome] ?? 'neutral'}>{t(`botControl.activity.outcomes.${entry.outcome}`, { defaultValue: entry.outcome })}</Badge>
        {entry.accountHandle ? <span className="activity-entry-account">@{entry.accountHandle}</span> : null}
        <time className="activity-entry-time" dateTime={entry.at} title={formatDateTime(entry.at)}>
          {formatRelative(entry.at)}
        </time>
      </div>
      {entry.rule ? (
        <p className="activity-entry-rule">
          {t('botControl.activity.rule', { rule: t(`botControl.rules.${entry.rule}`, { defaultValue: entry.rule }) })} <code>{entry.rule}</code>
          {entry.reason ? <span className="activity-entry-reason"> — {entry.reason}</span> : null}
        </p>
      ) : null}
      {entry.message ? <p className="activity-entry-message">{entry.message}</p> : null}
    </li>
  );
}

/** What an automation did lately (sent, refused with the rule, failed, switch changes), newest first. */
export function ActivityList({ workspaceId, automationKey }: { workspaceId: string; automationKey: AutomationKey }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<ActivityFilter>('all');
  const activity = useAutomationActivity(workspaceId, automationKey, filter);
  const entries = activity.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="activity">
      <div className="activity-filter" role="group" aria-label={t('botControl.activity.filterLabel')}>
        {FILTERS.map((option) => (
          <button
            key={option}
            type="button"
            className={`activity-filter-option${filter === option ? ' activity-filter-option--active' : ''}`}
            aria-pressed={filter === option}
            onClick={() => setFilter(option)}
          >
            {t(`botControl.activity.filters.${option}`)}
          </button>
        ))}
      </div>
      {activity.data ? (
        entries.length > 0 ? (
          <>
            <ul className="activity-list" aria-label={t(filter === 'refused' ? 'botControl.activity.refusedList' : 'botControl.activity.list')}>
              {entries.map((entry) => (
                <ActivityItem key={entry.id} entry={entry} />
              ))}
            </ul>
            {activity.hasNextPage ? (
              <Button size="small" onClick={() => void activity.fetchNextPage()} loading={activity.isFetchingNextPage}>
                {t('botControl.activity.more')}
              </Button>
            ) : null}
          </>
        ) : (
          <p className="muted">{t(filter === 'refused' ? 'botControl.activity.emptyRefused' : 'botControl.activity.empty')}</p>
        )
      ) : (
        <QueryFallback query={activity} errorTitle={t('botControl.activity.loadFailed')} />
      )}
    </div>
  );
}
