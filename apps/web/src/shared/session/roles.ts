import { i18n } from '../i18n/i18n';
import type { Role } from './me';

/** Weakest first: each role can do everything the roles before it can. */
export const ROLES: readonly Role[] = ['viewer', 'contributor', 'editor', 'admin', 'owner'];

/** Whether this role may schedule or publish: contributors write drafts and ask for review (issue 25). */
export function canSchedule(role: Role | null | undefined): boolean {
  return roleAtLeast(role, 'editor');
}

/** The role's name in the current UI language. */
export function roleLabel(role: Role): string {
  return i18n.t(`roles.${role}`);
}

/** Whether `role` is at least `minimum`; no role (no workspace) is never enough. */
export function roleAtLeast(role: Role | null | undefined, minimum: Role): boolean {
  if (!role) return false;
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

/** Roles an actor may hand out: only owners grant the owner role. */
export function assignableRoles(actorRole: Role | null | undefined): Role[] {
  return ROLES.filter((role) => role !== 'owner' || actorRole === 'owner');
}
