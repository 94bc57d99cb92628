import { Injectable } from '@nestjs/common';

import { workspaceIdOf, type Principal } from '../../../common/auth/principal.js';
import type { IgOwnPostDto } from './ig-own-posts.dto.js';
import { IgOwnPostsRepository } from './ig-own-posts.repository.js';

const DEFAULT_LIMIT = 50;

/** The posts the welcome DM's keyword comments can be chosen from: our own published Instagram posts. */
@Injectable()
export class IgOwnPostsService {
  constructor(private readonly posts: IgOwnPostsRepository) {}

  async list(principal: Principal, search: string | undefined, limit: number | undefined): Promise<IgOwnPostDto[]> {
    const rows = await this.posts.published(workspaceIdOf(principal), search ?? null, limit ?? DEFAULT_LIMIT);
    return rows.map((row) => ({ ...row, postedAt: row.postedAt.toISOString() }));
  }
}
