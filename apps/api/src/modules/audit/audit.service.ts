import { Injectable } from '@nestjs/common';

import type { Db } from '../../common/database/db.js';
import { keysetCursor } from '../../common/pagination/keyset-cursor.js';
import { AuditRepository, type AuditEntry, type NewAuditEntry } from './audit.repository.js';

const CURSOR = keysetCursor({ id: 'bigint' });

@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  /** Pass the transaction's manager so the entry commits (or not) with the change it describes. */
  record(entry: NewAuditEntry, db?: Db): Promise<void> {
    return this.repository.insert(entry, db);
  }

  /** `cursor`: the nextCursor of the previous page (InvalidCursor, 400, for any other). */
  async page(workspaceId: string, limit: number, cursor?: string): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
    const items = await this.repository.list(workspaceId, limit + 1, CURSOR.decodeOptional(cursor)?.id);
    const hasMore = items.length > limit;
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page, nextCursor: hasMore && last ? CURSOR.encode({ id: last.id }) : null };
  }
}
