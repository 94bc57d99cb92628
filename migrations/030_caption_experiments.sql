-- 030_caption_experiments: caption experiments (issue 24). An item's video goes out with 2–4
-- caption variants on one platform, each as its own post (its own content item, so the calendar,
-- the compliance checks, the warm-up ramp and the pipeline treat it like any post): to different
-- accounts at one time, or to one account at comparable times taken from its queue slots. At a
-- fixed age the posts are compared on one metric; the verdict keeps the probabilities and the
-- figures it used (libs/domain/src/experiments.ts states the test).
--
-- status: running (posts not all live yet) → waiting_for_age (all live, not old enough or their
-- figures not read yet) → decided (a winner at P(best) ≥ 0.95) | no_clear_winner; cancelled by a
-- person (the variants' unposted items are cancelled) or when a variant's post failed.
CREATE TABLE IF NOT EXISTS experiments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  -- The item the experiment was built from (its video, title, options).
  content_item_id uuid NOT NULL,
  platform text NOT NULL CHECK (platform IN ('tiktok', 'instagram', 'youtube', 'x')),
  mode text NOT NULL CHECK (mode IN ('accounts', 'slots')),
  metric text NOT NULL CHECK (metric IN ('views', 'likes', 'comments', 'shares', 'saves', 'reach')),
  age text NOT NULL DEFAULT '24h' CHECK (age IN ('6h', '24h', '72h', '7d')),
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'waiting_for_age', 'decided', 'no_clear_winner', 'cancelled')),
  -- Why it was cancelled: 'person' or 'variant_failed'.
  cancel_reason text,
  -- experimentVerdict(): outcome, winner, threshold, method, per variant value/score/sd/pBest,
  -- plus the baselines read; or why there were no figures ('missing_figures').
  verdict jsonb,
  decided_at timestamptz,
  -- When the deciding pass looks at it next (moved on after each look, so a pass takes turns).
  next_check_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, id),
  FOREIGN KEY (workspace_id, content_item_id) REFERENCES content_items (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS experiments_list_idx ON experiments (workspace_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS experiments_item_idx ON experiments (workspace_id, content_item_id);
-- The deciding pass: open experiments only.
CREATE INDEX IF NOT EXISTS experiments_open_idx ON experiments (next_check_at) WHERE status IN ('running', 'waiting_for_age');

-- One row per variant: its caption, its account, the item that posts it and, once the scheduler
-- made it, that item's publication on the account.
CREATE TABLE IF NOT EXISTS experiment_variants (
  experiment_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  position smallint NOT NULL CHECK (position BETWEEN 0 AND 3),
  caption text NOT NULL,
  hashtags text[] NOT NULL DEFAULT '{}',
  account_id uuid NOT NULL,
  variant_item_id uuid NOT NULL,
  scheduled_at timestamptz NOT NULL,
  publication_id uuid,
  PRIMARY KEY (experiment_id, position),
  FOREIGN KEY (workspace_id, experiment_id) REFERENCES experiments (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, account_id) REFERENCES social_accounts (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, variant_item_id) REFERENCES content_items (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, publication_id) REFERENCES platform_publications (workspace_id, id) ON DELETE SET NULL (publication_id)
);
CREATE INDEX IF NOT EXISTS experiment_variants_item_idx ON experiment_variants (workspace_id, variant_item_id);
