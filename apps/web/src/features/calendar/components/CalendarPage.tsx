import * as Popover from '@radix-ui/react-popover';
import { Link } from '@tanstack/react-router';
import { useEffect, useId, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { shownContentStatus } from '@mwr/domain';

import { describeError } from '../../../shared/api/errors';
import { useCalendar, useQueue, type ContentItem } from '../../../shared/content/content-items';
import { formatTime, formatWith } from '../../../shared/lib/dates';
import { addDays, dayKey, instantOf, isoWithOffset, moveToDay, wallClockAt, weekdayIndex } from '../../../shared/lib/zoned-time';
import { useMe } from '../../../shared/session/me';
import { Button, buttonClassName } from '../../../shared/ui/Button';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Page } from '../../../shared/ui/Page';
import { PlatformIcon } from '../../../shared/ui/PlatformIcon';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { useToast } from '../../../shared/ui/toast-store';
import { PostActions } from '../../posts/components/PostActions';
import { useReschedule } from '../api/reschedule';

import './calendar-manage.css';

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

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/** The same minutes of the hour, on another day and hour of the workspace's clock: a drop on the week view's hour grid. */
export function moveToSlot(instant: Date, day: string, hour: number, timeZone: string): Date {
  const clock = wallClockAt(instant, timeZone);
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return instantOf({ ...clock, year, month, day: date, hour }, timeZone);
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
  workspaceId,
  timeZone,
  hintId,
  onKeyboardMove,
}: {
  item: ContentItem;
  workspaceId: string;
  timeZone: string;
  hintId: string;
  onKeyboardMove: (days: number) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const movable = isMovable(item);
  const platforms = [...new Set(item.targets.map((target) => target.platform))];
  const status = shownContentStatus(
    item.status,
    item.publications.map((publication) => publication.status),
  );
  const title = item.title || item.caption.slice(0, 40) || t('content.untitled');
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>
        <button
          type="button"
          data-item-id={item.id}
          draggable={movable}
          className={`calendar-item calendar-item--${status}`}
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
          <span className="visually-hidden">{t('calendar.itemStatus', { status: t(`content.status.${status}`) })}</span>
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="calendar-popover" align="start" sideOffset={6} collisionPadding={8} aria-label={t('manage.calendar.details', { title })}>
          <p className="calendar-popover-title">{title}</p>
          <p className="calendar-popover-meta">
            <span className={`status-chip status-chip--${status}`}>{t(`content.status.${status}`)}</span>{' '}
            {item.scheduledAt ? <time dateTime={item.scheduledAt}>{formatTime(item.scheduledAt, timeZone)}</time> : null}
          </p>
          <Link to="/posts/$id" params={{ id: item.id }} className="button button--primary button--small calendar-popover-open">
            {t('manage.actions.open')}
          </Link>
          <PostActions item={item} workspaceId={workspaceId} onDone={() => setOpen(false)} />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
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
  const today = dayKey(new Date(), timeZone);
  const [view, setView] = useState<View>('month');
  const [anchor, setAnchor] = useState(initialDay ?? today);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const days = visibleDays(view, anchor);
  const fromDate = days[0] ?? anchor;
  const toDate = days[days.length - 1] ?? anchor;
  const calendar = useCalendar(workspaceId, fromDate, toDate);
  // Drafts without a time have no day: they wait in a tray beside the grid.
  const drafts = useQueue(workspaceId, { state: 'draft' });
  const unscheduled = (drafts.data?.pages.flatMap((page) => page.items) ?? []).filter((item) => !item.scheduledAt);
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

  function move(item: ContentItem, day: string, hour?: number) {
    const from = item.scheduledAt ? dayKey(new Date(item.scheduledAt), timeZone) : null;
    // A draft without a time lands at 09:00 (or the hour dropped on) of that day.
    const [year, month, date] = day.split('-').map(Number) as [number, number, number];
    const at = item.scheduledAt ? new Date(item.scheduledAt) : instantOf({ year, month, day: date, hour: hour ?? 9, minute: 0, second: 0 }, timeZone);
    if (from === day && (hour === undefined || hour === wallClockAt(at, timeZone).hour)) return;
    const next = hour === undefined ? moveToDay(at, day, timeZone) : moveToSlot(at, day, hour, timeZone);
    // A past slot is refused here, before asking the API (a draft may keep a past time, but not be moved to one).
    if (next.getTime() <= Date.now()) {
      setRefused(t('manage.calendar.pastSlot'));
      if (from) setFocusAfterMove((pending) => (pending?.id === item.id ? { id: item.id, day: from } : pending));
      return;
    }
    setRefused(null);
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

  function onDrop(event: DragEvent<HTMLElement>, day: string, hour?: number) {
    event.preventDefault();
    setDropTarget(null);
    const id = event.dataTransfer.getData(DRAG_TYPE) || event.dataTransfer.getData('text/plain');
    const item = [...(calendar.data?.items ?? []), ...unscheduled].find((candidate) => candidate.id === id);
    if (item) move(item, day, hour);
  }

  const dropHandlers = (day: string, slot: string, hour?: number) => ({
    onDragOver: (event: DragEvent<HTMLElement>) => {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      setDropTarget(slot);
    },
    onDragLeave: () => setDropTarget((current) => (current === slot ? null : current)),
    onDrop: (event: DragEvent<HTMLElement>) => onDrop(event, day, hour),
  });

  const itemList = (items: readonly ContentItem[]) => (
    <ul className="calendar-items">
      {items.map((item) => (
        <li key={item.id}>
          <CalendarItem item={item} workspaceId={workspaceId} timeZone={timeZone} hintId={hintId} onKeyboardMove={(days) => moveBy(item, days)} />
        </li>
      ))}
    </ul>
  );
  const hourOf = (item: ContentItem) => (item.scheduledAt ? wallClockAt(new Date(item.scheduledAt), timeZone).hour : 0);
  const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

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
      {refused ? <ErrorNotice title={t('calendar.rescheduleFailed')}>{refused}</ErrorNotice> : null}
      {reschedule.isError ? <ErrorNotice title={t('calendar.rescheduleFailed')}>{describeError(reschedule.error)}</ErrorNotice> : null}
      {calendar.isError && !calendar.data ? (
        <ErrorNotice title={t('calendar.loadFailed')} onRetry={() => void calendar.refetch()}>
          {describeError(calendar.error)}
        </ErrorNotice>
      ) : null}
      {unscheduled.length > 0 ? (
        <section className="calendar-unscheduled" aria-labelledby={`${hintId}-unscheduled`}>
          <h2 id={`${hintId}-unscheduled`} className="calendar-unscheduled-title">
            {t('manage.calendar.unscheduled')}
          </h2>
          <p className="muted calendar-unscheduled-hint">{t('manage.calendar.unscheduledHint')}</p>
          {itemList(unscheduled)}
        </section>
      ) : null}
      <div
        className={`calendar-grid calendar-grid--${view}${view === 'week' ? ' calendar-grid--hours' : ''}`}
        role="grid"
        aria-label={heading}
        aria-busy={calendar.isPending || undefined}
      >
        <div role="row" className="calendar-row">
          {view === 'week' ? (
            <div className="calendar-weekday calendar-hour-corner" role="columnheader">
              <span className="visually-hidden">{t('manage.calendar.hours')}</span>
            </div>
          ) : null}
          {days.slice(0, 7).map((day) => (
            <div key={`h-${day}`} className={`calendar-weekday${view === 'week' && day === today ? ' calendar-weekday--today' : ''}`} role="columnheader">
              {formatWith(dayDate(day), { weekday: 'short', timeZone: 'UTC' })}
              {view === 'week' ? ` ${Number(day.slice(8))}` : null}
            </div>
          ))}
        </div>
        {view === 'week'
          ? HOURS.map((hour) => (
              <div key={`hour-${hour}`} role="row" className="calendar-row">
                <div role="rowheader" className="calendar-hour">
                  {hourLabel(hour)}
                </div>
                {days.map((day) => {
                  const slot = `${day}T${hour}`;
                  return (
                    <div
                      key={slot}
                      role="gridcell"
                      data-day={day}
                      data-hour={hour}
                      className={`calendar-day calendar-slot${day === today ? ' calendar-day--today' : ''}${dropTarget === slot ? ' calendar-day--drop' : ''}`}
                      {...dropHandlers(day, slot, hour)}
                    >
                      {/* Named by its content (axe: label-content-name-mismatch): the day and hour for screen readers. */}
                      <span className="visually-hidden">{`${formatWith(dayDate(day), { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' })} ${hourLabel(hour)}`}</span>
                      {calendar.isPending && hour === 9 ? <Skeleton width="80%" /> : null}
                      {itemList((byDay.get(day) ?? []).filter((item) => hourOf(item) === hour))}
                    </div>
                  );
                })}
              </div>
            ))
          : weeks.map((week) => (
              <div key={week[0]} role="row" className="calendar-row">
                {week.map((day) => (
                  <div
                    key={day}
                    role="gridcell"
                    data-day={day}
                    className={`calendar-day${day === today ? ' calendar-day--today' : ''}${day.slice(0, 7) !== anchor.slice(0, 7) ? ' calendar-day--outside' : ''}${dropTarget === day ? ' calendar-day--drop' : ''}`}
                    {...dropHandlers(day, day)}
                  >
                    {/* The cell is named by its content (axe: label-content-name-mismatch): the full date for screen readers, the number on screen. */}
                    <span className="calendar-day-number">
                      <span aria-hidden="true">{Number(day.slice(8))}</span>
                      <span className="visually-hidden">{formatWith(dayDate(day), { dateStyle: 'full', timeZone: 'UTC' })}</span>
                    </span>
                    {calendar.isPending ? <Skeleton width="80%" /> : null}
                    {itemList(byDay.get(day) ?? [])}
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
