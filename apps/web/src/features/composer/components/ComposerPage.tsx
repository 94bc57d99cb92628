import { useQuery } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { contentItemQueryOptions } from '../../../shared/content/content-items';
import { CommentsPanel } from '../../../shared/review/CommentsPanel';
import { ReviewPanel } from '../../../shared/review/ReviewPanel';
import { useMe } from '../../../shared/session/me';
import { canSchedule } from '../../../shared/session/roles';
import { Page } from '../../../shared/ui/Page';
import { QueryFallback } from '../../../shared/ui/QueryFallback';
import { usePlatforms } from '../api/platforms';
import { Composer, type ComposerProps } from './Composer';
import { EDITABLE_STATUSES } from './composer-draft';

/** The composer once the platform registry is loaded (its panels and caption limits come from it). */
function ComposerWithPlatforms(props: Omit<ComposerProps, 'registry'>) {
  const { t } = useTranslation();
  const platforms = usePlatforms();
  if (!platforms.data) return <QueryFallback query={platforms} errorTitle={t('composer.platformsFailed')} />;
  return <Composer {...props} registry={platforms.data} />;
}

/** A saved item in the composer: loaded, checked that it may still change, saved with its version. */
function EditComposer({ workspaceId, itemId, maySchedule }: { workspaceId: string; itemId: string; maySchedule: boolean }) {
  const { t } = useTranslation();
  const item = useQuery({ ...contentItemQueryOptions(workspaceId, itemId), refetchInterval: false });
  // Bumped after a reload: the form starts over from what is saved now.
  const [generation, setGeneration] = useState(0);
  if (!item.data) return <QueryFallback query={item} errorTitle={t('composer.loadFailed')} />;
  if (!EDITABLE_STATUSES.includes(item.data.status)) {
    return (
      <div className="banner composer-locked" role="status">
        <p className="banner-title">{t('composer.notEditable', { status: t(`content.status.${item.data.status}`) })}</p>
        <p className="form-actions">
          <Link to="/posts/$id" params={{ id: item.data.id }} className="button button--secondary button--small">
            {t('composer.openPost')}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <>
      <ComposerWithPlatforms
        key={`${item.data.id}:${generation}`}
        workspaceId={workspaceId}
        timeZone={item.data.timeZone}
        editing={item.data}
        canSchedule={maySchedule}
        reloading={item.isFetching}
        onReload={() => {
          void item.refetch().then(() => setGeneration((value) => value + 1));
        }}
      />
      {/* Approvals and comments beside the edit (issue 25). */}
      <ReviewPanel workspaceId={workspaceId} itemId={item.data.id} timeZone={item.data.timeZone} />
      <CommentsPanel workspaceId={workspaceId} itemId={item.data.id} timeZone={item.data.timeZone} />
    </>
  );
}

/** /compose: a new post, from the video to the schedule; /compose?item=<id>: edit that one. */
export function ComposerPage() {
  const { data: me } = useMe();
  const { t } = useTranslation();
  const { item } = useSearch({ from: '/app/compose' });
  return (
    <Page title={t(item ? 'composer.editTitle' : 'composer.title')} description={t(item ? 'composer.editDescription' : 'composer.description')}>
      {!me.workspace ? (
        <p className="muted">{t('common.notInWorkspace')}</p>
      ) : item ? (
        <EditComposer key={`${me.workspace.id}:${item}`} workspaceId={me.workspace.id} itemId={item} maySchedule={canSchedule(me.role)} />
      ) : (
        <ComposerWithPlatforms key={me.workspace.id} workspaceId={me.workspace.id} timeZone={me.workspace.timeZone} canSchedule={canSchedule(me.role)} />
      )}
    </Page>
  );
}
