import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { Inject, Injectable, Logger } from '@nestjs/common';

import { BlockedUrlError, guardedFetch, OutboundFetchError, type OutboundResponse } from '@mwr/net';

import { workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { ImportSourceFailed, ImportTooLarge, ImportUrlNotAllowed } from './asset-import.errors.js';
import { AssetRejected } from './assets.errors.js';
import { AssetsService, type IngestResult } from './assets.service.js';

/** Content types a video can arrive with; anything else (text/html, image/*) is refused before downloading. */
const VIDEO_TYPES = /^(video\/[\w.+-]+|application\/octet-stream|binary\/octet-stream|application\/mp4)$/i;

/** A name for the asset from the URL's last path segment (`clip.mp4`), else empty (ingest names it). */
function filenameOf(url: string): string {
  try {
    const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    // Only printable characters: the name is shown in the library.
    return last.replace(/[^\p{L}\p{N} ._()-]/gu, '').slice(0, 255);
  } catch {
    return '';
  }
}

/**
 * `POST /api/assets/import` (issue 26): a video fetched from a URL becomes an asset exactly like a
 * finished tus upload (same probe, same sha256 dedupe, same storage).
 *
 * Synchronous with a ceiling, chosen over 202 + an `importing` state: the request holds until the
 * file is stored (at most the upload limit, MAX_UPLOAD_BYTES, and `timeoutMs` for the whole
 * download), so an integrator gets the asset or the reason in one answer and nothing half-imported
 * needs a state of its own. A source slower than the timeout is refused (IMPORT_SOURCE_FAILED,
 * reason TIMEOUT): such files go through the resumable tus upload instead.
 *
 * Every hop goes through the SSRF guard (`@mwr/net`): private, loopback and link-local addresses are
 * refused, redirects are followed and re-checked one by one. ALLOW_INTERNAL_URLS (development) lets
 * exactly the first URL's own origin through; a redirect elsewhere is checked as usual.
 */
@Injectable()
export class AssetImportService {
  private readonly logger = new Logger(AssetImportService.name);
  /** Deadline for the whole download (resolution, redirects, every byte). Tests shorten it. */
  timeoutMs = 15 * 60_000;

  constructor(
    private readonly assets: AssetsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async importFromUrl(principal: Principal, url: string): Promise<IngestResult> {
    const workspaceId = workspaceIdOf(principal);
    const limit = this.config.media.maxUploadBytes;
    const importId = randomUUID();
    const dir = join(this.config.dataDir, 'imports');
    const path = join(dir, importId);
    await mkdir(dir, { recursive: true });
    try {
      const response = await this.fetch(url, limit);
      const sha256 = await this.download(response, path, limit);
      try {
        return await this.assets.ingest({
          workspaceId,
          userId: principal.kind === 'user' ? principal.userId : null,
          uploadId: importId,
          path,
          filename: filenameOf(response.url),
          sha256,
        });
      } catch (error) {
        if (error instanceof AssetRejected) throw error;
        this.logger.error(`import ${importId} could not be stored: ${(error as Error).message}`);
        throw error;
      }
    } finally {
      // Moved into storage on success; on a duplicate or a refusal the downloaded copy goes.
      await rm(path, { force: true }).catch(() => undefined);
      await rm(`${path}.jpg`, { force: true }).catch(() => undefined);
    }
  }

  private async fetch(url: string, limit: number): Promise<OutboundResponse> {
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      throw new ImportUrlNotAllowed('not a valid URL');
    }
    let response: OutboundResponse;
    try {
      response = await guardedFetch(url, {
        method: 'GET',
        headers: { accept: 'video/*', 'user-agent': 'marketing-war-room-import/1' },
        timeoutMs: this.timeoutMs,
        maxBodyBytes: limit,
        redirect: 'follow',
        allowedOrigins: this.config.allowInternalUrls ? [origin] : [],
      });
    } catch (error) {
      throw this.mapped(error, limit);
    }
    if (!response.ok) {
      response.discard();
      throw new ImportSourceFailed(`HTTP ${response.status}`);
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limit) {
      response.discard();
      throw new ImportTooLarge(limit);
    }
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    if (type && !VIDEO_TYPES.test(type)) {
      response.discard();
      throw new AssetRejected('not_video', `The URL serves ${type}, not a video`);
    }
    return response;
  }

  /** Streams the body to `path`, hashing it on the way; the guard stops it past `limit` bytes. */
  private async download(response: OutboundResponse, path: string, limit: number): Promise<string> {
    const hash = createHash('sha256');
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(response.chunks(), tap, createWriteStream(path));
    } catch (error) {
      throw this.mapped(error, limit);
    }
    return hash.digest('hex');
  }

  private mapped(error: unknown, limit: number): Error {
    if (!(error instanceof OutboundFetchError)) return error as Error;
    if (error instanceof BlockedUrlError) return new ImportUrlNotAllowed(error.message);
    if (error.code === 'BODY_TOO_LARGE') return new ImportTooLarge(limit);
    return new ImportSourceFailed(`${error.code}: ${error.message}`);
  }
}
