import { Injectable } from '@nestjs/common';

import type { Principal } from '../../common/auth/principal.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { AssetsService } from './assets.service.js';

/**
 * Deleting a video (api role). The calendar owns content_items: it says which items still need the
 * video and unlinks the finished ones, in the deletion's transaction. (Kept apart from AssetsService
 * because the calendar itself depends on AssetsService.)
 */
@Injectable()
export class AssetDeletion {
  constructor(
    private readonly assets: AssetsService,
    private readonly calendar: CalendarService,
  ) {}

  delete(principal: Principal, id: string): Promise<void> {
    return this.assets.delete(principal, id, (workspaceId, assetId, tx) => this.calendar.releaseAsset(workspaceId, assetId, tx));
  }
}
