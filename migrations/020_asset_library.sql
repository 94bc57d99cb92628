-- 020_asset_library: the media library. Videos carry tags, and the same bytes are one asset per
-- workspace (uploads of identical bytes link the existing asset, docs: issue #20 item 6).

ALTER TABLE content_assets ADD COLUMN IF NOT EXISTS tags text[] NOT NULL DEFAULT '{}';
CREATE INDEX IF NOT EXISTS content_assets_tags_idx ON content_assets USING gin (tags);

-- Stored files whose asset row is gone; the assets cleanup job deletes them from storage.
CREATE TABLE IF NOT EXISTS content_asset_orphan_files (
  storage_key text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Merge the duplicates made before: per workspace and sha256, the keeper is the oldest ready
-- video (else the oldest); the others' posts point at the keeper, their tags join the keeper's,
-- their rows go and their files (the keeper's bytes again) are left to the cleanup job.
DROP TABLE IF EXISTS pg_temp.asset_merges;
CREATE TEMPORARY TABLE asset_merges AS
SELECT d.id AS duplicate_id, d.workspace_id, k.id AS keeper_id
FROM (
  SELECT id, workspace_id,
    first_value(id) OVER (PARTITION BY workspace_id, sha256 ORDER BY (status = 'ready') DESC, created_at, id) AS keeper_id
  FROM content_assets
  WHERE sha256 IS NOT NULL AND status <> 'failed'
) d
JOIN content_assets k ON k.id = d.keeper_id
WHERE d.id <> d.keeper_id;

UPDATE content_items i SET asset_id = m.keeper_id
FROM asset_merges m
WHERE i.workspace_id = m.workspace_id AND i.asset_id = m.duplicate_id;

UPDATE content_assets k SET tags = merged.tags
FROM (
  SELECT m.keeper_id, array(SELECT DISTINCT t FROM unnest(array_agg(tag)) AS t ORDER BY t) AS tags
  FROM asset_merges m
  JOIN content_assets a ON a.id IN (m.keeper_id, m.duplicate_id)
  CROSS JOIN LATERAL unnest(a.tags) AS tag
  GROUP BY m.keeper_id
) merged
WHERE k.id = merged.keeper_id;

INSERT INTO content_asset_orphan_files (storage_key)
SELECT key FROM content_assets a JOIN asset_merges m ON a.id = m.duplicate_id CROSS JOIN LATERAL unnest(ARRAY[a.storage_key, a.thumbnail_key]) AS key
WHERE key IS NOT NULL
ON CONFLICT DO NOTHING;

DELETE FROM content_assets a USING asset_merges m WHERE a.id = m.duplicate_id;
DROP TABLE asset_merges;

-- From now on one live row per bytes; a failed ingest does not hold the place.
CREATE UNIQUE INDEX IF NOT EXISTS content_assets_sha_unique_idx ON content_assets (workspace_id, sha256) WHERE sha256 IS NOT NULL AND status <> 'failed';
