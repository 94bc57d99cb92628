import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError, fieldErrorsOf } from '../../../shared/api/errors';
import { formatNumber } from '../../../shared/i18n/format';
import { i18n } from '../../../shared/i18n/i18n';
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
  useApiKeys,
  useCreateApiKey,
  useRevokeApiKey,
  useUpdateApiKey,
  type ApiKey,
  type ApiKeyScope,
  type CreatedApiKey,
} from '../api/api-keys';

const DAY_MS = 24 * 60 * 60 * 1000;

const EXPIRY_OPTIONS = [
  { value: 'never', labelKey: 'settings.apiKeys.expiry.never', days: null },
  { value: '30', labelKey: 'settings.apiKeys.expiry.d30', days: 30 },
  { value: '90', labelKey: 'settings.apiKeys.expiry.d90', days: 90 },
  { value: '365', labelKey: 'settings.apiKeys.expiry.d365', days: 365 },
] as const;

type ExpiryChoice = (typeof EXPIRY_OPTIONS)[number]['value'];

function expiresAtFor(choice: ExpiryChoice): string | undefined {
  const days = EXPIRY_OPTIONS.find((option) => option.value === choice)?.days;
  return days ? new Date(Date.now() + days * DAY_MS).toISOString() : undefined;
}

function keyStatus(key: ApiKey): { label: string; tone: StatusTone; active: boolean } {
  if (key.revokedAt) return { label: i18n.t('settings.apiKeys.revokedOn', { date: formatDate(key.revokedAt) }), tone: 'neutral', active: false };
  if (key.expiresAt && isPast(key.expiresAt)) {
    return { label: i18n.t('settings.apiKeys.expiredOn', { date: formatDate(key.expiresAt) }), tone: 'neutral', active: false };
  }
  if (key.expiresAt) return { label: i18n.t('settings.apiKeys.activeUntil', { date: formatDate(key.expiresAt) }), tone: 'ok', active: true };
  return { label: i18n.t('settings.apiKeys.active'), tone: 'ok', active: true };
}

/** The key's rate limit in words: its own, else the server default as the API reports it. */
function limitLabel(key: ApiKey): string {
  if (typeof key.rateLimitPerMinute === 'number') return i18n.t('apiKeys.perMinute', { limit: formatNumber(key.rateLimitPerMinute) });
  if (typeof key.effectiveRateLimitPerMinute === 'number') return i18n.t('apiKeys.defaultLimit', { limit: formatNumber(key.effectiveRateLimitPerMinute) });
  return i18n.t('apiKeys.defaultLimitUnknown');
}

/**
 * The limit field's text as the API takes it: empty → none (the default). Anything else is sent
 * as typed (a number), so the API's own bounds word what is wrong with 0, -5 or 200000.
 */
function parseLimit(text: string): number | null | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : 'invalid';
}

/** The secret, shown once right after creation: the API stores only its hash. */
function SecretDialog({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog
      title={t('settings.apiKeys.secretTitle', { name: created.apiKey.name })}
      description={t('settings.apiKeys.secretDescription')}
      actions={
        <button type="button" className="button button--primary" onClick={onDone}>
          {t('common.done')}
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
        {t('settings.apiKeys.sendAs')} <code className="mono">Authorization: Bearer {created.apiKey.prefix}…</code>
      </p>
    </Dialog>
  );
}

function CreateKeyForm({ workspaceId }: { workspaceId: string }) {
  const create = useCreateApiKey(workspaceId);
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>([]);
  const [expiry, setExpiry] = useState<ExpiryChoice>('never');
  const [limit, setLimit] = useState('');
  const [limitError, setLimitError] = useState<string | null>(null);
  const [scopeError, setScopeError] = useState<string | null>(null);
  const idPrefix = useId();
  const fieldErrors = fieldErrorsOf(create.error);
  const scopeMessages = [...(scopeError ? [scopeError] : []), ...(fieldErrors.scopes ?? [])];
  const limitMessages = [...(limitError ? [limitError] : []), ...(fieldErrors.rateLimitPerMinute ?? [])];

  function toggleScope(scope: ApiKeyScope, checked: boolean) {
    setScopeError(null);
    setScopes((current) => (checked ? [...current, scope] : current.filter((s) => s !== scope)));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (scopes.length === 0) {
      setScopeError(t('settings.apiKeys.chooseScope'));
      return;
    }
    const rateLimitPerMinute = parseLimit(limit);
    if (rateLimitPerMinute === 'invalid') {
      setLimitError(t('apiKeys.notANumber'));
      return;
    }
    setLimitError(null);
    const expiresAt = expiresAtFor(expiry);
    const ordered = API_KEY_SCOPES.filter((scope) => scopes.includes(scope));
    create.mutate(
      { name: name.trim(), scopes: ordered, ...(expiresAt ? { expiresAt } : {}), ...(rateLimitPerMinute !== null ? { rateLimitPerMinute } : {}) },
      {
        onSuccess: () => {
          setName('');
          setScopes([]);
          setExpiry('never');
          setLimit('');
        },
      },
    );
  }

  return (
    <>
      <form className="form" onSubmit={submit} noValidate aria-label={t('settings.apiKeys.form')}>
        <FormError error={create.error} title={t('settings.apiKeys.createFailed')} fields={['name', 'scopes', 'expiresAt', 'rateLimitPerMinute']} />
        <div className="form-row">
          <TextField
            label={t('settings.apiKeys.keyName')}
            name="name"
            required
            maxLength={80}
            placeholder={t('settings.apiKeys.keyNamePlaceholder')}
            value={name}
            onChange={(event) => setName(event.target.value)}
            errors={fieldErrors.name}
          />
          <SelectField
            label={t('settings.apiKeys.expires')}
            name="expiresAt"
            value={expiry}
            onChange={(event) => setExpiry(event.target.value as ExpiryChoice)}
            errors={fieldErrors.expiresAt}
          >
            {EXPIRY_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {t(option.labelKey)}
              </option>
            ))}
          </SelectField>
          <TextField
            label={t('apiKeys.limitField')}
            name="rateLimitPerMinute"
            type="number"
            inputMode="numeric"
            step={1}
            hint={t('apiKeys.limitHint')}
            value={limit}
            onChange={(event) => {
              setLimitError(null);
              setLimit(event.target.value);
            }}
            errors={limitMessages.length ? limitMessages : undefined}
          />
        </div>
        <fieldset className="checkbox-group" aria-invalid={scopeMessages.length > 0 || undefined}>
          <legend className="form-label">{t('settings.apiKeys.scopes')}</legend>
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
                  {t(`settings.apiKeys.scopeDescriptions.${scope}`)}
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
            {create.isPending ? t('common.creating') : t('settings.apiKeys.create')}
          </button>
        </div>
      </form>
      {create.data ? <SecretDialog created={create.data} onDone={() => create.reset()} /> : null}
    </>
  );
}

/** Changes a key's own rate limit, or sends it back to the server default. */
function LimitDialog({ apiKey, workspaceId, onClose }: { apiKey: ApiKey; workspaceId: string; onClose: () => void }) {
  const update = useUpdateApiKey(workspaceId);
  const { t } = useTranslation();
  const [limit, setLimit] = useState(typeof apiKey.rateLimitPerMinute === 'number' ? String(apiKey.rateLimitPerMinute) : '');
  const [limitError, setLimitError] = useState<string | null>(null);
  const fieldErrors = fieldErrorsOf(update.error);
  const limitMessages = [...(limitError ? [limitError] : []), ...(fieldErrors.rateLimitPerMinute ?? [])];
  const fieldReported = (fieldErrors.rateLimitPerMinute ?? []).length > 0;

  function save(rateLimitPerMinute: number | null) {
    update.mutate({ id: apiKey.id, body: { rateLimitPerMinute } }, { onSuccess: onClose });
  }

  function submit(event?: FormEvent<HTMLFormElement>) {
    event?.preventDefault();
    const parsed = parseLimit(limit);
    if (parsed === 'invalid') {
      setLimitError(t('apiKeys.notANumber'));
      return;
    }
    setLimitError(null);
    save(parsed);
  }

  return (
    <Dialog
      title={t('apiKeys.editTitle', { name: apiKey.name })}
      description={t('apiKeys.editDescription')}
      onDismiss={update.isPending ? undefined : onClose}
      actions={
        <>
          <button type="button" className="button button--secondary" onClick={onClose} disabled={update.isPending}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button--secondary" onClick={() => save(null)} disabled={update.isPending}>
            {t('apiKeys.useDefault')}
          </button>
          <button type="button" className="button button--primary" onClick={() => submit()} disabled={update.isPending}>
            {update.isPending ? t('apiKeys.saving') : t('apiKeys.save')}
          </button>
        </>
      }
    >
      {update.isError && !fieldReported ? <ErrorNotice title={t('apiKeys.saveFailed')}>{describeError(update.error)}</ErrorNotice> : null}
      <form className="form" onSubmit={submit} noValidate aria-label={t('apiKeys.editTitle', { name: apiKey.name })}>
        <TextField
          label={t('apiKeys.limitField')}
          name="rateLimitPerMinute"
          type="number"
          inputMode="numeric"
          step={1}
          hint={t('apiKeys.limitHint')}
          value={limit}
          onChange={(event) => {
            setLimitError(null);
            setLimit(event.target.value);
          }}
          errors={limitMessages.length ? limitMessages : undefined}
          data-autofocus
        />
      </form>
    </Dialog>
  );
}

function RevokeDialog({ apiKey, workspaceId, onClose }: { apiKey: ApiKey; workspaceId: string; onClose: () => void }) {
  const revoke = useRevokeApiKey(workspaceId);
  const { t } = useTranslation();
  return (
    <Dialog
      title={t('settings.apiKeys.revokeTitle', { name: apiKey.name })}
      description={t('settings.apiKeys.revokeDescription')}
      onDismiss={revoke.isPending ? undefined : onClose}
      actions={
        <>
          <button type="button" className="button button--secondary" onClick={onClose} disabled={revoke.isPending} data-autofocus>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button--danger" disabled={revoke.isPending} onClick={() => revoke.mutate(apiKey.id, { onSuccess: onClose })}>
            {revoke.isPending ? t('settings.apiKeys.revoking') : t('settings.apiKeys.revokeKey')}
          </button>
        </>
      }
    >
      {revoke.isError ? <ErrorNotice title={t('settings.apiKeys.revokeFailed')}>{describeError(revoke.error)}</ErrorNotice> : null}
    </Dialog>
  );
}

function KeyList({ workspaceId }: { workspaceId: string }) {
  const { data, error, isError, isFetching, refetch } = useApiKeys(workspaceId);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [editing, setEditing] = useState<ApiKey | null>(null);
  const { t } = useTranslation();

  let body: ReactNode;
  if (data) {
    body =
      data.length === 0 ? (
        <p className="muted">{t('settings.apiKeys.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('common.name')}</th>
                <th scope="col">{t('settings.apiKeys.prefix')}</th>
                <th scope="col">{t('settings.apiKeys.scopes')}</th>
                <th scope="col">{t('apiKeys.limit')}</th>
                <th scope="col">{t('settings.apiKeys.lastUsed')}</th>
                <th scope="col">{t('common.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
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
                      <ul className="badge-list" aria-label={t('settings.apiKeys.scopesOf', { name: key.name })}>
                        {key.scopes.map((scope) => (
                          <li key={scope} className="badge">
                            {scope}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>{limitLabel(key)}</td>
                    <td>
                      {key.lastUsedAt ? (
                        <time dateTime={key.lastUsedAt}>{formatDateTime(key.lastUsedAt)}</time>
                      ) : (
                        <span className="muted">{t('common.never')}</span>
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
                        <>
                          <button
                            type="button"
                            className="button button--ghost button--small"
                            aria-label={t('apiKeys.editLimitNamed', { name: key.name })}
                            onClick={() => setEditing(key)}
                          >
                            {t('apiKeys.editLimit')}
                          </button>
                          <button
                            type="button"
                            className="button button--ghost button--small"
                            aria-label={t('settings.apiKeys.revokeNamed', { name: key.name })}
                            onClick={() => setRevoking(key)}
                          >
                            {t('settings.apiKeys.revoke')}
                          </button>
                        </>
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
      <ErrorNotice title={t('settings.apiKeys.loadFailed')} onRetry={() => void refetch()} retrying={isFetching}>
        {describeError(error)}
      </ErrorNotice>
    );
  } else {
    body = (
      <div aria-busy="true">
        <p className="visually-hidden">{t('settings.apiKeys.loading')}</p>
        <Skeleton width="60%" />
      </div>
    );
  }

  return (
    <>
      {body}
      {editing ? <LimitDialog apiKey={editing} workspaceId={workspaceId} onClose={() => setEditing(null)} /> : null}
      {revoking ? <RevokeDialog apiKey={revoking} workspaceId={workspaceId} onClose={() => setRevoking(null)} /> : null}
    </>
  );
}

/** Settings → API keys (admins): keys for integrations, each with its scopes; the secret is shown once. */
export function ApiKeysPanel({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  return (
    <Panel title={t('settings.apiKeys.title')} description={t('settings.apiKeys.description')}>
      <CreateKeyForm workspaceId={workspaceId} />
      <KeyList workspaceId={workspaceId} />
    </Panel>
  );
}
