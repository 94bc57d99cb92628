import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { PLATFORM_LABELS, useAccounts } from '../../../shared/content/accounts';
import { Dialog } from '../../../shared/ui/Dialog';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { useSetMemberAccountAccess, type Member } from '../api/members';

interface MemberAccountsDialogProps {
  member: Member;
  workspaceId: string;
  onClose: () => void;
}

/**
 * Per-account access (issue 25): an admin limits a member to the accounts of the clients they
 * work on, or gives them every account again. The server enforces it; this only sets it.
 */
export function MemberAccountsDialog({ member, workspaceId, onClose }: MemberAccountsDialogProps) {
  const { t } = useTranslation();
  const id = useId();
  const accounts = useAccounts(workspaceId);
  const save = useSetMemberAccountAccess(workspaceId);
  const [all, setAll] = useState(member.accountIds == null);
  const [selected, setSelected] = useState<string[]>(member.accountIds ?? []);
  const [tried, setTried] = useState(false);
  const missingChoice = !all && selected.length === 0;

  function submit() {
    setTried(true);
    if (missingChoice) return;
    save.mutate({ userId: member.userId, accountIds: all ? null : selected }, { onSuccess: onClose });
  }

  return (
    <Dialog
      title={t('access.pickerTitle', { name: member.name })}
      description={t('access.pickerDescription')}
      onDismiss={save.isPending ? undefined : onClose}
      actions={
        <>
          <button type="button" className="button button--secondary" onClick={onClose} disabled={save.isPending}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button--primary" onClick={submit} disabled={save.isPending}>
            {save.isPending ? t('access.saving') : t('access.save')}
          </button>
        </>
      }
    >
      {save.isError ? <ErrorNotice title={t('access.saveFailed')}>{describeError(save.error)}</ErrorNotice> : null}
      <fieldset className="checkbox-group form-field" aria-describedby={tried && missingChoice ? `${id}-error` : undefined}>
        <legend className="form-label">{t('access.accounts')}</legend>
        <label className="radio">
          <input type="radio" name={`${id}-mode`} checked={all} onChange={() => setAll(true)} data-autofocus={all || undefined} />
          {t('access.everyAccount')}
        </label>
        <label className="radio">
          <input type="radio" name={`${id}-mode`} checked={!all} onChange={() => setAll(false)} data-autofocus={!all || undefined} />
          {t('access.onlyThese')}
        </label>
        {accounts.data && accounts.data.length === 0 ? <p className="muted">{t('access.noAccounts')}</p> : null}
        {all
          ? null
          : (accounts.data ?? []).map((account) => (
              <div className="checkbox checkbox--nested" key={account.id}>
                <input
                  id={`${id}-${account.id}`}
                  type="checkbox"
                  checked={selected.includes(account.id)}
                  onChange={(event) =>
                    setSelected((current) => (event.target.checked ? [...current, account.id] : current.filter((entry) => entry !== account.id)))
                  }
                />
                <label htmlFor={`${id}-${account.id}`}>
                  @{account.handle} <span className="muted">({PLATFORM_LABELS[account.platform]})</span>
                </label>
              </div>
            ))}
        {tried && missingChoice ? (
          <p id={`${id}-error`} className="form-errors" role="alert">
            {t('access.chooseOne')}
          </p>
        ) : null}
      </fieldset>
    </Dialog>
  );
}
