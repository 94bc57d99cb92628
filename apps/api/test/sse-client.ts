import { request, type ClientRequest, type IncomingMessage } from 'node:http';

import { CONDITION_CEILING_MS } from './wait.js';

export interface SseEvent {
  id?: string;
  event: string;
  data: unknown;
  receivedAt: number;
}

export interface SseStream {
  status: number;
  events: SseEvent[];
  comments: number;
  /** The id the stream set last (with or without an event), as a browser keeps it. */
  lastEventId: string | undefined;
  /** Resolves with the first event matching `predicate`; gives up after CONDITION_CEILING_MS unless told otherwise. */
  waitFor(predicate: (e: SseEvent) => boolean, what?: string): Promise<SseEvent>;
  waitFor(predicate: (e: SseEvent) => boolean, timeoutMs?: number, what?: string): Promise<SseEvent>;
  closed: Promise<void>;
  close(): void;
}

/** A minimal EventSource for tests: parses the stream as the WHATWG spec says, keeps every event. */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    const waiters: { predicate: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
    const req: ClientRequest = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res: IncomingMessage) => {
      let buffer = '';
      let closeResolve!: () => void;
      const closed = new Promise<void>((r) => (closeResolve = r));
      const stream: SseStream = {
        status: res.statusCode ?? 0,
        events,
        comments: 0,
        lastEventId: undefined,
        waitFor(predicate: (e: SseEvent) => boolean, timeoutOrWhat?: number | string, whatArg?: string): Promise<SseEvent> {
          const timeoutMs = typeof timeoutOrWhat === 'number' ? timeoutOrWhat : CONDITION_CEILING_MS;
          const what = typeof timeoutOrWhat === 'string' ? timeoutOrWhat : (whatArg ?? 'an event');
          const found = events.find(predicate);
          if (found) return Promise.resolve(found);
          return new Promise((ok, fail) => {
            const timer = setTimeout(
              () => fail(new Error(`timed out waiting for ${what}; got ${JSON.stringify(events.map((e) => [e.id, e.event]))}`)),
              timeoutMs,
            );
            waiters.push({ predicate, resolve: (e) => (clearTimeout(timer), ok(e)) });
          });
        },
        closed,
        close: () => req.destroy(),
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let id: string | undefined;
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) stream.comments++;
            else if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (id !== undefined) stream.lastEventId = id;
          if (data.length === 0) continue;
          const parsed: SseEvent = { id, event, data: JSON.parse(data.join('\n')), receivedAt: performance.now() };
          events.push(parsed);
          for (const w of [...waiters]) {
            if (w.predicate(parsed)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(parsed);
            }
          }
        }
      });
      res.on('close', () => closeResolve());
      res.on('error', () => closeResolve());
      resolve(stream);
    });
    req.on('error', reject);
    req.end();
  });
}
