import { useTranslation } from 'react-i18next';

import { timeZoneOptions } from '../lib/time-zones';
import { SelectField } from './FormField';

interface TimeZoneSelectProps {
  value: string;
  onChange: (timeZone: string) => void;
  label?: string;
  errors?: readonly string[] | undefined;
  hint?: string;
  disabled?: boolean;
}

export function TimeZoneSelect({ value, onChange, label, errors, hint, disabled }: TimeZoneSelectProps) {
  const { t } = useTranslation();
  const zones = timeZoneOptions();
  const options = zones.includes(value) ? zones : [value, ...zones];
  return (
    <SelectField
      label={label ?? t('common.timeZone')}
      name="timeZone"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      errors={errors}
      hint={hint}
      disabled={disabled}
    >
      {options.map((zone) => (
        <option key={zone} value={zone}>
          {zone.replaceAll('_', ' ')}
        </option>
      ))}
    </SelectField>
  );
}
