import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { accountBaseline, EXPERIMENT_AGE_MS, experimentVerdict, MIN_BASELINE_POSTS } from '@mwr/domain';

import type { Db } from '../../common/database/db.js';
import { PeriodicTask } from '../../common/scheduling/periodic-task.js';
import { ExperimentsRepository, labelOf, type ExperimentRow } from './experiments.repository.js';

// Every minute: the pass is one indexed read of the open experiments whose next look is due.
const EVERY_MS = 60_000;
/** After the age, how long the figures may take to be read before the experiment ends without them. */
export const FIGURES_GRACE_MS = 72 * 3600_000;
const BATCH = 50;

export type DecideOutcome = 'running' | 'waiting_for_age' | 'decided' | 'no_clear_winner' | 'cancelled';

/**
 * Decides caption experiments (issue 24) every minute: an experiment whose variants are all
 * posted waits for the age, then compares the posts' figures at that age (metric_snapshots, read by
 * analytics) with experimentVerdict (libs/domain/src/experiments.ts states the test). A variant
 * whose post failed or was cancelled ends the experiment (cancelled, variant_failed). Figures that
 * never come within 72 h after the age end it as no clear winner (missing_figures). Safe in several
 * schedulers at once: experiments are taken with SKIP LOCKED.
 */
@Injectable()
export class ExperimentDecider extends PeriodicTask {
  private readonly log = new Logger(ExperimentDecider.name);

  constructor(
    private readonly repository: ExperimentsRepository,
    registry: SchedulerRegistry,
  ) {
    super(registry, { name: 'experiment-decider', everyMs: EVERY_MS, what: 'caption experiment decisions' });
  }

  /** One pass; returns what became of each experiment looked at. */
  async decide(now: Date = new Date()): Promise<Record<string, DecideOutcome>> {
    return this.repository.transaction(async (tx) => {
      const due = await this.repository.lockDue(tx, now, BATCH);
      const outcomes: Record<string, DecideOutcome> = {};
      for (const { id, workspaceId } of due) {
        await this.repository.linkPublications(tx, id);
        const experiment = await this.repository.find(workspaceId, id, tx);
        if (experiment) outcomes[id] = await this.step(tx, experiment, now);
      }
      return outcomes;
    });
  }

  private async step(tx: Db, e: ExperimentRow, now: Date): Promise<DecideOutcome> {
    const { workspaceId, id } = e;
    if (e.variants.some((v) => v.publicationStatus === 'failed' || v.publicationStatus === 'cancelled')) {
      await this.repository.setStatus(tx, workspaceId, id, { status: 'cancelled', cancelReason: 'variant_failed' }, ['running', 'waiting_for_age']);
      this.log.log(`experiment ${id}: a variant's post failed, cancelled`);
      return 'cancelled';
    }
    const later = new Date(now.getTime() + EVERY_MS);
    if (!e.variants.every((v) => v.publicationStatus === 'posted' && v.postedAt && v.publicationId)) {
      await this.repository.checkAgainAt(tx, id, later);
      return 'running';
    }
    if (e.status === 'running') await this.repository.setStatus(tx, workspaceId, id, { status: 'waiting_for_age' }, ['running']);
    const lastLive = Math.max(...e.variants.map((v) => v.postedAt!.getTime()));
    const oldEnough = lastLive + EXPERIMENT_AGE_MS[e.age];
    if (now.getTime() < oldEnough) {
      await this.repository.checkAgainAt(tx, id, new Date(Math.max(oldEnough, later.getTime())));
      return 'waiting_for_age';
    }
    const figures = await this.repository.figures(
      tx,
      e.variants.map((v) => v.publicationId!),
      e.age,
      e.metric,
    );
    const byPublication = new Map(figures.map((f) => [f.publicationId, Number(f.value)]));
    const missing = e.variants.filter((v) => !byPublication.has(v.publicationId!));
    if (missing.length > 0) {
      if (now.getTime() < oldEnough + FIGURES_GRACE_MS) {
        await this.repository.checkAgainAt(tx, id, later);
        return 'waiting_for_age';
      }
      const verdict = {
        outcome: 'no_clear_winner',
        winner: null,
        threshold: 0.95,
        method: 'No comparison: the figures of some posts were never read',
        reason: 'missing_figures',
        missing: missing.map((v) => labelOf(v.position)),
        variants: [],
      };
      await this.repository.setStatus(tx, workspaceId, id, { status: 'no_clear_winner', verdict }, ['running', 'waiting_for_age']);
      return 'no_clear_winner';
    }
    // Each account's usual, from its posts before the first variant went live.
    const firstLive = new Date(Math.min(...e.variants.map((v) => v.postedAt!.getTime())));
    const baselines = new Map<string, ReturnType<typeof accountBaseline>>();
    for (const accountId of new Set(e.variants.map((v) => v.accountId))) {
      baselines.set(accountId, accountBaseline(await this.repository.history(tx, accountId, e.age, e.metric, firstLive)));
    }
    const result = experimentVerdict(
      e.variants.map((v) => ({ key: labelOf(v.position), value: byPublication.get(v.publicationId!)!, baseline: baselines.get(v.accountId) ?? null })),
    );
    const verdict = {
      outcome: result.outcome,
      winner: result.winner,
      threshold: result.threshold,
      method: result.method,
      variants: result.variants.map((r, i) => {
        const b = baselines.get(e.variants[i]!.accountId)!;
        return { label: r.key, value: r.value, score: r.score, sd: r.sd, varianceSource: r.varianceSource, pBest: r.pBest, baselinePosts: b.n };
      }),
      minBaselinePosts: MIN_BASELINE_POSTS,
    };
    const status = result.outcome === 'winner' ? 'decided' : 'no_clear_winner';
    await this.repository.setStatus(tx, workspaceId, id, { status, verdict }, ['running', 'waiting_for_age']);
    this.log.log(`experiment ${id}: ${result.winner ? `variant ${result.winner} wins` : 'no clear winner'}`);
    return status;
  }

  protected run(): Promise<unknown> {
    return this.decide();
  }
}
