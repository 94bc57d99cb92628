import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { useReviewSettings, useUpdateReviewSettings, type ApprovalPolicy } from '../../../shared/review/reviews';
import { roleAtLeast, roleLabel } from '../../../shared/session/roles';
import { SelectField } from '../../../shared/ui/FormField';
import { Panel } from '../../../shared/ui/Panel';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { Switch } from '../../../shared/ui/Switch';

const POLICIES: readonly ApprovalPolicy[] = ['none', 'optional', 'required_internal', 'required_client'];

/** Settings → Approvals (issue 25): the policy, self-approval, and which editors may approve. Admins only. */
export function ReviewSettingsPanel({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const settings = useReviewSettings(workspaceId);
  const update = useUpdateReviewSettings(workspaceId);
  const approversId = useId();
  return (
    <Panel title={t('review.settings.title')} description={t('review.settings.description')}>
      {settings.isError ? <p className="form-errors">{describeError(settings.error)}</p> : null}
      {!settings.data ? (
        <Skeleton width="40%" />
      ) : (
        <div className="review-settings">
          <SelectField
            label={t('review.settings.policy')}
            value={settings.data.policy}
            disabled={update.isPending}
            onChange={(event) => update.mutate({ policy: event.target.value as ApprovalPolicy })}
          >
            {POLICIES.map((policy) => (
              <option key={policy} value={policy}>
                {t(`review.settings.policies.${policy}`)}
              </option>
            ))}
          </SelectField>
          <Switch
            label={t('review.settings.allowSelf')}
            checked={settings.data.allowSelfApproval}
            disabled={update.isPending}
            onCheckedChange={(checked) => update.mutate({ allowSelfApproval: checked })}
          />
          <h3 className="form-label" id={approversId}>
            {t('review.settings.approvers')}
          </h3>
          <p className="form-hint">{t('review.settings.approversHint')}</p>
          <ul className="review-list" aria-labelledby={approversId}>
            {settings.data.members
              // Approvers are editors and above: viewers and contributors never approve (issue 25).
              .filter((member) => roleAtLeast(member.role, 'editor'))
              .map((member) => (
                <li key={member.userId}>
                  {member.role === 'owner' || member.role === 'admin' ? (
                    <span>{t('review.settings.byRole', { name: member.name, role: roleLabel(member.role) })}</span>
                  ) : (
                    <Switch
                      label={t('review.settings.approver', { name: member.name })}
                      checked={member.approver}
                      disabled={update.isPending}
                      onCheckedChange={(checked) => update.mutate({ userId: member.userId, approver: checked })}
                    />
                  )}
                </li>
              ))}
          </ul>
          {update.isError ? <p className="form-errors">{describeError(update.error)}</p> : null}
        </div>
      )}
    </Panel>
  );
}
