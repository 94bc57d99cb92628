import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { contentItemActions, type ContentItemAction } from '@mwr/domain';

import type { ContentItem } from '../../../shared/content/content-items';
import { undoCancel, undoDelete, usePostActions } from '../../../shared/content/post-actions';
import { Menu, MenuItem } from '../../../shared/ui/Menu';
import { useToast } from '../../../shared/ui/toast-store';

import './post-actions.css';

export interface PostActionsProps {
  item: ContentItem;
  workspaceId: string;
  /** `menu`: one "Actions" button opening a menu (queue rows); `buttons`: a row of buttons (post page, calendar popover). */
  layout?: 'menu' | 'buttons';
  /** After any action started here (a popover closes). */
  onDone?: () => void;
  /** After the post was deleted (its page goes back to the queue). */
  onDeleted?: () => void;
}

const LABEL_KEY = {
  edit: 'manage.actions.edit',
  duplicate: 'manage.actions.duplicate',
  pause: 'manage.actions.pause',
  resume: 'manage.actions.resume',
  cancel: 'manage.actions.cancel',
  delete: 'manage.actions.delete',
} as const satisfies Record<ContentItemAction, string>;
const DESTRUCTIVE: ReadonlySet<ContentItemAction> = new Set(['cancel', 'delete']);

/**
 * Everything a person can do with one post, as its state allows (the domain's rule book, the same
 * the API enforces): edit in the composer, duplicate, pause/resume, cancel and delete — the last
 * two with Undo in their toast.
 */
export function PostActions({ item, workspaceId, layout = 'buttons', onDone, onDeleted }: PostActionsProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const toast = useToast();
  const actions = usePostActions(workspaceId);
  const title = item.title || item.caption.split('\n')[0] || t('content.untitled');
  const offered = contentItemActions(item.status);

  function run(action: ContentItemAction) {
    onDone?.();
    switch (action) {
      case 'edit':
        void navigate({ to: '/compose', search: { item: item.id } });
        return;
      case 'duplicate':
        actions.duplicate.mutate(item, {
          onSuccess: (copy) => {
            toast.success(t('manage.done.duplicated'));
            void navigate({ to: '/posts/$id', params: { id: copy.id } });
          },
        });
        return;
      case 'pause':
        actions.pause.mutate(item, { onSuccess: () => toast.success(t('manage.done.paused')) });
        return;
      case 'resume':
        actions.resume.mutate(item, { onSuccess: () => toast.success(t('manage.done.resumed')) });
        return;
      case 'cancel':
        actions.cancel.mutate(item, {
          onSuccess: (cancelled) =>
            toast.withAction(t('manage.done.cancelled'), {
              label: t('manage.done.undo'),
              onAction: () =>
                void undoCancel(queryClient, workspaceId, cancelled).then(
                  () => toast.success(t('manage.done.uncancelled')),
                  (error: unknown) => toast.error(error),
                ),
            }),
        });
        return;
      case 'delete':
        actions.remove.mutate(item, {
          onSuccess: () => {
            toast.withAction(t('manage.done.deleted'), {
              label: t('manage.done.undo'),
              onAction: () =>
                void undoDelete(queryClient, workspaceId, item).then(
                  () => toast.success(t('manage.done.restored')),
                  (error: unknown) => toast.error(error),
                ),
            });
            onDeleted?.();
          },
        });
        return;
    }
  }

  if (layout === 'menu') {
    return (
      <Menu
        align="end"
        label={t('manage.actions.label', { title })}
        trigger={
          <button
            type="button"
            className="button button--ghost button--small post-actions-trigger"
            aria-label={t('manage.actions.label', { title })}
            disabled={actions.busy}
          >
            {t('manage.actions.menu')} <span aria-hidden="true">▾</span>
          </button>
        }
      >
        {offered.map((action) => (
          <MenuItem key={action} danger={DESTRUCTIVE.has(action)} onSelect={() => run(action)}>
            {t(LABEL_KEY[action])}
          </MenuItem>
        ))}
      </Menu>
    );
  }
  return (
    <div className="post-actions" role="group" aria-label={t('manage.actions.label', { title })}>
      {offered.map((action) => (
        <button
          key={action}
          type="button"
          className={`button button--small ${DESTRUCTIVE.has(action) ? 'button--danger-ghost' : 'button--ghost'}`}
          disabled={actions.busy}
          onClick={() => run(action)}
        >
          {t(LABEL_KEY[action])}
        </button>
      ))}
    </div>
  );
}
