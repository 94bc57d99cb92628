import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { fieldErrorsOf } from '../../../shared/api/errors';
import { LOCALE_NAMES } from '../../../shared/i18n/i18n';
import type { CurrentUser } from '../../../shared/session/me';
import { FormError } from '../../../shared/ui/FormError';
import { SelectField, TextField } from '../../../shared/ui/FormField';
import { Panel } from '../../../shared/ui/Panel';
import { useChangePassword, useUpdateProfile, type UpdateProfileInput } from '../api/profile';

type Locale = NonNullable<UpdateProfileInput['locale']>;
const MIN_PASSWORD_LENGTH = 10;

function ProfileForm({ user }: { user: CurrentUser }) {
  const update = useUpdateProfile();
  // The language applies at once: saved on its own, the UI switches when the profile comes back.
  const updateLocale = useUpdateProfile();
  const { t } = useTranslation();
  const [name, setName] = useState(user.name);
  const fieldErrors = fieldErrorsOf(update.error);
  const localeErrors = fieldErrorsOf(updateLocale.error);
  const unchanged = name.trim() === user.name;
  const locale: Locale = updateLocale.isPending && updateLocale.variables.locale ? updateLocale.variables.locale : user.locale;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({ name: name.trim() });
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t('settings.profile.form')}>
      <FormError error={update.error} title={t('settings.profile.saveFailed')} fields={['name']} />
      <FormError error={updateLocale.error} title={t('settings.profile.saveFailed')} fields={['locale']} />
      <div className="form-row">
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
        <SelectField
          label={t('settings.profile.language')}
          name="locale"
          value={locale}
          hint={t('settings.profile.languageHint')}
          disabled={updateLocale.isPending}
          onChange={(event) => updateLocale.mutate({ locale: event.target.value as Locale })}
          errors={localeErrors.locale}
        >
          {Object.entries(LOCALE_NAMES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
      </div>
      <p className="form-hint">
        {t('settings.profile.signedInAs')} <span className="mono">{user.email}</span>.
      </p>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={update.isPending || unchanged}>
          {update.isPending ? t('common.saving') : t('settings.profile.save')}
        </button>
        <span className="form-success" aria-live="polite">
          {update.isSuccess && unchanged ? t('settings.profile.saved') : ''}
        </span>
      </div>
    </form>
  );
}

function PasswordForm() {
  const change = useChangePassword();
  const { t } = useTranslation();
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
        {t('settings.profile.changePassword')}
      </h3>
      <FormError error={change.error} title={t('settings.profile.passwordFailed')} fields={['currentPassword', 'newPassword']} />
      <div className="form-row">
        <TextField
          label={t('settings.profile.currentPassword')}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(event) => setCurrentPassword(event.target.value)}
          errors={fieldErrors.currentPassword}
        />
        <TextField
          label={t('settings.profile.newPassword')}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          hint={t('settings.profile.newPasswordHint', { count: MIN_PASSWORD_LENGTH })}
          value={newPassword}
          onChange={(event) => setNewPassword(event.target.value)}
          errors={fieldErrors.newPassword}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--secondary" disabled={change.isPending || !currentPassword || !newPassword}>
          {change.isPending ? t('settings.profile.changing') : t('settings.profile.changePassword')}
        </button>
        <span className="form-success" aria-live="polite">
          {change.isSuccess ? t('settings.profile.passwordChanged') : ''}
        </span>
      </div>
    </form>
  );
}

/** Settings → Profile: your name, language and password. */
export function ProfilePanel({ user }: { user: CurrentUser }) {
  const { t } = useTranslation();
  return (
    <Panel title={t('settings.profile.title')} description={t('settings.profile.description')}>
      <ProfileForm user={user} />
      <hr className="panel-divider" />
      <PasswordForm />
    </Panel>
  );
}
