/**
 * Roles inside a workspace, weakest first: each role can do everything the ones before it can.
 * A contributor writes drafts, uploads assets and asks for review; it never schedules or publishes
 * (see `canSchedule`) and changes no accounts, automations or settings (those routes need editor+).
 */
export const WORKSPACE_ROLES = ['viewer', 'contributor', 'editor', 'admin', 'owner'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

export function isWorkspaceRole(value: unknown): value is WorkspaceRole {
  return typeof value === 'string' && (WORKSPACE_ROLES as readonly string[]).includes(value);
}

export function roleAtLeast(role: WorkspaceRole, minimum: WorkspaceRole): boolean {
  return WORKSPACE_ROLES.indexOf(role) >= WORKSPACE_ROLES.indexOf(minimum);
}

/** Whether this role may make a post scheduled (or publish it): every role from editor up. */
export function canSchedule(role: WorkspaceRole): boolean {
  return roleAtLeast(role, 'editor');
}

/**
 * Whether this role always sees every social account of the workspace. Owners and admins do; a
 * member below admin may be limited to some accounts (per-account access, issue 25).
 */
export function seesAllAccounts(role: WorkspaceRole): boolean {
  return roleAtLeast(role, 'admin');
}

/**
 * The accounts a caller may see: null means every account of the workspace, a list means only
 * those. Items, publications, jobs, metrics and events follow their accounts.
 */
export type AccountAccess = readonly string[] | null;

/** Whether an account is visible under this access. */
export function accountAllowed(access: AccountAccess, accountId: string): boolean {
  return access === null || access.includes(accountId);
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
