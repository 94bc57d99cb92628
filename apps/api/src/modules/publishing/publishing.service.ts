import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { actorOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import type { Db } from '../../common/database/db.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { AuditService } from '../audit/audit.service.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { PublicationLedger } from '../queue/publication-ledger.js';
import { QueueService } from '../queue/queue.service.js';
import { CheckpointSecrets } from './checkpoint-secrets.js';
import { PublicationLinksRepository } from './publication-links.repository.js';
import { PublisherFactory } from './publisher-factory.js';
import { PublicationNotFound, PublicationResolveInvalid, PublicationStateConflict } from './publishing.errors.js';
import { PublishingRepository, type PublicationView } from './publishing.repository.js';

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/** Operator actions on publications: look, retry, cancel, resolve an ambiguous outcome. All audited. */
@Injectable()
export class PublishingService {
  private readonly logger = new Logger(PublishingService.name);

  constructor(
    private readonly repository: PublishingRepository,
    private readonly queue: QueueService,
    private readonly ledger: PublicationLedger,
    private readonly audit: AuditService,
    private readonly publishers: PublisherFactory,
    private readonly checkpoints: CheckpointSecrets,
    private readonly accounts: AccountsService,
    private readonly dataSource: DataSource,
    private readonly links: PublicationLinksRepository,
    private readonly calendar: CalendarService,
  ) {}

  async detail(principal: Principal, id: string) {
    const publication = await this.get(principal, id);
    const [job, timeline, link] = await Promise.all([this.queue.jobOf(id), this.queue.timelineOf(id), this.links.linkOf(id)]);
    return { publication, job, timeline, link };
  }

  private async get(principal: Principal, id: string): Promise<PublicationView & { itemId: string }> {
    const publication = await this.repository.findInWorkspace(workspaceIdOf(principal), id);
    if (!publication) throw new PublicationNotFound();
    return publication;
  }

  /**
   * A failed (or out of attempts) publication goes again now, with a fresh attempt budget. A
   * cancelled one does not: the domain's decision (libs/domain job-status.ts) — cancel is final.
   */
  async retry(principal: Principal, id: string): Promise<void> {
    const publication = await this.get(principal, id);
    const workspaceId = workspaceIdOf(principal);
    const dispatch = await this.dataSource.transaction(async (tx) => {
      // From-states: whatever the machines let a person retry (jobs failed/dead, lanes failed).
      const job = await this.ledger.operate(
        tx,
        id,
        { job: 'queued', publication: 'pending', resetAttempts: true },
        { workspaceId, type: 'retry_requested', toStatus: 'queued', message: 'Retried by a person' },
      );
      if (!job) throw new PublicationStateConflict('Only a failed publication can be retried (a cancelled one stays cancelled)');
      await this.repository.updatePublication(tx, id, { errorCode: null, errorMessage: null, errorClass: null });
      await this.calendar.publishingAgain(tx, publication.itemId);
      await this.audit.record({ workspaceId, actor: actorOf(principal), action: 'publication.retried', target: { type: 'platform_publication', id } }, tx);
      return job;
    });
    await this.queue.dispatch([dispatch]);
  }

  /** Stops a publication that is not running right now; an upload already started at the platform is cancelled there too. */
  async cancel(principal: Principal, id: string): Promise<void> {
    const publication = await this.get(principal, id);
    const workspaceId = workspaceIdOf(principal);
    const job = await this.dataSource.transaction(async (tx) => {
      const cancelled = await this.ledger.operate(
        tx,
        id,
        { job: 'cancelled', publication: 'cancelled' },
        { workspaceId, type: 'cancelled', toStatus: 'cancelled', message: 'Cancelled by a person' },
      );
      if (!cancelled)
        throw new PublicationStateConflict('This publication is running, processing at the platform, finished or under review: it cannot be cancelled now');
      await this.audit.record({ workspaceId, actor: actorOf(principal), action: 'publication.cancelled', target: { type: 'platform_publication', id } }, tx);
      await this.refreshItem(tx, publication.itemId);
      return cancelled;
    });
    if (job.checkpoint) {
      try {
        // The account's capabilities pick the host it was connected through (Instagram: Facebook Login or not).
        const [account] = await this.accounts.findMany(workspaceId, [publication.accountId]);
        const publisher = this.publishers.create(publication.platform, () => this.accounts.getValidAccessToken(publication.accountId), {
          capabilities: account?.capabilities ?? {},
        });
        await publisher.cancel(publisher.parseCheckpoint(this.checkpoints.open(job.id, publisher.checkpointSecrets, job.checkpoint).checkpoint));
      } catch (error) {
        this.logger.warn(`platform-side cancel of publication ${id} failed: ${(error as Error).message}`);
      }
    }
  }

  /**
   * A person (admin) checked the platform and settles the publication with the evidence: posted
   * (with the post's id, and its link when they have it) or not posted. Any publication that is
   * not posted can be settled — needs review, failed (e.g. a post-publish lookup failed although
   * the post is live), dead, cancelled or waiting — except while an attempt is running. A posted
   * publication whose link is missing can be given its id and link the same way.
   */
  async resolve(
    principal: Principal,
    id: string,
    input: { outcome: 'posted' | 'failed'; remoteMediaId?: string; permalink?: string; note?: string },
  ): Promise<void> {
    const publication = await this.get(principal, id);
    const workspaceId = workspaceIdOf(principal);
    if (input.outcome === 'posted' && !input.remoteMediaId) throw new PublicationResolveInvalid('Give the post id (remoteMediaId) to mark it posted');
    if (input.permalink !== undefined && !isHttpsUrl(input.permalink)) throw new PublicationResolveInvalid('permalink must be an https:// link to the post');
    if (publication.status === 'posted') {
      await this.addLinkEvidence(principal, publication, input);
      return;
    }
    await this.dataSource.transaction(async (tx) => {
      // Settled with evidence: any job a person may settle (not running, not succeeded), any unposted lane.
      const job = await this.ledger.operate(
        tx,
        id,
        { job: input.outcome === 'posted' ? 'succeeded' : 'failed', publication: input.outcome },
        {
          workspaceId,
          type: 'review_resolved',
          fromStatus: publication.status,
          toStatus: input.outcome,
          message: input.note ?? null,
          data: { outcome: input.outcome, ...(input.permalink ? { permalink: input.permalink } : {}) },
        },
      );
      if (!job) throw new PublicationStateConflict('This publication is being published right now: wait for the attempt to end, then settle it');
      await this.repository.updatePublication(
        tx,
        id,
        input.outcome === 'posted'
          ? {
              remoteMediaId: input.remoteMediaId,
              permalink: input.permalink,
              postedAt: new Date(),
              needsReview: false,
              errorCode: null,
              errorMessage: null,
              errorClass: null,
            }
          : { needsReview: false, errorCode: 'resolved_not_posted', errorMessage: input.note ?? 'Checked by a person: not posted', errorClass: 'unknown' },
      );
      if (input.outcome === 'posted') await this.links.recordResolved(tx, id, input.remoteMediaId!, input.permalink);
      await this.audit.record(
        {
          workspaceId,
          actor: actorOf(principal),
          action: 'publication.review_resolved',
          target: { type: 'platform_publication', id },
          metadata: { outcome: input.outcome, from: publication.status },
        },
        tx,
      );
      await this.refreshItem(tx, publication.itemId);
    });
  }

  /** A posted publication without its link: the person's evidence supplies the post id and link. */
  private async addLinkEvidence(
    principal: Principal,
    publication: PublicationView & { itemId: string },
    input: { outcome: 'posted' | 'failed'; remoteMediaId?: string; permalink?: string; note?: string },
  ): Promise<void> {
    if (input.outcome !== 'posted') throw new PublicationStateConflict('This publication is posted; it cannot be marked not posted');
    const { linkStatus } = await this.links.linkOf(publication.id);
    if (linkStatus === 'ready' || (linkStatus === null && publication.permalink))
      throw new PublicationStateConflict('This publication is already posted with its link');
    const workspaceId = workspaceIdOf(principal);
    const job = await this.queue.jobOf(publication.id);
    await this.dataSource.transaction(async (tx) => {
      await this.repository.updatePublication(tx, publication.id, { remoteMediaId: input.remoteMediaId, permalink: input.permalink });
      await this.links.recordResolved(tx, publication.id, input.remoteMediaId!, input.permalink);
      await this.ledger.record(
        tx,
        { workspaceId, id: job?.id ?? null, publicationId: publication.id },
        {
          type: 'review_resolved',
          toStatus: 'posted',
          message: input.note ?? null,
          data: { outcome: 'posted', remoteMediaId: input.remoteMediaId, ...(input.permalink ? { permalink: input.permalink } : {}) },
        },
      );
      await this.audit.record(
        {
          workspaceId,
          actor: actorOf(principal),
          action: 'publication.review_resolved',
          target: { type: 'platform_publication', id: publication.id },
          metadata: { outcome: 'posted', from: 'posted', linkEvidence: true },
        },
        tx,
      );
    });
  }

  private async refreshItem(tx: Db, itemId: string): Promise<void> {
    await this.calendar.followPublications(tx, itemId, await this.repository.publicationStatuses(tx, itemId));
  }
}
