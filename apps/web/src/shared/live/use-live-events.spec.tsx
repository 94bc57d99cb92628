import { QueryClientProvider } from '@tanstack/react-query';
import { renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { warRoomStateFixture, workspaceId } from '../../test/fixtures';
import { createTestQueryClient } from '../../test/query-client';
import { warRoomStateQueryOptions } from '../war-room/war-room-state';
import { getLiveStatus } from './live-status';
import { useLiveEvents } from './use-live-events';

class StubEventSource {
  static instances: StubEventSource[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {
    StubEventSource.instances.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, data: unknown, id: string) {
    for (const listener of this.listeners.get(type) ?? []) listener(new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id }));
  }
  close() {
    this.closed = true;
  }
}

afterEach(() => {
  StubEventSource.instances = [];
  vi.unstubAllGlobals();
});

describe('useLiveEvents', () => {
  it('opens one stream per workspace from the cached eventId, patches the cache, and closes on unmount', () => {
    vi.stubGlobal('EventSource', StubEventSource);
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(warRoomStateQueryOptions(workspaceId).queryKey, warRoomStateFixture);
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;

    const { rerender, unmount } = renderHook(() => useLiveEvents(workspaceId), { wrapper });
    rerender();
    expect(StubEventSource.instances).toHaveLength(1);
    const source = StubEventSource.instances[0]!;
    expect(source.url).toBe('/api/marketing-war-room/events?lastEventId=1042');
    source.onopen?.();
    expect(getLiveStatus()).toBe('live');

    source.emit(
      'STATE_PATCH',
      [{ op: 'replace', path: '/automations/auto_reposter', value: { ...warRoomStateFixture.automations[2], enabled: true } }],
      '1043',
    );
    expect(queryClient.getQueryData(warRoomStateQueryOptions(workspaceId).queryKey)?.automations[2]?.enabled).toBe(true);

    unmount();
    expect(source.closed).toBe(true);
    expect(getLiveStatus()).toBe('off');
  });

  it('does nothing without a workspace', () => {
    vi.stubGlobal('EventSource', StubEventSource);
    const queryClient = createTestQueryClient();
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
    renderHook(() => useLiveEvents(null), { wrapper });
    expect(StubEventSource.instances).toHaveLength(0);
  });
});
