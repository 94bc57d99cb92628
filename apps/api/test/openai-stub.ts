import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenAI-compatible server for tests (issue 24): `POST /v1/chat/completions` over real
 * HTTP, answering in the request's mode (`stream: true` → SSE `data:` chunks and `[DONE]`, else
 * one JSON body). Each request takes the next scripted behaviour (`queue`; not `then`: the stub is awaited), then the default
 * (`content` as the model's text). Every request is recorded.
 */
export type StubBehaviour =
  | { kind: 'answer'; content?: string }
  | { kind: 'status'; status: number; retryAfter?: number }
  /** 200 with a body that is not JSON (or, streaming, a chunk that is not JSON). */
  | { kind: 'malformed' }
  /** Accept the request and never answer. */
  | { kind: 'hang' };

export interface StubRequest {
  headers: IncomingMessage['headers'];
  body: { model?: string; stream?: boolean; messages?: { role: string; content: string }[] } & Record<string, unknown>;
}

export class OpenAiStub {
  readonly requests: StubRequest[] = [];
  /** What the model "writes" by default. */
  content = '{"suggestions":{}}';
  private script: StubBehaviour[] = [];
  private server?: Server;
  private hanging = new Set<ServerResponse>();

  /** `http://127.0.0.1:<port>/v1`: what AI_BASE_URL gets. */
  baseUrl = '';

  /** The next requests' behaviours, in order. */
  queue(...behaviours: StubBehaviour[]): this {
    this.script.push(...behaviours);
    return this;
  }

  reset(): void {
    this.script = [];
    this.requests.length = 0;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(raw) as StubRequest['body'];
    this.requests.push({ headers: req.headers, body });
    const behaviour = this.script.shift() ?? { kind: 'answer' };
    const stream = body.stream === true;
    switch (behaviour.kind) {
      case 'hang':
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        if (stream) res.writeHead(200, { 'content-type': 'text/event-stream' }).write(': thinking\n\n');
        return;
      case 'status':
        res
          .writeHead(behaviour.status, {
            'content-type': 'application/json',
            ...(behaviour.retryAfter !== undefined ? { 'retry-after': String(behaviour.retryAfter) } : {}),
          })
          .end(JSON.stringify({ error: { message: 'stub error', type: 'stub', code: behaviour.status } }));
        return;
      case 'malformed':
        if (stream) res.writeHead(200, { 'content-type': 'text/event-stream' }).end('data: {"choices":[{"delta":{"content":"{"}}]}\n\ndata: {not json\n\n');
        else res.writeHead(200, { 'content-type': 'application/json' }).end('{"choices": [ not json');
        return;
      case 'answer': {
        const content = behaviour.content ?? this.content;
        if (!stream) {
          res.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              id: 'chatcmpl-stub',
              object: 'chat.completion',
              model: body.model,
              choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
            }),
          );
          return;
        }
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        // A few pieces, each its own write, so the reader sees them one by one.
        const size = Math.max(1, Math.ceil(content.length / 4));
        for (let i = 0; i < content.length; i += size) {
          res.write(
            `data: ${JSON.stringify({ id: 'chatcmpl-stub', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: content.slice(i, i + size) } }] })}\n\n`,
          );
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        res.end(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`);
        return;
      }
    }
  }
}
