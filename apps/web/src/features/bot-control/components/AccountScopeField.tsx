import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import { useAccounts, type Platform } from '../../../shared/content/accounts';

interface AccountScopeFieldProps {
  workspaceId: string;
  platform: Platform;
  label: string;
  /** The chosen account ids, one a line (the form's draft of a list). */
  value: string;
  onChange: (value: string) => void;
  errors?: string[] | undefined;
  disabled?: boolean;
}

/** Which accounts an automation acts for: the workspace's accounts of its platform; none checked means all. */
export function AccountScopeField({ workspaceId, platform, label, value, onChange, errors, disabled = false }: AccountScopeFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const accounts = useAccounts(workspaceId);
  const selected = value.split('\n').filter(Boolean);
  const options = (accounts.data ?? []).filter((account) => account.platform === platform);
  const toggle = (accountId: string, on: boolean) => onChange((on ? [...selected, accountId] : selected.filter((entry) => entry !== accountId)).join('\n'));

  return (
    <fieldset className="checkbox-group form-field" aria-describedby={`${id}-hint`}>
      <legend className="form-label">{label}</legend>
      <p id={`${id}-hint`} className="form-hint">
        {selected.length === 0 ? t('botControl.form.accountScope.all') : t('botControl.form.accountScope.some', { count: selected.length })}
      </p>
      {accounts.data && options.length === 0 ? <p className="muted">{t('botControl.form.accountScope.none')}</p> : null}
      {options.map((account) => (
        <div className="checkbox" key={account.id}>
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
      {errors ? (
        <ul className="form-errors">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}
