import type { SessionClient } from './session-client.js';
import { CONDITION_CEILING_MS } from './wait.js';

/**
 * The war-room state document of the client's workspace, computed after `since` (default: now,
 * i.e. after the caller's writes). The API shares one document per workspace for a few seconds
 * unless an event drops it (WarRoomService's cache), so a read right after a write that announces
 * nothing may be the previous one: this polls
 * until a document stamped after `since` is served, rather than sleeping past the cache's
 * lifetime. `generatedAt` comes from the clock of the app under test, which runs in this process.
 */
export async function freshState<T = Record<string, unknown>>(
  client: SessionClient,
  since = Date.now(),
  timeoutMs = CONDITION_CEILING_MS,
): Promise<T & { generatedAt: string }> {
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  for (;;) {
    const body = (await client.get('/api/marketing-war-room/state').expect(200)).body as T & { generatedAt: string };
    if (Date.parse(body.generatedAt) > since) return body;
    last = body.generatedAt;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for a war-room state document generated after ${new Date(since).toISOString()} (the last one served was from ${last})`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
