import { useTranslation } from 'react-i18next';

import type { PublicationDetail } from '../../../shared/content/content-items';
import { formatWith } from '../../../shared/lib/dates';
import { buildPostStory, storyLine } from './post-story';

interface PostStoryProps {
  detail: PublicationDetail;
  /** The platform's display name ("TikTok"). */
  platform: string;
  timeZone: string;
  /** Admins (and owners) can open the raw event log under the story. */
  showRawLog: boolean;
}

/** One publication's story in plain words, then (for admins) the raw `job_events` one click away. */
export function PostStory({ detail, platform, timeZone, showRawLog }: PostStoryProps) {
  const { t } = useTranslation();
  const steps = buildPostStory(detail);
  return (
    <div className="post-story">
      <h3 className="form-section-title">{t('history.story.heading')}</h3>
      {steps.length === 0 ? (
        <p className="muted">{t('history.story.nothingYet')}</p>
      ) : (
        <ol className="post-story-steps">
          {steps.map((step, index) => (
            <li key={`${step.kind}-${index}`}>
              {storyLine(step, t, { platform, timeZone })}
              {step.kind === 'posted' && step.permalink ? (
                <>
                  {', '}
                  <a href={step.permalink} target="_blank" rel="noreferrer">
                    {t('history.story.viewOn', { platform })}
                  </a>
                </>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {showRawLog && detail.timeline.length > 0 ? (
        <details className="post-story-raw">
          <summary>{t('history.story.rawLog')}</summary>
          <ol className="timeline">
            {detail.timeline.map((event) => (
              <li key={event.id}>
                <time dateTime={event.at}>{formatWith(new Date(event.at), { timeZone, dateStyle: 'short', timeStyle: 'medium' })}</time>{' '}
                <span className="mono">{event.type}</span>
                {event.fromStatus || event.toStatus ? (
                  <span className="muted">
                    {' '}
                    {event.fromStatus ?? '∅'} → {event.toStatus ?? '∅'}
                  </span>
                ) : null}
                {event.message ? <span> — {event.message}</span> : null}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </div>
  );
}
