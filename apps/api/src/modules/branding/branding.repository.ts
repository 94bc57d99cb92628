import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { sqlRows, type Db } from '../../common/database/db.js';
import type { LogoContentType, WorkspaceBrandingRow } from './branding.types.js';

const ROW = `workspace_id AS "workspaceId", product_name AS "productName", logo_key AS "logoKey", logo_file AS "logoFile",
  logo_content_type AS "logoContentType", primary_color AS "primaryColor", accent_color AS "accentColor",
  custom_host AS "customHost", updated_at AS "updatedAt"`;

export interface BrandingFields {
  productName: string | null;
  primaryColor: string | null;
  accentColor: string | null;
  customHost: string | null;
}

/** The only writer of workspace_branding (migration 038). */
@Injectable()
export class BrandingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** `db`: the caller's transaction when it holds one (on the embedded database a second connection waits for it). */
  async find(workspaceId: string, db: Db = this.dataSource): Promise<WorkspaceBrandingRow | undefined> {
    const [row] = await sqlRows<WorkspaceBrandingRow>(db, `SELECT ${ROW} FROM workspace_branding WHERE workspace_id = $1`, [workspaceId]);
    return row;
  }

  async findByHost(host: string): Promise<WorkspaceBrandingRow | undefined> {
    const [row] = await sqlRows<WorkspaceBrandingRow>(this.dataSource, `SELECT ${ROW} FROM workspace_branding WHERE custom_host = $1`, [host]);
    return row;
  }

  /** Only a logo some workspace shows right now: a replaced one stops being served. */
  async findByLogoFile(file: string): Promise<WorkspaceBrandingRow | undefined> {
    const [row] = await sqlRows<WorkspaceBrandingRow>(this.dataSource, `SELECT ${ROW} FROM workspace_branding WHERE logo_file = $1`, [file]);
    return row;
  }

  /** Writes the settings (the logo stays); a host another workspace has fails with 23505. */
  async save(workspaceId: string, fields: BrandingFields, userId: string | null): Promise<WorkspaceBrandingRow> {
    const [row] = await sqlRows<WorkspaceBrandingRow>(
      this.dataSource,
      `INSERT INTO workspace_branding (workspace_id, product_name, primary_color, accent_color, custom_host, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (workspace_id) DO UPDATE SET product_name = EXCLUDED.product_name, primary_color = EXCLUDED.primary_color,
         accent_color = EXCLUDED.accent_color, custom_host = EXCLUDED.custom_host, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING ${ROW}`,
      [workspaceId, fields.productName, fields.primaryColor, fields.accentColor, fields.customHost, userId],
    );
    return row!;
  }

  /** Sets (or clears, with nulls) the logo; returns the row and the key of the logo it replaced. */
  async setLogo(
    workspaceId: string,
    logo: { key: string; file: string; contentType: LogoContentType } | null,
    userId: string | null,
  ): Promise<{ row: WorkspaceBrandingRow; previousKey: string | null }> {
    const [row] = await sqlRows<WorkspaceBrandingRow & { previousKey: string | null }>(
      this.dataSource,
      `WITH previous AS (SELECT logo_key FROM workspace_branding WHERE workspace_id = $1 FOR UPDATE)
       INSERT INTO workspace_branding (workspace_id, logo_key, logo_file, logo_content_type, updated_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (workspace_id) DO UPDATE SET logo_key = EXCLUDED.logo_key, logo_file = EXCLUDED.logo_file,
         logo_content_type = EXCLUDED.logo_content_type, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING ${ROW}, (SELECT logo_key FROM previous) AS "previousKey"`,
      [workspaceId, logo?.key ?? null, logo?.file ?? null, logo?.contentType ?? null, userId],
    );
    const { previousKey, ...rest } = row!;
    return { row: rest, previousKey: previousKey !== rest.logoKey ? previousKey : null };
  }
}
