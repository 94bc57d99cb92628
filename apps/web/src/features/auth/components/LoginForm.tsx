import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { fieldErrorsOf } from '../../../shared/api/errors';
import { FormError } from '../../../shared/ui/FormError';
import { TextField } from '../../../shared/ui/FormField';
import { useLogin, type SignedInUser } from '../api/login';

interface LoginFormProps {
  onSignedIn: (user: SignedInUser) => void;
}

export function LoginForm({ onSignedIn }: LoginFormProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useLogin();
  const { t } = useTranslation();
  const fieldErrors = fieldErrorsOf(login.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    login.mutate({ email: email.trim(), password }, { onSuccess: (user) => onSignedIn(user) });
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <FormError error={login.error} title={t('auth.signInFailed')} fields={['email', 'password']} />
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
        autoComplete="current-password"
        required
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        errors={fieldErrors.password}
      />
      <button type="submit" className="button button--primary button--block" disabled={login.isPending}>
        {login.isPending ? t('auth.signingIn') : t('auth.signIn')}
      </button>
    </form>
  );
}
