import { Link } from '@tanstack/react-router';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import { PLATFORM_LABELS, type SocialAccount } from '../../../shared/content/accounts';

interface TargetsSectionProps {
  accounts: readonly SocialAccount[];
  loading: boolean;
  selected: readonly string[];
  onSelectedChange: (update: (current: string[]) => string[]) => void;
}

/** The accounts to post to. */
export function TargetsSection({ accounts, loading, selected, onSelectedChange }: TargetsSectionProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="composer-section">
      <legend className="composer-section-title">{t('composer.targets')}</legend>
      {accounts.length === 0 ? (
        <p className="muted">
          {loading ? t('common.loading') : t('composer.noAccounts')} <Link to="/accounts">{t('common.connectAnAccount')}</Link>
        </p>
      ) : (
        accounts.map((account) => (
          <div className="checkbox" key={account.id}>
            <input
              id={`${id}-target-${account.id}`}
              type="checkbox"
              checked={selected.includes(account.id)}
              onChange={(event) =>
                onSelectedChange((current) => (event.target.checked ? [...current, account.id] : current.filter((value) => value !== account.id)))
              }
            />
            <label htmlFor={`${id}-target-${account.id}`}>{t('accounts.who', { handle: account.handle, platform: PLATFORM_LABELS[account.platform] })}</label>
            {account.status !== 'active' ? <span className="checkbox-hint">{t(`accounts.status.${account.status}`)}</span> : null}
          </div>
        ))
      )}
    </fieldset>
  );
}
