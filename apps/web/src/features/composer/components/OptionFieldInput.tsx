import type { ParseKeys } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import type { OptionField, OptionRule } from '../api/platforms';
import { allowedValues, forcedTrue, ruleForbids, type OptionValues } from './option-values';

interface OptionFieldInputProps {
  field: OptionField;
  value: unknown;
  onChange: (value: unknown) => void;
  /** The account's stored capabilities (what the platform allows it). */
  capabilities: OptionValues;
  rules: readonly OptionRule[];
  /** Every field's current value, for the cross-field rules. */
  current: OptionValues;
}

/** One option of a platform's schema, drawn by its type: a select, a toggle, a number, a URL or a list. */
export function OptionFieldInput({ field, value, onChange, capabilities, rules, current }: OptionFieldInputProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  // The key comes from the API: a key this build does not know shows the option's name.
  const label = i18n.exists(field.labelKey) ? t(field.labelKey as ParseKeys) : field.name;

  if (field.type === 'boolean') {
    const locked = forcedTrue(field, capabilities);
    return (
      <div className="checkbox">
        <input id={id} type="checkbox" checked={locked || value === true} disabled={locked} onChange={(event) => onChange(event.target.checked)} />
        <label htmlFor={id}>{label}</label>
        {locked ? <span className="checkbox-hint">{t('composer.options.setByAccount')}</span> : null}
      </div>
    );
  }

  if (field.type === 'enum') {
    const allowed = allowedValues(field, capabilities);
    return (
      <>
        <label className="form-label" htmlFor={id}>
          {label}
        </label>
        <select
          id={id}
          className="input select"
          value={typeof value === 'string' ? value : ''}
          required
          onChange={(event) => onChange(event.target.value || undefined)}
        >
          <option value="" disabled>
            {label}
          </option>
          {(field.values ?? []).map((option) => (
            <option key={option} value={option} disabled={!allowed.includes(option) || ruleForbids(rules, field.name, option, current)}>
              {option}
            </option>
          ))}
        </select>
      </>
    );
  }

  const text = Array.isArray(value) ? value.join(', ') : value === undefined || value === null ? '' : String(value);
  const parse = (raw: string): unknown => {
    if (raw.trim() === '') return undefined;
    if (field.type === 'integer') return Number(raw);
    if (field.type === 'list')
      return raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    return raw;
  };
  return (
    <>
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="input"
        type={field.type === 'integer' ? 'number' : field.type === 'url' ? 'url' : 'text'}
        min={field.min}
        max={field.max}
        step={field.type === 'integer' ? 1 : undefined}
        value={text}
        onChange={(event) => onChange(parse(event.target.value))}
      />
    </>
  );
}
