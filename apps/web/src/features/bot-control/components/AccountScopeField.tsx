import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import { PLATFORM_LABELS, useAccounts, type Platform } from '../../../shared/content/accounts';
import { ALL_ACCOUNTS } from './config-fields';
import { FieldErrors } from './FieldErrors';

interface AccountScopeFieldProps {
  workspaceId: string;
  platform: Platform;
  label: string;
  /** ALL_ACCOUNTS, or the chosen account ids one a line (the form's draft of the list). */
  value: string;
  onChange: (value: string) => void;
  errors?: string[] | undefined;
  disabled?: boolean;
}

/**
 * Which accounts an automation acts for: all accounts of its platform (also those connected later),
 * or only the ones ticked. Two explicit choices, so an empty list never means "all" by accident.
 */
export function AccountScopeField({ workspaceId, platform, label, value, onChange, errors, disabled = false }: AccountScopeFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const accounts = useAccounts(workspaceId);
  const all = value === ALL_ACCOUNTS;
  const selected = all ? [] : value.split('\n').filter(Boolean);
  const options = (accounts.data ?? []).filter((account) => account.platform === platform);
  const toggle = (accountId: string, on: boolean) => onChange((on ? [...selected, accountId] : selected.filter((entry) => entry !== accountId)).join('\n'));
  const platformName = PLATFORM_LABELS[platform];

  return (
    <fieldset className="checkbox-group form-field" aria-describedby={`${id}-hint`}>
      <legend className="form-label">{label}</legend>
      <label className="radio">
        <input type="radio" name={`${id}-mode`} checked={all} disabled={disabled} onChange={() => onChange(ALL_ACCOUNTS)} />
        {t('botControl.form.accountScope.allChoice', { platform: platformName })}
      </label>
      <label className="radio">
        <input type="radio" name={`${id}-mode`} checked={!all} disabled={disabled} onChange={() => onChange('')} />
        {t('botControl.form.accountScope.someChoice')}
      </label>
      <p id={`${id}-hint`} className="form-hint">
        {all
          ? t('botControl.form.accountScope.all', { platform: platformName })
          : selected.length === 0
            ? t('botControl.form.accountScope.pick')
            : t('botControl.form.accountScope.some', { count: selected.length })}
      </p>
      {accounts.data && options.length === 0 ? <p className="muted">{t('botControl.form.accountScope.none', { platform: platformName })}</p> : null}
      {all
        ? null
        : options.map((account) => (
            <div className="checkbox checkbox--nested" key={account.id}>
              <input
                id={`${id}-${account.id}`}
                type="checkbox"
                checked={selected.includes(account.id)}
                disabled={disabled}
                onChange={(event) => toggle(account.id, event.target.checked)}
              />
              <label htmlFor={`${id}-${account.id}`}>@{account.handle}</label>
            </div>
          ))}
      <FieldErrors errors={errors} />
    </fieldset>
  );
}
