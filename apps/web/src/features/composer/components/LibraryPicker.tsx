import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { formatBytes, formatDuration } from '../../../shared/i18n/format';
import { Button } from '../../../shared/ui/Button';
import { Dialog } from '../../../shared/ui/Dialog';
import { useLibraryPicker, type Asset } from '../api/assets';

import './library-picker.css';

function PickerPoster({ asset }: { asset: Asset }) {
  const [broken, setBroken] = useState(false);
  if (!asset.thumbnailUrl || broken) return <span className="picker-poster picker-poster--none" aria-hidden="true" />;
  return <img className="picker-poster" src={asset.thumbnailUrl} alt="" loading="lazy" onError={() => setBroken(true)} />;
}

/** "Choose from library": a dialog with the workspace's ready videos, searchable by file name or tag. */
export function LibraryPicker({ workspaceId, onPick }: { workspaceId: string; onPick: (asset: Asset) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(search), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const videos = useLibraryPicker(workspaceId, q, open);

  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('library.picker.open')}</Button>
      {open ? (
        <Dialog
          title={t('library.picker.title')}
          onDismiss={() => setOpen(false)}
          actions={<Button onClick={() => setOpen(false)}>{t('library.picker.cancel')}</Button>}
        >
          <label className="form-label" htmlFor={`${id}-search`}>
            {t('library.search')}
          </label>
          <input id={`${id}-search`} className="input picker-search" type="search" value={search} maxLength={200} onChange={(e) => setSearch(e.target.value)} />
          {videos.isError ? <p className="form-errors">{describeError(videos.error)}</p> : null}
          {videos.data && videos.data.length === 0 ? <p className="muted">{t('library.noMatch')}</p> : null}
          {!videos.data && !videos.isError ? <p className="muted">{t('common.loading')}</p> : null}
          {videos.data && videos.data.length > 0 ? (
            <ul className="picker-grid">
              {videos.data.map((asset) => (
                <li key={asset.id}>
                  <button
                    type="button"
                    className="picker-choice"
                    aria-label={t('library.picker.choose', { name: asset.filename })}
                    onClick={() => {
                      onPick(asset);
                      setOpen(false);
                    }}
                  >
                    <PickerPoster asset={asset} />
                    <span className="picker-name">{asset.filename}</span>
                    <span className="muted picker-facts">
                      {asset.probe ? formatDuration(asset.probe.durationMs) : null} · {formatBytes(asset.bytes)}
                    </span>
                    {asset.tags.length > 0 ? <span className="muted picker-facts">{asset.tags.map((tag) => `#${tag}`).join(' ')}</span> : null}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </Dialog>
      ) : null}
    </>
  );
}
