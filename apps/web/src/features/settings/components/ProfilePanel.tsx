import { useState, type FormEvent } from 'react';
import { fieldErrorsOf } from '../../../shared/api/errors';
import type { CurrentUser } from '../../../shared/session/me';
import { FormError } from '../../../shared/ui/FormError';
import { SelectField, TextField } from '../../../shared/ui/FormField';
import { Panel } from '../../../shared/ui/Panel';
import { useChangePassword, useUpdateProfile, type UpdateProfileInput } from '../api/profile';

type Locale = NonNullable<UpdateProfileInput['locale']>;

const LANGUAGES: Record<Locale, string> = { en: 'English', fr: 'Français' };
const MIN_PASSWORD_LENGTH = 10;

function ProfileForm({ user }: { user: CurrentUser }) {
  const update = useUpdateProfile();
  const [name, setName] = useState(user.name);
  const [locale, setLocale] = useState<Locale>(user.locale);
  const fieldErrors = fieldErrorsOf(update.error);
  const unchanged = name.trim() === user.name && locale === user.locale;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({ name: name.trim(), locale });
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Profile">
      <FormError error={update.error} title="Couldn't save your profile" fields={['name', 'locale']} />
      <div className="form-row">
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
        <SelectField
          label="Language"
          name="locale"
          value={locale}
          onChange={(event) => setLocale(event.target.value as Locale)}
          errors={fieldErrors.locale}
        >
          {Object.entries(LANGUAGES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
      </div>
      <p className="form-hint">
        Signed in as <span className="mono">{user.email}</span>.
      </p>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={update.isPending || unchanged}>
          {update.isPending ? 'Saving…' : 'Save profile'}
        </button>
        <span className="form-success" aria-live="polite">
          {update.isSuccess && unchanged ? 'Profile saved.' : ''}
        </span>
      </div>
    </form>
  );
}

function PasswordForm() {
  const change = useChangePassword();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const fieldErrors = fieldErrorsOf(change.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrentPassword('');
          setNewPassword('');
        },
      },
    );
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="change-password-heading">
      <h3 className="form-section-title" id="change-password-heading">
        Change password
      </h3>
      <FormError error={change.error} title="Couldn't change your password" fields={['currentPassword', 'newPassword']} />
      <div className="form-row">
        <TextField
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(event) => setCurrentPassword(event.target.value)}
          errors={fieldErrors.currentPassword}
        />
        <TextField
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          hint={`At least ${MIN_PASSWORD_LENGTH} characters. Your other sessions will be signed out.`}
          value={newPassword}
          onChange={(event) => setNewPassword(event.target.value)}
          errors={fieldErrors.newPassword}
        />
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="button button--secondary"
          disabled={change.isPending || !currentPassword || !newPassword}
        >
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
        <span className="form-success" aria-live="polite">
          {change.isSuccess ? 'Password changed. Your other sessions were signed out.' : ''}
        </span>
      </div>
    </form>
  );
}

/** Settings → Profile: your name, language and password. */
export function ProfilePanel({ user }: { user: CurrentUser }) {
  return (
    <Panel title="Profile" description="How you appear to your team, and how you sign in.">
      <ProfileForm user={user} />
      <hr className="panel-divider" />
      <PasswordForm />
    </Panel>
  );
}
