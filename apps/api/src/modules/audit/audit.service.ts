import { Injectable } from '@nestjs/common';
import type { Db } from '../../common/database/db.js';
import { AuditRepository, type AuditEntry, type NewAuditEntry } from './audit.repository.js';

@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  /** Pass the transaction's manager so the entry commits (or not) with the change it describes. */
  record(entry: NewAuditEntry, db?: Db): Promise<void> {
    return this.repository.insert(entry, db);
  }

  async page(workspaceId: string, limit: number, before?: string): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
    const items = await this.repository.list(workspaceId, limit + 1, before);
    const hasMore = items.length > limit;
    const page = items.slice(0, limit);
    return { items: page, nextCursor: hasMore ? (page[page.length - 1]?.id ?? null) : null };
  }
}
