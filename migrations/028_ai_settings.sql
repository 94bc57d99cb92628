-- 028_ai_settings: the per-workspace switch of AI caption suggestions (issue 24). The server turns
-- the feature on (AI_BASE_URL); an admin then turns it on for the workspace: the video's title, the
-- draft caption and the workspace's best captions leave for the AI provider only after that.
-- Off by default: no row means off.
CREATE TABLE IF NOT EXISTS ai_settings (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
  suggestions_enabled boolean NOT NULL DEFAULT false,
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
