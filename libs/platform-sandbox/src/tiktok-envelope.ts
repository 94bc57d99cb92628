/** TikTok v2 response envelope (platform-apis.md §1.1): success only when error.code is "ok". */
export interface TikTokEnvelope<T> {
  data: T | Record<string, never>;
  error: { code: string; message: string; log_id: string };
}

let logCounter = 0;

export function tiktokLogId(now = new Date()): string {
  logCounter = (logCounter + 1) % 0x100000;
  const stamp = now.toISOString().replace(/[-:TZ.]/g, '').slice(0, 14);
  return `${stamp}${logCounter.toString(16).toUpperCase().padStart(20, '0')}`;
}

export function tiktokOk<T>(data: T): TikTokEnvelope<T> {
  return { data, error: { code: 'ok', message: '', log_id: tiktokLogId() } };
}

export function tiktokError(code: string, message: string): TikTokEnvelope<never> {
  return { data: {}, error: { code, message, log_id: tiktokLogId() } };
}
