import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useId, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { useCalendar, type ContentItem } from '../../../shared/content/content-items';
import { formatTime, formatWith } from '../../../shared/lib/dates';
import { addDays, dayKey, isoWithOffset, moveToDay, weekdayIndex } from '../../../shared/lib/zoned-time';
import { useMe } from '../../../shared/session/me';
import { Button, buttonClassName } from '../../../shared/ui/Button';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Page } from '../../../shared/ui/Page';
import { PlatformIcon } from '../../../shared/ui/PlatformIcon';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { useToast } from '../../../shared/ui/toast-store';
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

/** Only what has not started publishing can move. */
export function isMovable(item: ContentItem): boolean {
  return item.status === 'scheduled' || item.status === 'draft' || item.status === 'paused';
}

/** Alt + arrows move a post: a day left or right, a week up or down. */
export function keyboardMoveDays(event: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): number | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  switch (event.key) {
    case 'ArrowLeft':
      return -1;
    case 'ArrowRight':
      return 1;
    case 'ArrowUp':
      return -7;
    case 'ArrowDown':
      return 7;
    default:
      return null;
  }
}

function CalendarItem({
  item,
  timeZone,
  hintId,
  onOpen,
  onKeyboardMove,
}: {
  item: ContentItem;
  timeZone: string;
  hintId: string;
  onOpen: () => void;
  onKeyboardMove: (days: number) => void;
}) {
  const { t } = useTranslation();
  const movable = isMovable(item);
  const platforms = [...new Set(item.targets.map((target) => target.platform))];
  return (
    <button
      type="button"
      data-item-id={item.id}
      draggable={movable}
      className={`calendar-item calendar-item--${item.status}`}
      aria-describedby={movable ? hintId : undefined}
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, item.id);
        event.dataTransfer.setData('text/plain', item.id);
        event.dataTransfer.effectAllowed = 'move';
      }}
      onKeyDown={(event) => {
        const days = movable ? keyboardMoveDays(event) : null;
        if (days === null) return;
        event.preventDefault();
        onKeyboardMove(days);
      }}
      onClick={onOpen}
    >
      {/* Fixed size whether or not there is a poster frame: nothing moves when it loads. */}
      {item.thumbnailUrl ? (
        <img className="calendar-item-thumb" src={item.thumbnailUrl} alt="" width={28} height={28} loading="lazy" decoding="async" />
      ) : (
        <span className="calendar-item-thumb calendar-item-thumb--none" aria-hidden="true" />
      )}
      <span className="calendar-item-text">
        <span className="calendar-item-time">{item.scheduledAt ? formatTime(item.scheduledAt, timeZone) : ''}</span>{' '}
        <span className="calendar-item-title">{item.title || item.caption.slice(0, 40) || t('content.untitled')}</span>
      </span>
      <span className="calendar-item-platforms">
        {platforms.map((platform) => (
          <PlatformIcon key={platform} platform={platform} />
        ))}
      </span>
      <span className="visually-hidden">{t('calendar.itemStatus', { status: t(`content.status.${item.status}`) })}</span>
    </button>
  );
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
  const toast = useToast();
  const hintId = useId();
  // A post moved with the keyboard lands in another cell (a new element): focus follows it there.
  const [focusAfterMove, setFocusAfterMove] = useState<{ id: string; day: string } | null>(null);
  useEffect(() => {
    if (!focusAfterMove) return;
    const moved = [...document.querySelectorAll<HTMLElement>(`[data-day="${focusAfterMove.day}"] [data-item-id]`)].find(
      (element) => element.dataset.itemId === focusAfterMove.id,
    );
    if (!moved) return;
    moved.focus();
    setFocusAfterMove(null);
    // The optimistic update (or the rollback) changes the data: that is when the item lands.
  }, [focusAfterMove, calendar.data]);

  const byDay = new Map<string, ContentItem[]>();
  for (const item of calendar.data?.items ?? []) {
    if (!item.scheduledAt) continue;
    const key = dayKey(new Date(item.scheduledAt), timeZone);
    byDay.set(
      key,
      [...(byDay.get(key) ?? []), item].sort((a, b) => (a.scheduledAt ?? '').localeCompare(b.scheduledAt ?? '')),
    );
  }

  function move(item: ContentItem, day: string) {
    const from = item.scheduledAt ? dayKey(new Date(item.scheduledAt), timeZone) : null;
    if (!item.scheduledAt || from === day) return;
    const next = moveToDay(new Date(item.scheduledAt), day, timeZone);
    const dayName = formatWith(dayDate(day), { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
    reschedule.mutate(
      { item, scheduledAt: isoWithOffset(next, timeZone), timeZone },
      {
        onSuccess: () => toast.success(t('calendar.rescheduled'), t('calendar.movedTo', { day: dayName })),
        // Back on its day: a keyboard user's focus goes back with it.
        onError: () => setFocusAfterMove((pending) => (pending?.id === item.id && from ? { id: item.id, day: from } : pending)),
      },
    );
  }

  function moveBy(item: ContentItem, days: number) {
    if (!item.scheduledAt) return;
    const target = addDays(dayKey(new Date(item.scheduledAt), timeZone), days);
    // Leaving the visible days: show the period the post went to.
    if (!visibleDays(view, anchor).includes(target)) setAnchor(target);
    move(item, target);
    setFocusAfterMove({ id: item.id, day: target });
  }

  function onDrop(event: DragEvent<HTMLElement>, day: string) {
    event.preventDefault();
    setDropTarget(null);
    const id = event.dataTransfer.getData(DRAG_TYPE) || event.dataTransfer.getData('text/plain');
    const item = calendar.data?.items.find((candidate) => candidate.id === id);
    if (item) move(item, day);
  }

  const weeks = Array.from({ length: Math.ceil(days.length / 7) }, (_, index) => days.slice(index * 7, index * 7 + 7));

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
        <Link to="/compose" className={buttonClassName({ variant: 'primary' })}>
          {t('composer.newPost')}
        </Link>
      }
    >
      <div className="calendar-toolbar">
        <Button size="small" onClick={() => step(-1)} aria-label={t('calendar.previous')}>
          ‹
        </Button>
        <Button size="small" onClick={() => setAnchor(today)}>
          {t('calendar.today')}
        </Button>
        <Button size="small" onClick={() => step(1)} aria-label={t('calendar.next')}>
          ›
        </Button>
        <h2 className="calendar-heading">{heading}</h2>
        <div className="segmented" role="group" aria-label={t('calendar.view')}>
          {(['month', 'week'] as const).map((value) => (
            <Button key={value} size="small" variant={view === value ? 'primary' : 'ghost'} aria-pressed={view === value} onClick={() => setView(value)}>
              {t(`calendar.views.${value}`)}
            </Button>
          ))}
        </div>
        <span className="calendar-zone">
          {calendar.data && calendar.data.items.length === 0 ? <span className="calendar-empty">{t('calendar.empty')} </span> : null}
          {t('calendar.timeZone', { timeZone: timeZone.replaceAll('_', ' ') })}
        </span>
      </div>
      <p id={hintId} className="visually-hidden">
        {t('calendar.moveHint')}
      </p>
      {reschedule.isError ? <ErrorNotice title={t('calendar.rescheduleFailed')}>{describeError(reschedule.error)}</ErrorNotice> : null}
      {calendar.isError && !calendar.data ? (
        <ErrorNotice title={t('calendar.loadFailed')} onRetry={() => void calendar.refetch()}>
          {describeError(calendar.error)}
        </ErrorNotice>
      ) : null}
      <div className={`calendar-grid calendar-grid--${view}`} role="grid" aria-label={heading} aria-busy={calendar.isPending || undefined}>
        <div role="row" className="calendar-row">
          {days.slice(0, 7).map((day) => (
            <div key={`h-${day}`} className="calendar-weekday" role="columnheader">
              {formatWith(dayDate(day), { weekday: 'short', timeZone: 'UTC' })}
            </div>
          ))}
        </div>
        {weeks.map((week) => (
          <div key={week[0]} role="row" className="calendar-row">
            {week.map((day) => (
              <div
                key={day}
                role="gridcell"
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
                {/* The cell is named by its content (axe: label-content-name-mismatch): the full date for screen readers, the number on screen. */}
                <span className="calendar-day-number">
                  <span aria-hidden="true">{Number(day.slice(8))}</span>
                  <span className="visually-hidden">{formatWith(dayDate(day), { dateStyle: 'full', timeZone: 'UTC' })}</span>
                </span>
                {calendar.isPending ? <Skeleton width="80%" /> : null}
                <ul className="calendar-items">
                  {(byDay.get(day) ?? []).map((item) => (
                    <li key={item.id}>
                      <CalendarItem
                        item={item}
                        timeZone={timeZone}
                        hintId={hintId}
                        onOpen={() => void navigate({ to: '/posts/$id', params: { id: item.id } })}
                        onKeyboardMove={(days) => moveBy(item, days)}
                      />
                    </li>
                  ))}
                </ul>
              </div>
            ))}
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
