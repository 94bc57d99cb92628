import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { ERRORS, type Upload } from '@tus/server';
import type { Request, Response } from 'express';

import { workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import { AppException } from '../../common/errors/app-exception.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { UploadNotFound } from './assets.errors.js';
import { AssetsService } from './assets.service.js';
import { HashingFileStore, isUploadId } from './hashing-file-store.js';
import { passBodyUncopied } from './tus-body.js';
import { JsonErrorTusServer } from './tus-errors.js';

export const UPLOADS_PATH = '/api/uploads';
/** Incomplete uploads are resumable for this long, then the cleanup job removes them. */
export const UPLOAD_TTL_MS = 24 * 3600 * 1000;
export const uploadsDir = (config: Pick<AppConfig, 'dataDir'>) => join(config.dataDir, 'uploads');

interface NodeRequestWithPrincipal extends Readable {
  url?: string;
  principal?: Principal;
}

/** The Express request behind srvx's web Request: its raw URL, and the principal the AuthGuard left. */
function nodeRequestOf(req: unknown): NodeRequestWithPrincipal | undefined {
  return (req as { runtime?: { node?: { req?: NodeRequestWithPrincipal } } }).runtime?.node?.req;
}

const principalOf = (req: unknown): Principal | undefined => nodeRequestOf(req)?.principal;

/**
 * The upload id in a request target, accepted only in its one canonical form
 * `/api/uploads/<id>`: no query string, fragment, percent-encoding, dot segment, extra slash,
 * other case or absolute form. Both the ownership check and tus read the id through this, so
 * the id that is checked is the id tus acts on (tus by itself takes the last `/`-segment of the
 * whole URL, query string included).
 */
export function uploadIdOf(target: string | undefined): string | undefined {
  const prefix = `${UPLOADS_PATH}/`;
  if (!target?.startsWith(prefix)) return undefined;
  const id = target.slice(prefix.length);
  return isUploadId(id) ? id : undefined;
}

const tusError = (status_code: number, code: string, message: string, details?: unknown) => ({
  status_code,
  body: JSON.stringify({ statusCode: status_code, code, message, ...(details !== undefined ? { details } : {}) }),
});

/**
 * The tus endpoint. The AuthGuard has already authenticated the caller (the controller carries
 * @Access). Every upload belongs to the caller's workspace, recorded in the server's record of
 * the upload (not in the client's Upload-Metadata); an upload of another workspace answers 404
 * like an id that does not exist.
 */
@Injectable()
export class UploadsService {
  private readonly logger = new Logger(UploadsService.name);
  readonly store: HashingFileStore;
  private readonly tus: JsonErrorTusServer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly assets: AssetsService,
  ) {
    this.store = new HashingFileStore(uploadsDir(config), UPLOAD_TTL_MS);
    this.tus = new JsonErrorTusServer({
      path: UPLOADS_PATH,
      datastore: this.store,
      maxSize: config.media.maxUploadBytes,
      relativeLocation: true,
      exposedHeaders: ['Mwr-Asset-Id', 'Mwr-Duplicate-Of'],
      getFileIdFromRequest: (req) => uploadIdOf(nodeRequestOf(req)?.url),
      onIncomingRequest: async (req, id) => {
        await this.checkOwner(req, id);
        passBodyUncopied(req, nodeRequestOf(req));
      },
      onUploadCreate: async (req, upload) => this.onCreate(req, upload),
      onUploadFinish: async (req, upload) => this.onFinish(req, upload),
    });
  }

  async handle(principal: Principal, req: Request, res: Response): Promise<void> {
    if (req.method !== 'POST') {
      // Refused before tus sees it; onIncomingRequest checks again on the id tus itself derived.
      const id = uploadIdOf(req.url);
      if (!id || !(await this.owns(workspaceIdOf(principal), id))) throw new UploadNotFound();
    }
    await this.tus.handle(req, res);
  }

  private async owns(workspaceId: string | null | undefined, id: string): Promise<boolean> {
    const owner = await this.store.ownerOf(id).catch(() => undefined);
    return !!workspaceId && owner?.workspaceId === workspaceId;
  }

  /** HEAD, PATCH and DELETE: the id tus is about to act on must belong to the caller's workspace. */
  private async checkOwner(req: unknown, id: string): Promise<void> {
    if ((req as { method?: string }).method === 'POST') return; // a new id, claimed in onCreate
    if (!(await this.owns(principalOf(req)?.workspaceId, id))) throw ERRORS.FILE_NOT_FOUND;
  }

  private async onCreate(req: unknown, upload: Upload): Promise<{ metadata?: Record<string, string | null> }> {
    const principal = principalOf(req);
    if (!principal?.workspaceId) throw tusError(401, 'UNAUTHORIZED', 'Sign in to upload');
    if (upload.sizeIsDeferred) throw tusError(400, 'UPLOAD_LENGTH_REQUIRED', 'Send Upload-Length: the size of the file is needed up front');
    if (upload.size === 0) throw tusError(400, 'EMPTY_FILE', 'The file is empty');
    this.store.claim(upload, { workspaceId: principal.workspaceId, userId: principal.kind === 'user' ? principal.userId : null });
    return {};
  }

  private async onFinish(req: unknown, upload: Upload): Promise<{ headers: Record<string, string> }> {
    const metadata = upload.metadata ?? {};
    const owner = await this.store.ownerOf(upload.id);
    // Checked in onIncomingRequest already; the asset goes to the owner on record, never elsewhere.
    if (!owner || owner.workspaceId !== principalOf(req)?.workspaceId) throw ERRORS.FILE_NOT_FOUND;
    const size = upload.size ?? upload.offset;
    try {
      const sha256 = await this.store.sha256(upload.id, size);
      const { asset, linked } = await this.assets.ingest({
        workspaceId: owner.workspaceId,
        userId: owner.userId,
        uploadId: upload.id,
        path: this.store.pathOf(upload.id),
        filename: metadata.filename ?? metadata.name ?? '',
        sha256,
      });
      // Linked to the asset the workspace already had: this upload's copy of the bytes is not needed.
      if (linked) await this.store.remove(upload.id).catch(() => this.store.forget(upload.id));
      else await this.store.forget(upload.id);
      return { headers: { 'Mwr-Asset-Id': asset.id, 'Mwr-Sha256': sha256, ...(linked ? { 'Mwr-Duplicate-Of': asset.id } : {}) } };
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
