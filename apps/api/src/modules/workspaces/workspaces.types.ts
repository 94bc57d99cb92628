import type { WorkspaceRole } from '@mwr/domain';

/** The workspaces module's public types: other modules import these, never its repository. */
export interface Workspace {
  id: string;
  name: string;
  slug: string;
  timeZone: string;
  createdAt: Date;
}

export interface WorkspaceWithRole extends Workspace {
  role: WorkspaceRole;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: WorkspaceRole;
  joinedAt: Date;
  /** The accounts this member is limited to; null when they see every account. */
  accountIds: string[] | null;
}

export interface Invitation {
  id: string;
  workspaceId: string;
  email: string;
  role: WorkspaceRole;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}
