import type { MediaDescriptor, MediaSource } from '@mwr/publishers';

export interface ResolvedMedia {
  descriptor: MediaDescriptor;
  /** Bytes for FILE_UPLOAD, streamed by range from storage. */
  source: MediaSource;
}

/** Where a job's video comes from: the asset's bytes and a signed URL the platforms can fetch. */
export interface MediaResolver {
  resolve(workspaceId: string, assetId: string): Promise<ResolvedMedia>;
}

export const MEDIA_RESOLVER = Symbol('MEDIA_RESOLVER');
