import { SelectField } from './FormField';
import { timeZoneOptions } from '../lib/time-zones';

interface TimeZoneSelectProps {
  value: string;
  onChange: (timeZone: string) => void;
  label?: string;
  errors?: readonly string[] | undefined;
  hint?: string;
  disabled?: boolean;
}

export function TimeZoneSelect({ value, onChange, label = 'Time zone', errors, hint, disabled }: TimeZoneSelectProps) {
  const zones = timeZoneOptions();
  const options = zones.includes(value) ? zones : [value, ...zones];
  return (
    <SelectField
      label={label}
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
