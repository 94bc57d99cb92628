import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { useMe } from '../../../shared/session/me';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Page } from '../../../shared/ui/Page';
import { Panel } from '../../../shared/ui/Panel';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { useExperiments } from '../api/experiments';
import { ExperimentResults } from './ExperimentResults';

import './experiments.css';

function Experiments({ workspaceId, timeZone }: { workspaceId: string; timeZone: string }) {
  const { t } = useTranslation();
  const experiments = useExperiments(workspaceId);
  if (experiments.isError)
    return (
      <ErrorNotice title={t('experiments.loadFailed')} onRetry={() => void experiments.refetch()}>
        {describeError(experiments.error)}
      </ErrorNotice>
    );
  if (!experiments.data) return <Skeleton width="50%" />;
  if (experiments.data.length === 0) return <p className="muted">{t('experiments.empty')}</p>;
  return (
    <>
      {experiments.data.map((experiment) => (
        <Panel key={experiment.id} title={experiment.variants.map((v) => v.label).join(' · ')}>
          <ExperimentResults workspaceId={workspaceId} experiment={experiment} timeZone={timeZone} showPostLink />
        </Panel>
      ))}
    </>
  );
}

/** /experiments: every caption experiment of the workspace, newest first, with its verdict (issue 24). */
export function ExperimentsPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  return (
    <Page title={t('experiments.title')} description={t('experiments.description')}>
      {me.workspace ? <Experiments workspaceId={me.workspace.id} timeZone={me.workspace.timeZone} /> : t('common.notInWorkspace')}
    </Page>
  );
}
