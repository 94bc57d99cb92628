import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { describeError, fieldErrorsOf } from '../../../shared/api/errors';
import { formatDate, formatDateTime, isPast } from '../../../shared/lib/dates';
import { CopyButton } from '../../../shared/ui/CopyButton';
import { Dialog } from '../../../shared/ui/Dialog';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { FormError } from '../../../shared/ui/FormError';
import { SelectField, TextField } from '../../../shared/ui/FormField';
import { Panel } from '../../../shared/ui/Panel';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { StatusDot, type StatusTone } from '../../../shared/ui/StatusDot';
import {
  API_KEY_SCOPES,
  SCOPE_DESCRIPTIONS,
  useApiKeys,
  useCreateApiKey,
  useRevokeApiKey,
  type ApiKey,
  type ApiKeyScope,
  type CreatedApiKey,
} from '../api/api-keys';

const DAY_MS = 24 * 60 * 60 * 1000;

const EXPIRY_OPTIONS = [
  { value: 'never', label: 'Never', days: null },
  { value: '30', label: 'In 30 days', days: 30 },
  { value: '90', label: 'In 90 days', days: 90 },
  { value: '365', label: 'In 1 year', days: 365 },
] as const;

type ExpiryChoice = (typeof EXPIRY_OPTIONS)[number]['value'];

function expiresAtFor(choice: ExpiryChoice): string | undefined {
  const days = EXPIRY_OPTIONS.find((option) => option.value === choice)?.days;
  return days ? new Date(Date.now() + days * DAY_MS).toISOString() : undefined;
}

function keyStatus(key: ApiKey): { label: string; tone: StatusTone; active: boolean } {
  if (key.revokedAt) return { label: `Revoked ${formatDate(key.revokedAt)}`, tone: 'neutral', active: false };
  if (key.expiresAt && isPast(key.expiresAt)) return { label: `Expired ${formatDate(key.expiresAt)}`, tone: 'neutral', active: false };
  if (key.expiresAt) return { label: `Active until ${formatDate(key.expiresAt)}`, tone: 'ok', active: true };
  return { label: 'Active', tone: 'ok', active: true };
}

/** The secret, shown once right after creation: the API stores only its hash. */
function SecretDialog({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  return (
    <Dialog
      title={`Copy the secret of “${created.apiKey.name}”`}
      description="This is the only time the secret is shown. Store it in your integration now; if you lose it, revoke the key and create a new one."
      actions={
        <button type="button" className="button button--primary" onClick={onDone}>
          Done
        </button>
      }
    >
      <div className="secret-box">
        <code className="secret break-all" data-testid="api-key-secret">
          {created.secret}
        </code>
        <CopyButton text={created.secret} />
      </div>
      <p className="form-hint">
        Send it as <code className="mono">Authorization: Bearer {created.apiKey.prefix}…</code>
      </p>
    </Dialog>
  );
}

function CreateKeyForm({ workspaceId }: { workspaceId: string }) {
  const create = useCreateApiKey(workspaceId);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>([]);
  const [expiry, setExpiry] = useState<ExpiryChoice>('never');
  const [scopeError, setScopeError] = useState<string | null>(null);
  const idPrefix = useId();
  const fieldErrors = fieldErrorsOf(create.error);
  const scopeMessages = [...(scopeError ? [scopeError] : []), ...(fieldErrors.scopes ?? [])];

  function toggleScope(scope: ApiKeyScope, checked: boolean) {
    setScopeError(null);
    setScopes((current) => (checked ? [...current, scope] : current.filter((s) => s !== scope)));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (scopes.length === 0) {
      setScopeError('Choose at least one scope.');
      return;
    }
    const expiresAt = expiresAtFor(expiry);
    const ordered = API_KEY_SCOPES.filter((scope) => scopes.includes(scope));
    create.mutate(
      { name: name.trim(), scopes: ordered, ...(expiresAt ? { expiresAt } : {}) },
      {
        onSuccess: () => {
          setName('');
          setScopes([]);
          setExpiry('never');
        },
      },
    );
  }

  return (
    <>
      <form className="form" onSubmit={submit} noValidate aria-label="Create an API key">
        <FormError error={create.error} title="Couldn't create the key" fields={['name', 'scopes', 'expiresAt']} />
        <div className="form-row">
          <TextField
            label="Key name"
            name="name"
            required
            maxLength={80}
            placeholder="e.g. Zapier integration"
            value={name}
            onChange={(event) => setName(event.target.value)}
            errors={fieldErrors.name}
          />
          <SelectField
            label="Expires"
            name="expiresAt"
            value={expiry}
            onChange={(event) => setExpiry(event.target.value as ExpiryChoice)}
            errors={fieldErrors.expiresAt}
          >
            {EXPIRY_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </SelectField>
        </div>
        <fieldset className="checkbox-group" aria-invalid={scopeMessages.length > 0 || undefined}>
          <legend className="form-label">Scopes</legend>
          {API_KEY_SCOPES.map((scope) => {
            const id = `${idPrefix}-${scope.replace(':', '-')}`;
            return (
              <div key={scope} className="checkbox">
                <input
                  id={id}
                  type="checkbox"
                  name="scopes"
                  value={scope}
                  checked={scopes.includes(scope)}
                  onChange={(event) => toggleScope(scope, event.target.checked)}
                  aria-describedby={`${id}-hint`}
                />
                <label htmlFor={id} className="mono">
                  {scope}
                </label>
                <span className="checkbox-hint" id={`${id}-hint`}>
                  {SCOPE_DESCRIPTIONS[scope]}
                </span>
              </div>
            );
          })}
          {scopeMessages.length ? (
            <ul className="form-errors">
              {scopeMessages.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          ) : null}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={create.isPending || !name.trim()}>
            {create.isPending ? 'Creating…' : 'Create key'}
          </button>
        </div>
      </form>
      {create.data ? <SecretDialog created={create.data} onDone={() => create.reset()} /> : null}
    </>
  );
}

function RevokeDialog({ apiKey, workspaceId, onClose }: { apiKey: ApiKey; workspaceId: string; onClose: () => void }) {
  const revoke = useRevokeApiKey(workspaceId);
  return (
    <Dialog
      title={`Revoke “${apiKey.name}”?`}
      description="Integrations using this key stop working at once. This cannot be undone."
      onDismiss={revoke.isPending ? undefined : onClose}
      actions={
        <>
          <button type="button" className="button button--secondary" onClick={onClose} disabled={revoke.isPending} data-autofocus>
            Cancel
          </button>
          <button
            type="button"
            className="button button--danger"
            disabled={revoke.isPending}
            onClick={() => revoke.mutate(apiKey.id, { onSuccess: onClose })}
          >
            {revoke.isPending ? 'Revoking…' : 'Revoke key'}
          </button>
        </>
      }
    >
      {revoke.isError ? <ErrorNotice title="Couldn't revoke the key">{describeError(revoke.error)}</ErrorNotice> : null}
    </Dialog>
  );
}

function KeyList({ workspaceId }: { workspaceId: string }) {
  const { data, error, isError, isFetching, refetch } = useApiKeys(workspaceId);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  let body: ReactNode;
  if (data) {
    body =
      data.length === 0 ? (
        <p className="muted">No API keys yet. Create one for each integration, with only the scopes it needs.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Prefix</th>
                <th scope="col">Scopes</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.map((key) => {
                const status = keyStatus(key);
                return (
                  <tr key={key.id} className={status.active ? undefined : 'table-row--inactive'}>
                    <td>{key.name}</td>
                    <td>
                      <span className="mono">{key.prefix}…</span>
                    </td>
                    <td>
                      <ul className="badge-list" aria-label={`Scopes of ${key.name}`}>
                        {key.scopes.map((scope) => (
                          <li key={scope} className="badge">
                            {scope}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      {key.lastUsedAt ? (
                        <time dateTime={key.lastUsedAt}>{formatDateTime(key.lastUsedAt)}</time>
                      ) : (
                        <span className="muted">Never</span>
                      )}
                    </td>
                    <td>
                      <span className="status-label">
                        <StatusDot tone={status.tone} />
                        {status.label}
                      </span>
                    </td>
                    <td className="table-actions">
                      {status.active ? (
                        <button
                          type="button"
                          className="button button--ghost button--small"
                          aria-label={`Revoke ${key.name}`}
                          onClick={() => setRevoking(key)}
                        >
                          Revoke
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      );
  } else if (isError) {
    body = (
      <ErrorNotice title="Couldn't load the API keys" onRetry={() => void refetch()} retrying={isFetching}>
        {describeError(error)}
      </ErrorNotice>
    );
  } else {
    body = (
      <div aria-busy="true">
        <p className="visually-hidden">Loading API keys…</p>
        <Skeleton width="60%" />
      </div>
    );
  }

  return (
    <>
      {body}
      {revoking ? <RevokeDialog apiKey={revoking} workspaceId={workspaceId} onClose={() => setRevoking(null)} /> : null}
    </>
  );
}

/** Settings → API keys (admins): keys for integrations, each with its scopes; the secret is shown once. */
export function ApiKeysPanel({ workspaceId }: { workspaceId: string }) {
  return (
    <Panel
      title="API keys"
      description="For integrations (Zapier, scripts…): send the key as a Bearer token. Each key works only in this workspace."
    >
      <CreateKeyForm workspaceId={workspaceId} />
      <KeyList workspaceId={workspaceId} />
    </Panel>
  );
}
