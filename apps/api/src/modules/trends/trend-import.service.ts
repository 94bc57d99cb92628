import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { PLATFORMS, type Platform } from '@mwr/domain';

import { actorOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import { isWellFormed } from '../../common/validation/fields.js';
import { AuditService } from '../audit/audit.service.js';
import type { ImportRowErrorDto, ImportTrendsResultDto } from './dto/trend-radar.dto.js';
import { isKnownRegion, TREND_KINDS, WRITABLE_TREND_SOURCES } from './dto/trend.dto.js';
import { TrendListCache } from './trend-list.cache.js';
import { InvalidTrend, TrendCsvColumns } from './trends.errors.js';
import { TrendsRepository, type NewTrendEntry } from './trends.repository.js';
import { trendView } from './trends.service.js';

export const REQUIRED_COLUMNS = ['label', 'kind', 'region', 'date'] as const;
export const OPTIONAL_COLUMNS = ['platform', 'source', 'url', 'notes'] as const;
const MAX_ROWS = 1000;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** RFC 4180 CSV: quoted fields ("" is a quote), commas or semicolons, CRLF or LF. Returns rows of fields. */
export function parseCsv(text: string): string[][] {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  // A spreadsheet in a comma-decimal locale saves with semicolons.
  const sep = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

const isDay = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** One row to an entry, or its problems (the CSV line number is the caller's). */
export function rowToEntry(
  columns: string[],
  fields: string[],
  today: string,
): { entry: Omit<NewTrendEntry, 'createdBy'>; errors: [] } | { entry: null; errors: Omit<ImportRowErrorDto, 'row'>[] } {
  const v = (name: string) => (fields[columns.indexOf(name)] ?? '').trim();
  const errors: Omit<ImportRowErrorDto, 'row'>[] = [];
  const bad = (column: string, message: string) => errors.push({ column, message });
  if (fields.length > columns.length) bad('', `The row has ${fields.length} fields, the header ${columns.length}`);
  for (const name of columns) if (CONTROL.test(v(name)) || !isWellFormed(v(name))) bad(name, `${name} contains control characters or invalid text`);
  const label = v('label');
  if (label.length < 1 || label.length > 200) bad('label', 'label must be 1–200 characters');
  const kind = v('kind').toLowerCase();
  if (!(TREND_KINDS as readonly string[]).includes(kind)) bad('kind', `kind must be one of ${TREND_KINDS.join(', ')}`);
  const region = v('region').toUpperCase();
  if (!isKnownRegion(region)) bad('region', `unknown region "${v('region')}": use an ISO 3166-1 alpha-2 code such as FR or US`);
  const date = v('date');
  if (!isDay(date)) bad('date', 'date must be a day such as 2026-12-01');
  else if (date > today) bad('date', 'date is in the future');
  const platform = v('platform').toLowerCase();
  if (platform && !(PLATFORMS as readonly string[]).includes(platform)) bad('platform', `platform must be one of ${PLATFORMS.join(', ')} or empty`);
  const source = v('source') || 'tiktok_creative_center';
  if (!(WRITABLE_TREND_SOURCES as readonly string[]).includes(source)) bad('source', `source must be one of ${WRITABLE_TREND_SOURCES.join(', ')} or empty`);
  const url = v('url');
  if (url && (!/^https?:\/\/\S+$/i.test(url) || url.length > 2000)) bad('url', 'url must be an http(s) URL');
  const notes = v('notes');
  if (notes.length > 2000) bad('notes', 'notes must be 2000 characters at most');
  if (errors.length) return { entry: null, errors };
  return {
    entry: {
      platform: (platform || null) as Platform | null,
      kind,
      label,
      source,
      status: 'spotted',
      tags: [],
      score: null,
      notes: notes || null,
      url: url || null,
      expiresAt: null,
      region,
      sourceDate: date,
    },
    errors: [],
  };
}

/**
 * CSV import of entries a person read somewhere we may not fetch from (TikTok Creative Center has
 * no API): every row names its source, region and day. A wrong header refuses the whole file
 * (400, nothing stored); a wrong row is reported with why and the others are filed.
 */
@Injectable()
export class TrendImportService {
  constructor(
    private readonly trends: TrendsRepository,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly cache: TrendListCache,
  ) {}

  async import(principal: Principal, csv: string): Promise<ImportTrendsResultDto> {
    const rows = parseCsv(csv);
    const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
    const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
    const unknown = header.filter((h) => !(REQUIRED_COLUMNS as readonly string[]).includes(h) && !(OPTIONAL_COLUMNS as readonly string[]).includes(h));
    const duplicated = header.filter((h, i) => header.indexOf(h) !== i);
    if (missing.length || unknown.length || duplicated.length) {
      const parts = [
        missing.length ? `missing ${missing.join(', ')}` : '',
        unknown.length ? `unknown ${unknown.map((u) => `"${u}"`).join(', ')}` : '',
        duplicated.length ? `twice ${duplicated.join(', ')}` : '',
      ].filter(Boolean);
      throw new TrendCsvColumns(
        `The CSV header must have ${REQUIRED_COLUMNS.join(', ')} (and optionally ${OPTIONAL_COLUMNS.join(', ')}): ${parts.join('; ')}`,
        { missing, unknown: [...unknown, ...duplicated] },
      );
    }
    if (rows.length - 1 > MAX_ROWS) throw new InvalidTrend(`At most ${MAX_ROWS} rows per import (this file has ${rows.length - 1})`);
    const today = new Date().toISOString().slice(0, 10);
    const errors: ImportRowErrorDto[] = [];
    const valid: Omit<NewTrendEntry, 'createdBy'>[] = [];
    rows.slice(1).forEach((fields, i) => {
      const result = rowToEntry(header, fields, today);
      if (result.entry) valid.push(result.entry);
      else errors.push(...result.errors.map((e) => ({ row: i + 2, column: e.column || null, message: e.message })));
    });
    const workspaceId = workspaceIdOf(principal);
    const actor = actorOf(principal);
    const created = await this.dataSource.transaction(async (tx) => {
      const created = [];
      for (const entry of valid) created.push(await this.trends.insert(tx, workspaceId, { ...entry, createdBy: actor.userId }));
      await this.audit.record(
        { workspaceId, actor, action: 'trend.imported', metadata: { rows: rows.length - 1, filed: created.length, refused: errors.length } },
        tx,
      );
      return created;
    });
    this.cache.drop(workspaceId);
    return { items: created.map((r) => trendView(r)), errors };
  }
}
