import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import type { SocialAccount } from '../../../shared/content/accounts';
import { formatDuration } from '../../../shared/i18n/format';
import { privacyOptionDisabled, tiktokCapabilities, tiktokProblems, type PrivacyLevel, type TikTokChoices } from './tiktok-rules';

interface TikTokSectionProps {
  account: SocialAccount;
  choices: TikTokChoices;
  onChange: (choices: TikTokChoices) => void;
  /** The chosen video's duration, once probed. */
  videoDurationMs: number | null;
  /** The API's messages for this target's fields. */
  errors?: readonly string[];
}

/** The TikTok extension of its options panel, per TikTok's Content Sharing Guidelines (the panel draws the frame and the creator). */
export function TikTokSection({ account, choices, onChange, videoDurationMs, errors = [] }: TikTokSectionProps) {
  const { t } = useTranslation();
  const id = useId();
  const capabilities = tiktokCapabilities(account.capabilities);
  const problems = tiktokProblems(choices, capabilities, videoDurationMs);
  const set = (patch: Partial<TikTokChoices>) => onChange({ ...choices, ...patch });
  const interactions = [
    { key: 'allowComment', label: t('composer.tiktok.comment'), disabled: capabilities.commentDisabled },
    { key: 'allowDuet', label: t('composer.tiktok.duet'), disabled: capabilities.duetDisabled },
    { key: 'allowStitch', label: t('composer.tiktok.stitch'), disabled: capabilities.stitchDisabled },
  ] as const;

  return (
    <>
      <label className="form-label" htmlFor={`${id}-privacy`}>
        {t('composer.tiktok.privacy')}
      </label>
      <select
        id={`${id}-privacy`}
        className="input select"
        value={choices.privacyLevel}
        required
        aria-invalid={problems.includes('privacyRequired') || undefined}
        onChange={(event) => set({ privacyLevel: event.target.value as PrivacyLevel | '' })}
      >
        <option value="" disabled>
          {t('composer.tiktok.choosePrivacy')}
        </option>
        {capabilities.privacyLevelOptions.map((level) => (
          <option key={level} value={level} disabled={privacyOptionDisabled(level, choices)}>
            {t(`composer.tiktok.privacyLevels.${level}`)}
          </option>
        ))}
      </select>

      <fieldset className="checkbox-group">
        <legend className="form-label">{t('composer.tiktok.allowUsers')}</legend>
        {interactions.map(({ key, label, disabled }) => (
          <div className="checkbox" key={key}>
            <input
              id={`${id}-${key}`}
              type="checkbox"
              checked={!disabled && choices[key]}
              disabled={disabled}
              onChange={(event) => set({ [key]: event.target.checked })}
            />
            <label htmlFor={`${id}-${key}`}>{label}</label>
            {disabled ? <span className="checkbox-hint">{t('composer.tiktok.disabledByCreator')}</span> : null}
          </div>
        ))}
      </fieldset>

      <div className="checkbox">
        <input
          id={`${id}-commercial`}
          type="checkbox"
          role="switch"
          checked={choices.commercial}
          onChange={(event) => set({ commercial: event.target.checked, ...(event.target.checked ? {} : { yourBrand: false, brandedContent: false }) })}
        />
        <label htmlFor={`${id}-commercial`}>{t('composer.tiktok.disclose')}</label>
        <span className="checkbox-hint">{t('composer.tiktok.discloseHint')}</span>
      </div>
      {choices.commercial ? (
        <div className="checkbox-group checkbox-group--nested">
          <div className="checkbox">
            <input id={`${id}-brand`} type="checkbox" checked={choices.yourBrand} onChange={(event) => set({ yourBrand: event.target.checked })} />
            <label htmlFor={`${id}-brand`}>{t('composer.tiktok.yourBrand')}</label>
            <span className="checkbox-hint">{t('composer.tiktok.yourBrandHint')}</span>
          </div>
          <div className="checkbox">
            <input id={`${id}-branded`} type="checkbox" checked={choices.brandedContent} onChange={(event) => set({ brandedContent: event.target.checked })} />
            <label htmlFor={`${id}-branded`}>{t('composer.tiktok.brandedContent')}</label>
            <span className="checkbox-hint">{t('composer.tiktok.brandedContentHint')}</span>
          </div>
          {choices.yourBrand || choices.brandedContent ? (
            <p className="form-hint">{choices.brandedContent ? t('composer.tiktok.labelPaid') : t('composer.tiktok.labelPromotional')}</p>
          ) : null}
        </div>
      ) : null}

      {problems.length > 0 || errors.length > 0 ? (
        <ul className="form-errors" aria-live="polite">
          {problems.map((problem) => (
            <li key={problem}>
              {t(`composer.tiktok.problems.${problem}`, {
                max: capabilities.maxVideoPostDurationSec !== null ? formatDuration(capabilities.maxVideoPostDurationSec * 1000) : '',
              })}
            </li>
          ))}
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}

      <p className="form-hint tiktok-consent">
        {choices.commercial && choices.brandedContent ? t('composer.tiktok.consentBranded') : t('composer.tiktok.consent')}
      </p>
    </>
  );
}
