import { Injectable, Logger } from '@nestjs/common';

import { ComplianceRules, type AllowedAction, type ComplianceRule } from '@mwr/domain';

import { AccountsService } from '../../accounts/accounts.service.js';
import { AuditService } from '../../audit/audit.service.js';
import { RateLimiter } from '../../rate-limits/rate-limiter.service.js';
import { AutomationSettings, coversAccount } from '../automation-settings.js';
import { AutomationsRepository } from '../automations.repository.js';
import { IgMessagingRepository, type IgAccountRow } from './ig-messaging.repository.js';
import { InstagramSendClient, type SendRecipient } from './instagram-send.client.js';

const KEY = 'ig_welcome_dm';
const SYSTEM = { userId: null, apiKeyId: null };
const HOUR_MS = 3_600_000;

export interface InboundMessage {
  mid: string;
  igsid: string;
  text: string;
  at: Date;
}

export interface InboundComment {
  commentId: string;
  igsid: string;
  username: string | null;
  text: string;
  mediaId: string | null;
  at: Date;
}

export type WelcomeOutcome =
  | { outcome: 'sent'; messageId: string }
  | { outcome: 'refused'; rule: ComplianceRule }
  | { outcome: 'failed'; code: number | null }
  | { outcome: 'opted_out' }
  | { outcome: 'ignored' };

/**
 * `ig_welcome_dm`: welcomes a person who wrote to an Instagram account (or commented a keyword on a
 * chosen post), once per period, inside the platform's windows, through the Send API only. Every
 * decision goes through ComplianceRules and every action (sent, refused, failed, opt-out) is audited.
 */
@Injectable()
export class IgWelcomeDmEngine {
  readonly key = KEY;
  private readonly logger = new Logger(IgWelcomeDmEngine.name);

  constructor(
    private readonly settings: AutomationSettings,
    private readonly automations: AutomationsRepository,
    private readonly repository: IgMessagingRepository,
    private readonly sender: InstagramSendClient,
    private readonly limiter: RateLimiter,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
  ) {}

  /** A person's DM to the account: it opens the window, may opt them out, may be welcomed. */
  async onMessage(account: IgAccountRow, m: InboundMessage): Promise<WelcomeOutcome> {
    await this.repository.recordInbound(account, m.igsid, m.at, null);
    const setting = await this.settings.get(account.workspaceId, KEY);
    // Opt-outs count whether or not the automation is on now: it may be turned on later.
    if (ComplianceRules.isOptOutMessage(m.text, setting.config.optOutKeywords)) {
      if (await this.repository.optOut(account, m.igsid)) {
        await this.record(account, 'opted_out', { trigger: 'message', recipient: m.igsid, mid: m.mid });
      }
      return { outcome: 'opted_out' };
    }
    if (!setting.enabled || !coversAccount(setting.config, account.accountId)) return { outcome: 'ignored' };
    const contact = await this.repository.contact(account.accountId, m.igsid);
    const text = ComplianceRules.renderMessageTemplate(setting.config.message, { username: contact?.username ?? 'there', account: account.handle });
    return this.attempt(account, setting.config, {
      action: 'dm_reply',
      igsid: m.igsid,
      trigger: { kind: 'message', at: m.at },
      text,
      recipient: { id: m.igsid },
      meta: { mid: m.mid },
    });
  }

  /** A comment on one of the account's posts: a keyword on a chosen post gets one private reply. */
  async onComment(account: IgAccountRow, c: InboundComment): Promise<WelcomeOutcome> {
    const setting = await this.settings.get(account.workspaceId, KEY);
    if (!setting.enabled || !coversAccount(setting.config, account.accountId)) return { outcome: 'ignored' };
    const { commentKeywords, commentMediaIds, commentReplyMessage } = setting.config;
    if (!c.mediaId || !commentMediaIds.includes(c.mediaId)) return { outcome: 'ignored' };
    const keyword = ComplianceRules.matchKeyword(c.text, commentKeywords);
    if (!keyword) return { outcome: 'ignored' };
    await this.repository.ensureContact(account, c.igsid, c.username);
    const text = ComplianceRules.renderMessageTemplate(commentReplyMessage, { username: c.username ?? 'there', account: account.handle, keyword });
    return this.attempt(account, setting.config, {
      action: 'private_reply',
      igsid: c.igsid,
      trigger: { kind: 'comment', at: c.at },
      text,
      recipient: { comment_id: c.commentId },
      commentId: c.commentId,
      meta: { commentId: c.commentId, mediaId: c.mediaId, keyword },
    });
  }

  private async attempt(
    account: IgAccountRow,
    config: { replyWithinHours: number; welcomeOncePerDays: number; maxMessagesPerHour: number },
    a: {
      action: AllowedAction;
      igsid: string;
      trigger: { kind: 'message' | 'comment'; at: Date };
      text: string;
      recipient: SendRecipient;
      commentId?: string;
      meta: Record<string, unknown>;
    },
  ): Promise<WelcomeOutcome> {
    const periodMs = config.welcomeOncePerDays * 24 * HOUR_MS;
    const base = { trigger: a.trigger.kind, recipient: a.igsid, ...a.meta };
    const contact = await this.repository.contact(account.accountId, a.igsid);
    const decision = ComplianceRules.checkOutboundMessage({
      action: a.action,
      now: new Date(),
      recipients: [a.igsid],
      trigger: a.trigger,
      replyWithinHours: config.replyWithinHours,
      optedOut: Boolean(contact?.optedOutAt),
      commentAlreadyReplied: a.commentId ? await this.repository.privateReplyClaimed(account.accountId, a.commentId) : false,
      lastWelcomeAt: contact?.lastWelcomeAt ? new Date(contact.lastWelcomeAt) : null,
      welcomePeriodMs: periodMs,
      text: a.text,
    });
    if (!decision.allowed) return this.refuse(account, decision.rule, decision.reason, base);

    // The atomic claims: concurrent deliveries of two events still welcome once.
    const claimed = await this.repository.claimWelcome(account.accountId, a.igsid, periodMs);
    if (!claimed) return this.refuse(account, 'welcome_period', 'this person was welcomed moments ago', base);
    const release = () => this.repository.restoreWelcome(account.accountId, a.igsid, claimed.previous);
    if (a.commentId && !(await this.repository.claimPrivateReply(account.accountId, a.commentId, a.igsid))) {
      await release();
      return this.refuse(account, 'private_reply_already_sent', 'this comment already had its one private reply', base);
    }
    const slot = await this.limiter.acquire(`instagram:dm:${account.accountId}`, config.maxMessagesPerHour, HOUR_MS);
    if (!slot.ok) {
      await release();
      return this.refuse(account, 'rate_limit', `at most ${config.maxMessagesPerHour} automated messages per hour for this account`, {
        ...base,
        retryInMs: slot.retryInMs,
      });
    }

    let token: string;
    try {
      token = await this.accounts.getValidAccessToken(account.accountId);
    } catch (error) {
      await release();
      await this.record(account, 'failed', { ...base, code: null, error: (error as Error).message });
      return { outcome: 'failed', code: null };
    }
    const result = await this.sender.send(account.igUserId, token, a.recipient, a.text);
    if (!result.ok) {
      await release();
      // The platform's own window check (code 10 / 2534022) is a refusal, not an outage.
      if (result.code === 10 && result.subcode === 2534022)
        return this.refuse(account, 'outside_messaging_window', `the platform refused: ${result.message}`, base);
      await this.record(account, 'failed', { ...base, status: result.status, code: result.code, subcode: result.subcode, error: result.message });
      return { outcome: 'failed', code: result.code };
    }
    if (a.commentId) await this.repository.recordPrivateReply(account.accountId, a.commentId, result.messageId);
    await this.automations.touch(account.workspaceId, KEY);
    await this.record(account, 'sent', { ...base, action: a.action, messageId: result.messageId });
    return { outcome: 'sent', messageId: result.messageId };
  }

  private async refuse(account: IgAccountRow, rule: ComplianceRule, reason: string, metadata: Record<string, unknown>): Promise<WelcomeOutcome> {
    this.logger.warn(`ig_welcome_dm refused for account ${account.accountId}: ${rule} (${reason})`);
    await this.record(account, 'refused', { ...metadata, rule, reason });
    return { outcome: 'refused', rule };
  }

  private record(account: IgAccountRow, what: 'sent' | 'refused' | 'failed' | 'opted_out', metadata: Record<string, unknown>): Promise<void> {
    return this.audit.record({
      workspaceId: account.workspaceId,
      actor: SYSTEM,
      action: `automation.${KEY}.${what}`,
      target: { type: 'social_account', id: account.accountId },
      metadata: { automation: KEY, ...metadata },
    });
  }
}
