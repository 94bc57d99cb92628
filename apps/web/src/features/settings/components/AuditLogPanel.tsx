import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { i18n } from '../../../shared/i18n/i18n';
import { en } from '../../../shared/i18n/locales/en';
import { formatDateTime } from '../../../shared/lib/dates';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Panel } from '../../../shared/ui/Panel';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { useApiKeys } from '../api/api-keys';
import { useAuditLog, type AuditEntry } from '../api/audit-log';
import { useMembers } from '../api/members';

type KnownAction = keyof typeof en.settings.audit.actions;
type KnownTarget = keyof typeof en.settings.audit.targets;

/** What an entry is about, named in the UI language (an unknown type as the API spells it). */
function targetLabel(targetType: string): string {
  return Object.hasOwn(en.settings.audit.targets, targetType) ? i18n.t(`settings.audit.targets.${targetType as KnownTarget}`) : targetType.replaceAll('_', ' ');
}

function actionLabel(action: string): string {
  return Object.hasOwn(en.settings.audit.actions, action) ? i18n.t(`settings.audit.actions.${action as KnownAction}`) : action;
}

function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function Details({ metadata }: { metadata: AuditEntry['metadata'] }) {
  const entries = Object.entries(metadata);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    // Raw metadata as the API recorded it (keys are identifiers): not text to translate.
    <dl className="audit-details" translate="no">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd className="mono break-all">{formatValue(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Settings → Audit log (admins): who did what, newest first, one page at a time. */
export function AuditLogPanel({ workspaceId }: { workspaceId: string }) {
  const log = useAuditLog(workspaceId);
  // Both are on the same screen for admins already: names instead of ids, at no extra cost.
  const members = useMembers(workspaceId);
  const apiKeys = useApiKeys(workspaceId);
  const { t } = useTranslation();

  function actor(entry: AuditEntry): ReactNode {
    if (entry.actorUserId) {
      const member = members.data?.find((m) => m.userId === entry.actorUserId);
      return member ? member.name : <span className="mono">{shortId(entry.actorUserId)}</span>;
    }
    if (entry.actorApiKeyId) {
      const key = apiKeys.data?.find((k) => k.id === entry.actorApiKeyId);
      return key ? (
        t('settings.audit.apiKeyNamed', { name: key.name })
      ) : (
        <span className="mono">
          {t('settings.audit.apiKey')} {shortId(entry.actorApiKeyId)}
        </span>
      );
    }
    return <span className="muted">{t('settings.audit.system')}</span>;
  }

  let body: ReactNode;
  if (log.data) {
    const entries = log.data.pages.flatMap((page) => page.items);
    body =
      entries.length === 0 ? (
        <p className="muted">{t('settings.audit.empty')}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('settings.audit.when')}</th>
                  <th scope="col">{t('settings.audit.action')}</th>
                  <th scope="col">{t('settings.audit.by')}</th>
                  <th scope="col">{t('settings.audit.target')}</th>
                  <th scope="col">{t('settings.audit.details')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.id}>
                    <td className="nowrap">
                      <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                    </td>
                    <td>
                      <span title={entry.action}>{actionLabel(entry.action)}</span>
                    </td>
                    <td>{actor(entry)}</td>
                    <td>
                      {entry.targetType ? (
                        <>
                          {targetLabel(entry.targetType)}
                          {entry.targetId ? <span className="mono muted"> {shortId(entry.targetId)}</span> : null}
                        </>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>
                      <Details metadata={entry.metadata} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {log.isFetchNextPageError ? (
            <ErrorNotice title={t('settings.audit.moreFailed')} onRetry={() => void log.fetchNextPage()}>
              {describeError(log.error)}
            </ErrorNotice>
          ) : null}
          {log.hasNextPage ? (
            <div className="form-actions">
              <button type="button" className="button button--secondary" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                {log.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
              </button>
            </div>
          ) : null}
        </>
      );
  } else if (log.isError) {
    body = (
      <ErrorNotice title={t('settings.audit.loadFailed')} onRetry={() => void log.refetch()} retrying={log.isFetching}>
        {describeError(log.error)}
      </ErrorNotice>
    );
  } else {
    body = (
      <div aria-busy="true">
        <p className="visually-hidden">{t('settings.audit.loading')}</p>
        <Skeleton width="80%" />
      </div>
    );
  }

  return (
    <Panel title={t('settings.audit.title')} description={t('settings.audit.description')}>
      {body}
    </Panel>
  );
}
