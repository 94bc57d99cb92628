import { useTranslation } from 'react-i18next';

import { describeError } from '../api/errors';
import { useReviewLinks, useShareForReview } from '../notifications/notifications';
import { Button } from '../ui/Button';
import { CopyButton } from '../ui/CopyButton';
import { Panel } from '../ui/Panel';

/** "Share for client review" on the post page (issue 25): create a signed link, copy it, revoke it. */
export function ShareReviewPanel({ workspaceId, itemId }: { workspaceId: string; itemId: string }) {
  const { t, i18n } = useTranslation();
  const links = useReviewLinks(workspaceId, itemId);
  const share = useShareForReview(workspaceId, itemId);
  const date = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(new Date(iso));
  const active = links.data?.items.filter((l) => l.active) ?? [];
  return (
    <Panel title={t('notifications.share.title')} description={t('notifications.share.description')}>
      <Button variant="secondary" loading={share.isPending} onClick={() => share.mutate({ create: true })}>
        {t('notifications.share.create')}
      </Button>
      {share.isError ? <p className="form-errors">{describeError(share.error)}</p> : null}
      {links.data && active.length === 0 ? <p className="muted">{t('notifications.share.none')}</p> : null}
      <ul className="review-list">
        {active.map((l) => (
          <li key={l.id}>
            <input className="input" readOnly value={l.url} aria-label={t('notifications.share.linkLabel')} data-testid="review-link-url" />
            <span className="muted"> {t('notifications.share.expires', { date: date(l.expiresAt) })} </span>
            <CopyButton text={l.url} label={t('notifications.share.copy')} />
            <Button size="small" variant="danger" onClick={() => share.mutate({ revoke: l.id })}>
              {t('notifications.share.revoke')}
            </Button>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
