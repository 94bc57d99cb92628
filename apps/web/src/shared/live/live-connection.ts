import { LIVE_EVENT_TYPES, parseLiveEvent, type LiveEvent } from './live-events';
import type { LiveStatus } from './live-status';

export const LIVE_EVENTS_URL = '/api/marketing-war-room/events';

/** What we use of EventSource (tests pass a fake). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

const CLOSED = 2;

export interface LiveConnectionOptions {
  onEvent: (event: LiveEvent) => void;
  onStatus: (status: LiveStatus) => void;
  /** Where to resume when no event was received yet (the cached state document's `eventId`). */
  initialEventId?: () => string | undefined;
  /** The stream closed for good (the browser will not retry): e.g. to check the session is still valid. */
  onClosed?: () => void;
  createEventSource?: (url: string) => EventSourceLike;
  url?: string;
}

/** 1 s, 2 s, 4 s… up to 30 s between manual reconnects. */
export function reconnectDelay(attempt: number): number {
  return Math.min(30_000, 1_000 * 2 ** attempt);
}

export function streamUrl(base: string, lastEventId: string | undefined): string {
  return lastEventId ? `${base}?lastEventId=${encodeURIComponent(lastEventId)}` : base;
}

/**
 * One EventSource on the war-room stream. While the browser reconnects by itself (network
 * blip) it sends Last-Event-ID on its own; when the stream closed for good (an HTTP error), this
 * opens a new one after a backoff with `?lastEventId=` set to the last id received, so the API
 * replays what was missed (or answers RESYNC).
 */
export class LiveConnection {
  private source: EventSourceLike | undefined;
  private lastEventId: string | undefined;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  /** The next open follows a reconnect that could not say where it stopped. */
  private resyncOnOpen = false;
  private readonly url: string;
  private readonly create: (url: string) => EventSourceLike;

  constructor(private readonly options: LiveConnectionOptions) {
    this.url = options.url ?? LIVE_EVENTS_URL;
    this.create = options.createEventSource ?? ((url) => new EventSource(url));
  }

  /** The id of the last event received (what a manual reconnect resumes from). */
  get lastId(): string | undefined {
    return this.lastEventId;
  }

  start(): void {
    this.stopped = false;
    this.options.onStatus('connecting');
    this.open(this.options.initialEventId?.());
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.source?.close();
    this.source = undefined;
    this.options.onStatus('off');
  }

  private open(resumeFrom: string | undefined): void {
    const source = this.create(streamUrl(this.url, resumeFrom));
    this.source = source;
    source.onopen = () => {
      if (this.source !== source) return;
      this.attempt = 0;
      this.options.onStatus('live');
      if (this.resyncOnOpen) {
        this.resyncOnOpen = false;
        this.options.onEvent({ type: 'RESYNC', id: '', data: { reason: 'reconnected' } });
      }
    };
    source.onerror = () => {
      if (this.source !== source || this.stopped) return;
      this.options.onStatus('reconnecting');
      if (source.readyState === CLOSED) this.scheduleReconnect();
    };
    for (const type of LIVE_EVENT_TYPES) {
      source.addEventListener(type, (message) => {
        if (this.source !== source) return;
        if (message.lastEventId) this.lastEventId = message.lastEventId;
        const event = parseLiveEvent(type, message.data, message.lastEventId);
        if (event) this.options.onEvent(event);
      });
    }
  }

  private scheduleReconnect(): void {
    this.source?.close();
    this.source = undefined;
    this.options.onClosed?.();
    const delay = reconnectDelay(this.attempt);
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      const resumeFrom = this.lastEventId ?? this.options.initialEventId?.();
      this.resyncOnOpen = resumeFrom === undefined;
      this.open(resumeFrom);
    }, delay);
  }
}
