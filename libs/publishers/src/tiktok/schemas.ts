import { z } from 'zod';

/** v2 envelope (§1.1). `log_id` per the examples, `logid` per the tables: accept both. */
export const envelopeSchema = z.looseObject({
  data: z.unknown().optional(),
  error: z.looseObject({
    code: z.string().min(1),
    message: z.string().optional(),
    log_id: z.string().optional(),
    logid: z.string().optional(),
  }),
});

export const creatorInfoSchema = z.looseObject({
  creator_username: z.string().optional(),
  creator_nickname: z.string().optional(),
  privacy_level_options: z.array(z.string()),
  comment_disabled: z.boolean().optional(),
  duet_disabled: z.boolean().optional(),
  stitch_disabled: z.boolean().optional(),
  max_video_post_duration_sec: z.number().int().positive().optional(),
});

export const initSchema = z.looseObject({
  publish_id: z.string().min(1),
  upload_url: z.string().min(1).optional(),
});

export const statusSchema = z.looseObject({
  status: z.string().min(1),
  fail_reason: z.string().optional(),
  uploaded_bytes: z.number().nonnegative().optional(),
  downloaded_bytes: z.number().nonnegative().optional(),
  // Replaced by the lossless string list read from the raw text (see postIdsFromRaw).
  publicaly_available_post_id: z.unknown().optional(),
});

/**
 * `publicaly_available_post_id` is list<int64> and TikTok ids exceed 2^53 (§1.6): read the ids
 * from the raw JSON text as strings instead of trusting JSON.parse's doubles.
 */
export function postIdsFromRaw(text: string): string[] {
  const m = /"publicaly_available_post_id"\s*:\s*\[([^\]]*)\]/.exec(text);
  if (!m?.[1]) return [];
  return m[1]
    .split(',')
    .map((s) => s.trim().replace(/^"|"$/g, ''))
    .filter((s) => /^\d+$/.test(s));
}

/** Upload host progress header: `Content-Range: bytes 0-{LAST}/{TOTAL}` → bytes received. */
export function uploadedFromContentRange(header: string | null): { uploaded: number; total: number } | undefined {
  const m = /^bytes\s+(\d+)-(\d+)\/(\d+)$/i.exec(header?.trim() ?? '');
  if (!m) {
    const empty = /^bytes\s+\*\/(\d+)$/i.exec(header?.trim() ?? '');
    return empty ? { uploaded: 0, total: Number(empty[1]) } : undefined;
  }
  return { uploaded: Number(m[2]) + 1, total: Number(m[3]) };
}
