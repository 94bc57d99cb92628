import { useSyncExternalStore } from 'react';

/**
 * The state of this tab's live connection (client state, not server data): `off` before sign-in
 * or where EventSource does not exist, `connecting` on the first attempt, `live` while events
 * flow, `reconnecting` after a drop until the stream is open again.
 */
export type LiveStatus = 'off' | 'connecting' | 'live' | 'reconnecting';

let current: LiveStatus = 'off';
const listeners = new Set<() => void>();

export function getLiveStatus(): LiveStatus {
  return current;
}

export function setLiveStatus(status: LiveStatus): void {
  if (status === current) return;
  current = status;
  for (const listener of [...listeners]) listener();
}

export function subscribeLiveStatus(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Whether the stream is open: views can then fall back to a slow safety poll. */
export function isLive(): boolean {
  return current === 'live';
}

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(subscribeLiveStatus, getLiveStatus, getLiveStatus);
}
