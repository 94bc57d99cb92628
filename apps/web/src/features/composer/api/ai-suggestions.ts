import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { apiClient, CSRF_COOKIE, CSRF_HEADER, readCookie, type components } from '../../../shared/api/client';
import { ApiError, unwrap } from '../../../shared/api/errors';

/** AI caption suggestions (issue 24): /api/ai/status, /api/ai/settings, /api/ai/caption-suggestions/stream. */
export type AiStatus = components['schemas']['AiStatusDto'];
export type CaptionSuggestions = components['schemas']['CaptionSuggestionsDto'];
export type CaptionSuggestion = components['schemas']['CaptionSuggestionDto'];
export type CaptionSuggestionsRequest = components['schemas']['CaptionSuggestionsRequestDto'];

export function aiStatusQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: ['workspace', workspaceId, 'ai', 'status'] as const,
    queryFn: async ({ signal }): Promise<AiStatus> => unwrap(await apiClient.GET('/api/ai/status', { signal })),
    staleTime: 60_000,
  });
}

export function useAiStatus(workspaceId: string) {
  return useQuery(aiStatusQueryOptions(workspaceId));
}

/** Admins: turn suggestions on or off for the workspace. */
export function useUpdateAiSettings(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { toast: false },
    mutationFn: async (suggestionsEnabled: boolean): Promise<AiStatus> => unwrap(await apiClient.PUT('/api/ai/settings', { body: { suggestionsEnabled } })),
    onSuccess: (status) => queryClient.setQueryData(aiStatusQueryOptions(workspaceId).queryKey, status),
  });
}

/** The `event:`/`data:` blocks of an SSE text, and what is left after the last complete one. */
export function sseEvents(buffer: string): { events: { event: string; data: string }[]; rest: string } {
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop() ?? '';
  const events = blocks.flatMap((block) => {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    return data.length ? [{ event, data: data.join('\n') }] : [];
  });
  return { events, rest };
}

/**
 * Asks for suggestions over the streamed route (POST, so fetch rather than EventSource):
 * `onDelta` gets the model's text as it comes; resolves with the checked result; an `error`
 * event or a non-2xx answer throws an ApiError (worded by `errorMessage`), a network failure a TypeError.
 */
export async function streamCaptionSuggestions(
  body: CaptionSuggestionsRequest,
  options: { onDelta?: (text: string) => void; signal?: AbortSignal } = {},
): Promise<CaptionSuggestions> {
  const csrf = readCookie(CSRF_COOKIE);
  const response = await fetch('/api/ai/caption-suggestions/stream', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(csrf ? { [CSRF_HEADER]: csrf } : {}) },
    body: JSON.stringify(body),
    signal: options.signal,
  });
  if (!response.ok || !response.body) {
    const error: unknown = await response.json().catch(() => undefined);
    throw new ApiError(response.status, error);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const { events, rest } = sseEvents(buffer + value);
    buffer = rest;
    for (const { event, data } of events) {
      const parsed = JSON.parse(data) as unknown;
      if (event === 'delta') options.onDelta?.((parsed as { text: string }).text);
      else if (event === 'result') return parsed as CaptionSuggestions;
      else if (event === 'error') throw new ApiError((parsed as { statusCode?: number }).statusCode ?? 502, parsed);
    }
  }
  // The stream ended without a result: the connection dropped.
  throw new TypeError('the suggestions stream ended early');
}
