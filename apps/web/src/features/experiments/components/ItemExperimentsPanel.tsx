import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { Panel } from '../../../shared/ui/Panel';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { useExperiments } from '../api/experiments';
import { ExperimentBuilder } from './ExperimentBuilder';
import { ExperimentResults } from './ExperimentResults';

import './experiments.css';

/** On a post's page: its caption experiments with their results, and the builder (issue 24). Loaded on its own (lazy). */
export function ItemExperimentsPanel({
  workspaceId,
  timeZone,
  item,
}: {
  workspaceId: string;
  timeZone: string;
  item: { id: string; caption: string; assetId: string | null; scheduledAt: string | null; targets: readonly { accountId: string }[] };
}) {
  const { t } = useTranslation();
  const experiments = useExperiments(workspaceId, item.id);
  const [building, setBuilding] = useState(false);
  const [created, setCreated] = useState(false);
  return (
    <Panel
      title={t('experiments.panel.title')}
      description={t('experiments.panel.description')}
      aside={
        <button
          type="button"
          className="button button--secondary button--small"
          aria-expanded={building}
          onClick={() => {
            setCreated(false);
            setBuilding((b) => !b);
          }}
        >
          {building ? t('experiments.panel.close') : t('experiments.panel.new')}
        </button>
      }
    >
      {building ? (
        <ExperimentBuilder
          workspaceId={workspaceId}
          item={item}
          onCreated={() => {
            setBuilding(false);
            setCreated(true);
          }}
        />
      ) : null}
      {created && !building ? (
        <p className="muted" role="status">
          {t('experiments.builder.created')}
        </p>
      ) : null}
      {experiments.data ? (
        experiments.data.length === 0 ? (
          <p className="muted">{t('experiments.panel.none')}</p>
        ) : (
          experiments.data.map((experiment) => <ExperimentResults key={experiment.id} workspaceId={workspaceId} experiment={experiment} timeZone={timeZone} />)
        )
      ) : experiments.isError ? (
        <p className="form-errors">{`${t('experiments.loadFailed')}: ${describeError(experiments.error)}`}</p>
      ) : (
        <Skeleton width="40%" />
      )}
    </Panel>
  );
}
