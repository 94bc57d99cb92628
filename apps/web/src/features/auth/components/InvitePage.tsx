import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { describeError, fieldErrorsOf } from '../../../shared/api/errors';
import { formatDateTime } from '../../../shared/lib/dates';
import { ROLE_LABELS } from '../../../shared/session/roles';
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
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const fieldErrors = fieldErrorsOf(accept.error);
  const isNewAccount = !preview.accountExists;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    accept.mutate(
      isNewAccount ? { token, name: name.trim(), password } : { token, password },
      { onSuccess: () => void navigate({ to: '/', replace: true }) },
    );
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <dl className="invitation-summary">
        <div>
          <dt>Workspace</dt>
          <dd>{preview.workspaceName}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>{ROLE_LABELS[preview.role]}</dd>
        </div>
        <div>
          <dt>For</dt>
          <dd className="break-all">{preview.email}</dd>
        </div>
        <div>
          <dt>Valid until</dt>
          <dd>
            <time dateTime={preview.expiresAt}>{formatDateTime(preview.expiresAt)}</time>
          </dd>
        </div>
      </dl>
      <p className="form-intro">
        {isNewAccount
          ? 'Create your account to join. You will sign in with this email address.'
          : 'You already have an account: enter its password to join.'}
      </p>
      <FormError error={accept.error} title="Couldn't accept the invitation" fields={['name', 'password']} />
      {isNewAccount ? (
        <TextField
          label="Name"
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
        label="Password"
        name="password"
        type="password"
        autoComplete={isNewAccount ? 'new-password' : 'current-password'}
        required
        hint={isNewAccount ? `At least ${MIN_PASSWORD_LENGTH} characters.` : undefined}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        errors={fieldErrors.password}
      />
      <button type="submit" className="button button--primary button--block" disabled={accept.isPending}>
        {accept.isPending ? 'Joining…' : 'Accept invitation'}
      </button>
    </form>
  );
}

/** /invite/$token: what the link offers, then the form to accept it. */
export function InvitePage() {
  const { token } = useParams({ from: '/invite/$token' });
  const preview = useInvitationPreview(token);

  let body;
  if (preview.data) {
    body = <AcceptForm token={token} preview={preview.data} />;
  } else if (preview.isError) {
    body = (
      <ErrorNotice title="This invitation can't be used">
        {describeError(preview.error)} Ask the person who invited you for a new link.
      </ErrorNotice>
    );
  } else {
    body = (
      <div aria-busy="true">
        <p className="visually-hidden" role="status">
          Loading the invitation…
        </p>
        <Skeleton width="60%" />
      </div>
    );
  }

  return (
    <AuthShell
      title={preview.data ? `Join ${preview.data.workspaceName}` : 'Join a workspace'}
      description="You have been invited to a Marketing War Room workspace."
      footer={
        <>
          Already a member? <Link to="/login">Sign in</Link>
        </>
      }
    >
      {body}
    </AuthShell>
  );
}
