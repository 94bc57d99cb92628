import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { fieldErrorsOf } from '../../../shared/api/errors';
import { browserTimeZone } from '../../../shared/lib/time-zones';
import { Button } from '../../../shared/ui/Button';
import { Dialog } from '../../../shared/ui/Dialog';
import { FormError } from '../../../shared/ui/FormError';
import { TextField } from '../../../shared/ui/FormField';
import { TimeZoneSelect } from '../../../shared/ui/TimeZoneSelect';
import { useCreateWorkspace } from '../api/workspaces';

const FORM_ID = 'create-workspace-form';

/** Create a workspace: name and time zone; the creator becomes its owner and switches to it. */
export function CreateWorkspaceDialog({ onClose }: { onClose: () => void }) {
  const create = useCreateWorkspace();
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const fieldErrors = fieldErrorsOf(create.error);

  return (
    <Dialog
      title={t('auth.workspaces.createTitle')}
      description={t('auth.workspaces.createDescription')}
      onDismiss={create.isPending ? undefined : onClose}
      actions={
        <>
          <Button onClick={onClose} disabled={create.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form={FORM_ID} variant="primary" loading={create.isPending}>
            {create.isPending ? t('common.creating') : t('auth.workspaces.create')}
          </Button>
        </>
      }
    >
      <form
        id={FORM_ID}
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({ name: name.trim(), timeZone }, { onSuccess: onClose });
        }}
      >
        <FormError error={create.error} title={t('auth.workspaces.createFailed')} fields={['name', 'timeZone']} />
        <TextField
          label={t('common.workspaceName')}
          name="name"
          required
          maxLength={120}
          value={name}
          onChange={(event) => setName(event.target.value)}
          errors={fieldErrors.name}
          data-autofocus
        />
        <TimeZoneSelect value={timeZone} onChange={setTimeZone} errors={fieldErrors.timeZone} />
      </form>
    </Dialog>
  );
}
