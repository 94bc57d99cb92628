import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../shared/api/errors';
import { PLATFORM_LABELS } from '../../../shared/content/accounts';
import { useCalendar, type ContentItem } from '../../../shared/content/content-items';
import { formatTime, formatWith } from '../../../shared/lib/dates';
import { addDays, dayKey, isoWithOffset, moveToDay, weekdayIndex } from '../../../shared/lib/zoned-time';
import { useMe } from '../../../shared/session/me';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Page } from '../../../shared/ui/Page';
import { useReschedule } from '../api/reschedule';

type View = 'month' | 'week';
const DRAG_TYPE = 'application/x-mwr-content-item';

/** The days shown: whole weeks (Monday first) around the month, or one week. */
export function visibleDays(view: View, anchor: string): string[] {
  let first: string;
  let count: number;
  if (view === 'week') {
    first = addDays(anchor, -weekdayIndex(anchor));
    count = 7;
  } else {
    const monthStart = `${anchor.slice(0, 8)}01`;
    first = addDays(monthStart, -weekdayIndex(monthStart));
    const nextMonth = addDays(`${addDays(monthStart, 32).slice(0, 8)}01`, 0);
    const last = addDays(nextMonth, -1);
    const end = addDays(last, 6 - weekdayIndex(last));
    count = Math.round((Date.parse(end) - Date.parse(first)) / 86_400_000) + 1;
  }
  return Array.from({ length: count }, (_, index) => addDays(first, index));
}

function dayDate(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}

interface CalendarScreenProps {
  workspaceId: string;
  timeZone: string;
  /** "YYYY-MM-DD" in the workspace's time zone; tests pin it. */
  initialDay?: string;
}

export function CalendarScreen({ workspaceId, timeZone, initialDay }: CalendarScreenProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const today = dayKey(new Date(), timeZone);
  const [view, setView] = useState<View>('month');
  const [anchor, setAnchor] = useState(initialDay ?? today);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const days = visibleDays(view, anchor);
  const fromDate = days[0] ?? anchor;
  const toDate = days[days.length - 1] ?? anchor;
  const calendar = useCalendar(workspaceId, fromDate, toDate);
  const reschedule = useReschedule(workspaceId, fromDate, toDate);

  const byDay = new Map<string, ContentItem[]>();
  for (const item of calendar.data?.items ?? []) {
    if (!item.scheduledAt) continue;
    const key = dayKey(new Date(item.scheduledAt), timeZone);
    byDay.set(key, [...(byDay.get(key) ?? []), item].sort((a, b) => (a.scheduledAt ?? '').localeCompare(b.scheduledAt ?? '')));
  }

  function move(item: ContentItem, day: string) {
    if (!item.scheduledAt || dayKey(new Date(item.scheduledAt), timeZone) === day) return;
    const next = moveToDay(new Date(item.scheduledAt), day, timeZone);
    reschedule.mutate({ item, scheduledAt: isoWithOffset(next, timeZone), timeZone });
  }

  function onDrop(event: DragEvent<HTMLElement>, day: string) {
    event.preventDefault();
    setDropTarget(null);
    const id = event.dataTransfer.getData(DRAG_TYPE) || event.dataTransfer.getData('text/plain');
    const item = calendar.data?.items.find((candidate) => candidate.id === id);
    if (item) move(item, day);
  }

  const step = (direction: 1 | -1) =>
    setAnchor((current) => (view === 'week' ? addDays(current, 7 * direction) : `${addDays(`${current.slice(0, 8)}01`, direction * 31).slice(0, 8)}01`));
  const heading =
    view === 'month'
      ? formatWith(dayDate(`${anchor.slice(0, 8)}15`), { month: 'long', year: 'numeric', timeZone: 'UTC' })
      : `${formatWith(dayDate(fromDate), { day: 'numeric', month: 'short', timeZone: 'UTC' })} – ${formatWith(dayDate(toDate), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })}`;

  return (
    <Page
      title={t('nav.calendar')}
      description={t('calendar.description')}
      actions={
        <Link to="/compose" className="button button--primary">
          {t('composer.newPost')}
        </Link>
      }
    >
      <div className="calendar-toolbar">
        <button type="button" className="button button--secondary button--small" onClick={() => step(-1)} aria-label={t('calendar.previous')}>
          ‹
        </button>
        <button type="button" className="button button--secondary button--small" onClick={() => setAnchor(today)}>
          {t('calendar.today')}
        </button>
        <button type="button" className="button button--secondary button--small" onClick={() => step(1)} aria-label={t('calendar.next')}>
          ›
        </button>
        <h2 className="calendar-heading">{heading}</h2>
        <div className="segmented" role="group" aria-label={t('calendar.view')}>
          {(['month', 'week'] as const).map((value) => (
            <button
              key={value}
              type="button"
              className={`button button--small ${view === value ? 'button--primary' : 'button--ghost'}`}
              aria-pressed={view === value}
              onClick={() => setView(value)}
            >
              {t(`calendar.views.${value}`)}
            </button>
          ))}
        </div>
        <span className="calendar-zone">{t('calendar.timeZone', { timeZone: timeZone.replaceAll('_', ' ') })}</span>
      </div>
      {reschedule.isError ? (
        <ErrorNotice title={t('calendar.rescheduleFailed')}>{describeError(reschedule.error)}</ErrorNotice>
      ) : null}
      {calendar.isError && !calendar.data ? (
        <ErrorNotice title={t('calendar.loadFailed')} onRetry={() => void calendar.refetch()}>
          {describeError(calendar.error)}
        </ErrorNotice>
      ) : null}
      <div className={`calendar-grid calendar-grid--${view}`} role="grid" aria-label={heading} aria-busy={calendar.isPending || undefined}>
        {days.slice(0, 7).map((day) => (
          <div key={`h-${day}`} className="calendar-weekday" role="columnheader">
            {formatWith(dayDate(day), { weekday: 'short', timeZone: 'UTC' })}
          </div>
        ))}
        {days.map((day) => (
          <div
            key={day}
            role="gridcell"
            aria-label={formatWith(dayDate(day), { dateStyle: 'full', timeZone: 'UTC' })}
            data-day={day}
            className={`calendar-day${day === today ? ' calendar-day--today' : ''}${day.slice(0, 7) !== anchor.slice(0, 7) && view === 'month' ? ' calendar-day--outside' : ''}${dropTarget === day ? ' calendar-day--drop' : ''}`}
            onDragOver={(event) => {
              event.preventDefault();
              event.dataTransfer.dropEffect = 'move';
              setDropTarget(day);
            }}
            onDragLeave={() => setDropTarget((current) => (current === day ? null : current))}
            onDrop={(event) => onDrop(event, day)}
          >
            <span className="calendar-day-number">{Number(day.slice(8))}</span>
            <ul className="calendar-items">
              {(byDay.get(day) ?? []).map((item) => (
                <li key={item.id}>
                  <button
                    type="button"
                    draggable={item.status === 'scheduled' || item.status === 'draft' || item.status === 'paused'}
                    className={`calendar-item status-chip--${item.status}`}
                    onDragStart={(event) => {
                      event.dataTransfer.setData(DRAG_TYPE, item.id);
                      event.dataTransfer.setData('text/plain', item.id);
                      event.dataTransfer.effectAllowed = 'move';
                    }}
                    onClick={() => void navigate({ to: '/posts/$id', params: { id: item.id } })}
                    title={t(`content.status.${item.status}`)}
                  >
                    <span className="calendar-item-time">{item.scheduledAt ? formatTime(item.scheduledAt, timeZone) : ''}</span>{' '}
                    <span className="calendar-item-title">{item.title || item.caption.slice(0, 40) || t('content.untitled')}</span>
                    <span className="calendar-item-platforms">
                      {[...new Set(item.targets.map((target) => target.platform))].map((platform) => (
                        <span key={platform} className={`platform-badge platform-badge--${platform}`}>
                          {PLATFORM_LABELS[platform]}
                        </span>
                      ))}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </Page>
  );
}

/** /calendar: month and week views in the workspace's time zone; drag a post to another day to move it. */
export function CalendarPage() {
  const { data: me } = useMe();
  const { t } = useTranslation();
  if (!me.workspace) {
    return (
      <Page title={t('nav.calendar')} description={t('calendar.description')}>
        <p className="muted">{t('common.notInWorkspace')}</p>
      </Page>
    );
  }
  return <CalendarScreen key={me.workspace.id} workspaceId={me.workspace.id} timeZone={me.workspace.timeZone} />;
}
