import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import type { When } from './composer-draft';

interface ScheduleSectionProps {
  when: When;
  onWhenChange: (when: When) => void;
  /** The datetime-local value, in the composer's time zone. */
  at: string;
  onAtChange: (at: string) => void;
  timeZone: string;
  errors?: readonly string[];
  /** A contributor (issue 25): only "Save as draft", with why. */
  draftsOnly?: boolean;
}

/** When to publish: at a time, now, or keep it as a draft (a failed post keeps its plan). */
export function ScheduleSection({ when, onWhenChange, at, onAtChange, timeZone, errors, draftsOnly = false }: ScheduleSectionProps) {
  const { t } = useTranslation();
  const id = useId();
  const whenOptions: readonly When[] = when === 'keep' ? ['keep'] : draftsOnly ? ['draft'] : ['schedule', 'now', 'draft'];
  return (
    <fieldset className="composer-section">
      <legend className="composer-section-title">{t('composer.when')}</legend>
      {draftsOnly ? <p className="form-hint">{t('access.contributorHint')}</p> : null}
      {when === 'keep' ? (
        <p className="form-hint">{t('composer.failedHint')}</p>
      ) : (
        <div className="segmented" role="radiogroup" aria-label={t('composer.when')}>
          {whenOptions.map((value) => (
            <label key={value} className="radio">
              <input type="radio" name={`${id}-when`} checked={when === value} onChange={() => onWhenChange(value)} />
              {t(`composer.whenOptions.${value}`)}
            </label>
          ))}
        </div>
      )}
      {when === 'schedule' ? (
        <>
          <label className="form-label" htmlFor={`${id}-at`}>
            {t('composer.publishAt', { timeZone: timeZone.replaceAll('_', ' ') })}
          </label>
          <input
            id={`${id}-at`}
            className="input"
            type="datetime-local"
            value={at}
            onChange={(event) => onAtChange(event.target.value)}
            aria-invalid={Boolean(errors) || undefined}
          />
        </>
      ) : null}
      {errors ? <p className="form-errors">{errors.join(' ')}</p> : null}
    </fieldset>
  );
}
