import type { TFunction } from 'i18next';

import type { PublicationDetail } from '../../../shared/content/content-items';
import { formatBytes } from '../../../shared/i18n/format';
import { currentLocale } from '../../../shared/i18n/i18n';
import { formatWith } from '../../../shared/lib/dates';

type TimelineEvent = PublicationDetail['timeline'][number];

/** Why the platform made us try again, as the publishers classify vendor errors (docs/house-style.md). */
export type RetryReason = 'temporary' | 'rate_limited' | 'auth_expired' | 'unknown';

/**
 * One plain step of a publication's story, built from its `job_events` (the API's timeline).
 * Times are ISO instants; durations in milliseconds.
 */
export type StoryStep =
  | { kind: 'waitingToStart'; runAt: string }
  | { kind: 'uploading'; since: string }
  | { kind: 'uploaded'; at: string; bytes: number | null; durationMs: number }
  | { kind: 'processing'; since: string }
  | { kind: 'processed'; at: string; durationMs: number }
  | { kind: 'retried'; attempts: number; reasons: RetryReason[]; settled: boolean }
  | { kind: 'posted'; at: string; permalink: string | null }
  | { kind: 'failed'; at: string; explanation: Partial<Record<string, string>> | null }
  | { kind: 'waitingPerson'; at: string }
  | { kind: 'needsReview'; at: string }
  | { kind: 'cancelled'; at: string };

const RETRY_REASONS: readonly RetryReason[] = ['temporary', 'rate_limited', 'auth_expired', 'unknown'];

function retryReason(event: TimelineEvent): RetryReason {
  const value = event.data.class;
  return RETRY_REASONS.includes(value as RetryReason) ? (value as RetryReason) : 'unknown';
}

const ms = (iso: string) => new Date(iso).getTime();

/** Events in the order they happened (the API sends them by id, which is the same; sorting keeps the builder honest with fixtures). */
function ordered(timeline: readonly TimelineEvent[]): TimelineEvent[] {
  return [...timeline].sort((a, b) => ms(a.at) - ms(b.at));
}

/** Lane moves: publication_status rows and the outcome rows that also move the lane (succeeded, failed, cancelled). */
function laneMoves(events: readonly TimelineEvent[]): { from: string | null; to: string; at: string }[] {
  return events.flatMap((event) =>
    event.toStatus && ['publication_status', 'succeeded', 'failed', 'dead', 'cancelled'].includes(event.type)
      ? [{ from: event.fromStatus, to: event.toStatus, at: event.at }]
      : [],
  );
}

/**
 * The story of one publication, for a marketer: "uploaded 12 MB in 4 s", "processed in 38 s",
 * "3 attempts: the platform was busy", "posted at 20:47:12". Pure: the timeline and the
 * publication's own fields in, steps out (the component words them).
 */
export function buildPostStory(detail: PublicationDetail): StoryStep[] {
  const events = ordered(detail.timeline);
  const moves = laneMoves(events);
  const steps: StoryStep[] = [];

  const entered = (status: string) => moves.find((move) => move.to === status);
  const left = (status: string, after: string) => moves.find((move) => move.from === status && move.to !== status && ms(move.at) >= ms(after));

  const uploadStart = entered('uploading');
  if (uploadStart) {
    const uploadEnd = left('uploading', uploadStart.at);
    steps.push(
      uploadEnd
        ? { kind: 'uploaded', at: uploadEnd.at, bytes: detail.totalBytes, durationMs: ms(uploadEnd.at) - ms(uploadStart.at) }
        : { kind: 'uploading', since: uploadStart.at },
    );
  }
  const processingStart = entered('processing');
  if (processingStart) {
    const processingEnd = left('processing', processingStart.at);
    steps.push(
      processingEnd
        ? { kind: 'processed', at: processingEnd.at, durationMs: ms(processingEnd.at) - ms(processingStart.at) }
        : { kind: 'processing', since: processingStart.at },
    );
  }

  const outcome = [...events].reverse().find((event) => ['succeeded', 'failed', 'dead', 'cancelled', 'needs_review', 'waiting_person'].includes(event.type));
  const retries = events.filter((event) => event.type === 'retry_scheduled');
  if (retries.length > 0) {
    const settled = outcome !== undefined && outcome.type !== 'waiting_person';
    // Each retry_scheduled ends one attempt; the one after the last retry counts once it has run.
    steps.push({ kind: 'retried', attempts: retries.length + (settled ? 1 : 0), reasons: [...new Set(retries.map(retryReason))], settled });
  }

  if (outcome) {
    switch (outcome.type) {
      case 'succeeded': {
        const permalink = typeof outcome.data.permalink === 'string' ? outcome.data.permalink : detail.permalink;
        steps.push({ kind: 'posted', at: detail.postedAt ?? outcome.at, permalink: permalink ?? detail.permalink });
        break;
      }
      case 'failed':
      case 'dead': {
        const explanation = outcome.data.explanation;
        steps.push({
          kind: 'failed',
          at: outcome.at,
          explanation: typeof explanation === 'object' && explanation !== null ? (explanation as Partial<Record<string, string>>) : null,
        });
        break;
      }
      case 'cancelled':
        steps.push({ kind: 'cancelled', at: outcome.at });
        break;
      case 'needs_review':
        steps.push({ kind: 'needsReview', at: outcome.at });
        break;
      case 'waiting_person':
        steps.push({ kind: 'waitingPerson', at: outcome.at });
        break;
    }
  } else if (detail.status === 'posted' && detail.postedAt) {
    steps.push({ kind: 'posted', at: detail.postedAt, permalink: detail.permalink });
  }

  if (steps.length === 0) {
    const queued = events.find((event) => event.type === 'queued');
    const runAt = typeof queued?.data.runAt === 'string' ? queued.data.runAt : (detail.job?.runAt ?? null);
    if (runAt) steps.push({ kind: 'waitingToStart', runAt });
  }
  return steps;
}

export interface StoryWordingOptions {
  /** The platform's display name ("TikTok"). */
  platform: string;
  /** The workspace's IANA zone. */
  timeZone: string;
  /** "Now", for deciding whether a time needs its date (tests pass a fixed one). */
  now?: Date;
}

/** "4 s", "2 min 5 s": seconds are what a person compares here. */
export function formatSeconds(durationMs: number, t: TFunction): string {
  const total = Math.max(0, Math.round(durationMs / 1000));
  if (total < 60) return t('history.story.seconds', { count: total });
  return t('history.story.minutesSeconds', { minutes: Math.floor(total / 60), seconds: total % 60 });
}

function localDay(date: Date, timeZone: string): string {
  return formatWith(date, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
}

/** "20:47:12" today, "6 Dec 2026, 20:47:12" another day: always to the second, in the workspace's zone. */
export function formatStoryTime(iso: string, timeZone: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const sameDay = localDay(date, timeZone) === localDay(now, timeZone);
  return formatWith(date, sameDay ? { timeZone, timeStyle: 'medium' } : { timeZone, dateStyle: 'medium', timeStyle: 'medium' });
}

/** One step in words, in the UI language. The `posted` step's link text is `history.story.viewOn`. */
export function storyLine(step: StoryStep, t: TFunction, options: StoryWordingOptions): string {
  const time = (iso: string) => formatStoryTime(iso, options.timeZone, options.now);
  const platform = options.platform;
  switch (step.kind) {
    case 'waitingToStart':
      return t('history.story.waitingToStart', { time: time(step.runAt) });
    case 'uploading':
      return t('history.story.uploading', { time: time(step.since) });
    case 'uploaded':
      return step.bytes
        ? t('history.story.uploaded', { size: formatBytes(step.bytes), duration: formatSeconds(step.durationMs, t) })
        : // No bytes counted: the platform pulled the file from our URL (Instagram).
          t('history.story.uploadedNoSize', { platform, duration: formatSeconds(step.durationMs, t) });
    case 'processing':
      return t('history.story.processing', { platform, time: time(step.since) });
    case 'processed':
      return t('history.story.processed', { platform, duration: formatSeconds(step.durationMs, t) });
    case 'retried': {
      const reasons = step.reasons.map((reason) => t(`history.story.reasons.${reason}`, { platform })).join(t('history.story.reasonSeparator'));
      return t(step.settled ? 'history.story.retried' : 'history.story.retrying', { count: step.attempts, reasons });
    }
    case 'posted':
      return t('history.story.posted', { time: time(step.at) });
    case 'failed': {
      const reason = step.explanation?.[currentLocale()] ?? step.explanation?.en;
      return reason ? t('history.story.failed', { time: time(step.at), reason }) : t('history.story.failedNoReason', { time: time(step.at) });
    }
    case 'waitingPerson':
      return t('history.story.waitingPerson', { time: time(step.at) });
    case 'needsReview':
      return t('history.story.needsReview', { platform, time: time(step.at) });
    case 'cancelled':
      return t('history.story.cancelled', { time: time(step.at) });
  }
}
