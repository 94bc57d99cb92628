import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { PLATFORM_LABELS, useAccounts, type SocialAccount } from '../../../shared/content/accounts';
import { usePlatforms } from '../../../shared/content/platforms';
import { useCreateExperiment, type CreateExperimentInput, type Experiment } from '../api/experiments';

const LABELS = ['A', 'B', 'C', 'D'];
const METRICS = ['views', 'likes', 'comments', 'shares', 'saves', 'reach'] as const;
const AGES = ['6h', '24h', '72h', '7d'] as const;

/**
 * Build a caption experiment from a post: 2–4 captions, then either one account per variant (one
 * platform, same time) or one account at its next free queue slots; the metric and the age; on
 * Instagram, trial Reels. The API plans each variant as a post of its own.
 */
export function ExperimentBuilder({
  workspaceId,
  item,
  onCreated,
}: {
  workspaceId: string;
  item: { id: string; caption: string; assetId: string | null; scheduledAt: string | null; targets: readonly { accountId: string }[] };
  onCreated?: (experiment: Experiment) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const accounts = useAccounts(workspaceId);
  const create = useCreateExperiment(workspaceId);
  const platforms = usePlatforms();
  const active = (accounts.data ?? []).filter((a: SocialAccount) => a.status === 'active');
  const [variants, setVariants] = useState<string[]>([item.caption, '']);
  const [mode, setMode] = useState<'accounts' | 'slots'>('accounts');
  const firstTarget = item.targets[0]?.accountId ?? '';
  const [accountIds, setAccountIds] = useState<string[]>([firstTarget, '', '', '']);
  const [slotAccount, setSlotAccount] = useState(firstTarget);
  const [metric, setMetric] = useState<(typeof METRICS)[number]>('views');
  const [age, setAge] = useState<(typeof AGES)[number]>('24h');
  const [trial, setTrial] = useState<'' | 'MANUAL' | 'SS_PERFORMANCE'>('');
  const chosen = mode === 'accounts' ? accountIds.slice(0, variants.length) : [slotAccount];
  const platform = active.find((a) => a.id === chosen[0])?.platform;
  // Trial posts are a platform option (Instagram's trial Reels): offered where the registry declares it.
  const offersTrial = (platforms.data ?? []).some((p) => p.id === platform && p.composer.fields.some((field) => field.name === 'trialGraduation'));

  if (!item.assetId) return <p className="muted">{t('experiments.builder.needsVideo')}</p>;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input: CreateExperimentInput = {
      itemId: item.id,
      variants: variants.map((caption) => ({ caption })),
      mode,
      accountIds: chosen.filter(Boolean),
      metric,
      age,
      ...(offersTrial && trial ? { trialGraduation: trial } : {}),
    };
    create.mutate(input, { onSuccess: (experiment) => onCreated?.(experiment) });
  };

  const accountOptions = (selected: string) => (
    <>
      <option value="">{t('experiments.builder.chooseAccount')}</option>
      {active
        .filter((a) => mode === 'slots' || !platform || a.platform === platform || a.id === selected || !chosen[0])
        .map((a) => (
          <option key={a.id} value={a.id}>
            {`${PLATFORM_LABELS[a.platform]} · @${a.handle}`}
          </option>
        ))}
    </>
  );

  return (
    <form className="experiment-builder form" onSubmit={submit} aria-label={t('experiments.panel.new')}>
      <fieldset className="form-section">
        <legend className="form-section-title">{t('experiments.builder.variants')}</legend>
        <p className="muted">{t('experiments.builder.variantsHint')}</p>
        {variants.map((caption, index) => (
          <div className="field experiment-variant" key={LABELS[index]}>
            <label className="field-label" htmlFor={`${id}-v${index}`}>
              {t('experiments.builder.variant', { label: LABELS[index] })}
            </label>
            <textarea
              id={`${id}-v${index}`}
              className="input textarea"
              rows={2}
              maxLength={5000}
              required
              value={caption}
              onChange={(e) => setVariants((all) => all.map((c, i) => (i === index ? e.target.value : c)))}
            />
            {variants.length > 2 ? (
              <button type="button" className="button button--ghost button--small" onClick={() => setVariants((all) => all.filter((_, i) => i !== index))}>
                {t('experiments.builder.removeVariant', { label: LABELS[index] })}
              </button>
            ) : null}
          </div>
        ))}
        {variants.length < 4 ? (
          <button type="button" className="button button--secondary button--small" onClick={() => setVariants((all) => [...all, ''])}>
            {t('experiments.builder.addVariant')}
          </button>
        ) : null}
      </fieldset>

      <fieldset className="form-section">
        <legend className="form-section-title">{t('experiments.builder.mode')}</legend>
        <label className="radio">
          <input type="radio" name={`${id}-mode`} value="accounts" checked={mode === 'accounts'} onChange={() => setMode('accounts')} />{' '}
          {t('experiments.builder.modeAccounts')}
        </label>
        <label className="radio">
          <input type="radio" name={`${id}-mode`} value="slots" checked={mode === 'slots'} onChange={() => setMode('slots')} />{' '}
          {t('experiments.builder.modeSlots')}
        </label>
        {mode === 'accounts' ? (
          variants.map((_, index) => (
            <div className="field" key={LABELS[index]}>
              <label className="field-label" htmlFor={`${id}-a${index}`}>
                {t('experiments.builder.accountFor', { label: LABELS[index] })}
              </label>
              <select
                id={`${id}-a${index}`}
                className="input select"
                required
                value={accountIds[index] ?? ''}
                onChange={(e) => setAccountIds((all) => all.map((a, i) => (i === index ? e.target.value : a)))}
              >
                {accountOptions(accountIds[index] ?? '')}
              </select>
            </div>
          ))
        ) : (
          <div className="field">
            <label className="field-label" htmlFor={`${id}-slot-account`}>
              {t('experiments.builder.account')}
            </label>
            <select id={`${id}-slot-account`} className="input select" required value={slotAccount} onChange={(e) => setSlotAccount(e.target.value)}>
              {accountOptions(slotAccount)}
            </select>
          </div>
        )}
      </fieldset>

      <fieldset className="form-section">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-metric`}>
            {t('experiments.builder.metric')}
          </label>
          <select id={`${id}-metric`} className="input select" value={metric} onChange={(e) => setMetric(e.target.value as (typeof METRICS)[number])}>
            {METRICS.map((m) => (
              <option key={m} value={m}>
                {t(`experiments.metric.${m}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-age`}>
            {t('experiments.builder.age')}
          </label>
          <select id={`${id}-age`} className="input select" value={age} onChange={(e) => setAge(e.target.value as (typeof AGES)[number])}>
            {AGES.map((a) => (
              <option key={a} value={a}>
                {t(`experiments.age.${a}`)}
              </option>
            ))}
          </select>
        </div>
        {offersTrial ? (
          <div className="field">
            <label className="field-label" htmlFor={`${id}-trial`}>
              {t('experiments.builder.trial')}
            </label>
            <select id={`${id}-trial`} className="input select" value={trial} onChange={(e) => setTrial(e.target.value as typeof trial)}>
              <option value="">—</option>
              <option value="MANUAL">{t('experiments.builder.trialManual')}</option>
              <option value="SS_PERFORMANCE">{t('experiments.builder.trialAuto')}</option>
            </select>
          </div>
        ) : null}
      </fieldset>

      {create.isError ? (
        <p className="form-errors" role="alert">
          {describeError(create.error)}
        </p>
      ) : null}
      <button type="submit" className="button button--primary" disabled={create.isPending}>
        {create.isPending ? t('experiments.builder.submitting') : t('experiments.builder.submit')}
      </button>
    </form>
  );
}
