-- 029_approvals_comments: approvals bound to the exact version, and comments (issue 25, part 1).
-- Tables of the reviews module. Client review links come later: decisions and comments already
-- carry who made them as an actor kind (user | client).

-- Per workspace: the approval policy. No row: 'none' (posts publish on their own, as before).
-- required_client behaves as required_internal until client links exist (the client step stays pending).
CREATE TABLE IF NOT EXISTS review_settings (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
  policy text NOT NULL DEFAULT 'none' CHECK (policy IN ('none', 'optional', 'required_internal', 'required_client')),
  -- Whether an author may approve their own post.
  allow_self_approval boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Members (editors) who may approve; owners and admins always may.
CREATE TABLE IF NOT EXISTS workspace_approvers (
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES memberships (workspace_id, user_id) ON DELETE CASCADE
);

-- Where an item stands in review. An approval is bound to the sha256 of everything that will be
-- published (approved_hash, @mwr/domain approvalHash) and to the item's version it was given on:
-- the scheduler makes jobs of a required workspace's items only when state = 'approved' and
-- approved_version = the item's version; an edit re-binds the version when the hash is unchanged,
-- and otherwise voids the approval (voided_by / voided_at), back to in_review.
CREATE TABLE IF NOT EXISTS content_reviews (
  content_item_id uuid PRIMARY KEY REFERENCES content_items (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  state text NOT NULL CHECK (state IN ('in_review', 'changes_requested', 'approved')),
  requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  approved_hash text,
  approved_version integer,
  decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
  decided_at timestamptz,
  voided_by uuid REFERENCES users (id) ON DELETE SET NULL,
  voided_at timestamptz,
  -- required_client: the client's step (pending until client review links exist).
  client_step text CHECK (client_step IN ('pending', 'approved', 'changes_requested')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((state = 'approved') = (approved_hash IS NOT NULL AND approved_version IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS content_reviews_queue_idx ON content_reviews (workspace_id, state, requested_at);

-- Every decision, in order (the audit log has them too).
CREATE TABLE IF NOT EXISTS review_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  content_item_id uuid NOT NULL REFERENCES content_items (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('requested', 'approved', 'changes_requested', 'voided')),
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'client')),
  actor_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  hash text NOT NULL,
  version integer NOT NULL,
  comment_id uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS review_decisions_item_idx ON review_decisions (content_item_id, created_at);

-- Comments on an item: one level of replies (parent_id), @mentions stored resolved to user ids,
-- open or resolved. Internal: never shown to a client (every comment is internal for now).
CREATE TABLE IF NOT EXISTS content_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  content_item_id uuid NOT NULL REFERENCES content_items (id) ON DELETE CASCADE,
  parent_id uuid REFERENCES content_comments (id) ON DELETE CASCADE,
  author_kind text NOT NULL DEFAULT 'user' CHECK (author_kind IN ('user', 'client')),
  author_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  mentions uuid[] NOT NULL DEFAULT '{}',
  internal boolean NOT NULL DEFAULT true,
  resolved_at timestamptz,
  resolved_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS content_comments_item_idx ON content_comments (content_item_id, created_at, id);
