import { Injectable } from '@nestjs/common';

import { AssetsService } from '../assets/assets.service.js';
import type { MediaResolver, ResolvedMedia } from './media-resolver.js';

/** A signed link lasts long enough for slow platform crawlers and retries within one attempt. */
const SIGNED_URL_TTL_SECONDS = 6 * 3600;

/** Media from the assets module: byte ranges streamed from storage, and a signed URL platforms can fetch. */
@Injectable()
export class AssetMediaResolver implements MediaResolver {
  constructor(private readonly assets: AssetsService) {}

  async resolve(workspaceId: string, assetId: string): Promise<ResolvedMedia> {
    // One read of the asset's row per claim: the link and every byte range come from it (they were a read each).
    const asset = await this.assets.get(workspaceId, assetId);
    const publicUrl = await this.assets.signedUrlOf(asset, SIGNED_URL_TTL_SECONDS);
    const probe = asset.probe;
    return {
      descriptor: {
        size: asset.bytes,
        mime: asset.mime,
        ...(asset.sha256 ? { sha256: asset.sha256 } : {}),
        ...(probe?.durationMs ? { durationSec: probe.durationMs / 1000 } : {}),
        ...(probe?.width ? { width: probe.width } : {}),
        ...(probe?.height ? { height: probe.height } : {}),
        publicUrl,
      },
      source: {
        size: asset.bytes,
        mime: asset.mime,
        ...(asset.sha256 ? { sha256: asset.sha256 } : {}),
        openRange: (start, end) => streamOf(() => this.assets.openRangeOf(asset, start, end)),
      },
    };
  }
}

/** openRange is synchronous in the contract; storage opens asynchronously. */
async function* streamOf(open: () => Promise<AsyncIterable<Uint8Array>>): AsyncIterable<Uint8Array> {
  yield* await open();
}
