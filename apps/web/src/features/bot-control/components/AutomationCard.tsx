import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formatDateTime, formatRelative } from '../../../shared/lib/dates';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { StatusDot } from '../../../shared/ui/StatusDot';
import { Switch } from '../../../shared/ui/Switch';
import { Tab, TabList, TabPanel, Tabs } from '../../../shared/ui/Tabs';
import { automationErrorMessages, useSetAutomation, type Automation, type SetupWarning } from '../api/automations';
import { ActivityList } from './ActivityList';
import { ConfigForm } from './ConfigForm';

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
  tiktok_warmup: ['botControl.automations.tiktok_warmup.guardrails.ramp', 'botControl.automations.tiktok_warmup.guardrails.noActions'],
  auto_reposter: ['botControl.automations.auto_reposter.guardrails.ownContent', 'botControl.automations.auto_reposter.guardrails.caps'],
} as const;

interface AutomationCardProps {
  automation: Automation;
  workspaceId: string;
  /** Admins and up turn automations on and off and change their settings. */
  canManage: boolean;
}

function When({ iso }: { iso: string | null }) {
  const { t } = useTranslation();
  if (!iso) return <>{t('common.never')}</>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso)}
    </time>
  );
}

/** One automation: its switch, its settings (with DM templates previewed), what it did lately, its guardrails. */
export function AutomationCard({ automation, workspaceId, canManage }: AutomationCardProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const toggle = useSetAutomation(workspaceId);
  const [setupWarnings, setSetupWarnings] = useState<SetupWarning[]>([]);
  const { key, enabled } = automation;
  const name = t(`botControl.automations.${key}.name`, { defaultValue: key });
  const guardrails: readonly (typeof GUARDRAILS)[keyof typeof GUARDRAILS][number][] = Object.hasOwn(GUARDRAILS, key)
    ? GUARDRAILS[key as keyof typeof GUARDRAILS]
    : [];

  const flip = (next: boolean) => {
    setSetupWarnings([]);
    toggle.mutate({ key, enabled: next }, { onSuccess: (result) => setSetupWarnings(result.warnings) });
  };

  return (
    <article className={`automation-card${enabled ? ' automation-card--on' : ''}`} aria-labelledby={titleId} data-key={key}>
      <header className="automation-card-header">
        <div>
          <h2 className="automation-card-title" id={titleId}>
            {name}
          </h2>
          <p className="automation-card-description">{t(`botControl.automations.${key}.description`, { defaultValue: '' })}</p>
        </div>
        <div className="automation-card-toggle">
          <span className="status-label">
            <StatusDot tone={enabled ? 'ok' : 'neutral'} />
            {enabled ? t('botControl.on') : t('botControl.off')}
          </span>
          <Switch checked={enabled} onCheckedChange={flip} aria-label={t('botControl.toggle', { name })} disabled={!canManage || toggle.isPending} />
        </div>
      </header>

      <dl className="automation-facts">
        <div>
          <dt>{t('botControl.lastRun')}</dt>
          <dd>
            <When iso={automation.lastRunAt} />
          </dd>
        </div>
        <div>
          <dt>{t('botControl.lastChange')}</dt>
          <dd>
            <When iso={automation.updatedAt} />
          </dd>
        </div>
      </dl>

      {toggle.isError ? (
        <ErrorNotice title={enabled ? t('botControl.disableFailed') : t('botControl.enableFailed')}>
          <ul className="plain-list">
            {automationErrorMessages(toggle.error).map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </ErrorNotice>
      ) : null}
      {setupWarnings.length > 0 ? (
        <div className="banner banner--warning" role="status">
          <div>
            <p className="banner-title">{t('botControl.setupWarningsTitle')}</p>
            <ul className="plain-list banner-text">
              {setupWarnings.map((warning) => (
                <li key={warning.accountId}>{warning.message}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}

      <Tabs defaultValue="settings">
        <TabList label={t('botControl.sectionsOf', { name })}>
          <Tab value="settings">{t('botControl.settings')}</Tab>
          <Tab value="activity">{t('botControl.activity.title')}</Tab>
        </TabList>
        <TabPanel value="settings">
          <ConfigForm automation={automation} workspaceId={workspaceId} canManage={canManage} />
        </TabPanel>
        <TabPanel value="activity">
          <ActivityList workspaceId={workspaceId} automationKey={key} />
        </TabPanel>
      </Tabs>

      {guardrails.length > 0 ? (
        <>
          <h3 className="automation-card-subtitle">{t('botControl.guardrails')}</h3>
          <ul className="guardrails" aria-label={t('botControl.guardrailsOf', { name })}>
            {guardrails.map((rule) => (
              <li key={rule}>{t(rule)}</li>
            ))}
          </ul>
        </>
      ) : null}
    </article>
  );
}
