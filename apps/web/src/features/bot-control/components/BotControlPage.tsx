import { useTranslation } from 'react-i18next';

import { useMe } from '../../../shared/session/me';
import { roleAtLeast } from '../../../shared/session/roles';
import { EmptyState } from '../../../shared/ui/EmptyState';
import { BotIcon } from '../../../shared/ui/icons';
import { Page } from '../../../shared/ui/Page';
import { QueryFallback } from '../../../shared/ui/QueryFallback';
import { useWarRoomState } from '../api/automations';
import { AutomationCard } from './AutomationCard';

function BotControlScreen({ workspaceId, canManage }: { workspaceId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const state = useWarRoomState(workspaceId);

  let body;
  if (state.data && state.data.automations.length > 0) {
    body = (
      <div className="automation-list">
        {state.data.automations.map((automation) => (
          <AutomationCard key={automation.key} automation={automation} workspaceId={workspaceId} canManage={canManage} />
        ))}
      </div>
    );
  } else if (state.data) {
    body = (
      <EmptyState icon={<BotIcon />} title={t('placeholders.botControl.emptyTitle')}>
        {t('placeholders.botControl.emptyBody')}
      </EmptyState>
    );
  } else {
    body = <QueryFallback query={state} errorTitle={t('botControl.loadFailed')} />;
  }

  return (
    <Page title={t('nav.botControl')} description={t('placeholders.botControl.description')}>
      <section className="banner guardrails-banner" aria-label={t('botControl.neverTitle')}>
        <div>
          <p className="banner-title">{t('botControl.neverTitle')}</p>
          <p className="banner-text">{t('botControl.neverBody')}</p>
        </div>
      </section>
      {canManage ? null : <p className="muted">{t('botControl.adminOnly')}</p>}
      {body}
    </Page>
  );
}

/**
 * The Bot Control Center: every automation of the workspace with its switch, settings, activity and
 * guardrails. The state document it reads is patched live (SSE), so a switch flipped in another
 * tab flips here too.
 */
export function BotControlPage() {
  const { data: me } = useMe();
  const { t } = useTranslation();
  if (!me.workspace) {
    return (
      <Page title={t('nav.botControl')} description={t('placeholders.botControl.description')}>
        <p className="muted">{t('common.notInWorkspace')}</p>
      </Page>
    );
  }
  return <BotControlScreen key={me.workspace.id} workspaceId={me.workspace.id} canManage={roleAtLeast(me.role, 'admin')} />;
}
