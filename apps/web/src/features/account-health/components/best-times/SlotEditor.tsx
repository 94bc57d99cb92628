import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { errorMessage } from '../../../../shared/api/errors';
import {
  useCreateQueueSlot,
  useDeleteQueueSlot,
  useQueueSlots,
  useSlotSuggestions,
  useUpdateQueueSlot,
  weekdayKey,
  type QueueSlot,
} from '../../../../shared/best-times/best-times';

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;

function WeekdaySelect({ id, value, onChange }: { id: string; value: number; onChange: (weekday: number) => void }) {
  const { t } = useTranslation();
  return (
    <select id={id} className="input" value={value} onChange={(e) => onChange(Number(e.target.value))}>
      {WEEKDAYS.map((d) => (
        <option key={d} value={d}>
          {t(`bestTimes.weekdays.${weekdayKey(d)}`)}
        </option>
      ))}
    </select>
  );
}

function SlotRow({ slot, workspaceId, accountId }: { slot: QueueSlot; workspaceId: string; accountId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [weekday, setWeekday] = useState(slot.weekday);
  const [time, setTime] = useState(slot.time);
  const update = useUpdateQueueSlot(workspaceId, accountId);
  const remove = useDeleteQueueSlot(workspaceId, accountId);
  const changed = weekday !== slot.weekday || time !== slot.time;
  const day = t(`bestTimes.weekdays.${weekdayKey(slot.weekday)}`);
  return (
    <li className="slot-row" data-testid="queue-slot">
      <label className="visually-hidden" htmlFor={`${id}-day`}>
        {t('bestTimes.slots.weekday')}
      </label>
      <WeekdaySelect id={`${id}-day`} value={weekday} onChange={setWeekday} />
      <label className="visually-hidden" htmlFor={`${id}-time`}>
        {t('bestTimes.slots.time')}
      </label>
      <input id={`${id}-time`} className="input" type="time" value={time} onChange={(e) => setTime(e.target.value)} />
      <span
        className={`badge${slot.origin === 'explore' ? ' badge--explore' : ''}`}
        title={slot.origin === 'explore' ? t('bestTimes.slots.exploreHint') : undefined}
      >
        {t(`bestTimes.slots.origin.${slot.origin}`)}
      </span>
      <button
        type="button"
        className="button button--secondary"
        disabled={!changed || update.isPending || !/^\d{2}:\d{2}$/.test(time)}
        onClick={() => update.mutate({ id: slot.id, patch: { weekday, time } })}
      >
        {t('bestTimes.slots.save')}
      </button>
      <button
        type="button"
        className="button button--ghost"
        aria-label={t('bestTimes.slots.remove', { day, time: slot.time })}
        disabled={remove.isPending}
        onClick={() => remove.mutate(slot.id)}
      >
        ×
      </button>
      {update.isError ? (
        <p className="form-errors" role="alert">
          {errorMessage(update.error, t)}
        </p>
      ) : null}
    </li>
  );
}

/** An account's posting slots: edit, remove, add by hand or from the suggestions (explore ones labelled). */
export function SlotEditor({ workspaceId, accountId }: { workspaceId: string; accountId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const slots = useQueueSlots(workspaceId, accountId);
  const suggestions = useSlotSuggestions(workspaceId, accountId);
  const create = useCreateQueueSlot(workspaceId, accountId);
  const [weekday, setWeekday] = useState(0);
  const [time, setTime] = useState('18:00');

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ accountId, weekday, time });
  }

  const s = suggestions.data;
  return (
    <section className="slot-editor" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="best-times-subtitle">
        {t('bestTimes.slots.title')}
      </h3>
      {slots.data ? <p className="muted">{t('bestTimes.slots.intro', { timeZone: slots.data.timeZone.replaceAll('_', ' ') })}</p> : null}
      {slots.data && slots.data.items.length === 0 ? <p className="muted">{t('bestTimes.slots.empty')}</p> : null}
      <ul className="slot-list" aria-label={t('bestTimes.slots.title')}>
        {slots.data?.items.map((slot) => (
          <SlotRow key={`${slot.id}-${slot.weekday}-${slot.time}`} slot={slot} workspaceId={workspaceId} accountId={accountId} />
        ))}
      </ul>
      <form className="slot-add" onSubmit={add}>
        <label className="form-label" htmlFor={`${id}-day`}>
          {t('bestTimes.slots.weekday')}
        </label>
        <WeekdaySelect id={`${id}-day`} value={weekday} onChange={setWeekday} />
        <label className="form-label" htmlFor={`${id}-time`}>
          {t('bestTimes.slots.time')}
        </label>
        <input id={`${id}-time`} className="input" type="time" value={time} onChange={(e) => setTime(e.target.value)} required />
        <button type="submit" className="button" disabled={create.isPending}>
          {t('bestTimes.slots.add')}
        </button>
      </form>
      {create.isError ? (
        <p className="form-errors" role="alert">
          {errorMessage(create.error, t)}
        </p>
      ) : null}
      <h4 className="best-times-subtitle">{t('bestTimes.slots.suggestions')}</h4>
      {s ? (
        <>
          <p className="muted">
            {s.morePostsNeeded > 0
              ? t('bestTimes.slots.suggestionsIntro', { percent: s.explorePercent, count: s.morePostsNeeded })
              : t('bestTimes.slots.suggestionsIntroReady', { percent: s.explorePercent })}
          </p>
          {s.items.length === 0 ? <p className="muted">{t('bestTimes.slots.noSuggestions')}</p> : null}
          <ul className="slot-suggestions">
            {s.items.map((item) => {
              const day = t(`bestTimes.weekdays.${weekdayKey(item.weekday)}`);
              return (
                <li key={`${item.weekday}-${item.time}`} data-testid="slot-suggestion">
                  <span
                    className={`badge${item.kind === 'explore' ? ' badge--explore' : ''}`}
                    title={item.kind === 'explore' ? t('bestTimes.slots.exploreHint') : undefined}
                  >
                    {t(`bestTimes.slots.origin.${item.kind}`)}
                  </span>{' '}
                  {item.alreadySlot ? (
                    <span className="muted">
                      {day} {item.time} — {t('bestTimes.slots.already')}
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="button button--secondary"
                      disabled={create.isPending}
                      onClick={() => create.mutate({ accountId, weekday: item.weekday, time: item.time, origin: item.kind })}
                    >
                      {t('bestTimes.slots.take', { day, time: item.time })}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </section>
  );
}
