import { Injectable } from '@nestjs/common';

import type { Platform } from '@mwr/domain';

import { sqlRows, type Db } from '../../common/database/db.js';

export interface TrendProposal {
  kind: 'hashtag' | 'format';
  label: string;
  platform: Platform | null;
  score: number;
  notes: string;
}

/** The internal-analytics proposals among the Trend Radar entries. */
@Injectable()
export class TrendProposalsRepository {
  /**
   * Files the proposal, or refreshes the one filed before (while it is still `new`: a moved entry
   * is the team's). Nothing is filed when the team already has an entry for the same label (any
   * source; `#Foo` and `foo` are the same hashtag). Returns the entry's id when it was written.
   */
  async upsert(db: Db, workspaceId: string, p: TrendProposal): Promise<{ id: string; created: boolean } | undefined> {
    const [row] = await sqlRows<{ id: string; created: boolean }>(
      db,
      `INSERT INTO trend_entries (workspace_id, platform, kind, label, source, status, score, notes)
       SELECT $1::uuid, $2::text, $3::text, $4::text, 'internal_analytics', 'spotted', $5::numeric, $6::text
        WHERE NOT EXISTS (SELECT 1 FROM trend_entries e WHERE e.workspace_id = $1 AND e.kind = $3 AND e.source <> 'internal_analytics'
                            AND lower(ltrim(e.label, '#')) = lower(ltrim($4, '#')))
       ON CONFLICT (workspace_id, kind, lower(label)) WHERE source = 'internal_analytics'
       DO UPDATE SET platform = EXCLUDED.platform, score = EXCLUDED.score, notes = EXCLUDED.notes, observed_at = now(), updated_at = now()
        WHERE trend_entries.status = 'spotted'
       RETURNING id, (xmax = 0) AS created`,
      [workspaceId, p.platform, p.kind, p.label, p.score, p.notes],
    );
    return row;
  }
}
