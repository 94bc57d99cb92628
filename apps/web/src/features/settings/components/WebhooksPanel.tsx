import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError, fieldErrorsOf } from '../../../shared/api/errors';
import { formatDateTime } from '../../../shared/lib/dates';
import { CopyButton } from '../../../shared/ui/CopyButton';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { FormError } from '../../../shared/ui/FormError';
import { TextField } from '../../../shared/ui/FormField';
import { Panel } from '../../../shared/ui/Panel';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { StatusDot, type StatusTone } from '../../../shared/ui/StatusDot';
import { Switch } from '../../../shared/ui/Switch';
import {
  useCreateWebhookEndpoint,
  useDeleteWebhookEndpoint,
  useResendWebhookDelivery,
  useRotateWebhookSecret,
  useUpdateWebhookEndpoint,
  useWebhookDeliveries,
  useWebhookEndpoints,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEventType,
} from '../api/webhooks';

const DELIVERY_TONE: Record<WebhookDelivery['status'], StatusTone> = { pending: 'warning', delivering: 'warning', succeeded: 'ok', failed: 'danger' };

function EventTypeChoices({
  all,
  chosen,
  onChange,
  errors,
}: {
  all: readonly WebhookEventType[];
  chosen: readonly WebhookEventType[];
  onChange: (next: WebhookEventType[]) => void;
  errors?: string[];
}) {
  const { t } = useTranslation();
  const idPrefix = useId();
  return (
    <fieldset className="checkbox-group" aria-invalid={errors?.length ? true : undefined}>
      <legend className="form-label">{t('webhooks.eventTypes')}</legend>
      {all.map((type) => {
        const id = `${idPrefix}-${type.replace('.', '-')}`;
        return (
          <div key={type} className="checkbox">
            <input
              id={id}
              type="checkbox"
              checked={chosen.includes(type)}
              onChange={(event) => onChange(event.target.checked ? [...chosen, type] : chosen.filter((c) => c !== type))}
              aria-describedby={`${id}-hint`}
            />
            {/* The event type is an identifier integrators match on: never translated. */}
            <label htmlFor={id} className="mono" translate="no">
              {type}
            </label>
            <span className="checkbox-hint" id={`${id}-hint`}>
              {t(`webhooks.events.${type}`)}
            </span>
          </div>
        );
      })}
      {errors?.length ? (
        <ul className="form-errors">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}

function CreateEndpointForm({ workspaceId, eventTypes }: { workspaceId: string; eventTypes: readonly WebhookEventType[] }) {
  const { t } = useTranslation();
  const create = useCreateWebhookEndpoint(workspaceId);
  const [url, setUrl] = useState('');
  const [chosen, setChosen] = useState<WebhookEventType[]>([]);
  const [typeError, setTypeError] = useState<string | null>(null);
  const fieldErrors = fieldErrorsOf(create.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (chosen.length === 0) {
      setTypeError(t('webhooks.chooseEvent'));
      return;
    }
    setTypeError(null);
    const ordered = eventTypes.filter((type) => chosen.includes(type));
    create.mutate(
      { url: url.trim(), eventTypes: ordered },
      {
        onSuccess: () => {
          setUrl('');
          setChosen([]);
        },
      },
    );
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t('webhooks.form')}>
      <FormError error={create.error} title={t('webhooks.createFailed')} fields={['url', 'eventTypes']} />
      <TextField
        label={t('webhooks.url')}
        name="url"
        type="url"
        required
        placeholder="https://hooks.example.com/mwr"
        hint={t('webhooks.urlHint')}
        value={url}
        onChange={(event) => setUrl(event.target.value)}
        errors={fieldErrors.url}
      />
      <EventTypeChoices all={eventTypes} chosen={chosen} onChange={setChosen} errors={[...(typeError ? [typeError] : []), ...(fieldErrors.eventTypes ?? [])]} />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={create.isPending || !url.trim()}>
          {create.isPending ? t('common.creating') : t('webhooks.add')}
        </button>
      </div>
    </form>
  );
}

function DeliveryLog({ workspaceId, endpoint }: { workspaceId: string; endpoint: WebhookEndpoint }) {
  const { t } = useTranslation();
  const deliveries = useWebhookDeliveries(workspaceId, endpoint.id);
  const resend = useResendWebhookDelivery(workspaceId, endpoint.id);
  if (deliveries.isError) return <ErrorNotice title={t('webhooks.logFailed')}>{describeError(deliveries.error)}</ErrorNotice>;
  if (!deliveries.data) return <Skeleton width="60%" />;
  if (deliveries.data.items.length === 0) return <p className="muted">{t('webhooks.noDeliveries')}</p>;
  return (
    <>
      {resend.isError ? <ErrorNotice title={t('webhooks.resendFailed')}>{describeError(resend.error)}</ErrorNotice> : null}
      <div className="table-wrap">
        <table className="table" aria-label={t('webhooks.logOf', { url: endpoint.url })}>
          <thead>
            <tr>
              <th scope="col">{t('webhooks.event')}</th>
              <th scope="col">{t('common.status')}</th>
              <th scope="col">{t('webhooks.response')}</th>
              <th scope="col">{t('webhooks.latency')}</th>
              <th scope="col">{t('webhooks.preview')}</th>
              <th scope="col">{t('webhooks.created')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.data.items.map((delivery) => (
              <tr key={delivery.id}>
                <td>
                  <span className="mono">{delivery.eventType}</span>
                  <br />
                  <span className="muted mono">{delivery.eventId}</span>
                </td>
                <td>
                  <span className="status-label">
                    <StatusDot tone={DELIVERY_TONE[delivery.status]} />
                    {t(`webhooks.status.${delivery.status}`)} · {t('webhooks.attempts', { count: delivery.attempts })}
                  </span>
                  {delivery.error ? <span className="muted"> — {delivery.error}</span> : null}
                </td>
                <td>{delivery.responseCode ?? '—'}</td>
                <td>{delivery.latencyMs === null ? '—' : t('webhooks.ms', { ms: delivery.latencyMs })}</td>
                <td>
                  <code className="mono break-all">{delivery.responsePreview ?? ''}</code>
                </td>
                <td>
                  <time dateTime={delivery.createdAt}>{formatDateTime(delivery.createdAt)}</time>
                </td>
                <td className="table-actions">
                  <button
                    type="button"
                    className="button button--ghost button--small"
                    disabled={!endpoint.enabled || resend.isPending}
                    onClick={() => resend.mutate(delivery.id)}
                    aria-label={t('webhooks.resendOf', { id: delivery.eventId })}
                  >
                    {t('webhooks.resend')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function EndpointItem({ workspaceId, endpoint, eventTypes }: { workspaceId: string; endpoint: WebhookEndpoint; eventTypes: readonly WebhookEventType[] }) {
  const { t } = useTranslation();
  const update = useUpdateWebhookEndpoint(workspaceId);
  const rotate = useRotateWebhookSecret(workspaceId);
  const remove = useDeleteWebhookEndpoint(workspaceId);
  const [showLog, setShowLog] = useState(false);
  const [editing, setEditing] = useState(false);
  const [chosen, setChosen] = useState<WebhookEventType[]>(endpoint.eventTypes);
  const error = update.error ?? rotate.error ?? remove.error;
  return (
    <li className="webhook-endpoint" aria-label={endpoint.url}>
      <div className="form-row">
        <span className="mono break-all">{endpoint.url}</span>
        <Switch
          label={t('webhooks.enabled')}
          checked={endpoint.enabled}
          disabled={update.isPending}
          onCheckedChange={(checked) => update.mutate({ id: endpoint.id, enabled: checked })}
        />
      </div>
      {endpoint.disabledReason === 'failures' ? (
        <ErrorNotice title={t('webhooks.disabledTitle')}>
          {t('webhooks.disabledForFailures', { count: endpoint.consecutiveFailures, time: endpoint.disabledAt ? formatDateTime(endpoint.disabledAt) : '' })}
        </ErrorNotice>
      ) : null}
      {error ? <ErrorNotice title={t('webhooks.actionFailed')}>{describeError(error)}</ErrorNotice> : null}
      <ul className="badge-list" aria-label={t('webhooks.eventsOf', { url: endpoint.url })}>
        {endpoint.eventTypes.map((type) => (
          <li key={type} className="badge" translate="no">
            {type}
          </li>
        ))}
      </ul>
      <div className="secret-box">
        <span className="form-label">{t('webhooks.secret')}</span>
        <code className="secret break-all">{endpoint.secret}</code>
        <CopyButton text={endpoint.secret} />
      </div>
      {endpoint.previousSecretExpiresAt ? (
        <p className="form-hint">{t('webhooks.previousSecretValid', { time: formatDateTime(endpoint.previousSecretExpiresAt) })}</p>
      ) : null}
      {editing ? (
        <div className="form">
          <EventTypeChoices all={eventTypes} chosen={chosen} onChange={setChosen} />
          <div className="form-actions">
            <button
              type="button"
              className="button button--primary button--small"
              disabled={update.isPending || chosen.length === 0}
              onClick={() =>
                update.mutate({ id: endpoint.id, eventTypes: eventTypes.filter((type) => chosen.includes(type)) }, { onSuccess: () => setEditing(false) })
              }
            >
              {t('webhooks.save')}
            </button>
            <button type="button" className="button button--secondary button--small" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button button--ghost button--small" aria-expanded={showLog} onClick={() => setShowLog((v) => !v)}>
          {showLog ? t('webhooks.hideLog') : t('webhooks.showLog')}
        </button>
        {!editing ? (
          <button type="button" className="button button--ghost button--small" onClick={() => setEditing(true)}>
            {t('webhooks.editEvents')}
          </button>
        ) : null}
        <button type="button" className="button button--ghost button--small" disabled={rotate.isPending} onClick={() => rotate.mutate(endpoint.id)}>
          {t('webhooks.rotate')}
        </button>
        <button
          type="button"
          className="button button--ghost button--small"
          disabled={remove.isPending}
          onClick={() => remove.mutate(endpoint.id)}
          aria-label={t('webhooks.deleteOf', { url: endpoint.url })}
        >
          {t('webhooks.delete')}
        </button>
      </div>
      {showLog ? <DeliveryLog workspaceId={workspaceId} endpoint={endpoint} /> : null}
    </li>
  );
}

/** Settings → Webhooks (issue 26): endpoints, their events and secret (rotation), the delivery log with resend. Admins only. */
export function WebhooksPanel({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const endpoints = useWebhookEndpoints(workspaceId);
  return (
    <Panel title={t('webhooks.title')} description={t('webhooks.description')}>
      {endpoints.isError ? <ErrorNotice title={t('webhooks.loadFailed')}>{describeError(endpoints.error)}</ErrorNotice> : null}
      {!endpoints.data ? (
        endpoints.isError ? null : (
          <Skeleton width="40%" />
        )
      ) : (
        <>
          {endpoints.data.items.length === 0 ? (
            <p className="muted">{t('webhooks.empty')}</p>
          ) : (
            <ul className="webhook-endpoints">
              {endpoints.data.items.map((endpoint) => (
                <EndpointItem key={endpoint.id} workspaceId={workspaceId} endpoint={endpoint} eventTypes={endpoints.data.eventTypes} />
              ))}
            </ul>
          )}
          <CreateEndpointForm workspaceId={workspaceId} eventTypes={endpoints.data.eventTypes} />
        </>
      )}
    </Panel>
  );
}
