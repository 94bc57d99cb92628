import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { fieldErrorsOf } from '../../../shared/api/errors';
import { PLATFORM_LABELS } from '../../../shared/content/accounts';
import { Button } from '../../../shared/ui/Button';
import { Dialog } from '../../../shared/ui/Dialog';
import { FormError } from '../../../shared/ui/FormError';
import { SelectField, TextField } from '../../../shared/ui/FormField';
import {
  TREND_KINDS,
  useCreateTrend,
  useUpdateTrend,
  WRITABLE_TREND_SOURCES,
  type TrendEntry,
  type TrendKind,
  type TrendPlatform,
  type WritableTrendSource,
} from '../api/trends';

/** Platforms an entry may be about (blank: all of them). */
const PLATFORM_CHOICES: readonly TrendPlatform[] = ['tiktok', 'instagram', 'youtube', 'x'];
const FIELDS = ['label', 'kind', 'platform', 'source', 'region', 'sourceDate', 'url', 'tags', 'notes'] as const;

/** "summer, #launch  bts" → ["summer", "#launch", "bts"]: commas or spaces separate tags. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
}

interface TrendFormDialogProps {
  workspaceId: string;
  /** The entry to edit; absent: a new one. */
  entry?: TrendEntry;
  onClose: () => void;
}

/** Add or edit an entry. The API validates; its messages appear under each field. */
export function TrendFormDialog({ workspaceId, entry, onClose }: TrendFormDialogProps) {
  const { t } = useTranslation();
  const formId = useId();
  const create = useCreateTrend(workspaceId);
  const update = useUpdateTrend(workspaceId, { inForm: true });
  const mutation = entry ? update : create;
  const [label, setLabel] = useState(entry?.label ?? '');
  const [kind, setKind] = useState<TrendKind>((entry?.kind as TrendKind | undefined) ?? 'hashtag');
  const [platform, setPlatform] = useState<string>(entry?.platform ?? '');
  const [source, setSource] = useState<WritableTrendSource>('manual');
  const [region, setRegion] = useState(entry?.region ?? '');
  const [sourceDate, setSourceDate] = useState('');
  const [url, setUrl] = useState(entry?.url ?? '');
  const [tags, setTags] = useState((entry?.tags ?? []).join(', '));
  const [notes, setNotes] = useState(entry?.notes ?? '');
  const errors = fieldErrorsOf(mutation.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const common = {
      label: label.trim(),
      kind,
      platform: platform ? (platform as TrendPlatform) : null,
      region: region.trim().toUpperCase() || null,
      url: url.trim() || null,
      tags: parseTags(tags),
    };
    if (entry) {
      update.mutate({ id: entry.id, patch: { ...common, notes: notes.trim() || null } }, { onSuccess: onClose });
    } else {
      create.mutate({ ...common, source, ...(sourceDate ? { sourceDate } : {}), ...(notes.trim() ? { notes: notes.trim() } : {}) }, { onSuccess: onClose });
    }
  };

  return (
    <Dialog
      title={entry ? t('trends.form.editTitle', { label: entry.label }) : t('trends.form.addTitle')}
      description={t('trends.form.description')}
      onDismiss={mutation.isPending ? undefined : onClose}
      actions={
        <>
          <Button onClick={onClose} disabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form={formId} variant="primary" loading={mutation.isPending}>
            {entry ? t('trends.form.save') : t('trends.form.add')}
          </Button>
        </>
      }
    >
      <form id={formId} className="trend-form" onSubmit={submit} noValidate>
        <FormError error={mutation.error} title={entry ? t('trends.form.saveFailed') : t('trends.form.addFailed')} fields={FIELDS} />
        <TextField
          label={t('trends.form.label')}
          hint={t('trends.form.labelHint')}
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          errors={errors.label}
          data-autofocus
        />
        <div className="form-row">
          <SelectField label={t('trends.form.kind')} value={kind} onChange={(e) => setKind(e.target.value as TrendKind)} errors={errors.kind}>
            {TREND_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`trends.kind.${k}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('trends.form.platform')} value={platform} onChange={(e) => setPlatform(e.target.value)} errors={errors.platform}>
            <option value="">{t('trends.allPlatforms')}</option>
            {PLATFORM_CHOICES.map((p) => (
              <option key={p} value={p}>
                {PLATFORM_LABELS[p]}
              </option>
            ))}
          </SelectField>
          {entry ? null : (
            <SelectField
              label={t('trends.form.source')}
              value={source}
              onChange={(e) => setSource(e.target.value as WritableTrendSource)}
              errors={errors.source}
            >
              {WRITABLE_TREND_SOURCES.map((s) => (
                <option key={s} value={s}>
                  {t(`trendRadar.sources.${s}`)}
                </option>
              ))}
            </SelectField>
          )}
        </div>
        <div className="form-row">
          <TextField
            label={t('trendRadar.form.region')}
            hint={t('trendRadar.form.regionHint')}
            value={region}
            maxLength={2}
            autoCapitalize="characters"
            onChange={(e) => setRegion(e.target.value)}
            errors={errors.region}
          />
          {entry ? null : (
            <TextField
              type="date"
              label={t('trendRadar.form.sourceDate')}
              hint={t('trendRadar.form.sourceDateHint')}
              value={sourceDate}
              onChange={(e) => setSourceDate(e.target.value)}
              errors={errors.sourceDate}
            />
          )}
        </div>
        <TextField
          label={t('trends.form.url')}
          type="url"
          inputMode="url"
          placeholder="https://"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          errors={errors.url}
        />
        <TextField label={t('trends.form.tags')} hint={t('trends.form.tagsHint')} value={tags} onChange={(e) => setTags(e.target.value)} errors={errors.tags} />
        <NotesField label={t('trends.form.notes')} value={notes} onChange={setNotes} errors={errors.notes} />
      </form>
    </Dialog>
  );
}

function NotesField({
  label,
  value,
  onChange,
  errors,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors: readonly string[] | undefined;
}) {
  const id = useId();
  const hasErrors = Boolean(errors?.length);
  return (
    <div className="form-field">
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      <textarea
        id={id}
        className="input textarea"
        value={value}
        maxLength={2000}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={hasErrors || undefined}
        aria-describedby={hasErrors ? `${id}-errors` : undefined}
      />
      {hasErrors ? (
        <ul className="form-errors" id={`${id}-errors`}>
          {errors!.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
