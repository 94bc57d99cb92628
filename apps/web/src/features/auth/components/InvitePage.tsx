import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError, fieldErrorsOf } from '../../../shared/api/errors';
import { formatDateTime } from '../../../shared/lib/dates';
import { roleLabel } from '../../../shared/session/roles';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { FormError } from '../../../shared/ui/FormError';
import { TextField } from '../../../shared/ui/FormField';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { useAcceptInvitation, useInvitationPreview, type InvitationPreview } from '../api/invitation';
import { AuthShell } from './AuthShell';

const MIN_PASSWORD_LENGTH = 10;

function AcceptForm({ token, preview }: { token: string; preview: InvitationPreview }) {
  const navigate = useNavigate();
  const accept = useAcceptInvitation();
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const fieldErrors = fieldErrorsOf(accept.error);
  const isNewAccount = !preview.accountExists;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    accept.mutate(isNewAccount ? { token, name: name.trim(), password } : { token, password }, { onSuccess: () => void navigate({ to: '/', replace: true }) });
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <dl className="invitation-summary">
        <div>
          <dt>{t('common.workspace')}</dt>
          <dd>{preview.workspaceName}</dd>
        </div>
        <div>
          <dt>{t('common.role')}</dt>
          <dd>{roleLabel(preview.role)}</dd>
        </div>
        <div>
          <dt>{t('auth.invite.for')}</dt>
          <dd className="break-all">{preview.email}</dd>
        </div>
        <div>
          <dt>{t('auth.invite.validUntil')}</dt>
          <dd>
            <time dateTime={preview.expiresAt}>{formatDateTime(preview.expiresAt)}</time>
          </dd>
        </div>
      </dl>
      <p className="form-intro">{isNewAccount ? t('auth.invite.newAccount') : t('auth.invite.existingAccount')}</p>
      <FormError error={accept.error} title={t('auth.invite.failed')} fields={['name', 'password']} />
      {isNewAccount ? (
        <TextField
          label={t('common.name')}
          name="name"
          autoComplete="name"
          required
          maxLength={120}
          value={name}
          onChange={(event) => setName(event.target.value)}
          errors={fieldErrors.name}
        />
      ) : null}
      <TextField
        label={t('common.password')}
        name="password"
        type="password"
        autoComplete={isNewAccount ? 'new-password' : 'current-password'}
        required
        hint={isNewAccount ? t('common.minPassword', { count: MIN_PASSWORD_LENGTH }) : undefined}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        errors={fieldErrors.password}
      />
      <button type="submit" className="button button--primary button--block" disabled={accept.isPending}>
        {accept.isPending ? t('auth.invite.joining') : t('auth.invite.accept')}
      </button>
    </form>
  );
}

/** /invite/$token: what the link offers, then the form to accept it. */
export function InvitePage() {
  const { token } = useParams({ from: '/invite/$token' });
  const preview = useInvitationPreview(token);
  const { t } = useTranslation();

  let body;
  if (preview.data) {
    body = <AcceptForm token={token} preview={preview.data} />;
  } else if (preview.isError) {
    body = (
      <ErrorNotice title={t('auth.invite.unusable')}>
        {describeError(preview.error)} {t('auth.invite.askAgain')}
      </ErrorNotice>
    );
  } else {
    body = (
      <div aria-busy="true">
        <p className="visually-hidden" role="status">
          {t('auth.invite.loading')}
        </p>
        <Skeleton width="60%" />
      </div>
    );
  }

  return (
    <AuthShell
      title={preview.data ? t('auth.invite.joinNamed', { workspace: preview.data.workspaceName }) : t('auth.invite.join')}
      description={t('auth.invite.description')}
      footer={
        <>
          {t('auth.invite.alreadyMember')} <Link to="/login">{t('auth.signIn')}</Link>
        </>
      }
    >
      {body}
    </AuthShell>
  );
}
