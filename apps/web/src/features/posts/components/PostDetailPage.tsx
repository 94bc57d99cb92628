import { useNavigate, useParams } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { PLATFORM_LABELS } from '../../../shared/content/accounts';
import { useCancelPublication, useContentItem, usePublication, type Publication } from '../../../shared/content/content-items';
import { PublicationLane } from '../../../shared/content/PublicationLane';
import { formatBytes, formatDuration, formatNumber } from '../../../shared/i18n/format';
import { formatDateTime } from '../../../shared/lib/dates';
import { ShareReviewPanel } from '../../../shared/review-links/ShareReviewPanel';
import { CommentsPanel } from '../../../shared/review/CommentsPanel';
import { ReviewPanel } from '../../../shared/review/ReviewPanel';
import { useMe } from '../../../shared/session/me';
import { roleAtLeast } from '../../../shared/session/roles';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Page } from '../../../shared/ui/Page';
import { Panel } from '../../../shared/ui/Panel';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { usePostAsset } from '../api/post-asset';
import { PostActions } from './PostActions';
import { PostResults } from './PostResults';
import { PostStory } from './PostStory';

// Caption experiments (issue 24): their own chunk, loaded with the post page's last panels.
const ItemExperimentsPanel = lazy(() => import('../../experiments/components/ItemExperimentsPanel').then((m) => ({ default: m.ItemExperimentsPanel })));

function PublicationPanel({ workspaceId, publication, handle, timeZone }: { workspaceId: string; publication: Publication; handle: string; timeZone: string }) {
  const { t } = useTranslation();
  const detail = usePublication(workspaceId, publication.id);
  const cancel = useCancelPublication(workspaceId);
  const canCancel = publication.status === 'pending';
  const { data: me } = useMe();
  return (
    <section className="publication-panel" aria-label={t('posts.publicationOf', { handle })}>
      <PublicationLane workspaceId={workspaceId} publication={publication} handle={handle} />
      {/* The story leads (issue #20 item 5); the raw event log sits under it, for admins. */}
      {detail.data ? (
        <PostStory detail={detail.data} platform={PLATFORM_LABELS[publication.platform]} timeZone={timeZone} showRawLog={roleAtLeast(me.role, 'admin')} />
      ) : detail.isError ? (
        <p className="form-errors">{describeError(detail.error, { timeZone })}</p>
      ) : (
        <Skeleton width="50%" />
      )}
      <dl className="field-grid">
        <div className="field">
          <dt className="field-label">{t('posts.remoteMediaId')}</dt>
          <dd className="field-value mono">{detail.data?.remoteMediaId ?? '—'}</dd>
        </div>
        <div className="field">
          <dt className="field-label">{t('posts.remotePublishId')}</dt>
          <dd className="field-value mono">{detail.data?.remotePublishId ?? '—'}</dd>
        </div>
        <div className="field">
          <dt className="field-label">{t('posts.permalink')}</dt>
          <dd className="field-value break-all">
            {publication.permalink ? (
              <a href={publication.permalink} target="_blank" rel="noreferrer">
                {publication.permalink}
              </a>
            ) : (
              '—'
            )}
          </dd>
        </div>
        <div className="field">
          <dt className="field-label">{t('posts.attempts')}</dt>
          <dd className="field-value">{detail.data?.job ? `${formatNumber(detail.data.job.attempts)} / ${formatNumber(detail.data.job.maxAttempts)}` : '—'}</dd>
        </div>
      </dl>
      {canCancel ? (
        <button type="button" className="button button--ghost button--small" disabled={cancel.isPending} onClick={() => cancel.mutate(publication.id)}>
          {t('posts.cancelPublication')}
        </button>
      ) : null}
      {cancel.isError ? <p className="form-errors">{describeError(cancel.error)}</p> : null}
    </section>
  );
}

function PostDetail({ workspaceId, timeZone, id }: { workspaceId: string; timeZone: string; id: string }) {
  const { t } = useTranslation();
  const item = useContentItem(workspaceId, id);
  const asset = usePostAsset(workspaceId, item.data?.assetId ?? null);
  const navigate = useNavigate();

  if (!item.data) {
    return (
      <Page title={t('posts.title')}>
        {item.isError ? (
          <ErrorNotice title={t('posts.loadFailed')} onRetry={() => void item.refetch()}>
            {describeError(item.error)}
          </ErrorNotice>
        ) : (
          <Skeleton width="60%" />
        )}
      </Page>
    );
  }
  const post = item.data;
  const probe = asset.data?.probe;
  return (
    <Page
      title={post.title || t('posts.title')}
      description={post.caption.slice(0, 140)}
      actions={<PostActions item={post} workspaceId={workspaceId} onDeleted={() => void navigate({ to: '/' })} />}
    >
      <Panel title={t('posts.summary')}>
        <dl className="field-grid">
          <div className="field">
            <dt className="field-label">{t('common.status')}</dt>
            <dd className="field-value">{t(`content.status.${post.status}`)}</dd>
          </div>
          <div className="field">
            <dt className="field-label">{t('posts.scheduledAt')}</dt>
            <dd className="field-value">{post.scheduledAt ? `${formatDateTime(post.scheduledAt, timeZone)} (${timeZone})` : '—'}</dd>
          </div>
          <div className="field">
            <dt className="field-label">{t('posts.video')}</dt>
            <dd className="field-value">
              {asset.data
                ? `${asset.data.filename} · ${formatBytes(asset.data.bytes)}${probe ? ` · ${formatDuration(probe.durationMs)} · ${probe.width}×${probe.height} · ${probe.videoCodec}${probe.fps ? ` · ${formatNumber(probe.fps, { maximumFractionDigits: 2 })} fps` : ''}${probe.audioCodec ? ` · ${probe.audioCodec}` : ''}` : ''}`
                : '—'}
            </dd>
          </div>
        </dl>
        <p className="post-caption">{post.caption}</p>
      </Panel>
      <ReviewPanel workspaceId={workspaceId} itemId={post.id} timeZone={timeZone} />
      <ShareReviewPanel workspaceId={workspaceId} itemId={post.id} />
      <Panel title={t('posts.publications')}>
        {post.publications.length === 0 ? <p className="muted">{t('posts.noPublications')}</p> : null}
        {post.publications.map((publication) => (
          <PublicationPanel
            key={publication.id}
            workspaceId={workspaceId}
            publication={publication}
            timeZone={timeZone}
            handle={post.targets.find((target) => target.accountId === publication.accountId)?.handle ?? publication.accountId.slice(0, 8)}
          />
        ))}
      </Panel>
      <PostResults
        workspaceId={workspaceId}
        publications={post.publications}
        handleOf={(publication) => post.targets.find((target) => target.accountId === publication.accountId)?.handle ?? publication.accountId.slice(0, 8)}
      />
      <Suspense fallback={<Skeleton width="40%" />}>
        <ItemExperimentsPanel workspaceId={workspaceId} timeZone={timeZone} item={post} />
      </Suspense>
      <CommentsPanel workspaceId={workspaceId} itemId={post.id} timeZone={timeZone} />
    </Page>
  );
}

/** /posts/$id: everything about one post. */
export function PostDetailPage() {
  const { id } = useParams({ from: '/app/posts/$id' });
  const { data: me } = useMe();
  const { t } = useTranslation();
  if (!me.workspace) return <Page title={t('posts.title')}>{t('common.notInWorkspace')}</Page>;
  return <PostDetail key={id} workspaceId={me.workspace.id} timeZone={me.workspace.timeZone} id={id} />;
}
