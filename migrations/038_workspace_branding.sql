-- 038_workspace_branding: white-label per workspace (issue 25, part 3). No row, or a null column: the default theme.

CREATE TABLE IF NOT EXISTS workspace_branding (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
  product_name text CHECK (product_name IS NULL OR char_length(product_name) BETWEEN 1 AND 60),
  -- The logo in storage (branding/<file>) and the opaque file name it is served under publicly
  -- (/api/branding/logos/<file>): a hash that names neither the workspace nor anything else.
  logo_key text,
  logo_file text UNIQUE,
  logo_content_type text CHECK (logo_content_type IS NULL OR logo_content_type IN ('image/png', 'image/jpeg', 'image/webp')),
  primary_color text CHECK (primary_color IS NULL OR primary_color ~ '^#[0-9a-f]{6}$'),
  accent_color text CHECK (accent_color IS NULL OR accent_color ~ '^#[0-9a-f]{6}$'),
  -- The host the operator points at this installation for this workspace (TLS in front); one workspace per host.
  custom_host text CHECK (custom_host IS NULL OR custom_host = lower(custom_host)),
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS workspace_branding_custom_host_idx ON workspace_branding (custom_host) WHERE custom_host IS NOT NULL;
