import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { WorkspaceRole } from '@mwr/domain';

import type { UserPrincipal } from '../../common/auth/principal.js';
import { AppException } from '../../common/errors/app-exception.js';
import { randomToken, sha256Hex } from '../../common/security/secrets.js';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { EventBus, type AccessChangedMessage } from '../events/event-bus.js';
import { WorkspaceNotFound } from '../workspaces/workspaces.errors.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { Workspace, WorkspaceWithRole } from '../workspaces/workspaces.types.js';
import { AlreadyMember, EmailTaken, InvalidCredentials, SetupAlreadyDone } from './auth.errors.js';
import { AuthRepository, type User } from './auth.repository.js';
import type { Locale } from './dto/auth.dto.js';
import { InstallationOwnerRepository } from './installation-owner.repository.js';
import { PasswordHasher } from './passwords.js';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
  /** The session token the browser still holds, if any: revoked when a new one is issued. */
  previousToken?: string;
}

export interface IssuedSession {
  token: string;
  expiresAt: Date;
}

export interface Me {
  user: User;
  workspace: Workspace | null;
  role: WorkspaceRole | null;
  workspaces: WorkspaceWithRole[];
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** Set once known: the first account never changes (see InstallationOwnerRepository). */
  private installationOwnerId?: string;

  constructor(
    private readonly repository: AuthRepository,
    private readonly installationOwner: InstallationOwnerRepository,
    private readonly passwords: PasswordHasher,
    private readonly workspaces: WorkspacesService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly bus: EventBus,
  ) {}

  /** After committed session revocations: event streams opened with those sessions close at once. */
  private async announceAccessChange(message: Omit<AccessChangedMessage, 'kind'>): Promise<void> {
    await this.bus
      .publish({ kind: 'access_changed', ...message })
      .catch((error: Error) => this.logger.warn(`could not announce ended sessions: ${error.message}`));
  }

  async setupRequired(): Promise<boolean> {
    return !(await this.repository.anyUserExists());
  }

  /** First run: the owner account and its workspace. Works exactly once per installation. */
  async setup(
    input: { email: string; password: string; name: string; workspaceName: string; timeZone?: string; locale?: Locale },
    client: ClientInfo,
  ): Promise<{ user: User; session: IssuedSession }> {
    await this.passwords.assertAcceptable(input.password, 'password');
    const passwordHash = await this.passwords.hash(input.password);
    const { user, workspace } = await this.dataSource.transaction(async (tx) => {
      await this.repository.lockSetup(tx);
      if (await this.repository.anyUserExists(tx)) throw new SetupAlreadyDone();
      const user = await this.repository.createUser({ email: input.email, name: input.name, passwordHash, locale: input.locale ?? 'en' }, tx);
      const workspace = await this.workspaces.createWorkspace(user.id, { name: input.workspaceName, timeZone: input.timeZone }, tx);
      await this.audit.record(
        { workspaceId: workspace.id, actor: { userId: user.id, apiKeyId: null }, action: 'auth.setup', target: { type: 'user', id: user.id } },
        tx,
      );
      return { user, workspace };
    });
    this.logger.log(`owner account created for workspace ${workspace.id}`);
    return { user, session: await this.issueSession(user.id, workspace.id, client) };
  }

  async login(email: string, password: string, client: ClientInfo): Promise<{ user: User; session: IssuedSession }> {
    const found = await this.repository.findUserByEmail(email);
    if (!found) {
      await this.passwords.verifyDecoy(password);
      throw new InvalidCredentials();
    }
    if (!(await this.passwords.verify(found.passwordHash, password))) throw new InvalidCredentials();
    const { passwordHash: _secret, ...user } = found;
    const workspace = (await this.workspaces.listForUser(user.id))[0];
    const session = await this.issueSession(user.id, workspace?.id ?? null, client);
    if (workspace)
      await this.audit.record({ workspaceId: workspace.id, actor: { userId: user.id, apiKeyId: null }, action: 'auth.login', metadata: { ip: client.ip } });
    return { user, session };
  }

  private async issueSession(userId: string, workspaceId: string | null, client: ClientInfo): Promise<IssuedSession> {
    const token = randomToken(32);
    // Rotation: whatever session the browser held before is dead once a new one exists.
    if (client.previousToken) await this.repository.revokeSessionByTokenHash(sha256Hex(client.previousToken));
    const session = await this.repository.createSession({
      tokenHash: sha256Hex(token),
      userId,
      workspaceId,
      maxDays: this.config.auth.sessionMaxDays,
      ip: client.ip,
      userAgent: client.userAgent,
    });
    return { token, expiresAt: new Date(session.expiresAt) };
  }

  async logout(principal: UserPrincipal): Promise<void> {
    await this.repository.revokeSession(principal.sessionId);
    await this.announceAccessChange({ reason: 'session_revoked', userId: principal.userId, sessionId: principal.sessionId });
  }

  /** The principal for a session cookie, or undefined when it is unknown, revoked, idle or expired. */
  async authenticateSession(token: string): Promise<UserPrincipal | undefined> {
    const session = await this.repository.findLiveSession(sha256Hex(token), this.config.auth.sessionIdleMinutes);
    if (!session) return undefined;
    let workspaceId = session.workspaceId;
    let access = workspaceId ? await this.workspaces.accessOf(workspaceId, session.userId) : undefined;
    if (!access) {
      // Removed from the selected workspace (or never had one): fall back to another membership.
      const fallback = (await this.workspaces.listForUser(session.userId))[0];
      workspaceId = fallback?.id ?? null;
      if (fallback) {
        await this.repository.setSessionWorkspace(session.id, fallback.id);
        access = await this.workspaces.accessOf(fallback.id, session.userId);
      }
    }
    // A member limited to some accounts carries that list for the whole request (repositories take it).
    return {
      kind: 'user',
      userId: session.userId,
      sessionId: session.id,
      workspaceId,
      role: access?.role ?? null,
      allowedAccountIds: access ? access.allowedAccountIds : [],
    };
  }

  /**
   * Whether this signed-in user owns the installation (not merely a workspace: any user can
   * create a workspace and own it). Guards what belongs to the server rather than to a workspace.
   */
  async isInstallationOwner(principal: UserPrincipal): Promise<boolean> {
    this.installationOwnerId ??= await this.installationOwner.ownerId();
    return principal.userId === this.installationOwnerId;
  }

  async me(principal: UserPrincipal): Promise<Me> {
    const user = await this.repository.findUser(principal.userId);
    if (!user) throw new InvalidCredentials();
    const workspaces = await this.workspaces.listForUser(user.id);
    const current = workspaces.find((w) => w.id === principal.workspaceId) ?? null;
    return { user, workspace: current, role: current?.role ?? null, workspaces };
  }

  async switchWorkspace(principal: UserPrincipal, workspaceId: string): Promise<void> {
    const role = await this.workspaces.roleOf(workspaceId, principal.userId);
    if (!role) throw new WorkspaceNotFound();
    await this.repository.setSessionWorkspace(principal.sessionId, workspaceId);
  }

  async updateProfile(principal: UserPrincipal, patch: { name?: string; locale?: Locale }): Promise<User> {
    const user = await this.repository.updateProfile(principal.userId, patch);
    if (!user) throw new InvalidCredentials();
    return user;
  }

  /** Changes the password, ends every session of the user and issues a fresh one for this browser. */
  async changePassword(principal: UserPrincipal, currentPassword: string, newPassword: string, client: ClientInfo): Promise<IssuedSession> {
    const user = await this.repository.findUserWithSecret(principal.userId);
    if (!user || !(await this.passwords.verify(user.passwordHash, currentPassword))) throw new InvalidCredentials();
    await this.passwords.assertAcceptable(newPassword, 'newPassword');
    const passwordHash = await this.passwords.hash(newPassword);
    await this.dataSource.transaction(async (tx) => {
      await this.repository.updatePassword(user.id, passwordHash, tx);
      await this.repository.revokeAllSessions(user.id, tx);
      await this.audit.record(
        {
          workspaceId: principal.workspaceId,
          actor: { userId: user.id, apiKeyId: null },
          action: 'auth.password_changed',
          target: { type: 'user', id: user.id },
        },
        tx,
      );
    });
    await this.announceAccessChange({ reason: 'password_changed', userId: user.id });
    return this.issueSession(user.id, principal.workspaceId, { ...client, previousToken: undefined });
  }

  async previewInvitation(token: string): Promise<{ workspaceName: string; email: string; role: WorkspaceRole; accountExists: boolean; expiresAt: Date }> {
    const invitation = await this.workspaces.pendingInvitation(token);
    const accountExists = Boolean(await this.repository.findUserByEmail(invitation.email));
    return {
      workspaceName: invitation.workspaceName,
      email: invitation.email,
      role: invitation.role,
      accountExists,
      expiresAt: new Date(invitation.expiresAt),
    };
  }

  /**
   * Joins the invited workspace. A new email gets an account (name + password); an existing
   * account proves itself with its password. Either way the browser ends up signed in there.
   */
  async acceptInvitation(
    input: { token: string; name?: string; password: string },
    client: ClientInfo,
  ): Promise<{ user: User; session: IssuedSession; workspaceId: string }> {
    const invitation = await this.workspaces.pendingInvitation(input.token);
    const existing = await this.repository.findUserByEmail(invitation.email);
    let passwordHash: string | undefined;
    if (existing) {
      if (!(await this.passwords.verify(existing.passwordHash, input.password))) throw new InvalidCredentials();
    } else {
      if (!input.name)
        throw new AppException('VALIDATION_FAILED', 'name is required to create your account', HttpStatus.BAD_REQUEST, [
          { field: 'name', messages: ['name is required to create your account'] },
        ]);
      if (input.password.length < 10)
        throw new AppException('VALIDATION_FAILED', 'password must be between 10 and 256 characters', HttpStatus.BAD_REQUEST, [
          { field: 'password', messages: ['password must be between 10 and 256 characters'] },
        ]);
      await this.passwords.assertAcceptable(input.password, 'password');
      passwordHash = await this.passwords.hash(input.password);
    }
    const user = await this.dataSource.transaction(async (tx) => {
      await this.workspaces.consumeInvitation(invitation.id, tx);
      let user: User;
      if (existing) {
        const { passwordHash: _secret, ...rest } = existing;
        user = rest;
      } else {
        if (await this.repository.findUserByEmail(invitation.email, tx)) throw new EmailTaken();
        user = await this.repository.createUser({ email: invitation.email, name: input.name!, passwordHash: passwordHash!, locale: 'en' }, tx);
      }
      if (!(await this.workspaces.addMember(invitation.workspaceId, user.id, invitation.role, tx))) throw new AlreadyMember();
      await this.audit.record(
        {
          workspaceId: invitation.workspaceId,
          actor: { userId: user.id, apiKeyId: null },
          action: 'invitation.accepted',
          target: { type: 'invitation', id: invitation.id },
          metadata: { role: invitation.role },
        },
        tx,
      );
      return user;
    });
    return { user, session: await this.issueSession(user.id, invitation.workspaceId, client), workspaceId: invitation.workspaceId };
  }
}
