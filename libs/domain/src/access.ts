/** Roles inside a workspace, weakest first: each role can do everything the ones before it can. */
export const WORKSPACE_ROLES = ['viewer', 'editor', 'admin', 'owner'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

export function isWorkspaceRole(value: unknown): value is WorkspaceRole {
  return typeof value === 'string' && (WORKSPACE_ROLES as readonly string[]).includes(value);
}

export function roleAtLeast(role: WorkspaceRole, minimum: WorkspaceRole): boolean {
  return WORKSPACE_ROLES.indexOf(role) >= WORKSPACE_ROLES.indexOf(minimum);
}

/** What an integrator's API key may do. `admin` grants everything; a write scope implies its read. */
export const API_KEY_SCOPES = ['content:read', 'content:write', 'accounts:read', 'automations:write', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const IMPLIED_BY: Partial<Record<ApiKeyScope, ApiKeyScope[]>> = {
  'content:read': ['content:write'],
};

export function scopesAllow(granted: readonly ApiKeyScope[], required: ApiKeyScope): boolean {
  if (granted.includes('admin') || granted.includes(required)) return true;
  return (IMPLIED_BY[required] ?? []).some((s) => granted.includes(s));
}

/**
 * The policy of one route: the least workspace role a signed-in member needs, and the scope an
 * API key needs. A route without a scope cannot be called with an API key at all.
 */
export interface AccessPolicy {
  role: WorkspaceRole;
  scope?: ApiKeyScope;
}
