import { Injectable } from '@nestjs/common';

import { sqlRows, type Db } from '../../common/database/db.js';
import { JOB_EVENTS_CHANNEL } from './event-bus.js';

/**
 * The only writer of workspace_events: durable events that are not about a job. Announced on the
 * same NOTIFY channel as job events, by the statement that wrote the row (so only once committed),
 * with the same payload shape (no job, publication or status).
 */
@Injectable()
export class WorkspaceEventsRepository {
  async append(db: Db, workspaceId: string, type: string, data: Record<string, unknown>): Promise<string> {
    const rows = await sqlRows<{ id: string }>(
      db,
      `WITH e AS (INSERT INTO workspace_events (workspace_id, type, data) VALUES ($1, $2, $3::jsonb) RETURNING id, workspace_id, type)
       SELECT id::text AS id, pg_notify('${JOB_EVENTS_CHANNEL}', json_build_object('id', id, 'workspaceId', workspace_id, 'jobId', NULL, 'publicationId', NULL, 'type', type, 'status', NULL)::text) FROM e`,
      [workspaceId, type, JSON.stringify(data)],
    );
    return rows[0]!.id;
  }
}
