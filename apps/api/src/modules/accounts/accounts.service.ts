import { Injectable } from '@nestjs/common';
import { workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import type { Db } from '../../common/database/db.js';
import { AccountsRepository, type SocialAccount } from './accounts.repository.js';

@Injectable()
export class AccountsService {
  constructor(private readonly repository: AccountsRepository) {}

  list(principal: Principal): Promise<SocialAccount[]> {
    return this.repository.list(workspaceIdOf(principal));
  }

  findMany(workspaceId: string, ids: string[], db?: Db): Promise<SocialAccount[]> {
    return this.repository.findMany(workspaceId, ids, db);
  }
}
