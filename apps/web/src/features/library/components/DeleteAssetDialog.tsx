import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { ApiError, describeError } from '../../../shared/api/errors';
import { Button } from '../../../shared/ui/Button';
import { Dialog } from '../../../shared/ui/Dialog';
import { toast } from '../../../shared/ui/toast-store';
import { useDeleteAsset, type LibraryAsset } from '../api/library';

interface InUseItem {
  id: string;
  status: string;
  title?: string;
}

/** The posts a 409 ASSET_IN_USE names (details.items), or null for any other outcome. */
export function postsBlocking(error: unknown): InUseItem[] | null {
  if (!(error instanceof ApiError) || error.code !== 'ASSET_IN_USE') return null;
  const items = (error.details as { items?: unknown } | undefined)?.items;
  return Array.isArray(items) ? items.filter((item): item is InUseItem => typeof (item as InUseItem | null)?.id === 'string') : [];
}

/** Confirm, then delete; when posts still use the video, say which (with links) instead. */
export function DeleteAssetDialog({ workspaceId, asset, onClose }: { workspaceId: string; asset: LibraryAsset; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteAsset(workspaceId);
  const blocking = postsBlocking(remove.error);

  if (blocking) {
    return (
      <Dialog
        role="alertdialog"
        title={t('library.inUseTitle', { name: asset.filename })}
        description={t('library.inUseBody', { count: blocking.length })}
        onDismiss={onClose}
        actions={
          <Button onClick={onClose} data-autofocus>
            {t('library.close')}
          </Button>
        }
      >
        <ul className="library-post-list">
          {blocking.map((item) => (
            <li key={item.id}>
              <Link to="/posts/$id" params={{ id: item.id }}>
                {item.title || t('library.untitledPost')}
              </Link>{' '}
              <span className="muted">· {t(`library.status.${item.status}`, { defaultValue: item.status })}</span>
            </li>
          ))}
        </ul>
      </Dialog>
    );
  }

  return (
    <Dialog
      role="alertdialog"
      title={t('library.deleteTitle', { name: asset.filename })}
      description={t('library.deleteDescription')}
      onDismiss={remove.isPending ? undefined : onClose}
      actions={
        <>
          <Button onClick={onClose} disabled={remove.isPending} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button
            variant="danger"
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(asset.id, {
                onSuccess: () => {
                  toast.success(t('library.deleted'));
                  onClose();
                },
              })
            }
          >
            {t('library.deleteConfirm')}
          </Button>
        </>
      }
    >
      {remove.error ? <p className="form-errors">{describeError(remove.error)}</p> : null}
    </Dialog>
  );
}
