import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatRelative } from '../../../shared/lib/dates';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { StatusDot } from '../../../shared/ui/StatusDot';
import { automationErrorMessages, useSetAutomation, type Automation, type AutomationKey } from '../api/automations';

/** The compliance guardrails of each automation, in the order they are listed. */
const GUARDRAILS = {
  ig_welcome_dm: [
    'botControl.automations.ig_welcome_dm.guardrails.userInitiated',
    'botControl.automations.ig_welcome_dm.guardrails.window',
    'botControl.automations.ig_welcome_dm.guardrails.optIn',
    'botControl.automations.ig_welcome_dm.guardrails.stop',
    'botControl.automations.ig_welcome_dm.guardrails.comments',
    'botControl.automations.ig_welcome_dm.guardrails.caps',
  ],
  tiktok_warmup_cadence: [
    'botControl.automations.tiktok_warmup_cadence.guardrails.advisory',
    'botControl.automations.tiktok_warmup_cadence.guardrails.noActions',
  ],
  auto_reposter: ['botControl.automations.auto_reposter.guardrails.ownContent', 'botControl.automations.auto_reposter.guardrails.caps'],
} as const satisfies Record<AutomationKey, readonly string[]>;

/** Settings with a readable label; others show under their own name. */
const CONFIG_LABELS = {
  message: 'botControl.config.message',
  requireOptIn: 'botControl.config.requireOptIn',
  replyWithinHours: 'botControl.config.replyWithinHours',
  commentKeywords: 'botControl.config.commentKeywords',
  commentMediaIds: 'botControl.config.commentMediaIds',
  commentReplyMessage: 'botControl.config.commentReplyMessage',
  welcomeOncePerDays: 'botControl.config.welcomeOncePerDays',
  optOutKeywords: 'botControl.config.optOutKeywords',
  maxMessagesPerHour: 'botControl.config.maxMessagesPerHour',
  maxPostsPerWeek: 'botControl.config.maxPostsPerWeek',
  minHoursBetweenPosts: 'botControl.config.minHoursBetweenPosts',
  warmupDays: 'botControl.config.warmupDays',
  targetAccountIds: 'botControl.config.targetAccountIds',
  delayHours: 'botControl.config.delayHours',
  maxPerDay: 'botControl.config.maxPerDay',
} as const;

function configLabelKey(field: string) {
  return Object.hasOwn(CONFIG_LABELS, field) ? CONFIG_LABELS[field as keyof typeof CONFIG_LABELS] : undefined;
}

interface AutomationCardProps {
  automation: Automation;
  workspaceId: string;
  /** Admins and up turn automations on and off. */
  canManage: boolean;
  /** Account id → handle, to name the accounts a setting targets. */
  handles: ReadonlyMap<string, string>;
}

export function AutomationCard({ automation, workspaceId, canManage, handles }: AutomationCardProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const setAutomation = useSetAutomation(workspaceId);
  const { key, enabled } = automation;
  const name = t(`botControl.automations.${key}.name`);

  const configLabel = (field: string): string => {
    const labelKey = configLabelKey(field);
    return labelKey ? t(labelKey) : field;
  };
  const formatValue = (field: string, value: unknown): string => {
    if (typeof value === 'boolean') return value ? t('botControl.yes') : t('botControl.no');
    if (Array.isArray(value)) {
      if (value.length === 0) return t('botControl.none');
      return value.map((entry) => (typeof entry === 'string' && field.endsWith('AccountIds') ? `@${handles.get(entry) ?? entry.slice(0, 8)}` : String(entry))).join(', ');
    }
    if (value === null || value === undefined) return '—';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  };

  return (
    <article className={`automation-card${enabled ? ' automation-card--on' : ''}`} aria-labelledby={titleId} data-key={key}>
      <header className="automation-card-header">
        <div>
          <h2 className="automation-card-title" id={titleId}>
            {name}
          </h2>
          <p className="automation-card-description">{t(`botControl.automations.${key}.description`)}</p>
        </div>
        <div className="automation-card-toggle">
          <span className="status-label">
            <StatusDot tone={enabled ? 'ok' : 'neutral'} />
            {enabled ? t('botControl.on') : t('botControl.off')}
          </span>
          <button
            type="button"
            role="switch"
            aria-checked={enabled}
            aria-label={t('botControl.toggle', { name })}
            className={`switch${enabled ? ' switch--on' : ''}`}
            disabled={!canManage || setAutomation.isPending}
            title={canManage ? undefined : t('botControl.adminOnly')}
            onClick={() => setAutomation.mutate({ key, enabled: !enabled })}
          >
            <span className="switch-thumb" aria-hidden="true" />
          </button>
        </div>
      </header>

      <dl className="automation-facts">
        <div>
          <dt>{t('botControl.lastRun')}</dt>
          <dd>
            {automation.lastRunAt ? (
              <time dateTime={automation.lastRunAt} title={formatDateTime(automation.lastRunAt)}>
                {formatRelative(automation.lastRunAt)}
              </time>
            ) : (
              t('common.never')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('botControl.lastChange')}</dt>
          <dd>
            {automation.updatedAt ? (
              <time dateTime={automation.updatedAt} title={formatDateTime(automation.updatedAt)}>
                {formatRelative(automation.updatedAt)}
              </time>
            ) : (
              t('common.never')
            )}
          </dd>
        </div>
      </dl>

      <h3 className="automation-card-subtitle">{t('botControl.settings')}</h3>
      <dl className="automation-config">
        {Object.entries(automation.config).map(([field, value]) => (
          <div key={field}>
            <dt>{configLabel(field)}</dt>
            <dd>{formatValue(field, value)}</dd>
          </div>
        ))}
      </dl>

      <h3 className="automation-card-subtitle">{t('botControl.guardrails')}</h3>
      <ul className="guardrails" aria-label={t('botControl.guardrailsOf', { name })}>
        {GUARDRAILS[key].map((rule) => (
          <li key={rule}>{t(rule)}</li>
        ))}
      </ul>

      {setAutomation.isError ? (
        <ErrorNotice title={enabled ? t('botControl.disableFailed') : t('botControl.enableFailed')}>
          <ul className="plain-list">
            {automationErrorMessages(setAutomation.error).map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </ErrorNotice>
      ) : null}
    </article>
  );
}
