import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { checkMediaQuality, type Platform, type QualityFinding } from '@mwr/domain';

import { ALL_ACCOUNTS, type AccountViewer } from '../../common/auth/account-scope.js';
import { accountViewerOf, actorOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import type { Db } from '../../common/database/db.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { STORAGE_DRIVER, type StorageDriver } from '../storage/storage.driver.js';
import { AssetInUse, AssetNotFound, AssetNotReady, AssetRejected, QualityGateFailed, RangeNotSatisfiable } from './assets.errors.js';
import { AssetsRepository, type Asset, type AssetFilters } from './assets.repository.js';
import { MediaTokens, resolveMediaSigningKey } from './media-token.js';
import { ProbeError, probeFile } from './probe.js';
import { makeThumbnail } from './thumbnails.js';

export interface IngestResult {
  asset: Asset;
  /** True when the workspace already had these bytes: `asset` is that one and the upload's file was not stored. */
  linked: boolean;
}

export interface IngestInput {
  workspaceId: string;
  userId: string | null;
  uploadId: string;
  path: string;
  filename: string;
  sha256: string;
}

/** A target of a content item, as the quality gates need it. */
export interface GateTarget {
  platform: Platform;
  capabilities?: Record<string, unknown>;
}

const MIME_BY_CONTAINER: Record<string, string> = { mp4: 'video/mp4', mov: 'video/quicktime' };
const MAX_SIGNED_TTL_SECONDS = 7 * 24 * 3600;

function maxDurationOf(capabilities: Record<string, unknown> | undefined): number | undefined {
  const value = capabilities?.maxVideoPostDurationSec;
  return typeof value === 'number' && value > 0 ? value : undefined;
}

/** How a post is named to people: its title, else the start of its caption. */
function titleOf(use: { title: string; caption: string } | undefined): string {
  const text = (use?.title || use?.caption || '').trim();
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

@Injectable()
export class AssetsService {
  private readonly logger = new Logger(AssetsService.name);
  private readonly tokens: MediaTokens;

  constructor(
    private readonly repository: AssetsRepository,
    @Inject(STORAGE_DRIVER) readonly storage: StorageDriver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly accounts: AccountsService,
    private readonly dataSource: DataSource,
  ) {
    this.tokens = new MediaTokens(resolveMediaSigningKey(config));
  }

  /**
   * Turns a finished upload into an asset: probe (refusing what is not a usable video), poster
   * frame, move into storage, row `ready`. The source file is consumed on success; on refusal the
   * caller deletes it, so nothing is left half-stored.
   */
  async ingest(input: IngestInput): Promise<IngestResult> {
    // The same bytes are one asset per workspace: link the one there is, store nothing new.
    const existing = await this.repository.findBySha256(input.workspaceId, input.sha256);
    if (existing) return { asset: existing, linked: true };
    let probe;
    try {
      probe = await probeFile(input.path);
    } catch (error) {
      if (error instanceof ProbeError) throw new AssetRejected(error.reason, error.message);
      throw error;
    }
    const key = `assets/${input.workspaceId}/${input.uploadId}.${probe.container}`;
    const mime = MIME_BY_CONTAINER[probe.container] ?? 'video/mp4';
    const { id, created } = await this.repository.insertProcessing({
      workspaceId: input.workspaceId,
      storageKey: key,
      originalFilename: input.filename.slice(0, 255) || `video.${probe.container}`,
      mime,
      bytes: probe.bytes,
      sha256: input.sha256,
      probe,
      uploadId: input.uploadId,
      createdBy: input.userId,
    });
    if (created) {
      let thumbnailKey: string | null = null;
      try {
        thumbnailKey = await this.storeThumbnail(input, probe.durationMs);
        await this.storage.putFile(key, input.path, { contentType: mime });
      } catch (error) {
        await this.storage.delete(key).catch(() => undefined);
        if (thumbnailKey) await this.storage.delete(thumbnailKey).catch(() => undefined);
        await this.repository.markFailed(input.workspaceId, id, (error as Error).message);
        throw error;
      }
      await this.repository.markReady(input.workspaceId, id, thumbnailKey);
      await this.audit.record({
        workspaceId: input.workspaceId,
        actor: { userId: input.userId, apiKeyId: null },
        action: 'asset.uploaded',
        target: { type: 'content_asset', id },
        metadata: { bytes: probe.bytes, sha256: input.sha256 },
      });
    }
    const asset = (await this.repository.findById(input.workspaceId, id))!;
    return { asset, linked: !created };
  }

  /** Replaces the asset's tags (already validated and normalised by the DTO). */
  async setTags(principal: Principal, id: string, tags: readonly string[]): Promise<Asset> {
    const workspaceId = workspaceIdOf(principal);
    const unique = [...new Set(tags)];
    if (!(await this.repository.setTags(workspaceId, id, unique))) throw new AssetNotFound();
    return this.get(workspaceId, id, accountViewerOf(principal));
  }

  /** `viewer`: who reads it — "where used" names only the posts they may see (issue 25). */
  async get(workspaceId: string, id: string, viewer: AccountViewer = ALL_ACCOUNTS): Promise<Asset> {
    const asset = await this.repository.findById(workspaceId, id, undefined, viewer);
    if (!asset) throw new AssetNotFound();
    return asset;
  }

  list(principal: Principal, filters: AssetFilters): Promise<Asset[]> {
    return this.repository.list(workspaceIdOf(principal), filters, accountViewerOf(principal));
  }

  /**
   * Deletes a video: refused (409) while an item that is not published or cancelled still uses it.
   * The calendar owns the items: `release` (CalendarService.releaseAsset) answers which still need
   * it and unlinks the finished ones, in this transaction, the asset row locked meanwhile so no
   * scheduling attaches it.
   */
  async delete(
    principal: Principal,
    id: string,
    release: (workspaceId: string, assetId: string, tx: Db) => Promise<{ inUseBy: { id: string; status: string }[] }>,
  ): Promise<void> {
    const workspaceId = workspaceIdOf(principal);
    const asset = await this.dataSource.transaction(async (tx) => {
      if (!(await this.repository.lock(workspaceId, id, tx))) throw new AssetNotFound();
      // The refusal names only the posts the caller may see (others are "a post").
      const asset = (await this.repository.findById(workspaceId, id, tx, accountViewerOf(principal)))!;
      const { inUseBy } = await release(workspaceId, id, tx);
      if (inUseBy.length > 0) throw new AssetInUse(inUseBy.map((item) => ({ ...item, title: titleOf(asset.usedBy.find((use) => use.id === item.id)) })));
      await this.repository.delete(workspaceId, id, tx);
      await this.audit.record(
        {
          workspaceId,
          actor: actorOf(principal),
          action: 'asset.deleted',
          target: { type: 'content_asset', id },
          metadata: { filename: asset.originalFilename },
        },
        tx,
      );
      return asset;
    });
    for (const key of [asset.storageKey, asset.thumbnailKey]) {
      if (key) await this.storage.delete(key).catch((error: Error) => this.logger.warn(`could not delete ${key} from storage: ${error.message}`));
    }
  }

  /** Deletes stored files whose asset row is gone (see migration 020); a failed delete is retried next run. */
  async removeOrphanFiles(limit = 500): Promise<number> {
    let removed = 0;
    for (const key of await this.repository.orphanFiles(limit)) {
      try {
        await this.storage.delete(key);
        await this.repository.forgetOrphanFile(key);
        removed += 1;
      } catch (error) {
        this.logger.warn(`could not delete orphan ${key} from storage: ${(error as Error).message}`);
      }
    }
    if (removed) this.logger.log(`removed ${removed} orphan file(s)`);
    return removed;
  }

  /** Findings per platform; TikTok durations are held to the strictest creator limit among `targets`. */
  async checks(workspaceId: string, id: string, targets: GateTarget[]): Promise<QualityFinding[]> {
    const asset = await this.get(workspaceId, id);
    if (!asset.probe) throw new AssetNotReady(asset.status);
    const findings: QualityFinding[] = [];
    const seen = new Set<string>();
    for (const target of targets) {
      for (const finding of checkMediaQuality(asset.probe, target.platform, { maxVideoPostDurationSec: maxDurationOf(target.capabilities) })) {
        const key = `${finding.platform}:${finding.code}:${finding.limit ?? ''}`;
        if (!seen.has(key)) findings.push(finding);
        seen.add(key);
      }
    }
    return findings;
  }

  /** The checks of the accounts given (their platform and creator limits), or of bare platforms. */
  async checksFor(principal: Principal, id: string, platforms: Platform[], accountIds: string[]): Promise<QualityFinding[]> {
    const workspaceId = workspaceIdOf(principal);
    const accounts = accountIds.length ? await this.accounts.findMany(workspaceId, accountIds) : [];
    const targets: GateTarget[] = [...platforms.filter((p) => !accounts.some((a) => a.platform === p)).map((platform) => ({ platform })), ...accounts];
    return this.checks(workspaceId, id, targets);
  }

  /** For scheduling: throws 422 QUALITY_GATE_FAILED with the findings when a target platform would reject the video. */
  async assertPublishable(workspaceId: string, id: string, targets: GateTarget[]): Promise<QualityFinding[]> {
    const asset = await this.get(workspaceId, id);
    if (asset.status !== 'ready') throw new AssetNotReady(asset.status);
    // Rows made before probing existed (or imported without a file) have nothing to check.
    if (!asset.probe) return [];
    const findings = await this.checks(workspaceId, id, targets);
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) throw new QualityGateFailed(errors);
    return findings;
  }

  /**
   * A URL a platform can fetch the video from for `ttlSeconds`: the S3 presigned URL when the
   * storage offers one, else this API's /media/{token} under PUBLIC_URL.
   */
  async signedUrl(workspaceId: string, assetId: string, ttlSeconds: number): Promise<string> {
    return this.signedUrlOf(await this.get(workspaceId, assetId), ttlSeconds);
  }

  /** signedUrl for an asset row already read (a job reads its asset once per claim). */
  async signedUrlOf(asset: Asset, ttlSeconds: number): Promise<string> {
    if (asset.status !== 'ready') throw new AssetNotReady(asset.status);
    const ttl = Math.max(1, Math.min(Math.floor(ttlSeconds), MAX_SIGNED_TTL_SECONDS));
    if (this.storage.presign) return this.storage.presign(asset.storageKey, ttl, { contentType: asset.mime, filename: asset.originalFilename });
    return `${this.config.publicUrl}/media/${this.tokens.sign(asset.id, new Date(Date.now() + ttl * 1000))}`;
  }

  /** Bytes start..end (inclusive) of the video, streamed: TikTok FILE_UPLOAD sends it chunk by chunk. */
  async openRange(workspaceId: string, assetId: string, start: number, end: number): Promise<Readable> {
    return this.openRangeOf(await this.get(workspaceId, assetId), start, end);
  }

  /** openRange for an asset row already read. */
  async openRangeOf(asset: Asset, start: number, end: number): Promise<Readable> {
    if (asset.status !== 'ready') throw new AssetNotReady(asset.status);
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end >= asset.bytes) throw new RangeNotSatisfiable(asset.bytes);
    return this.storage.get(asset.storageKey, { start, end });
  }

  /** The asset a /media token names, or why the token is refused. */
  async resolveMediaToken(token: string): Promise<{ storageKey: string; bytes: number; mime: string; filename: string } | { error: string }> {
    const verified = this.tokens.verify(token);
    if ('error' in verified) return verified;
    const asset = await this.repository.findForMedia(verified.assetId);
    if (!asset || asset.status !== 'ready') return { error: 'gone' };
    return { storageKey: asset.storageKey, bytes: asset.bytes, mime: asset.mime, filename: asset.originalFilename };
  }

  signMediaToken(assetId: string, expiresAt: Date): string {
    return this.tokens.sign(assetId, expiresAt);
  }

  private async storeThumbnail(input: IngestInput, durationMs: number): Promise<string | null> {
    const local = await makeThumbnail(input.path, `${input.path}.jpg`, durationMs);
    if (!local) return null;
    const key = `thumbnails/${input.workspaceId}/${input.uploadId}.jpg`;
    try {
      await this.storage.put(key, createReadStream(local), { contentType: 'image/jpeg' });
      return key;
    } catch (error) {
      this.logger.warn(`thumbnail not stored: ${(error as Error).message}`);
      return null;
    } finally {
      await rm(local, { force: true });
    }
  }
}
