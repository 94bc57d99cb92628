import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { formatDateTime } from '../../../shared/lib/dates';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Panel } from '../../../shared/ui/Panel';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { useSystemInfo, type SystemInfo } from '../api/system-info';

const DATABASE_HINT = {
  pglite: 'settings.installation.pglite',
  postgres: 'settings.installation.postgres',
} as const satisfies Record<SystemInfo['database'], string>;

const QUEUE_DRIVER = {
  bullmq: { label: 'settings.installation.bullmq', hint: 'settings.installation.bullmqHint' },
  postgres: { label: 'settings.installation.polling', hint: 'settings.installation.pollingHint' },
} as const satisfies Record<SystemInfo['queueDriver'], { label: string; hint: string }>;

/** "PostgreSQL 17.4 on x86_64…" → "17.4" (the full string stays available as a tooltip). */
function engineVersion(raw: string): string | undefined {
  return /(\d+(?:\.\d+)+)/.exec(raw)?.[1];
}

function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: ReactNode }) {
  return (
    <div className="field">
      <dt className="field-label">{label}</dt>
      <dd className="field-value">
        {children}
        {hint ? <span className="field-hint">{hint}</span> : null}
      </dd>
    </div>
  );
}

function InstallationDetails({ info }: { info: SystemInfo }) {
  const dbVersion = engineVersion(info.databaseVersion);
  const queue = QUEUE_DRIVER[info.queueDriver];
  const { t } = useTranslation();
  return (
    <dl className="field-grid">
      <Field label={t('settings.installation.version')}>
        <span className="mono">{info.version}</span>
      </Field>
      <Field
        label={t('settings.installation.database')}
        hint={
          <span title={info.databaseVersion}>
            {t(DATABASE_HINT[info.database])}
            {dbVersion ? t('settings.installation.engine', { version: dbVersion }) : ''}
          </span>
        }
      >
        <span className="mono" data-testid="database-kind">
          {info.database}
        </span>
      </Field>
      <Field label={t('settings.installation.queueDriver')} hint={t(queue.hint)}>
        {t(queue.label)}
      </Field>
      <Field label={t('settings.installation.migrations')}>{info.migrations}</Field>
      <Field label={t('settings.installation.roles')}>
        <ul className="badge-list" aria-label={t('settings.installation.roles')}>
          {info.roles.map((role) => (
            <li key={role} className="badge">
              {role}
            </li>
          ))}
        </ul>
      </Field>
      <Field label={t('settings.installation.runningSince')}>
        <time dateTime={info.startedAt}>{formatDateTime(info.startedAt)}</time>
      </Field>
      <Field label={t('settings.installation.installationId')} hint={t('settings.installation.installationIdHint')}>
        <span className="mono break-all">{info.installationId}</span>
      </Field>
    </dl>
  );
}

const LOADING_FIELDS = ['version', 'database', 'queueDriver', 'migrations', 'roles', 'runningSince', 'installationId'] as const;

function LoadingDetails() {
  const { t } = useTranslation();
  return (
    <div aria-busy="true">
      <p className="visually-hidden" role="status">
        {t('settings.installation.loading')}
      </p>
      <dl className="field-grid">
        {LOADING_FIELDS.map((field) => (
          <Field key={field} label={t(`settings.installation.${field}`)}>
            <Skeleton width="8rem" />
          </Field>
        ))}
      </dl>
    </div>
  );
}

/** Settings → Installation: what this server runs on, from GET /api/system. */
export function InstallationPanel() {
  const { data, error, isError, isFetching, refetch } = useSystemInfo();
  const { t } = useTranslation();

  let body: ReactNode;
  if (data) {
    body = (
      <>
        {isError ? (
          <ErrorNotice title={t('settings.installation.stale')} onRetry={() => void refetch()} retrying={isFetching}>
            {t('settings.installation.refreshFailed', { message: describeError(error) })}
          </ErrorNotice>
        ) : null}
        <InstallationDetails info={data} />
      </>
    );
  } else if (isError) {
    body = (
      <ErrorNotice title={t('settings.installation.loadFailed')} onRetry={() => void refetch()} retrying={isFetching}>
        {describeError(error)}
      </ErrorNotice>
    );
  } else {
    body = <LoadingDetails />;
  }

  return (
    <Panel title={t('settings.installation.title')} description={t('settings.installation.description')}>
      {body}
    </Panel>
  );
}
