/**
 * How long a test waits for a condition before it gives up: a ceiling, not a schedule. Every wait
 * returns as soon as its condition holds, so a generous number costs nothing on a quiet machine
 * and keeps a busy one (2 cores at load 6-8) from failing on a wall-clock guess. It stays under
 * jest's testTimeout (120 s, apps/api/jest.config.cjs) so a timeout names the condition.
 */
export const CONDITION_CEILING_MS = 90_000;

/** Polls `probe` until it returns a value; gives up after CONDITION_CEILING_MS unless told otherwise. */
export async function waitFor<T>(probe: () => Promise<T | undefined | false>, what?: string): Promise<T>;
export async function waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs?: number, what?: string): Promise<T>;
export async function waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutOrWhat?: number | string, whatArg?: string): Promise<T> {
  const timeoutMs = typeof timeoutOrWhat === 'number' ? timeoutOrWhat : CONDITION_CEILING_MS;
  const what = typeof timeoutOrWhat === 'string' ? timeoutOrWhat : (whatArg ?? 'condition');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
