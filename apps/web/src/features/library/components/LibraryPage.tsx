import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../../../shared/session/me';
import { roleAtLeast } from '../../../shared/session/roles';
import { Button } from '../../../shared/ui/Button';
import { EmptyState } from '../../../shared/ui/EmptyState';
import { CloseIcon, FilmIcon } from '../../../shared/ui/icons';
import { Page } from '../../../shared/ui/Page';
import { QueryFallback } from '../../../shared/ui/QueryFallback';
import { useLibrary, type LibraryAsset } from '../api/library';
import { AssetCard } from './AssetCard';
import { DeleteAssetDialog } from './DeleteAssetDialog';

import './library.css';

/** Waits until typing pauses before searching, so each key press is not a request. */
export const SEARCH_DELAY_MS = 250;

function useDebounced(value: string, delay: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

function LibraryScreen({ workspaceId, canEdit }: { workspaceId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [search, setSearch] = useState('');
  const [tag, setTag] = useState<string | null>(null);
  const [unusedOnly, setUnusedOnly] = useState(false);
  const [deleting, setDeleting] = useState<LibraryAsset | null>(null);
  const q = useDebounced(search, SEARCH_DELAY_MS);
  const library = useLibrary(workspaceId, { q, tag, unusedOnly });
  const assets = library.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = q.trim() !== '' || tag !== null || unusedOnly;

  let body;
  if (library.data && assets.length > 0) {
    body = (
      <>
        <ul className="library-grid" aria-label={t('library.title')}>
          {assets.map((asset) => (
            <li key={asset.id}>
              <AssetCard workspaceId={workspaceId} asset={asset} canEdit={canEdit} onFilterTag={setTag} onDelete={() => setDeleting(asset)} />
            </li>
          ))}
        </ul>
        {library.hasNextPage ? (
          <div className="library-more">
            <Button onClick={() => void library.fetchNextPage()} loading={library.isFetchingNextPage}>
              {t('library.loadMore')}
            </Button>
          </div>
        ) : null}
      </>
    );
  } else if (library.data) {
    body = filtered ? (
      <p className="muted" role="status">
        {t('library.noMatch')}
      </p>
    ) : (
      <EmptyState icon={<FilmIcon />} title={t('library.emptyTitle')}>
        {t('library.emptyBody')}
      </EmptyState>
    );
  } else {
    body = <QueryFallback query={library} errorTitle={t('library.loadFailed')} />;
  }

  return (
    <Page title={t('library.title')} description={t('library.description')}>
      <div className="library-toolbar">
        <div className="library-search">
          <label className="form-label" htmlFor={`${id}-search`}>
            {t('library.search')}
          </label>
          <input id={`${id}-search`} className="input" type="search" value={search} maxLength={200} onChange={(event) => setSearch(event.target.value)} />
        </div>
        <label className="library-unused">
          <input type="checkbox" checked={unusedOnly} onChange={(event) => setUnusedOnly(event.target.checked)} />
          {t('library.unusedOnly')}
        </label>
        {tag ? (
          <span className="library-active-tag">
            {t('library.tagFilter', { tag })}
            <button type="button" className="library-tag-remove" aria-label={t('library.clearTag')} onClick={() => setTag(null)}>
              <CloseIcon />
            </button>
          </span>
        ) : null}
      </div>
      {body}
      {deleting ? <DeleteAssetDialog workspaceId={workspaceId} asset={deleting} onClose={() => setDeleting(null)} /> : null}
    </Page>
  );
}

/** The media library: the workspace's videos, where each is used, their tags; tidy up the unused ones. */
export function LibraryPage() {
  const { data: me } = useMe();
  const { t } = useTranslation();
  if (!me.workspace) {
    return (
      <Page title={t('library.title')} description={t('library.description')}>
        <p className="muted">{t('common.notInWorkspace')}</p>
      </Page>
    );
  }
  return <LibraryScreen key={me.workspace.id} workspaceId={me.workspace.id} canEdit={roleAtLeast(me.role, 'editor')} />;
}
