import { Logger } from '@nestjs/common';

import { guardedFetch, OutboundFetchError, type OutboundResponse } from '@mwr/net';

import { AiProviderError } from './ai.errors.js';
import type { CaptionSuggester, ChatMessage, CompletionOptions } from './caption-suggester.js';

export interface OpenAiCompatibleSettings {
  /** e.g. https://api.openai.com/v1, http://127.0.0.1:11434/v1 (Ollama), http://127.0.0.1:1234/v1 (LM Studio). */
  baseUrl: string;
  apiKey?: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  /** Longest wait between two attempts (a larger Retry-After is cut to it). Default 2 s: a person is waiting. */
  maxBackoffMs?: number;
}

/** The provider's text is bounded: a few captions, never megabytes. */
const MAX_ANSWER_BYTES = 1024 * 1024;
const RETRIED = (status: number) => status === 429 || status >= 500;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new AiProviderError('unreachable', 'the request was cancelled'));
      },
      { once: true },
    );
  });

/**
 * `POST {baseUrl}/chat/completions` with `{ model, messages, stream, temperature }` and Bearer
 * auth: the subset OpenAI, Ollama, vLLM and LM Studio all accept (no `response_format`, which
 * some of them refuse: the prompt asks for JSON and the service parses it leniently).
 *
 * - Through the SSRF guard (`@mwr/net`) like every outbound call. The base URL is the operator's
 *   own setting, not a user's input, so its one origin is passed as `allowedOrigins`: a local
 *   Ollama on 127.0.0.1 or a vLLM on a private address is a legitimate choice. Redirects are not
 *   followed (an answer elsewhere is a refusal), so no other origin is ever reached.
 * - 429 and 5xx are retried at most `maxRetries` times with a short backoff (Retry-After, capped):
 *   this runs while a person waits, so the bound is small. 4xx other than 429 are not retried.
 * - Streaming reads `data:` lines (SSE) until `[DONE]`; a stream that already produced text is not
 *   retried.
 */
export class OpenAiCompatibleDriver implements CaptionSuggester {
  private readonly logger = new Logger(OpenAiCompatibleDriver.name);
  private readonly url: string;
  private readonly origin: string;

  constructor(private readonly settings: OpenAiCompatibleSettings) {
    this.url = `${settings.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    this.origin = new URL(settings.baseUrl).origin;
  }

  async complete(messages: readonly ChatMessage[], options: CompletionOptions): Promise<string> {
    const body = JSON.stringify({ model: this.settings.model, messages, stream: options.stream, temperature: 0.8 });
    for (let attempt = 0; ; attempt++) {
      const response = await this.send(body, options.signal);
      if (response.ok) return options.stream ? this.readStream(response, options.onDelta) : this.readWhole(response);
      const status = response.status;
      const retryAfter = Number(response.headers.get('retry-after'));
      response.discard();
      if (!RETRIED(status) || attempt >= this.settings.maxRetries) {
        this.logger.warn(`AI provider answered ${status} (attempt ${attempt + 1})`);
        throw new AiProviderError(
          'refused',
          status === 401 || status === 403
            ? `The AI provider refused the key (HTTP ${status})`
            : status === 429
              ? `The AI provider is rate limiting us (HTTP 429 after ${attempt + 1} attempts)`
              : `The AI provider answered HTTP ${status}${RETRIED(status) ? ` after ${attempt + 1} attempts` : ''}`,
          status,
        );
      }
      const cap = this.settings.maxBackoffMs ?? 2000;
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, cap) : Math.min(250 * 2 ** attempt, cap), options.signal);
    }
  }

  private async send(body: string, signal: AbortSignal | undefined): Promise<OutboundResponse> {
    try {
      return await guardedFetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {}),
        },
        body,
        timeoutMs: this.settings.timeoutMs,
        maxBodyBytes: MAX_ANSWER_BYTES,
        redirect: 'manual',
        allowedOrigins: [this.origin],
        signal,
      });
    } catch (error) {
      throw this.mapThrown(error);
    }
  }

  private mapThrown(error: unknown): AiProviderError {
    if (error instanceof AiProviderError) return error;
    if (error instanceof OutboundFetchError) {
      if (error.code === 'TIMEOUT') return new AiProviderError('timeout', `The AI provider did not answer within ${this.settings.timeoutMs} ms`);
      if (error.code === 'BODY_TOO_LARGE') return new AiProviderError('bad_answer', 'The AI provider answered more than we read');
      return new AiProviderError('unreachable', `The AI provider could not be reached (${error.code.toLowerCase()})`);
    }
    return new AiProviderError('unreachable', 'The AI provider could not be reached');
  }

  private async readWhole(response: OutboundResponse): Promise<string> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await response.text());
    } catch (error) {
      if (error instanceof SyntaxError) throw new AiProviderError('bad_answer', 'The AI provider answered something that is not JSON');
      throw this.mapThrown(error);
    }
    const content = (parsed as { choices?: { message?: { content?: unknown } }[] } | null)?.choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new AiProviderError('bad_answer', 'The AI provider answered without choices[0].message.content');
    return content;
  }

  private async readStream(response: OutboundResponse, onDelta: ((text: string) => void) | undefined): Promise<string> {
    let pending = '';
    let text = '';
    let done = false;
    const line = (raw: string) => {
      const trimmed = raw.replace(/\r$/, '');
      if (!trimmed.startsWith('data:')) return; // comments, event names, ids, blank separators
      const data = trimmed.slice(5).trim();
      if (data === '[DONE]') {
        done = true;
        return;
      }
      let chunk: { choices?: { delta?: { content?: unknown } }[]; error?: unknown };
      try {
        chunk = JSON.parse(data) as typeof chunk;
      } catch {
        throw new AiProviderError('bad_answer', 'The AI provider streamed a chunk that is not JSON');
      }
      if (chunk.error !== undefined) throw new AiProviderError('refused', 'The AI provider stopped the stream with an error');
      const piece = chunk.choices?.[0]?.delta?.content;
      if (typeof piece === 'string' && piece !== '') {
        text += piece;
        onDelta?.(piece);
      }
    };
    try {
      const decoder = new TextDecoder();
      for await (const bytes of response.chunks()) {
        pending += decoder.decode(bytes, { stream: true });
        let at: number;
        while (!done && (at = pending.indexOf('\n')) >= 0) {
          line(pending.slice(0, at));
          pending = pending.slice(at + 1);
        }
        if (done) break;
      }
      if (!done && pending) line(pending);
    } catch (error) {
      throw this.mapThrown(error);
    } finally {
      response.discard();
    }
    if (!done && text === '') throw new AiProviderError('bad_answer', 'The AI provider ended the stream without any text');
    return text;
  }
}
