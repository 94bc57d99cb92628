-- 017_content_soft_delete: deleting a post is undoable (issue #20). A deleted item keeps its row
-- with deleted_at set, hidden from every list, until a periodic purge removes it 30 days later.
-- cancelled_from remembers what a cancelled item was, so a cancel can be undone.
ALTER TABLE content_items ADD COLUMN IF NOT EXISTS deleted_at timestamptz;
ALTER TABLE content_items ADD COLUMN IF NOT EXISTS cancelled_from text;

-- A deleted item is a draft or a cancelled one: nothing the scheduler would pick up or post.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'content_items_deleted_inert') THEN
    ALTER TABLE content_items ADD CONSTRAINT content_items_deleted_inert CHECK (deleted_at IS NULL OR status IN ('draft', 'cancelled'));
  END IF;
END $$;

CREATE INDEX IF NOT EXISTS content_items_deleted_idx ON content_items (deleted_at) WHERE deleted_at IS NOT NULL;
-- The queue: by scheduled time (creation time for a post without one), live rows only.
CREATE INDEX IF NOT EXISTS content_items_queue_idx ON content_items (workspace_id, (coalesce(scheduled_at, created_at)), id) WHERE deleted_at IS NULL;
