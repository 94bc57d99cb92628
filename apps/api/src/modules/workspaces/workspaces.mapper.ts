import type { InvitationDto, MemberDto, MyWorkspaceDto, WorkspaceDto } from './dto/workspace.dto.js';
import type { Invitation, Member, Workspace, WorkspaceWithRole } from './workspaces.repository.js';

export const toWorkspaceDto = (w: Workspace): WorkspaceDto => ({
  id: w.id,
  name: w.name,
  slug: w.slug,
  timeZone: w.timeZone,
  createdAt: new Date(w.createdAt).toISOString(),
});
export const toMyWorkspaceDto = (w: WorkspaceWithRole): MyWorkspaceDto => ({ ...toWorkspaceDto(w), role: w.role });
export const toMemberDto = (m: Member): MemberDto => ({
  userId: m.userId,
  email: m.email,
  name: m.name,
  role: m.role,
  joinedAt: new Date(m.joinedAt).toISOString(),
  accountIds: m.accountIds,
});

export function invitationStatus(i: Invitation, now = new Date()): InvitationDto['status'] {
  if (i.acceptedAt) return 'accepted';
  if (i.revokedAt) return 'revoked';
  return new Date(i.expiresAt) <= now ? 'expired' : 'pending';
}

export const toInvitationDto = (i: Invitation): InvitationDto => ({
  id: i.id,
  email: i.email,
  role: i.role,
  status: invitationStatus(i),
  createdAt: new Date(i.createdAt).toISOString(),
  expiresAt: new Date(i.expiresAt).toISOString(),
});
