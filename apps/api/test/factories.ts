import { randomBytes } from 'node:crypto';

import type { DataSource } from 'typeorm';

/** Social accounts arrive through OAuth in the product; tests insert them directly. */
export async function insertSocialAccount(
  sql: DataSource,
  workspaceId: string,
  platform: 'tiktok' | 'instagram' | 'youtube' | 'x',
  handle = `${platform}_${randomBytes(3).toString('hex')}`,
  status: 'active' | 'needs_reconnect' | 'disabled' = 'active',
): Promise<string> {
  const rows: { id: string }[] = await sql.query(
    `INSERT INTO social_accounts (workspace_id, platform, remote_account_id, handle, display_name, status)
     VALUES ($1, $2, $3, $4, $4, $5) RETURNING id`,
    [workspaceId, platform, randomBytes(8).toString('hex'), handle, status],
  );
  return rows[0]!.id;
}

export async function insertAsset(sql: DataSource, workspaceId: string, name = 'launch.mp4'): Promise<string> {
  const rows: { id: string }[] = await sql.query(
    `INSERT INTO content_assets (workspace_id, storage_key, original_filename, mime, bytes, sha256, duration_ms, width, height, status)
     VALUES ($1, $2, $3, 'video/mp4', 1000000, $4, 15000, 1080, 1920, 'ready') RETURNING id`,
    [workspaceId, `assets/${randomBytes(6).toString('hex')}`, name, randomBytes(32).toString('hex')],
  );
  return rows[0]!.id;
}

/** An instant `days` from now, as ISO with offset. */
export const inDays = (days: number, hours = 0) => new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();
