import { Link } from '@tanstack/react-router';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useMarkNotificationsRead, useNotifications, type AppNotification } from '../../../shared/notifications/notifications';
import { Button } from '../../../shared/ui/Button';

import './notifications.css';

/** The words of one notification, in the reader's language. */
export function useNotificationText() {
  const { t } = useTranslation();
  return (n: AppNotification): string => {
    const post = n.itemTitle ? `“${n.itemTitle}”` : t('notifications.bell.aPost');
    const actor = n.actor?.name ?? t('notifications.bell.someone');
    const account = typeof n.data.accountName === 'string' ? n.data.accountName : '';
    // trend_spike (issue 33): the watch-list term or trend that spiked.
    const term = typeof n.data.term === 'string' ? n.data.term : '';
    if (n.event === 'client_decided')
      return t(n.data.decision === 'approved' ? 'notifications.event.client_decided_approved' : 'notifications.event.client_decided_changes_requested', {
        post,
      });
    return t(`notifications.event.${n.event}`, { post, actor, account, term });
  };
}

/**
 * The bell (issue 25): the unread count on the button, the latest notifications in a panel that
 * opens below it, each a link to its post, "Mark all read". The list is live: the event stream's
 * NOTIFICATIONS_CHANGED refetches it.
 */
export function NotificationBell({ workspaceId }: { workspaceId: string }) {
  const { t, i18n } = useTranslation();
  const { data, isError } = useNotifications(workspaceId);
  const markRead = useMarkNotificationsRead(workspaceId);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const headingId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const text = useNotificationText();
  const unread = data?.unread ?? 0;

  useEffect(() => {
    if (!open) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [open]);

  const time = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

  return (
    <div className="notification-bell">
      <button
        ref={buttonRef}
        type="button"
        className="button button--ghost notification-bell__button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={unread > 0 ? t('notifications.bell.labelUnread', { count: unread }) : t('notifications.bell.label')}
        data-testid="notification-bell"
        onClick={() => setOpen((o) => !o)}
      >
        <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.73 21a2 2 0 0 1-3.46 0" />
        </svg>
        {unread > 0 ? (
          <span className="notification-bell__count" data-testid="notification-count" aria-hidden="true">
            {unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <section className="notification-bell__panel" id={panelId} aria-labelledby={headingId}>
          <header className="notification-bell__header">
            <h2 id={headingId}>{t('notifications.bell.title')}</h2>
            {unread > 0 ? (
              <Button size="small" variant="ghost" loading={markRead.isPending} onClick={() => markRead.mutate(undefined)}>
                {t('notifications.bell.markAllRead')}
              </Button>
            ) : null}
          </header>
          {isError ? <p className="muted">{t('notifications.bell.loadFailed')}</p> : null}
          {data && data.items.length === 0 ? <p className="muted">{t('notifications.bell.empty')}</p> : null}
          <ul className="notification-bell__list">
            {data?.items.map((n) => (
              <li key={n.id} className={n.read ? 'notification' : 'notification notification--unread'} data-testid="notification-item">
                {n.contentItemId ? (
                  <Link
                    to="/posts/$id"
                    params={{ id: n.contentItemId }}
                    onClick={() => {
                      if (!n.read) markRead.mutate([n.id]);
                      setOpen(false);
                    }}
                  >
                    {text(n)}
                  </Link>
                ) : (
                  <span>{text(n)}</span>
                )}
                <time dateTime={n.createdAt} className="muted">
                  {time(n.createdAt)}
                </time>
                {!n.read ? (
                  <Button size="small" variant="ghost" onClick={() => markRead.mutate([n.id])}>
                    {t('notifications.bell.markRead')}
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
