-- Deleting a workspace failed (500) once it had publications: its ON DELETE CASCADE reaches
-- social_accounts and content_items as separate cascades, and the plain (NO ACTION) reference
-- from platform_publications to social_accounts was checked after the accounts went but before
-- the content items' cascade removed the publications. Checked at commit instead, the same rule
-- holds (an account with publications cannot be deleted on its own) and the workspace cascade
-- completes.
ALTER TABLE platform_publications
  ALTER CONSTRAINT platform_publications_workspace_id_social_account_id_fkey DEFERRABLE INITIALLY DEFERRED;
