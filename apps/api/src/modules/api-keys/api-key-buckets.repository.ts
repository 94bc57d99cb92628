import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { sqlRows } from '../../common/database/db.js';

/** What one take left in the bucket. */
export interface BucketTake {
  allowed: boolean;
  /** Tokens left after this take (fractional: the bucket refills continuously). */
  tokens: number;
}

/*
 * One statement per request: the key's row is inserted full, or refilled by the time since its
 * last take (capacity / 60 per second, at most capacity) and a token taken when there is a whole
 * one. ON CONFLICT DO UPDATE holds the row lock, so concurrent requests of one key queue on it and
 * never take more than there is, in any process. Every SET expression reads the row as it was.
 */
const REFILLED = `least($2::float8, b.tokens + greatest(0, extract(epoch FROM (now() - b.updated_at))) * $2::float8 / 60)`;
const TAKE_SQL = `
  INSERT INTO api_key_buckets AS b (api_key_id, tokens, allowed, updated_at)
  VALUES ($1, $2::float8 - 1, true, now())
  ON CONFLICT (api_key_id) DO UPDATE SET
    tokens = CASE WHEN ${REFILLED} >= 1 THEN ${REFILLED} - 1 ELSE ${REFILLED} END,
    allowed = ${REFILLED} >= 1,
    updated_at = now()
  RETURNING allowed, tokens`;

/** The token buckets of API keys when Redis is not configured; owns api_key_buckets. */
@Injectable()
export class ApiKeyBucketsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async take(apiKeyId: string, capacity: number): Promise<BucketTake> {
    const [row] = await sqlRows<{ allowed: boolean; tokens: number }>(this.dataSource, TAKE_SQL, [apiKeyId, capacity]);
    return { allowed: row?.allowed ?? true, tokens: Number(row?.tokens ?? capacity - 1) };
  }
}
