import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../api/errors';
import { formatDateTime } from '../lib/dates';
import { useMe } from '../session/me';
import { roleAtLeast } from '../session/roles';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Panel } from '../ui/Panel';
import { Skeleton } from '../ui/Skeleton';

import './review.css';

import { resolveMentions, useAddComment, useComments, useResolveComment, useReviewSettings, type Comment } from './reviews';

function CommentForm({ workspaceId, itemId, parent, onDone }: { workspaceId: string; itemId: string; parent?: Comment; onDone?: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [body, setBody] = useState('');
  const add = useAddComment(workspaceId, itemId);
  const members = useReviewSettings(workspaceId).data?.members ?? [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = body.trim();
    if (!text) return;
    add.mutate(
      { body: text, mentions: resolveMentions(text, members), ...(parent ? { parentId: parent.id } : {}) },
      {
        onSuccess: () => {
          setBody('');
          onDone?.();
        },
      },
    );
  };
  return (
    <form className="comment-form" onSubmit={submit}>
      <label className="form-label" htmlFor={id}>
        {parent ? t('review.comments.replyLabel', { name: parent.authorName ?? t('review.someone') }) : t('review.comments.label')}
      </label>
      <textarea id={id} className="input textarea" rows={2} value={body} onChange={(event) => setBody(event.target.value)} aria-describedby={`${id}-hint`} />
      <p className="form-hint" id={`${id}-hint`}>
        {t('review.comments.hint')}
      </p>
      {add.isError ? <p className="form-errors">{describeError(add.error)}</p> : null}
      <Button type="submit" size="small" variant="primary" loading={add.isPending} disabled={!body.trim()}>
        {parent ? t('review.comments.reply') : t('review.comments.send')}
      </Button>
    </form>
  );
}

function CommentView({
  comment,
  workspaceId,
  itemId,
  timeZone,
  canWrite,
  replies,
}: {
  comment: Comment;
  workspaceId: string;
  itemId: string;
  timeZone: string;
  canWrite: boolean;
  replies: Comment[];
}) {
  const { t } = useTranslation();
  const [replying, setReplying] = useState(false);
  const resolve = useResolveComment(workspaceId);
  return (
    <li className="comment" data-resolved={comment.resolved || undefined}>
      <div className="comment-meta">
        <strong>{comment.authorName ?? t('review.someone')}</strong> · <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt, timeZone)}</time>{' '}
        {comment.internal ? <Badge>{t('review.comments.internal')}</Badge> : null}{' '}
        {comment.resolved ? <Badge tone="ok">{t('review.comments.resolved')}</Badge> : null}
      </div>
      <p className="comment-body">{comment.body}</p>
      {comment.mentions.length > 0 ? (
        <p className="muted">{t('review.comments.mentions', { names: comment.mentions.map((m) => m.name ?? m.userId).join(', ') })}</p>
      ) : null}
      {canWrite ? (
        <div className="review-actions">
          {!comment.parentId ? (
            <Button size="small" variant="ghost" onClick={() => setReplying((open) => !open)} aria-expanded={replying}>
              {t('review.comments.reply')}
            </Button>
          ) : null}
          <Button size="small" variant="ghost" loading={resolve.isPending} onClick={() => resolve.mutate({ id: comment.id, resolved: !comment.resolved })}>
            {comment.resolved ? t('review.comments.reopen') : t('review.comments.resolve')}
          </Button>
        </div>
      ) : null}
      {replies.length > 0 ? (
        <ul className="comment-replies">
          {replies.map((reply) => (
            <CommentView key={reply.id} comment={reply} workspaceId={workspaceId} itemId={itemId} timeZone={timeZone} canWrite={canWrite} replies={[]} />
          ))}
        </ul>
      ) : null}
      {replying ? <CommentForm workspaceId={workspaceId} itemId={itemId} parent={comment} onDone={() => setReplying(false)} /> : null}
    </li>
  );
}

/** An item's comments in threads, with the form to add one (issue 25). */
export function CommentsPanel({ workspaceId, itemId, timeZone }: { workspaceId: string; itemId: string; timeZone: string }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const comments = useComments(workspaceId, itemId);
  const canWrite = roleAtLeast(me.role, 'contributor');
  const all = comments.data?.pages.flatMap((page) => page.items) ?? [];
  const roots = all.filter((c) => !c.parentId);
  const repliesOf = (id: string) => all.filter((c) => c.parentId === id);
  return (
    <Panel title={t('review.comments.title')}>
      {comments.isError ? <p className="form-errors">{describeError(comments.error)}</p> : null}
      {comments.isPending ? <Skeleton width="50%" /> : null}
      {comments.data && roots.length === 0 ? <p className="muted">{t('review.comments.empty')}</p> : null}
      <ul className="comment-list" aria-label={t('review.comments.title')}>
        {roots.map((comment) => (
          <CommentView
            key={comment.id}
            comment={comment}
            workspaceId={workspaceId}
            itemId={itemId}
            timeZone={timeZone}
            canWrite={canWrite}
            replies={repliesOf(comment.id)}
          />
        ))}
      </ul>
      {comments.hasNextPage ? (
        <Button size="small" variant="ghost" loading={comments.isFetchingNextPage} onClick={() => void comments.fetchNextPage()}>
          {t('review.comments.more')}
        </Button>
      ) : null}
      {canWrite ? <CommentForm workspaceId={workspaceId} itemId={itemId} /> : null}
    </Panel>
  );
}
