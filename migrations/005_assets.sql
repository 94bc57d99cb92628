-- 005_assets: what the probe learns about an uploaded video, its poster frame and its upload.

ALTER TABLE content_assets ADD COLUMN IF NOT EXISTS rotation integer NOT NULL DEFAULT 0;
ALTER TABLE content_assets ADD COLUMN IF NOT EXISTS container text;
ALTER TABLE content_assets ADD COLUMN IF NOT EXISTS video_profile text;
ALTER TABLE content_assets ADD COLUMN IF NOT EXISTS video_bitrate bigint;
ALTER TABLE content_assets ADD COLUMN IF NOT EXISTS audio_profile text;
ALTER TABLE content_assets ADD COLUMN IF NOT EXISTS audio_sample_rate integer;
ALTER TABLE content_assets ADD COLUMN IF NOT EXISTS audio_channels integer;
ALTER TABLE content_assets ADD COLUMN IF NOT EXISTS faststart boolean;
-- The whole probe result (libs/domain ProbeResult), which the quality gates read.
ALTER TABLE content_assets ADD COLUMN IF NOT EXISTS probe jsonb;
ALTER TABLE content_assets ADD COLUMN IF NOT EXISTS thumbnail_key text;
-- The tus upload it came from: a retried final PATCH finds the asset instead of making a second.
ALTER TABLE content_assets ADD COLUMN IF NOT EXISTS upload_id text;
ALTER TABLE content_assets ADD COLUMN IF NOT EXISTS error text;
CREATE UNIQUE INDEX IF NOT EXISTS content_assets_upload_idx ON content_assets (workspace_id, upload_id) WHERE upload_id IS NOT NULL;
-- Listing newest first with a cursor, and counting the items that use an asset.
CREATE INDEX IF NOT EXISTS content_assets_list_idx ON content_assets (workspace_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS content_items_asset_idx ON content_items (workspace_id, asset_id) WHERE asset_id IS NOT NULL;
