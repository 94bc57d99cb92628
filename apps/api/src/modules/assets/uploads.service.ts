import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Server, type Upload } from '@tus/server';
import type { Request, Response } from 'express';
import type { Principal } from '../../common/auth/principal.js';
import { workspaceIdOf } from '../../common/auth/principal.js';
import { AppException } from '../../common/errors/app-exception.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { AssetNotFound } from './assets.errors.js';
import { AssetsService } from './assets.service.js';
import { HashingFileStore } from './hashing-file-store.js';

export const UPLOADS_PATH = '/api/uploads';
/** Incomplete uploads are resumable for this long, then the cleanup job removes them. */
export const UPLOAD_TTL_MS = 24 * 3600 * 1000;
export const uploadsDir = (config: Pick<AppConfig, 'dataDir'>) => join(config.dataDir, 'uploads');

interface RequestWithPrincipal {
  principal?: Principal;
}

/** The Express request behind srvx's web Request, where the AuthGuard left the principal. */
function principalOf(req: unknown): Principal | undefined {
  const runtime = (req as { runtime?: { node?: { req?: RequestWithPrincipal } } }).runtime;
  return runtime?.node?.req?.principal;
}

const tusError = (status_code: number, code: string, message: string, details?: unknown) => ({
  status_code,
  body: JSON.stringify({ statusCode: status_code, code, message, ...(details !== undefined ? { details } : {}) }),
});

/**
 * The tus endpoint. The AuthGuard has already authenticated the caller (the controller carries
 * @Access); here every upload is tied to the caller's workspace through its metadata, and an
 * upload of another workspace answers 404 like any foreign id.
 */
@Injectable()
export class UploadsService {
  private readonly logger = new Logger(UploadsService.name);
  readonly store: HashingFileStore;
  private readonly tus: Server;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly assets: AssetsService,
  ) {
    this.store = new HashingFileStore(uploadsDir(config), UPLOAD_TTL_MS);
    this.tus = new Server({
      path: UPLOADS_PATH,
      datastore: this.store,
      maxSize: config.media.maxUploadBytes,
      relativeLocation: true,
      exposedHeaders: ['Mwr-Asset-Id', 'Mwr-Duplicate-Of'],
      onUploadCreate: async (req, upload) => this.onCreate(req, upload),
      onUploadFinish: async (_req, upload) => this.onFinish(upload),
    });
  }

  async handle(principal: Principal, req: Request, res: Response): Promise<void> {
    const workspaceId = workspaceIdOf(principal);
    if (req.method !== 'POST') {
      const id = decodeURIComponent(req.path.split('/').filter(Boolean).pop() ?? '');
      const metadata = await this.store.metadataOf(id).catch(() => undefined);
      if (!metadata || metadata.workspaceId !== workspaceId) throw new AssetNotFound();
    }
    await this.tus.handle(req, res);
  }

  private async onCreate(req: unknown, upload: Upload): Promise<{ metadata: Record<string, string | null> }> {
    const principal = principalOf(req);
    if (!principal?.workspaceId) throw tusError(401, 'UNAUTHORIZED', 'Sign in to upload');
    if (upload.sizeIsDeferred) throw tusError(400, 'UPLOAD_LENGTH_REQUIRED', 'Send Upload-Length: the size of the file is needed up front');
    if (upload.size === 0) throw tusError(400, 'EMPTY_FILE', 'The file is empty');
    return {
      metadata: {
        ...(upload.metadata ?? {}),
        workspaceId: principal.workspaceId,
        userId: principal.kind === 'user' ? principal.userId : null,
      },
    };
  }

  private async onFinish(upload: Upload): Promise<{ headers: Record<string, string> }> {
    const metadata = upload.metadata ?? {};
    const workspaceId = metadata.workspaceId;
    if (!workspaceId) throw tusError(404, 'NOT_FOUND', 'Upload not found');
    const size = upload.size ?? upload.offset;
    try {
      const sha256 = await this.store.sha256(upload.id, size);
      const { asset, duplicateOf } = await this.assets.ingest({
        workspaceId,
        userId: metadata.userId ?? null,
        uploadId: upload.id,
        path: this.store.pathOf(upload.id),
        filename: metadata.filename ?? metadata.name ?? '',
        sha256,
      });
      await this.store.forget(upload.id);
      return { headers: { 'Mwr-Asset-Id': asset.id, 'Mwr-Sha256': sha256, ...(duplicateOf ? { 'Mwr-Duplicate-Of': duplicateOf } : {}) } };
    } catch (error) {
      // Refused or failed: the partial upload goes too, so nothing is left half-stored.
      await this.store.remove(upload.id).catch(() => undefined);
      if (error instanceof AppException) throw tusError(error.status, error.code, error.message, error.details);
      this.logger.error(`upload ${upload.id} could not be stored: ${(error as Error).message}`, (error as Error).stack);
      throw tusError(500, 'INTERNAL_ERROR', 'The upload could not be stored');
    }
  }

  /** Removes uploads (and stray files) not finished within UPLOAD_TTL_MS. */
  async removeStaleUploads(now = Date.now()): Promise<number> {
    const dir = uploadsDir(this.config);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => undefined);
      if (!info || now - info.mtimeMs < UPLOAD_TTL_MS) continue;
      const id = name.replace(/\.json$/, '');
      const upload = await this.store.getUpload(id).catch(() => undefined);
      if (upload?.creation_date && now - new Date(upload.creation_date).getTime() < UPLOAD_TTL_MS) continue;
      await rm(path, { force: true });
      removed += 1;
    }
    if (removed) this.logger.log(`removed ${removed} stale upload file(s)`);
    return removed;
  }
}
