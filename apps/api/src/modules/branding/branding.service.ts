import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

import { Inject, Injectable } from '@nestjs/common';

import { brandContrastProblems, DEFAULT_PRODUCT_NAME, hostnameOf } from '@mwr/domain';

import { actorOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import type { Db } from '../../common/database/db.js';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { STORAGE_DRIVER, type StorageDriver } from '../storage/storage.driver.js';
import { BrandingContrastTooLow, BrandingHostTaken, BrandingLogoNotFound, BrandingLogoTooLarge, BrandingLogoType } from './branding.errors.js';
import { BrandingRepository } from './branding.repository.js';
import type { Branding, LogoContentType, WorkspaceBrandingRow } from './branding.types.js';
import type { BrandingDto, PublicBrandingDto, UpdateBrandingDto } from './dto/branding.dto.js';
import { LOGO_FILE, logoExtension, MAX_LOGO_BYTES, sniffLogo } from './logo-image.js';

const LOGO_PATH = '/api/branding/logos/';

/**
 * White-label (issue 25): per workspace a product name, a logo, colours checked for contrast and
 * an optional custom host. E-mails and client review pages take it from `brandingOf`; the public
 * `GET /api/branding` resolves it from the Host header for pages shown before anyone signs in.
 */
@Injectable()
export class BrandingService {
  private readonly publicUrl: URL;

  constructor(
    private readonly repository: BrandingRepository,
    private readonly audit: AuditService,
    @Inject(STORAGE_DRIVER) private readonly storage: StorageDriver,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.publicUrl = new URL(config.publicUrl);
  }

  async get(principal: Principal): Promise<BrandingDto> {
    return this.view(await this.repository.find(workspaceIdOf(principal)));
  }

  async update(principal: Principal, dto: UpdateBrandingDto): Promise<BrandingDto> {
    const workspaceId = workspaceIdOf(principal);
    const fields = {
      productName: dto.productName ?? null,
      primaryColor: dto.primaryColor ?? null,
      accentColor: dto.accentColor ?? null,
      customHost: dto.customHost ?? null,
    };
    const problems = brandContrastProblems(fields);
    if (problems.length) throw new BrandingContrastTooLow(problems);
    // The installation's own host serves every workspace: no workspace can take it.
    if (fields.customHost === this.publicUrl.hostname) throw new BrandingHostTaken(fields.customHost);
    let row: WorkspaceBrandingRow;
    try {
      row = await this.repository.save(workspaceId, fields, actorOf(principal).userId);
    } catch (error) {
      if ((error as { code?: string }).code === '23505' && fields.customHost) throw new BrandingHostTaken(fields.customHost);
      throw error;
    }
    await this.audit.record({
      workspaceId,
      actor: actorOf(principal),
      action: 'branding.updated',
      target: { type: 'workspace', id: workspaceId },
      metadata: fields,
    });
    return this.view(row);
  }

  /**
   * Stores a logo sent as the raw request body. The type is read from the bytes (the declared
   * one must agree); the size is capped while reading, so an oversized body is never held whole.
   */
  async setLogo(principal: Principal, declaredType: string | undefined, declaredLength: number | undefined, body: Readable): Promise<BrandingDto> {
    const workspaceId = workspaceIdOf(principal);
    const type = (declaredType ?? '').split(';')[0]!.trim().toLowerCase();
    if (!['image/png', 'image/jpeg', 'image/webp'].includes(type)) throw new BrandingLogoType();
    if (declaredLength !== undefined && declaredLength > MAX_LOGO_BYTES) throw new BrandingLogoTooLarge(MAX_LOGO_BYTES);
    const bytes = await readCapped(body, MAX_LOGO_BYTES);
    if (!bytes) throw new BrandingLogoTooLarge(MAX_LOGO_BYTES);
    const sniffed = sniffLogo(bytes);
    if (!sniffed || sniffed !== type) throw new BrandingLogoType();
    // Opaque and stable: names neither the workspace nor the bytes of another workspace's logo.
    const digest = createHash('sha256').update(workspaceId).update(bytes).digest('hex').slice(0, 32);
    const file = `${digest}.${logoExtension(sniffed)}`;
    const key = `branding/${file}`;
    await this.storage.put(key, Readable.from([bytes]), { contentType: sniffed, bytes: bytes.length });
    const { row, previousKey } = await this.repository.setLogo(workspaceId, { key, file, contentType: sniffed }, actorOf(principal).userId);
    if (previousKey) await this.storage.delete(previousKey);
    await this.audit.record({
      workspaceId,
      actor: actorOf(principal),
      action: 'branding.logo_set',
      target: { type: 'workspace', id: workspaceId },
      metadata: { file, bytes: bytes.length },
    });
    return this.view(row);
  }

  async removeLogo(principal: Principal): Promise<BrandingDto> {
    const workspaceId = workspaceIdOf(principal);
    const { row, previousKey } = await this.repository.setLogo(workspaceId, null, actorOf(principal).userId);
    if (previousKey) await this.storage.delete(previousKey);
    await this.audit.record({ workspaceId, actor: actorOf(principal), action: 'branding.logo_removed', target: { type: 'workspace', id: workspaceId } });
    return this.view(row);
  }

  /** Whether a workspace serves the web app on this host (`Host` header form: any case, a port). */
  async isCustomHost(hostHeader: string | undefined): Promise<boolean> {
    const host = hostnameOf(hostHeader);
    return host !== undefined && (await this.repository.findByHost(host)) !== undefined;
  }

  /** The branding of the workspace whose custom host this is; the default for any other host. */
  async forHost(hostHeader: string | undefined): Promise<PublicBrandingDto> {
    const host = hostnameOf(hostHeader);
    const row = host ? await this.repository.findByHost(host) : undefined;
    return this.publicView(row);
  }

  /**
   * A workspace's branding as e-mails and review pages use it (absolute logo URL, base URL for links).
   * `db`: a caller inside a transaction passes it — the embedded database is one session handed out
   * in turn, so a read on another connection would wait for that transaction forever.
   */
  async brandingOf(workspaceId: string, db?: Db): Promise<Branding> {
    const row = await this.repository.find(workspaceId, db);
    const baseUrl = row?.customHost ? `${this.publicUrl.protocol}//${row.customHost}` : this.publicUrl.origin + this.publicUrl.pathname.replace(/\/$/, '');
    return {
      productName: row?.productName ?? DEFAULT_PRODUCT_NAME,
      logoUrl: row?.logoFile ? `${baseUrl}${LOGO_PATH}${row.logoFile}` : null,
      primaryColor: row?.primaryColor ?? null,
      accentColor: row?.accentColor ?? null,
      baseUrl,
    };
  }

  publicView(row: WorkspaceBrandingRow | undefined): PublicBrandingDto {
    return {
      productName: row?.productName ?? DEFAULT_PRODUCT_NAME,
      logoUrl: row?.logoFile ? `${LOGO_PATH}${row.logoFile}` : null,
      primaryColor: row?.primaryColor ?? null,
      accentColor: row?.accentColor ?? null,
    };
  }

  async publicBrandingOf(workspaceId: string): Promise<PublicBrandingDto> {
    return this.publicView(await this.repository.find(workspaceId));
  }

  /** A logo some workspace shows now, for the public route. */
  async logo(file: string): Promise<{ key: string; contentType: LogoContentType; bytes: number }> {
    const row = LOGO_FILE.test(file) ? await this.repository.findByLogoFile(file) : undefined;
    const stored = row?.logoKey ? await this.storage.stat(row.logoKey) : undefined;
    if (!row?.logoKey || !row.logoContentType || !stored) throw new BrandingLogoNotFound();
    return { key: row.logoKey, contentType: row.logoContentType, bytes: stored.bytes };
  }

  openLogo(key: string): Promise<Readable> {
    return this.storage.get(key);
  }

  private view(row: WorkspaceBrandingRow | undefined): BrandingDto {
    return {
      productName: row?.productName ?? null,
      logoUrl: row?.logoFile ? `${LOGO_PATH}${row.logoFile}` : null,
      primaryColor: row?.primaryColor ?? null,
      accentColor: row?.accentColor ?? null,
      customHost: row?.customHost ?? null,
      updatedAt: row ? new Date(row.updatedAt).toISOString() : null,
    };
  }
}

/**
 * The whole stream if it fits in `max` bytes; undefined as soon as it does not. The rest is left
 * unread rather than destroyed, so the 413 still reaches the client (Node discards the remainder).
 */
function readCapped(body: Readable, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const stop = (result: Buffer | undefined) => {
      body.off('data', onData).off('end', onEnd).off('error', reject);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > max) {
        body.pause();
        stop(undefined);
      } else chunks.push(chunk);
    };
    const onEnd = () => stop(Buffer.concat(chunks));
    body.on('data', onData).on('end', onEnd).on('error', reject);
  });
}
