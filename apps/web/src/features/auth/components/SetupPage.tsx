import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { fieldErrorsOf } from '../../../shared/api/errors';
import { currentLocale } from '../../../shared/i18n/i18n';
import { browserTimeZone } from '../../../shared/lib/time-zones';
import { FormError } from '../../../shared/ui/FormError';
import { TextField } from '../../../shared/ui/FormField';
import { TimeZoneSelect } from '../../../shared/ui/TimeZoneSelect';
import { useSetup } from '../api/setup';
import { AuthShell } from './AuthShell';

const MIN_PASSWORD_LENGTH = 10;

/** First run: the person installing becomes the owner of the first workspace. */
export function SetupPage() {
  const navigate = useNavigate();
  const setup = useSetup();
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [workspaceName, setWorkspaceName] = useState('');
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const fieldErrors = fieldErrorsOf(setup.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setup.mutate(
      { name: name.trim(), email: email.trim(), password, workspaceName: workspaceName.trim(), timeZone, locale: currentLocale() },
      { onSuccess: () => void navigate({ to: '/', replace: true }) },
    );
  }

  return (
    <AuthShell title={t('auth.setupTitle')} description={t('auth.setupDescription')}>
      <form className="form" onSubmit={submit} noValidate>
        <FormError error={setup.error} title={t('auth.setupFailed')} fields={['name', 'email', 'password', 'workspaceName', 'timeZone']} />
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
        <TextField
          label={t('common.email')}
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          errors={fieldErrors.email}
        />
        <TextField
          label={t('common.password')}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          hint={t('common.minPassword', { count: MIN_PASSWORD_LENGTH })}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          errors={fieldErrors.password}
        />
        <TextField
          label={t('common.workspaceName')}
          name="workspaceName"
          autoComplete="organization"
          required
          maxLength={120}
          hint={t('auth.workspaceNameHint')}
          value={workspaceName}
          onChange={(event) => setWorkspaceName(event.target.value)}
          errors={fieldErrors.workspaceName}
        />
        <TimeZoneSelect value={timeZone} onChange={setTimeZone} errors={fieldErrors.timeZone} hint={t('auth.timeZoneHint')} />
        <button type="submit" className="button button--primary button--block" disabled={setup.isPending}>
          {setup.isPending ? t('common.creating') : t('auth.createOwner')}
        </button>
      </form>
    </AuthShell>
  );
}
