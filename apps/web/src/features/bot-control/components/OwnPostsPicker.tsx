import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formatDateTime } from '../../../shared/lib/dates';
import { useOwnInstagramPosts, type OwnInstagramPost } from '../api/own-posts';
import { useDebouncedValue } from '../hooks/use-debounced-value';
import { FieldErrors } from './FieldErrors';

interface OwnPostsPickerProps {
  workspaceId: string;
  label: string;
  /** The chosen media ids, one a line (the form's draft of the list). */
  value: string;
  onChange: (value: string) => void;
  errors?: string[] | undefined;
  disabled?: boolean;
}

/** "Spring launch — @acme_shop, 3 Mar 2030, 10:00": a post as a person recognises it. */
function describe(post: OwnInstagramPost): string {
  const name = post.title.trim() || post.caption.trim().slice(0, 60) || post.mediaId;
  return `${name} — @${post.handle}, ${formatDateTime(post.postedAt)}`;
}

/**
 * The posts whose keyword comments get a private reply, picked from our own published Instagram
 * posts (searched by title or caption) instead of typed as media ids. Chosen posts stay listed
 * first, even when the search does not find them.
 */
export function OwnPostsPicker({ workspaceId, label, value, onChange, errors, disabled = false }: OwnPostsPickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search, 250);
  const posts = useOwnInstagramPosts(workspaceId, debounced);
  const all = useOwnInstagramPosts(workspaceId, '');
  const selected = value.split('\n').filter(Boolean);
  const known = new Map([...(all.data ?? []), ...(posts.data ?? [])].map((post) => [post.mediaId, post]));
  const found = (posts.data ?? []).filter((post) => !selected.includes(post.mediaId));
  const toggle = (mediaId: string, on: boolean) => onChange((on ? [...selected, mediaId] : selected.filter((entry) => entry !== mediaId)).join('\n'));

  const option = (mediaId: string, post: OwnInstagramPost | undefined) => (
    <div className="checkbox own-post" key={mediaId}>
      <input
        id={`${id}-${mediaId}`}
        type="checkbox"
        checked={selected.includes(mediaId)}
        disabled={disabled}
        onChange={(event) => toggle(mediaId, event.target.checked)}
      />
      <label htmlFor={`${id}-${mediaId}`}>{post ? describe(post) : t('botControl.form.ownPosts.unknown', { id: mediaId })}</label>
      {post && post.caption && post.caption !== post.title ? <span className="checkbox-hint own-post-caption">{post.caption}</span> : null}
    </div>
  );

  return (
    <fieldset className="checkbox-group form-field" aria-describedby={`${id}-hint`}>
      <legend className="form-label">{label}</legend>
      <p id={`${id}-hint`} className="form-hint">
        {selected.length === 0 ? t('botControl.form.ownPosts.noneChosen') : t('botControl.form.ownPosts.chosen', { count: selected.length })}
      </p>
      {selected.map((mediaId) => option(mediaId, known.get(mediaId)))}
      <label className="form-label" htmlFor={`${id}-search`}>
        {t('botControl.form.ownPosts.search')}
      </label>
      <input
        id={`${id}-search`}
        className="input"
        type="search"
        value={search}
        disabled={disabled}
        onChange={(event) => setSearch(event.target.value)}
        placeholder={t('botControl.form.ownPosts.searchPlaceholder')}
      />
      <div role="group" aria-label={t('botControl.form.ownPosts.results')} aria-busy={posts.isFetching} className="own-posts-results">
        {posts.isError ? <p className="form-errors">{t('botControl.form.ownPosts.loadFailed')}</p> : null}
        {posts.data && found.length === 0 ? (
          <p className="muted">{debounced.trim() ? t('botControl.form.ownPosts.noMatch') : t('botControl.form.ownPosts.empty')}</p>
        ) : null}
        {found.map((post) => option(post.mediaId, post))}
      </div>
      <FieldErrors errors={errors} />
    </fieldset>
  );
}
