import type { ReactNode } from 'react';
import { describeError } from '../../../shared/api/errors';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Panel } from '../../../shared/ui/Panel';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { useSystemInfo, type SystemInfo } from '../api/system-info';

const DATABASE_HINT: Record<SystemInfo['database'], string> = {
  pglite: 'Embedded, stored in the data directory',
  postgres: 'External database server',
};

const QUEUE_DRIVER: Record<SystemInfo['queueDriver'], { label: string; hint: string }> = {
  bullmq: { label: 'BullMQ', hint: 'Redis-backed job queue' },
  postgres: { label: 'Database polling', hint: 'No Redis configured; set REDIS_URL to use BullMQ' },
};

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "PostgreSQL 17.4 on x86_64…" → "17.4" (the full string stays available as a tooltip). */
function engineVersion(raw: string): string | undefined {
  return /(\d+(?:\.\d+)+)/.exec(raw)?.[1];
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
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
  return (
    <dl className="field-grid">
      <Field label="Version">
        <span className="mono">{info.version}</span>
      </Field>
      <Field
        label="Database"
        hint={
          <span title={info.databaseVersion}>
            {DATABASE_HINT[info.database]}
            {dbVersion ? ` · engine ${dbVersion}` : ''}
          </span>
        }
      >
        <span className="mono" data-testid="database-kind">
          {info.database}
        </span>
      </Field>
      <Field label="Queue driver" hint={queue.hint}>
        {queue.label}
      </Field>
      <Field label="Migrations applied">{info.migrations}</Field>
      <Field label="Roles">
        <ul className="badge-list" aria-label="Roles">
          {info.roles.map((role) => (
            <li key={role} className="badge">
              {role}
            </li>
          ))}
        </ul>
      </Field>
      <Field label="Running since">
        <time dateTime={info.startedAt}>{formatDate(info.startedAt)}</time>
      </Field>
      <Field label="Installation ID" hint="Include it when you report a problem.">
        <span className="mono break-all">{info.installationId}</span>
      </Field>
    </dl>
  );
}

function LoadingDetails() {
  return (
    <div aria-busy="true">
      <p className="visually-hidden" role="status">
        Loading installation details…
      </p>
      <dl className="field-grid">
        {['Version', 'Database', 'Queue driver', 'Migrations applied', 'Roles', 'Running since', 'Installation ID'].map(
          (label) => (
            <Field key={label} label={label}>
              <Skeleton width="8rem" />
            </Field>
          ),
        )}
      </dl>
    </div>
  );
}

/** Settings → Installation: what this server runs on, from GET /api/system. */
export function InstallationPanel() {
  const { data, error, isError, isFetching, refetch } = useSystemInfo();

  let body: ReactNode;
  if (data) {
    body = (
      <>
        {isError ? (
          <ErrorNotice title="Showing the last known details" onRetry={() => void refetch()} retrying={isFetching}>
            The latest refresh failed: {describeError(error)}
          </ErrorNotice>
        ) : null}
        <InstallationDetails info={data} />
      </>
    );
  } else if (isError) {
    body = (
      <ErrorNotice title="Couldn't load installation details" onRetry={() => void refetch()} retrying={isFetching}>
        {describeError(error)}
      </ErrorNotice>
    );
  } else {
    body = <LoadingDetails />;
  }

  return (
    <Panel title="Installation" description="What this server runs on. Read-only; set through environment variables.">
      {body}
    </Panel>
  );
}
