import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { fieldErrorsOf } from '../../../shared/api/errors';
import { browserTimeZone } from '../../../shared/lib/time-zones';
import { FormError } from '../../../shared/ui/FormError';
import { TextField } from '../../../shared/ui/FormField';
import { TimeZoneSelect } from '../../../shared/ui/TimeZoneSelect';
import { useSetup, type SetupInput } from '../api/setup';
import { AuthShell } from './AuthShell';

const MIN_PASSWORD_LENGTH = 10;

function browserLocale(): SetupInput['locale'] {
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** First run: the person installing becomes the owner of the first workspace. */
export function SetupPage() {
  const navigate = useNavigate();
  const setup = useSetup();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [workspaceName, setWorkspaceName] = useState('');
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const fieldErrors = fieldErrorsOf(setup.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setup.mutate(
      { name: name.trim(), email: email.trim(), password, workspaceName: workspaceName.trim(), timeZone, locale: browserLocale() },
      { onSuccess: () => void navigate({ to: '/', replace: true }) },
    );
  }

  return (
    <AuthShell
      title="Create the owner account"
      description="This installation has no accounts yet. The owner manages members, API keys and workspace settings."
    >
      <form className="form" onSubmit={submit} noValidate>
        <FormError
          error={setup.error}
          title="Couldn't create the owner account"
          fields={['name', 'email', 'password', 'workspaceName', 'timeZone']}
        />
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
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          errors={fieldErrors.email}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          errors={fieldErrors.password}
        />
        <TextField
          label="Workspace name"
          name="workspaceName"
          autoComplete="organization"
          required
          maxLength={120}
          hint="Usually your brand or team. You can add more workspaces later."
          value={workspaceName}
          onChange={(event) => setWorkspaceName(event.target.value)}
          errors={fieldErrors.workspaceName}
        />
        <TimeZoneSelect
          value={timeZone}
          onChange={setTimeZone}
          errors={fieldErrors.timeZone}
          hint="Posts are scheduled in this time zone."
        />
        <button type="submit" className="button button--primary button--block" disabled={setup.isPending}>
          {setup.isPending ? 'Creating…' : 'Create owner account'}
        </button>
      </form>
    </AuthShell>
  );
}
