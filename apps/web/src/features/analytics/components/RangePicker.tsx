import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import { Button } from '../../../shared/ui/Button';
import { RANGE_PRESETS, type DayRange, type RangePreset } from '../lib/range';

interface RangePickerProps {
  preset: RangePreset;
  onPreset: (preset: RangePreset) => void;
  custom: DayRange;
  onCustom: (range: DayRange) => void;
  valid: boolean;
  timeZone: string;
}

/** 7 / 30 / 90 days up to today, or two days of one's own; days are the workspace's. */
export function RangePicker({ preset, onPreset, custom, onCustom, valid, timeZone }: RangePickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const presetLabel = (days: (typeof RANGE_PRESETS)[number]) => t(`analytics.range.days${days}`);
  return (
    <fieldset className="analytics-range">
      <legend className="form-label">{t('analytics.range.label')}</legend>
      <div className="segmented analytics-segmented">
        {RANGE_PRESETS.map((days) => (
          <Button key={days} size="small" variant={preset === days ? 'primary' : 'ghost'} aria-pressed={preset === days} onClick={() => onPreset(days)}>
            {presetLabel(days)}
          </Button>
        ))}
        <Button size="small" variant={preset === 'custom' ? 'primary' : 'ghost'} aria-pressed={preset === 'custom'} onClick={() => onPreset('custom')}>
          {t('analytics.range.custom')}
        </Button>
      </div>
      {preset === 'custom' ? (
        <div className="analytics-custom-range">
          <div>
            <label className="form-label" htmlFor={`${id}-from`}>
              {t('analytics.range.from')}
            </label>
            <input
              id={`${id}-from`}
              className="input input--compact"
              type="date"
              value={custom.from}
              aria-invalid={!valid || undefined}
              aria-describedby={valid ? undefined : `${id}-invalid`}
              onChange={(event) => onCustom({ ...custom, from: event.target.value })}
            />
          </div>
          <div>
            <label className="form-label" htmlFor={`${id}-to`}>
              {t('analytics.range.to')}
            </label>
            <input
              id={`${id}-to`}
              className="input input--compact"
              type="date"
              value={custom.to}
              aria-invalid={!valid || undefined}
              aria-describedby={valid ? undefined : `${id}-invalid`}
              onChange={(event) => onCustom({ ...custom, to: event.target.value })}
            />
          </div>
        </div>
      ) : null}
      {valid ? null : (
        <p id={`${id}-invalid`} className="form-errors" role="alert">
          {t('analytics.range.invalid')}
        </p>
      )}
      <p className="analytics-zone muted">{t('analytics.range.inZone', { timeZone: timeZone.replaceAll('_', ' ') })}</p>
    </fieldset>
  );
}
