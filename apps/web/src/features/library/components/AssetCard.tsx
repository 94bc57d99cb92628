import { Link } from '@tanstack/react-router';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { formatBytes, formatDuration } from '../../../shared/i18n/format';
import { Button } from '../../../shared/ui/Button';
import { CloseIcon } from '../../../shared/ui/icons';
import { isValidTag, MAX_TAGS, normaliseTag, useSetAssetTags, type LibraryAsset } from '../api/library';
import { aspectOf } from './asset-facts';

interface AssetCardProps {
  workspaceId: string;
  asset: LibraryAsset;
  canEdit: boolean;
  onFilterTag: (tag: string) => void;
  onDelete: () => void;
}

function Poster({ asset }: { asset: LibraryAsset }) {
  const { t } = useTranslation();
  const [broken, setBroken] = useState(false);
  if (!asset.thumbnailUrl || broken) {
    return (
      <div className="library-poster library-poster--none" role="img" aria-label={t('library.noPoster')}>
        <span aria-hidden="true">▶</span>
      </div>
    );
  }
  return (
    <img
      className="library-poster"
      src={asset.thumbnailUrl}
      alt={t('library.posterOf', { name: asset.filename })}
      loading="lazy"
      onError={() => setBroken(true)}
    />
  );
}

function Tags({ workspaceId, asset, canEdit, onFilterTag }: Omit<AssetCardProps, 'onDelete'>) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSetAssetTags(workspaceId);
  const submitTags = (tags: string[]) => {
    setProblem(null);
    save.mutate({ id: asset.id, tags }, { onSuccess: () => setDraft(''), onError: () => setProblem(t('library.tagsFailed')) });
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    const tag = normaliseTag(draft);
    if (!tag) return;
    if (!isValidTag(tag)) return setProblem(t('library.tagInvalid'));
    if (asset.tags.includes(tag)) return setDraft('');
    if (asset.tags.length >= MAX_TAGS) return setProblem(t('library.tooManyTags'));
    submitTags([...asset.tags, tag]);
  };
  return (
    <div className="library-tags">
      {asset.tags.length > 0 ? (
        <ul className="library-tag-list" aria-label={t('library.tagsOf', { name: asset.filename })}>
          {asset.tags.map((tag) => (
            <li key={tag} className="library-tag">
              <button type="button" className="library-tag-filter" onClick={() => onFilterTag(tag)} aria-label={t('library.filterByTag', { tag })}>
                #{tag}
              </button>
              {canEdit ? (
                <button
                  type="button"
                  className="library-tag-remove"
                  aria-label={t('library.removeTag', { tag })}
                  disabled={save.isPending}
                  onClick={() => submitTags(asset.tags.filter((other) => other !== tag))}
                >
                  <CloseIcon />
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted library-small">{t('library.noTags')}</p>
      )}
      {canEdit ? (
        <form className="library-tag-form" onSubmit={add}>
          <label className="visually-hidden" htmlFor={`${id}-tag`}>
            {t('library.newTag', { name: asset.filename })}
          </label>
          <input
            id={`${id}-tag`}
            className="input library-tag-input"
            value={draft}
            maxLength={40}
            placeholder={t('library.addTag')}
            onChange={(event) => setDraft(event.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
          />
          <Button type="submit" size="small" loading={save.isPending}>
            {t('library.addTag')}
          </Button>
        </form>
      ) : null}
      {problem ? (
        <p className="form-errors library-small" id={`${id}-problem`} role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** One video of the library: poster, facts, the posts using it, tags, delete. */
export function AssetCard({ workspaceId, asset, canEdit, onFilterTag, onDelete }: AssetCardProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const aspect = aspectOf(asset.probe);
  const hidden = asset.usageCount - asset.usedBy.length;
  return (
    <article className="library-card" aria-labelledby={titleId}>
      <Poster asset={asset} />
      <div className="library-card-body">
        <h2 className="library-card-title" id={titleId}>
          {asset.filename}
        </h2>
        {asset.status === 'processing' || asset.status === 'uploading' ? <p className="muted library-small">{t('library.processing')}</p> : null}
        {asset.status === 'failed' ? <p className="form-errors library-small">{t('library.failed')}</p> : null}
        <dl className="library-facts">
          {asset.probe ? (
            <div>
              <dt>{t('library.duration')}</dt>
              <dd>{formatDuration(asset.probe.durationMs)}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('library.size')}</dt>
            <dd>{formatBytes(asset.bytes)}</dd>
          </div>
          {aspect ? (
            <div>
              <dt>{t('library.aspect')}</dt>
              <dd>{aspect}</dd>
            </div>
          ) : null}
        </dl>
        <div className="library-usage">
          {asset.usageCount === 0 ? (
            <p className="muted library-small">{t('library.unused')}</p>
          ) : (
            <>
              <p className="library-small">{t('library.usedIn', { count: asset.usageCount })}</p>
              <ul className="library-post-list">
                {asset.usedBy.map((use) => (
                  <li key={use.id}>
                    <Link to="/posts/$id" params={{ id: use.id }}>
                      {use.title || use.caption || t('library.untitledPost')}
                    </Link>{' '}
                    <span className="muted">· {t(`library.status.${use.status}`, { defaultValue: use.status })}</span>
                  </li>
                ))}
                {hidden > 0 ? <li className="muted">{t('library.andMore', { count: hidden })}</li> : null}
              </ul>
            </>
          )}
        </div>
        <Tags workspaceId={workspaceId} asset={asset} canEdit={canEdit} onFilterTag={onFilterTag} />
        {canEdit ? (
          <div className="library-card-actions">
            <Button variant="danger" size="small" onClick={onDelete} aria-label={t('library.deleteNamed', { name: asset.filename })}>
              {t('library.delete')}
            </Button>
          </div>
        ) : null}
      </div>
    </article>
  );
}
