import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { LiveConnection, reconnectDelay, streamUrl, type EventSourceLike } from './live-connection';
import type { LiveEvent } from './live-events';
import type { LiveStatus } from './live-status';

class FakeEventSource implements EventSourceLike {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();

  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
    this.readyState = 2;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  emit(type: string, data: unknown, id: string): void {
    const message = new MessageEvent<string>(type, { data: JSON.stringify(data), lastEventId: id });
    for (const listener of this.listeners.get(type) ?? []) listener(message);
  }

  fail(readyState: 0 | 2): void {
    this.readyState = readyState;
    this.onerror?.(new Event('error'));
  }
}

function connect(initialEventId?: string) {
  const events: LiveEvent[] = [];
  const statuses: LiveStatus[] = [];
  const onClosed = vi.fn();
  const connection = new LiveConnection({
    onEvent: (event) => events.push(event),
    onStatus: (status) => statuses.push(status),
    initialEventId: () => initialEventId,
    onClosed,
    createEventSource: (url) => new FakeEventSource(url),
  });
  connection.start();
  return { connection, events, statuses, onClosed, source: () => FakeEventSource.instances.at(-1)! };
}

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LiveConnection', () => {
  it('opens one stream, resuming from the cached state document, and goes live on open', () => {
    const { statuses, source } = connect('1042');
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(source().url).toBe('/api/marketing-war-room/events?lastEventId=1042');
    source().open();
    expect(statuses).toEqual(['connecting', 'live']);
  });

  it('dispatches typed events and remembers the last id', () => {
    const { connection, events, source } = connect();
    source().open();
    source().emit('RESYNC', { reason: 'x' }, '1050');
    source().emit('QUEUE_UPDATED', { bad: true }, '1051');
    expect(events).toEqual([{ type: 'RESYNC', id: '1050', data: { reason: 'x' } }]);
    expect(connection.lastId).toBe('1051');
  });

  it('lets the browser reconnect by itself (Last-Event-ID) while it is retrying', () => {
    const { statuses, source } = connect();
    source().open();
    source().fail(0);
    expect(statuses.at(-1)).toBe('reconnecting');
    vi.advanceTimersByTime(60_000);
    expect(FakeEventSource.instances).toHaveLength(1);
    source().open();
    expect(statuses.at(-1)).toBe('live');
  });

  it('after the stream closed for good, reconnects with ?lastEventId= after a backoff', () => {
    const { statuses, onClosed, source } = connect();
    source().open();
    source().emit('RESYNC', { reason: 'x' }, '1060');
    const first = source();
    first.fail(2);
    expect(statuses.at(-1)).toBe('reconnecting');
    expect(onClosed).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(999);
    expect(FakeEventSource.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(source().url).toBe('/api/marketing-war-room/events?lastEventId=1060');
    // Events of the old stream are ignored once replaced.
    expect(first.closed).toBe(true);
  });

  it('asks for a resync when it reconnects without knowing where it stopped', () => {
    const { events, source } = connect();
    source().fail(2);
    vi.advanceTimersByTime(1_000);
    expect(source().url).toBe('/api/marketing-war-room/events');
    source().open();
    expect(events.map((event) => event.type)).toEqual(['RESYNC']);
  });

  it('stops: closes the stream, cancels a pending reconnect and reports off', () => {
    const { connection, statuses, source } = connect();
    source().fail(2);
    connection.stop();
    vi.advanceTimersByTime(60_000);
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(statuses.at(-1)).toBe('off');
  });

  it('backs off exponentially up to 30 s and encodes the id', () => {
    expect([0, 1, 2, 5, 10].map(reconnectDelay)).toEqual([1_000, 2_000, 4_000, 30_000, 30_000]);
    expect(streamUrl('/e', '12.3')).toBe('/e?lastEventId=12.3');
    expect(streamUrl('/e', undefined)).toBe('/e');
  });
});
