-- A post can be live before its public link exists: TikTok withholds publicaly_available_post_id
-- until moderation ends (minutes, sometimes hours), and an Instagram permalink read can fail after
-- the Reel is already published. Such a publication is `posted` with link_status 'pending' and a
-- bounded backfill (scheduler role) looks again at growing intervals until link_deadline_at.
--   link_status: NULL (posted before this migration, or not posted), 'pending', 'ready', 'none'
--   link_reason: why there is no link ('none'), e.g. a SELF_ONLY TikTok post never gets one
--   link_ref:    what the backfill asks the platform with (TikTok publish_id + username, IG media id)
ALTER TABLE platform_publications ADD COLUMN IF NOT EXISTS link_status text
  CONSTRAINT platform_publications_link_status_check CHECK (link_status IN ('pending', 'ready', 'none'));
ALTER TABLE platform_publications ADD COLUMN IF NOT EXISTS link_reason text;
ALTER TABLE platform_publications ADD COLUMN IF NOT EXISTS link_ref jsonb;
ALTER TABLE platform_publications ADD COLUMN IF NOT EXISTS link_checks integer NOT NULL DEFAULT 0;
ALTER TABLE platform_publications ADD COLUMN IF NOT EXISTS link_next_check_at timestamptz;
ALTER TABLE platform_publications ADD COLUMN IF NOT EXISTS link_deadline_at timestamptz;

-- Posted publications that already carry a permalink have their link.
UPDATE platform_publications SET link_status = 'ready' WHERE link_status IS NULL AND status = 'posted' AND permalink IS NOT NULL;

-- The backfill's set-based pick of due rows.
CREATE INDEX IF NOT EXISTS platform_publications_link_due_idx
  ON platform_publications (link_next_check_at) WHERE link_status = 'pending';
