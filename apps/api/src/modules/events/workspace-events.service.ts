import { Injectable } from '@nestjs/common';

import type { Db } from '../../common/database/db.js';
import { WorkspaceEventsRepository } from './workspace-events.repository.js';

/** Types of durable workspace events that are not about a job (job events belong to the queue's ledger). */
export type WorkspaceEventType = 'automation_updated' | 'alerts_changed' | 'notifications_changed';

/**
 * Announces a durable workspace event in the caller's transaction: stored in workspace_events
 * (replayable by id with the job events, one id sequence) and delivered to the SSE gateways at commit.
 */
@Injectable()
export class WorkspaceEvents {
  constructor(private readonly repository: WorkspaceEventsRepository) {}

  announce(tx: Db, workspaceId: string, event: { type: WorkspaceEventType; data: Record<string, unknown> }): Promise<string> {
    return this.repository.append(tx, workspaceId, event.type, event.data);
  }
}
