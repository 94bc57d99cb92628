import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { Dialog } from '../../../shared/ui/Dialog';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { SelectField } from '../../../shared/ui/FormField';
import { useToast } from '../../../shared/ui/toast-store';
import { PLATFORM_LABELS, useDisconnectAccount, useDisconnectImpact, type ScheduledPostsChoice, type SocialAccount } from '../api/accounts';

interface DisconnectDialogProps {
  account: SocialAccount;
  /** The workspace's accounts: the ones the posts may move to are among them. */
  accounts: readonly SocialAccount[];
  workspaceId: string;
  onClose: () => void;
}

/**
 * Confirms a disconnect and says what it does to the account's scheduled posts (issue #20): how
 * many there are, and whether they wait for a reconnection (keep), pause, or move to another
 * connected account of the same platform.
 */
export function DisconnectDialog({ account, accounts, workspaceId, onClose }: DisconnectDialogProps) {
  const { t } = useTranslation();
  const toast = useToast();
  const id = useId();
  const impact = useDisconnectImpact(workspaceId, account.id);
  const disconnect = useDisconnectAccount(workspaceId);
  const [choice, setChoice] = useState<ScheduledPostsChoice>('keep');
  const platform = PLATFORM_LABELS[account.platform];
  const targets = accounts.filter((candidate) => impact.data?.moveTargets.includes(candidate.id));
  const [moveTo, setMoveTo] = useState<string>('');
  const moveToAccount = targets.find((candidate) => candidate.id === (moveTo || targets[0]?.id));
  const movable = (impact.data?.scheduledPosts ?? 0) + (impact.data?.pausedPosts ?? 0);
  const ready = impact.isSuccess && !(choice === 'move' && !moveToAccount);

  function confirm() {
    const input = {
      id: account.id,
      scheduledPosts: movable > 0 ? choice : ('keep' as const),
      ...(choice === 'move' && moveToAccount ? { moveToAccountId: moveToAccount.id } : {}),
    };
    disconnect.mutate(input, {
      onSuccess: () => {
        if (movable > 0) toast.success(t(`failures.disconnect.done_${input.scheduledPosts}`, { handle: moveToAccount?.handle ?? '' }));
        onClose();
      },
    });
  }

  return (
    <Dialog
      title={t('accounts.disconnectTitle', { platform, handle: account.handle })}
      description={t('failures.disconnect.description')}
      onDismiss={disconnect.isPending ? undefined : onClose}
      actions={
        <>
          <button type="button" className="button button--secondary" onClick={onClose} disabled={disconnect.isPending} data-autofocus>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button--danger" disabled={disconnect.isPending || !ready} onClick={confirm}>
            {disconnect.isPending ? t('accounts.disconnecting') : t('accounts.disconnectAccount')}
          </button>
        </>
      }
    >
      <div className="disconnect-impact" aria-live="polite">
        {impact.isPending ? <p className="muted">{t('failures.disconnect.loading')}</p> : null}
        {impact.isError ? <p className="form-errors">{t('failures.disconnect.loadFailed', { message: describeError(impact.error) })}</p> : null}
        {impact.data ? (
          <>
            <p data-testid="disconnect-affects">
              {movable > 0 ? t('failures.disconnect.affects', { count: movable }) : t('failures.disconnect.none')}
              {impact.data.queuedPosts > 0 ? ` ${t('failures.disconnect.queued', { count: impact.data.queuedPosts })}` : ''}
            </p>
            {movable > 0 ? (
              <fieldset className="checkbox-group form-field">
                <legend className="form-label">{t('failures.disconnect.choice')}</legend>
                {(['keep', 'pause', 'move'] as const).map((option) => (
                  <label className="radio" key={option}>
                    <input
                      type="radio"
                      name={`${id}-choice`}
                      value={option}
                      checked={choice === option}
                      disabled={disconnect.isPending || (option === 'move' && targets.length === 0)}
                      onChange={() => setChoice(option)}
                    />
                    {t(`failures.disconnect.${option}`, { platform })}
                  </label>
                ))}
                {targets.length === 0 ? <p className="form-hint">{t('failures.disconnect.noMoveTarget', { platform })}</p> : null}
              </fieldset>
            ) : null}
            {movable > 0 && choice === 'move' && targets.length > 0 ? (
              <SelectField label={t('failures.disconnect.moveTo')} value={moveToAccount?.id ?? ''} onChange={(event) => setMoveTo(event.target.value)}>
                {targets.map((target) => (
                  <option key={target.id} value={target.id}>
                    {t('accounts.who', { handle: target.handle, platform })}
                  </option>
                ))}
              </SelectField>
            ) : null}
          </>
        ) : null}
      </div>
      {disconnect.isError ? <ErrorNotice title={t('accounts.disconnectFailed')}>{describeError(disconnect.error)}</ErrorNotice> : null}
    </Dialog>
  );
}
