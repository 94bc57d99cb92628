-- 037_member_account_access: the contributor role and per-account access for members (issue 25).
--
-- `contributor` sits between viewer and editor: it writes drafts and asks for review, it never
-- schedules (the API refuses, ROLE_CONTRIBUTOR_CANNOT_SCHEDULE).
--
-- A member whose membership has accounts_restricted = true sees only the social accounts listed in
-- member_account_access (and the posts, publications, jobs, metrics and events of those accounts);
-- false (the default) means every account of the workspace. Owners and admins always see every
-- account, whatever the flag says. Rows go when the member or the account goes.

ALTER TABLE memberships DROP CONSTRAINT IF EXISTS memberships_role_check;
ALTER TABLE memberships ADD CONSTRAINT memberships_role_check CHECK (role IN ('owner', 'admin', 'editor', 'contributor', 'viewer'));
ALTER TABLE invitations DROP CONSTRAINT IF EXISTS invitations_role_check;
ALTER TABLE invitations ADD CONSTRAINT invitations_role_check CHECK (role IN ('owner', 'admin', 'editor', 'contributor', 'viewer'));

ALTER TABLE memberships ADD COLUMN IF NOT EXISTS accounts_restricted boolean NOT NULL DEFAULT false;

CREATE TABLE IF NOT EXISTS member_account_access (
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL,
  account_id uuid NOT NULL REFERENCES social_accounts (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id, account_id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES memberships (workspace_id, user_id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS member_account_access_account_idx ON member_account_access (account_id);
