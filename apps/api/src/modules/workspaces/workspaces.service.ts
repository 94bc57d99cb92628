import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { roleAtLeast, seesAllAccounts, type AccountAccess, type WorkspaceRole } from '@mwr/domain';

import { actorOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import type { Db } from '../../common/database/db.js';
import { randomBase62, randomToken, sha256Hex } from '../../common/security/secrets.js';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { EventBus, type AccessChangedMessage } from '../events/event-bus.js';
import {
  AccountAccessAccountUnknown,
  AccountAccessNotForAdmins,
  InvitationInvalid,
  LastOwnerProtected,
  OwnerOnly,
  WorkspaceNotFound,
} from './workspaces.errors.js';
import { invitationStatus } from './workspaces.mapper.js';
import { WorkspacesRepository, type Invitation, type Member, type Workspace, type WorkspaceWithRole } from './workspaces.repository.js';

const INVITATION_DAYS = 7;

export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return base || 'workspace';
}

@Injectable()
export class WorkspacesService {
  private readonly logger = new Logger(WorkspacesService.name);

  constructor(
    private readonly repository: WorkspacesRepository,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly bus: EventBus,
  ) {}

  /** After a committed change that may end someone's access: their open event streams are re-checked at once. */
  private async announceAccessChange(message: Omit<AccessChangedMessage, 'kind'>): Promise<void> {
    await this.bus
      .publish({ kind: 'access_changed', ...message })
      .catch((error: Error) => this.logger.warn(`could not announce an access change: ${error.message}`));
  }

  /** Creates a workspace with `ownerUserId` as its owner; pass `db` to join the caller's transaction. */
  async createWorkspace(ownerUserId: string, input: { name: string; timeZone?: string }, db?: Db): Promise<Workspace> {
    const run = async (tx: Db) => {
      let slug = slugify(input.name);
      if (await this.repository.slugExists(slug, tx)) slug = `${slug}-${randomBase62(6).toLowerCase()}`;
      const workspace = await this.repository.create({ name: input.name, slug, timeZone: input.timeZone ?? 'UTC' }, tx);
      await this.repository.addMember(workspace.id, ownerUserId, 'owner', tx);
      await this.audit.record(
        {
          workspaceId: workspace.id,
          actor: { userId: ownerUserId, apiKeyId: null },
          action: 'workspace.created',
          target: { type: 'workspace', id: workspace.id },
        },
        tx,
      );
      return workspace;
    };
    return db ? run(db) : this.dataSource.transaction((tx) => run(tx));
  }

  listForUser(userId: string): Promise<WorkspaceWithRole[]> {
    return this.repository.listForUser(userId);
  }

  roleOf(workspaceId: string, userId: string): Promise<WorkspaceRole | undefined> {
    return this.repository.roleOf(workspaceId, userId);
  }

  /** The member's role and the accounts they may see (null: all), for the AuthGuard. */
  accessOf(workspaceId: string, userId: string): Promise<{ role: WorkspaceRole; allowedAccountIds: AccountAccess } | undefined> {
    return this.repository.accessOf(workspaceId, userId);
  }

  /**
   * Limits a member to some accounts, or gives them every account again (accountIds null). Owners
   * and admins always see every account, so limiting them is refused rather than silently ignored.
   */
  async setAccountAccess(principal: Principal, userId: string, accountIds: readonly string[] | null): Promise<Member> {
    const workspaceId = workspaceIdOf(principal);
    await this.dataSource.transaction(async (tx) => {
      const currentRole = await this.repository.roleOf(workspaceId, userId, tx);
      if (!currentRole) throw new WorkspaceNotFound('Member');
      if (accountIds !== null && seesAllAccounts(currentRole)) throw new AccountAccessNotForAdmins();
      const kept = await this.repository.setAccountAccess(workspaceId, userId, accountIds, tx);
      if (accountIds !== null && kept !== new Set(accountIds).size) throw new AccountAccessAccountUnknown();
      await this.audit.record(
        {
          workspaceId,
          actor: actorOf(principal),
          action: 'member.account_access_changed',
          target: { type: 'user', id: userId },
          metadata: { accountIds: accountIds === null ? null : [...new Set(accountIds)] },
        },
        tx,
      );
    });
    await this.announceAccessChange({ reason: 'role_changed', workspaceId, userId });
    const member = (await this.repository.listMembers(workspaceId)).find((m) => m.userId === userId);
    if (!member) throw new WorkspaceNotFound('Member');
    return member;
  }

  addMember(workspaceId: string, userId: string, role: WorkspaceRole, db: Db): Promise<boolean> {
    return this.repository.addMember(workspaceId, userId, role, db);
  }

  async current(principal: Principal): Promise<Workspace> {
    const workspace = await this.repository.findById(workspaceIdOf(principal));
    if (!workspace) throw new WorkspaceNotFound();
    return workspace;
  }

  /** Workspace routes act on the caller's current workspace; any other id is "not found". */
  private ensureCurrent(principal: Principal, workspaceId: string): string {
    const current = workspaceIdOf(principal);
    if (current !== workspaceId) throw new WorkspaceNotFound();
    return current;
  }

  async update(principal: Principal, workspaceId: string, patch: { name?: string; timeZone?: string }): Promise<Workspace> {
    const id = this.ensureCurrent(principal, workspaceId);
    return this.dataSource.transaction(async (tx) => {
      const updated = await this.repository.update(id, patch, tx);
      if (!updated) throw new WorkspaceNotFound();
      await this.audit.record(
        { workspaceId: id, actor: actorOf(principal), action: 'workspace.updated', target: { type: 'workspace', id }, metadata: { ...patch } },
        tx,
      );
      return updated;
    });
  }

  async delete(principal: Principal, workspaceId: string): Promise<void> {
    const id = this.ensureCurrent(principal, workspaceId);
    const deleted = await this.repository.delete(id);
    if (!deleted) throw new WorkspaceNotFound();
    await this.announceAccessChange({ reason: 'workspace_deleted', workspaceId: id });
  }

  listMembers(principal: Principal): Promise<Member[]> {
    return this.repository.listMembers(workspaceIdOf(principal));
  }

  private actorIsOwner(principal: Principal): boolean {
    return principal.kind === 'user' && principal.role === 'owner';
  }

  async changeRole(principal: Principal, userId: string, role: WorkspaceRole): Promise<Member> {
    const workspaceId = workspaceIdOf(principal);
    await this.dataSource.transaction(async (tx) => {
      const owners = await this.repository.lockOwners(workspaceId, tx);
      const currentRole = await this.repository.roleOf(workspaceId, userId, tx);
      if (!currentRole) throw new WorkspaceNotFound('Member');
      if ((role === 'owner' || currentRole === 'owner') && !this.actorIsOwner(principal)) throw new OwnerOnly();
      if (currentRole === 'owner' && role !== 'owner' && owners.length <= 1) throw new LastOwnerProtected();
      await this.repository.setRole(workspaceId, userId, role, tx);
      await this.audit.record(
        {
          workspaceId,
          actor: actorOf(principal),
          action: 'member.role_changed',
          target: { type: 'user', id: userId },
          metadata: { from: currentRole, to: role },
        },
        tx,
      );
    });
    await this.announceAccessChange({ reason: 'role_changed', workspaceId, userId });
    const member = (await this.repository.listMembers(workspaceId)).find((m) => m.userId === userId);
    if (!member) throw new WorkspaceNotFound('Member');
    return member;
  }

  async removeMember(principal: Principal, userId: string): Promise<void> {
    const workspaceId = workspaceIdOf(principal);
    await this.dataSource.transaction(async (tx) => {
      const owners = await this.repository.lockOwners(workspaceId, tx);
      const currentRole = await this.repository.roleOf(workspaceId, userId, tx);
      if (!currentRole) throw new WorkspaceNotFound('Member');
      if (currentRole === 'owner' && !this.actorIsOwner(principal)) throw new OwnerOnly();
      if (currentRole === 'owner' && owners.length <= 1) throw new LastOwnerProtected();
      await this.repository.removeMember(workspaceId, userId, tx);
      await this.audit.record(
        { workspaceId, actor: actorOf(principal), action: 'member.removed', target: { type: 'user', id: userId }, metadata: { role: currentRole } },
        tx,
      );
    });
    await this.announceAccessChange({ reason: 'member_removed', workspaceId, userId });
  }

  async invite(principal: Principal, email: string, role: WorkspaceRole): Promise<{ invitation: Invitation; acceptUrl: string }> {
    const workspaceId = workspaceIdOf(principal);
    if (roleAtLeast(role, 'owner') && !this.actorIsOwner(principal)) throw new OwnerOnly();
    const token = randomToken(32);
    const expiresAt = new Date(Date.now() + INVITATION_DAYS * 24 * 3600 * 1000);
    return this.dataSource.transaction(async (tx) => {
      const invitation = await this.repository.createInvitation(
        {
          workspaceId,
          email: email.toLowerCase(),
          role,
          tokenHash: sha256Hex(token),
          invitedBy: principal.kind === 'user' ? principal.userId : null,
          expiresAt,
        },
        tx,
      );
      await this.audit.record(
        {
          workspaceId,
          actor: actorOf(principal),
          action: 'invitation.created',
          target: { type: 'invitation', id: invitation.id },
          metadata: { email: invitation.email, role },
        },
        tx,
      );
      return { invitation, acceptUrl: `${this.config.publicUrl}/invite/${token}` };
    });
  }

  listInvitations(principal: Principal): Promise<Invitation[]> {
    return this.repository.listInvitations(workspaceIdOf(principal));
  }

  async revokeInvitation(principal: Principal, invitationId: string): Promise<Invitation> {
    const workspaceId = workspaceIdOf(principal);
    return this.dataSource.transaction(async (tx) => {
      const invitation = await this.repository.revokeInvitation(workspaceId, invitationId, tx);
      if (!invitation) throw new WorkspaceNotFound('Invitation');
      await this.audit.record({ workspaceId, actor: actorOf(principal), action: 'invitation.revoked', target: { type: 'invitation', id: invitationId } }, tx);
      return invitation;
    });
  }

  /** Looks an invitation up by the secret token of its link; throws unless it can still be accepted. */
  async pendingInvitation(token: string, db?: Db): Promise<Invitation & { workspaceName: string }> {
    const invitation = await this.repository.findInvitationByTokenHash(sha256Hex(token), db);
    if (!invitation) throw new InvitationInvalid('not_found');
    const status = invitationStatus(invitation);
    if (status === 'accepted') throw new InvitationInvalid('used');
    if (status !== 'pending') throw new InvitationInvalid(status);
    return invitation;
  }

  async consumeInvitation(invitationId: string, db: Db): Promise<void> {
    if (!(await this.repository.consumeInvitation(invitationId, db))) throw new InvitationInvalid('used');
  }
}
