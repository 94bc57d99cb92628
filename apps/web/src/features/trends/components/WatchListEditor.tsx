import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { fieldErrorsOf } from '../../../shared/api/errors';
import { formatDate } from '../../../shared/lib/dates';
import { Button } from '../../../shared/ui/Button';
import { FormError } from '../../../shared/ui/FormError';
import { SelectField, TextField } from '../../../shared/ui/FormField';
import { Panel } from '../../../shared/ui/Panel';
import { QueryFallback } from '../../../shared/ui/QueryFallback';
import { useAddWatchTerm, useRemoveWatchTerm, useWatchList, type WatchKind } from '../api/radar';

/**
 * The team's watch-list: the hashtags and terms the sources look up (Instagram Hashtag Search
 * spends its 30-a-week budget on these, X counts cost money), so it is short and deliberate.
 */
export function WatchListEditor({ workspaceId, canEdit }: { workspaceId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const list = useWatchList(workspaceId);
  const add = useAddWatchTerm(workspaceId);
  const remove = useRemoveWatchTerm(workspaceId);
  const [term, setTerm] = useState('');
  const [kind, setKind] = useState<WatchKind>('hashtag');
  const errors = fieldErrorsOf(add.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = term.trim();
    if (!value) return;
    add.mutate({ term: value, kind }, { onSuccess: () => setTerm('') });
  };

  return (
    <Panel title={t('trendRadar.watchList.title')} description={t('trendRadar.watchList.description')}>
      {list.data ? (
        list.data.length === 0 ? (
          <p className="muted">{t('trendRadar.watchList.empty')}</p>
        ) : (
          <ul className="radar-watch-list" aria-label={t('trendRadar.watchList.title')}>
            {list.data.map((item) => (
              <li key={item.id}>
                <span className="radar-watch-term" translate="no">
                  {item.kind === 'hashtag' ? `#${item.term}` : item.term}
                </span>
                <span className="muted"> {t('trendRadar.watchList.since', { date: formatDate(item.createdAt) })}</span>
                {canEdit ? (
                  <Button
                    size="small"
                    variant="ghost"
                    disabled={remove.isPending && remove.variables === item.id}
                    onClick={() => remove.mutate(item.id)}
                    aria-label={t('trendRadar.watchList.removeOf', { term: item.term })}
                  >
                    {t('trendRadar.watchList.remove')}
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )
      ) : (
        <QueryFallback query={list} errorTitle={t('trendRadar.watchList.loadFailed')} />
      )}
      {canEdit ? (
        <form className="radar-watch-form" onSubmit={submit} noValidate>
          <SelectField
            label={t('trendRadar.watchList.kind')}
            value={kind}
            onChange={(event) => setKind(event.target.value as WatchKind)}
            errors={errors['kind']}
          >
            <option value="hashtag">{t('trendRadar.watchList.kinds.hashtag')}</option>
            <option value="topic">{t('trendRadar.watchList.kinds.topic')}</option>
          </SelectField>
          <TextField
            label={t('trendRadar.watchList.term')}
            hint={t('trendRadar.watchList.termHint')}
            value={term}
            maxLength={500}
            onChange={(event) => setTerm(event.target.value)}
            errors={errors['term']}
          />
          <Button type="submit" loading={add.isPending}>
            {t('trendRadar.watchList.add')}
          </Button>
          <FormError error={add.error} title={t('trendRadar.watchList.addFailed')} fields={['term', 'kind']} />
        </form>
      ) : null}
    </Panel>
  );
}
