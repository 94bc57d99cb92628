import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { sqlRows } from '../../common/database/db.js';

/**
 * The installation owner is the account first-run setup (or `cli create-admin`) created: the first
 * user of the installation. Setup runs once, under a lock, while no user exists, and users are
 * never deleted, so the first row stays that account for the life of the installation.
 */
@Injectable()
export class InstallationOwnerRepository {
  constructor(private readonly dataSource: DataSource) {}

  async ownerId(): Promise<string | undefined> {
    const rows: { id: string }[] = await sqlRows(this.dataSource, 'SELECT id FROM users ORDER BY created_at, id LIMIT 1');
    return rows[0]?.id;
  }
}
