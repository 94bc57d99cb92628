import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { aggregateItemStatus } from '@mwr/domain';
import { actorOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import type { Db } from '../../common/database/db.js';
import { AuditService } from '../audit/audit.service.js';
import { QueueService } from '../queue/queue.service.js';
import { PublicationNotFound, PublicationStateConflict } from './publishing.errors.js';
import { PublishingRepository, type PublicationView } from './publishing.repository.js';
import { CheckpointSecrets } from './checkpoint-secrets.js';
import { PublisherFactory } from './publisher-factory.js';
import { AccountsService } from '../accounts/accounts.service.js';

/** Operator actions on publications: look, retry, cancel, resolve an ambiguous outcome. All audited. */
@Injectable()
export class PublishingService {
  private readonly logger = new Logger(PublishingService.name);

  constructor(
    private readonly repository: PublishingRepository,
    private readonly queue: QueueService,
    private readonly audit: AuditService,
    private readonly publishers: PublisherFactory,
    private readonly checkpoints: CheckpointSecrets,
    private readonly accounts: AccountsService,
    private readonly dataSource: DataSource,
  ) {}

  async detail(principal: Principal, id: string) {
    const publication = await this.get(principal, id);
    const [job, timeline] = await Promise.all([this.queue.jobs.forPublication(id), this.queue.jobs.timeline(id)]);
    return { publication, job, timeline };
  }

  private async get(principal: Principal, id: string): Promise<PublicationView & { itemId: string }> {
    const publication = await this.repository.findInWorkspace(workspaceIdOf(principal), id);
    if (!publication) throw new PublicationNotFound();
    return publication;
  }

  /** A failed, dead or cancelled publication goes again now, with a fresh attempt budget. */
  async retry(principal: Principal, id: string): Promise<void> {
    const publication = await this.get(principal, id);
    const workspaceId = workspaceIdOf(principal);
    const dispatch = await this.dataSource.transaction(async (tx) => {
      const job = await this.queue.jobs.operate(tx, id, ['failed', 'dead', 'cancelled'], { status: 'queued', resetAttempts: true });
      if (!job) throw new PublicationStateConflict('Only a failed or cancelled publication can be retried');
      await this.repository.updatePublication(tx, id, { status: 'pending', errorCode: null, errorMessage: null, errorClass: null });
      await this.repository.setItemStatus(tx, publication.itemId, 'publishing');
      await this.queue.jobs.appendEvent(tx, { workspaceId, jobId: job.id, publicationId: id, type: 'retry_requested', toStatus: 'queued', message: 'Retried by a person' });
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
      const cancelled = await this.queue.jobs.operate(tx, id, ['queued', 'waiting_retry'], { status: 'cancelled' });
      if (!cancelled) throw new PublicationStateConflict('This publication is running, finished or under review: it cannot be cancelled now');
      await this.repository.updatePublication(tx, id, { status: 'cancelled' });
      await this.queue.jobs.appendEvent(tx, { workspaceId, jobId: cancelled.id, publicationId: id, type: 'cancelled', toStatus: 'cancelled', message: 'Cancelled by a person' });
      await this.audit.record({ workspaceId, actor: actorOf(principal), action: 'publication.cancelled', target: { type: 'platform_publication', id } }, tx);
      await this.refreshItem(tx, publication.itemId);
      return cancelled;
    });
    if (job.checkpoint) {
      try {
        const publisher = this.publishers.create(publication.platform, () => this.accounts.getValidAccessToken(publication.accountId));
        await publisher.cancel(publisher.parseCheckpoint(this.checkpoints.open(job.id, publisher.checkpointSecrets, job.checkpoint).checkpoint));
      } catch (error) {
        this.logger.warn(`platform-side cancel of publication ${id} failed: ${(error as Error).message}`);
      }
    }
  }

  /** A person checked the platform: the ambiguous publication was posted, or it was not. */
  async resolve(principal: Principal, id: string, input: { outcome: 'posted' | 'failed'; remoteMediaId?: string; permalink?: string; note?: string }): Promise<void> {
    const publication = await this.get(principal, id);
    const workspaceId = workspaceIdOf(principal);
    if (input.outcome === 'posted' && !input.remoteMediaId) throw new PublicationStateConflict('Give the post id (remoteMediaId) to mark it posted');
    await this.dataSource.transaction(async (tx) => {
      const job = await this.queue.jobs.operate(tx, id, ['needs_review'], { status: input.outcome === 'posted' ? 'succeeded' : 'failed' });
      if (!job) throw new PublicationStateConflict('This publication is not waiting for review');
      await this.repository.updatePublication(
        tx,
        id,
        input.outcome === 'posted'
          ? { status: 'posted', remoteMediaId: input.remoteMediaId, permalink: input.permalink, postedAt: new Date(), needsReview: false, errorCode: null, errorMessage: null, errorClass: null }
          : { status: 'failed', needsReview: false, errorCode: 'resolved_not_posted', errorMessage: input.note ?? 'Checked by a person: not posted', errorClass: 'unknown' },
      );
      await this.queue.jobs.appendEvent(tx, { workspaceId, jobId: job.id, publicationId: id, type: 'review_resolved', toStatus: input.outcome, message: input.note ?? null, data: { outcome: input.outcome } });
      await this.audit.record({ workspaceId, actor: actorOf(principal), action: 'publication.review_resolved', target: { type: 'platform_publication', id }, metadata: { outcome: input.outcome } }, tx);
      await this.refreshItem(tx, publication.itemId);
    });
  }

  private async refreshItem(tx: Db, itemId: string): Promise<void> {
    const publications = await this.repository.publicationStatuses(tx, itemId);
    if (publications.some((p) => p.needsReview)) return;
    await this.repository.setItemStatus(tx, itemId, aggregateItemStatus(publications.map((p) => p.status)));
  }
}
