import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { ok, stubApi } from '../../../test/api-stub';
import { workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import type { AiStatus, CaptionSuggestions } from '../api/ai-suggestions';
import AiSuggestionsPanel from './AiSuggestionsPanel';

const ON: AiStatus = { serverEnabled: true, workspaceEnabled: true, available: true, canManage: false, model: 'stub-model' };
const GOOD = 'Our new sneaker is out #sneakers';
const TOO_MANY = 'Launch day #a #b #c #d #e #f #g #h';
const RESULT: CaptionSuggestions = {
  model: 'stub-model',
  items: [
    { platform: 'instagram', caption: GOOD, source: 'ai', accepted: true, refusals: [] },
    {
      platform: 'instagram',
      caption: TOO_MANY,
      source: 'ai',
      accepted: false,
      refusals: [{ code: 'too_many_hashtags', message: 'Instagram: 8 hashtags, the limit is 5', limit: 5, actual: 8 }],
    },
  ],
  basis: [{ platform: 'instagram', maxLength: 2200, counting: 'characters', maxHashtags: 5, maxMentions: 20, examples: 2 }],
};

/** The streamed route answering these SSE blocks (real Response and ReadableStream: only the network is left out). */
function streamFetch(...blocks: string[]) {
  return vi.spyOn(globalThis, 'fetch').mockImplementation(async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const block of blocks) controller.enqueue(new TextEncoder().encode(block));
        controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  });
}
const event = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

function renderPanel(onPick = vi.fn(), draft = 'New sneaker out today') {
  render(
    <QueryClientProvider client={createTestQueryClient()}>
      <AiSuggestionsPanel workspaceId={workspaceId} draft={draft} platforms={[{ id: 'instagram', displayName: 'Instagram' }]} onPick={onPick} />
    </QueryClientProvider>,
  );
  return onPick;
}

describe('composer: AI caption suggestions', () => {
  it('shows nothing when the server has no AI provider', async () => {
    const get = stubApi('GET', { '/api/ai/status': ok({ serverEnabled: false, workspaceEnabled: false, available: false, canManage: true }) });
    renderPanel();
    await waitFor(() => expect(get).toHaveBeenCalled());
    expect(screen.queryByTestId('ai-suggestions')).toBeNull();
  });

  it('explains a workspace switch that is off, and lets an admin turn it on', async () => {
    stubApi('GET', { '/api/ai/status': ok({ ...ON, workspaceEnabled: false, available: false, canManage: true }) });
    const put = stubApi('PUT', { '/api/ai/settings': ok({ ...ON, canManage: true }) });
    renderPanel();
    expect(await screen.findByText(/off for this workspace\. Turning them on sends titles, drafts/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Turn on for this workspace' }));
    await screen.findByRole('button', { name: 'Suggest captions' });
    expect(put).toHaveBeenCalledWith('/api/ai/settings', { body: { suggestionsEnabled: true } });
  });

  it('offers only the suggestions that pass the rules, labelled AI-written; picking one hands it to the draft', async () => {
    stubApi('GET', { '/api/ai/status': ok(ON) });
    const fetch = streamFetch(event('delta', { text: '{"sugg' }), event('delta', { text: 'estions"' }), event('result', RESULT));
    const onPick = renderPanel();
    fireEvent.click(await screen.findByRole('button', { name: 'Suggest captions' }));
    const offered = await screen.findAllByTestId('ai-suggestion');
    expect(offered).toHaveLength(1);
    expect(within(offered[0]!).getByText('AI-written')).toBeTruthy();
    expect(within(offered[0]!).getByText(GOOD)).toBeTruthy();
    const refused = screen.getByTestId('ai-suggestions-refused');
    expect(within(refused).getByText(TOO_MANY)).toBeTruthy();
    expect(within(refused).getByText('Not offered: 8 hashtags, Instagram allows 5')).toBeTruthy();
    expect(within(refused).queryByRole('button')).toBeNull();
    expect(screen.getByText('Rules: up to 2200 characters, at most 5 hashtags, at most 20 @mentions. Based on 2 of your best captions.')).toBeTruthy();
    fireEvent.click(within(offered[0]!).getByRole('button', { name: 'Use this caption' }));
    expect(onPick).toHaveBeenCalledWith(GOOD);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/ai/caption-suggestions/stream');
    expect(JSON.parse(String(init!.body))).toEqual({ title: '', draft: 'New sneaker out today', platforms: ['instagram'] });
  });

  it('shows a provider failure in the stream as a clear message, and the panel stays usable', async () => {
    stubApi('GET', { '/api/ai/status': ok(ON) });
    streamFetch(event('delta', { text: '{' }), event('error', { statusCode: 504, code: 'AI_PROVIDER_TIMEOUT', message: 'no answer' }));
    renderPanel();
    fireEvent.click(await screen.findByRole('button', { name: 'Suggest captions' }));
    const alert = await screen.findByTestId('ai-suggestions-error');
    expect(alert.textContent).toContain('The AI service took too long to answer. Try again; your caption is unchanged.');
    expect(screen.getByRole('button', { name: 'Suggest captions' }).hasAttribute('disabled')).toBe(false);
  });

  it('words a refusal before the stream (409) from its code', async () => {
    stubApi('GET', { '/api/ai/status': ok(ON) });
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      new Response(JSON.stringify({ statusCode: 409, code: 'AI_WORKSPACE_DISABLED', message: 'off' }), {
        status: 409,
        headers: { 'content-type': 'application/json' },
      }),
    );
    renderPanel();
    fireEvent.click(await screen.findByRole('button', { name: 'Suggest captions' }));
    expect((await screen.findByTestId('ai-suggestions-error')).textContent).toContain(
      'AI caption suggestions are off for this workspace: an admin can turn them on.',
    );
  });
});
