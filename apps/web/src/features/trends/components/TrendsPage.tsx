import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formatNumber } from '../../../shared/i18n/format';
import { isPast } from '../../../shared/lib/dates';
import { useMe } from '../../../shared/session/me';
import { roleAtLeast } from '../../../shared/session/roles';
import { Button } from '../../../shared/ui/Button';
import { Dialog } from '../../../shared/ui/Dialog';
import { EmptyState } from '../../../shared/ui/EmptyState';
import { TrendIcon } from '../../../shared/ui/icons';
import { Page } from '../../../shared/ui/Page';
import { QueryFallback } from '../../../shared/ui/QueryFallback';
import { TREND_STATUSES, useCreateTrendDraft, useDeleteTrend, useTrends, useUpdateTrend, type TrendEntry, type TrendStatus } from '../api/trends';
import { TrendCard } from './TrendCard';
import { TrendFormDialog } from './TrendFormDialog';

/** Current entries first (highest score first), expired ones last. */
export function sortTrends<T extends Pick<TrendEntry, 'expiresAt' | 'score' | 'observedAt'>>(trends: readonly T[], now: number = Date.now()): T[] {
  const expired = (trend: T) => (trend.expiresAt !== null && isPast(trend.expiresAt, now) ? 1 : 0);
  return [...trends].sort((a, b) => expired(a) - expired(b) || (b.score ?? -Infinity) - (a.score ?? -Infinity) || b.observedAt.localeCompare(a.observedAt));
}

/** The board: one column per status, each sorted. */
export function boardColumns(trends: readonly TrendEntry[]): Record<TrendStatus, TrendEntry[]> {
  const columns = Object.fromEntries(TREND_STATUSES.map((status) => [status, [] as TrendEntry[]])) as Record<TrendStatus, TrendEntry[]>;
  for (const trend of trends) (columns[trend.status as TrendStatus] ?? columns.new).push(trend);
  for (const status of TREND_STATUSES) columns[status] = sortTrends(columns[status]);
  return columns;
}

type Editing = { mode: 'add' } | { mode: 'edit'; entry: TrendEntry } | null;

function DeleteTrendDialog({ workspaceId, entry, onClose }: { workspaceId: string; entry: TrendEntry; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteTrend(workspaceId);
  return (
    <Dialog
      role="alertdialog"
      title={t('trends.deleteTitle', { label: entry.label })}
      description={t('trends.deleteDescription')}
      onDismiss={remove.isPending ? undefined : onClose}
      actions={
        <>
          <Button onClick={onClose} disabled={remove.isPending} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button variant="danger" loading={remove.isPending} onClick={() => remove.mutate(entry.id, { onSuccess: onClose })}>
            {t('trends.deleteConfirm')}
          </Button>
        </>
      }
    />
  );
}

function TrendsScreen({ workspaceId, canEdit }: { workspaceId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const trends = useTrends(workspaceId);
  const move = useUpdateTrend(workspaceId);
  const draft = useCreateTrendDraft(workspaceId);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<TrendEntry | null>(null);

  const addButton = canEdit ? (
    <Button variant="primary" onClick={() => setEditing({ mode: 'add' })}>
      {t('trends.add')}
    </Button>
  ) : null;

  const createDraft = (entry: TrendEntry) =>
    draft.mutate(entry.id, { onSuccess: ({ contentItemId }) => void navigate({ to: '/compose', search: { item: contentItemId } }) });

  let body;
  if (trends.data && trends.data.length > 0) {
    const columns = boardColumns(trends.data);
    body = (
      <div className="trend-board">
        {TREND_STATUSES.map((status) => (
          <section key={status} className={`trend-column trend-column--${status}`} aria-labelledby={`trend-column-${status}`}>
            <h2 className="trend-column-title" id={`trend-column-${status}`}>
              {t(`trends.status.${status}`)} <span className="muted">({formatNumber(columns[status].length)})</span>
            </h2>
            {columns[status].length === 0 ? (
              <p className="muted trend-column-empty">{t('trends.columnEmpty')}</p>
            ) : (
              <ul className="trend-list" aria-label={t(`trends.status.${status}`)}>
                {columns[status].map((trend) => (
                  <li key={trend.id}>
                    <TrendCard
                      trend={trend}
                      canEdit={canEdit}
                      busy={(move.isPending && move.variables?.id === trend.id) || (draft.isPending && draft.variables === trend.id)}
                      onMove={(next) => move.mutate({ id: trend.id, patch: { status: next } })}
                      onEdit={() => setEditing({ mode: 'edit', entry: trend })}
                      onDelete={() => setDeleting(trend)}
                      onCreateDraft={() => createDraft(trend)}
                    />
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>
    );
  } else if (trends.data) {
    body = (
      <EmptyState icon={<TrendIcon />} title={t('placeholders.trends.emptyTitle')} action={addButton}>
        {t('placeholders.trends.emptyBody')}
      </EmptyState>
    );
  } else {
    body = <QueryFallback query={trends} errorTitle={t('trends.loadFailed')} />;
  }

  return (
    <Page title={t('nav.trends')} description={t('placeholders.trends.description')} actions={trends.data?.length ? addButton : null}>
      <p className="muted trends-sources">{t('trends.sourcesNote')}</p>
      {body}
      {editing ? (
        <TrendFormDialog workspaceId={workspaceId} entry={editing.mode === 'edit' ? editing.entry : undefined} onClose={() => setEditing(null)} />
      ) : null}
      {deleting ? <DeleteTrendDialog workspaceId={workspaceId} entry={deleting} onClose={() => setDeleting(null)} /> : null}
    </Page>
  );
}

/** The Trend Radar: a board of what the team's own analytics and notes say is working; never scraped. */
export function TrendsPage() {
  const { data: me } = useMe();
  const { t } = useTranslation();
  if (!me.workspace) {
    return (
      <Page title={t('nav.trends')} description={t('placeholders.trends.description')}>
        <p className="muted">{t('common.notInWorkspace')}</p>
      </Page>
    );
  }
  return <TrendsScreen key={me.workspace.id} workspaceId={me.workspace.id} canEdit={roleAtLeast(me.role, 'editor')} />;
}
